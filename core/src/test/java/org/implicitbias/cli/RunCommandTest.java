package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implicitbias.model.Dataset;
import org.implicitbias.testing.Fixtures;
import org.implicitbias.linalg.NativeBlas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    @Test
    void gradientDescentEndsAtTheClosedFormProjectionOfTheStart() throws Exception {
        Path f = file("gd.json", """
                { "X": [[1, 2, 0], [0, 1, 1]], "y": [1, "-1/3"], "w0": [0.5, 0, "1/4"],
                  "loss": "squared",
                  "algorithm": {"kind": "gradient-descent", "step": {"kind": "constant", "eta": 0.05}},
                  "iterations": 100000 }
                """);
        CliRunner.Result r = CliRunner.run("run", f.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode out = JSON.readTree(r.out());
        double[] expected = Fixtures.projection(
                Dataset.of(new double[][] {{1, 2, 0}, {0, 1, 1}}, new double[] {1, -1.0 / 3}), new double[] {0.5, 0, 0.25}, null);
        double[] w = doubles(out.get("w"));
        assertThat(w).hasSize(3);
        for (int j = 0; j < 3; j++) {
            assertThat(w[j]).isCloseTo(expected[j], within(1e-10));
        }
        assertThat(out.get("method").asText()).isEqualTo("gradient-descent");
        assertThat(out.get("outcome").asText()).isEqualTo("settled");
        assertThat(out.get("settled").asBoolean()).isTrue();
        assertThat(out.get("tail-movement").asDouble()).isLessThanOrEqualTo(1e-12);
        assertThat(out.get("iterations").asLong()).isLessThan(100_000);
        assertThat(out.get("loss").asDouble()).isLessThan(1e-20);
        assertThat(out.get("failure").isNull()).isTrue();
        assertThat(out.has("direction")).isFalse();
        assertThat(out.get("seconds").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void exponentialLossReportsTheMaxMarginDirectionAndMargin() throws Exception {
        // Soudry et al.'s toy set: support vectors (0.5, 1.5), (1.5, 0.5); l2 max-margin direction (1, 1)/sqrt 2
        Path f = file("exp.json", """
                { "X": [[0.5, 1.5], [1.5, 0.5], [-0.5, -1.5], [-1.5, -0.5]], "y": [1, 1, -1, -1],
                  "loss": "exponential", "w0": [0.3, -0.1],
                  "algorithm": {"kind": "gradient-descent", "step": {"kind": "constant", "eta": 0.1}},
                  "iterations": 20000 }
                """);
        CliRunner.Result r = CliRunner.run("run", "--settle", "0", f.toString());
        assertThat(r.code()).isZero();
        JsonNode out = JSON.readTree(r.out());
        double[] dir = doubles(out.get("direction"));
        // the direction converges like 1/log t, so only two digits are certain after 2e4 steps
        assertThat(dir[0]).isCloseTo(Math.sqrt(0.5), within(2e-2));
        assertThat(dir[1]).isCloseTo(Math.sqrt(0.5), within(2e-2));
        // the margin of any unit w is at most the max margin sqrt 2, and close to it here
        assertThat(out.get("margin").asDouble()).isLessThanOrEqualTo(Math.sqrt(2) + 1e-12).isGreaterThan(1.3);
        assertThat(out.get("iterations").asLong()).isEqualTo(20_000);
        assertThat(out.get("outcome").asText()).isEqualTo("iteration-limit");
        assertThat(out.get("log-loss").asDouble()).isLessThan(0);
    }

    @Test
    void flagsOverrideTheFilesBudget() throws Exception {
        Path f = file("gd.json", """
                { "X": [[1, 2]], "y": [1], "loss": "squared", "iterations": 5000,
                  "algorithm": {"kind": "gradient-descent", "step": 0.01} }
                """);
        JsonNode out = JSON.readTree(CliRunner.run("run", "--iterations", "7", f.toString()).out());
        assertThat(out.get("iterations").asLong()).isEqualTo(7);
        assertThat(out.get("outcome").asText()).isEqualTo("iteration-limit");
        // w_t = (1 - (1 - 10 eta)^t) (1, 2) / 5 from w0 = 0: gradient 2 (u - 1) (1, 2), u = <w, (1, 2)>
        double factor = 1 - Math.pow(1 - 0.1, 7);
        double[] w = doubles(out.get("w"));
        assertThat(w[0]).isCloseTo(factor / 5, within(1e-14));
        assertThat(w[1]).isCloseTo(2 * factor / 5, within(1e-14));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"X\": [[1, 2]], \"y\": [1], \"loss\": \"squared\", \"algorithm\": {\"kind\": \"gradient-descent\", \"step\": {\"kind\": \"constant\", \"eta\": -0.1}}}"
                + " | error: algorithm.step.eta: got -0.1, expected a number > 0",
        "{\"X\": [[1, 2]], \"y\": [1], \"loss\": \"squared\"} | error: algorithm: got nothing, expected an algorithm to run",
        "{\"X\": [[1, 2]], \"y\": [1, 2], \"loss\": \"squared\"} | error: y: got 2 entries",
        "{\"X\": [[1, 2]], \"y\": [1], \"loss\": \"squared\", \"algoritm\": {}} | error: algoritm: unknown key",
        "{\"X\": [[1, 2]] | error: bad.json: is not valid JSON at line 1",
        "{\"X\": [[1, 2]], \"y\": [1], \"loss\": \"squared\", \"w0\": [0, 1], \"algorithm\": {\"kind\": \"natural-gradient\", \"potential\": \"entropy\", \"step\": 0.1}}"
                + " | error: w0[0]: got 0, expected a number > 0"})
    void badFilesExitWithCodeTwoAndOneLine(String content, String message) throws Exception {
        Path f = file("bad.json", content);
        CliRunner.Result r = CliRunner.run("run", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith(message.replace("bad.json", f.toString()));
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMissingFileAndABadFlagAreBadInput() {
        CliRunner.Result missing = CliRunner.run("run", dir.resolve("none.json").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.errLines()).containsExactly("error: " + dir.resolve("none.json") + ": no such file");
        CliRunner.Result flag = CliRunner.run("run", "--iterations", "many", "x.json");
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.out()).isEmpty();
        assertThat(flag.errLines()).hasSize(1);
        assertThat(flag.errLines()[0]).startsWith("error: Invalid value for option '--iterations'").endsWith("(see 'oracle run --help')");
        CliRunner.Result noFile = CliRunner.run("run");
        assertThat(noFile.code()).isEqualTo(2);
        assertThat(noFile.errLines()).hasSize(1);
    }

    @Test
    void helpAndVersionExitWithZero() {
        CliRunner.Result help = CliRunner.run("run", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: oracle run").contains("--iterations").contains("100000 iterations");
        CliRunner.Result top = CliRunner.run("--help");
        assertThat(top.out()).contains("run").contains("bench");
        CliRunner.Result none = CliRunner.run();
        assertThat(none.code()).isZero();
        assertThat(none.out()).contains("Usage: oracle");
        CliRunner.Result version = CliRunner.run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("implicit-bias-oracle ").contains("dense kernels: ");
    }

    @Test
    void aBadChoiceOfKernelsIsBadInputBeforeAnyCommandRuns() {
        Fixtures.withSystemProperty(NativeBlas.PROPERTY, "gpu", () -> {
            CliRunner.Result r = CliRunner.run("--version");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).containsExactly("error: oracle.blas: got gpu, expected auto, openblas or java");
        });
    }
}
