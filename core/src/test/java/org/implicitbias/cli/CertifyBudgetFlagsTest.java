package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implicitbias.bench.CertifyTimings;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certification budget as users give it: {@code budget.certify} in a spec, {@code --certify-seconds}
 * on the commands, and the {@code certify} entries of {@code bench}.
 */
class CertifyBudgetFlagsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPEC = Fixtures.PLAIN_SPEC;
    private static final String EXAMPLE_2 = """
            { "X": [[1, 2]], "y": [1], "w0": [1, 1],
              "reference": {"kind": "min-bregman", "potential": "entropy"} }
            """;

    @TempDir
    Path dir;

    @Test
    void aSpecsCertifyBudgetIsReadAndDefaultsToFiveSeconds() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.yaml"), SPEC);
        assertThat(SpecLoader.load(plain).runs().get(0).budget().certify()).isEqualTo(5);
        Files.writeString(plain, SPEC + "budget: {iterations: 1000, certify: 2.5}\n");
        assertThat(SpecLoader.load(plain).runs().get(0).budget().certify()).isEqualTo(2.5);
        assertThat(SpecLoader.load(plain).runs().get(0).budget().certifyBudget().toMillis()).isEqualTo(2500);
    }

    @Test
    void aBadCertifyBudgetInASpecIsOneLineNamingTheField() throws Exception {
        Path plain = dir.resolve("plain.yaml");
        for (String bad : new String[] {"0", "-1", "0.0001", "1.0e+6"}) {
            Files.writeString(plain, SPEC + "budget: {certify: " + bad + "}\n");
            assertThatThrownBy(() -> SpecLoader.load(plain)).as(bad).isInstanceOf(SpecLoader.SpecException.class)
                    .hasMessageContaining("plain.yaml: budget.certify: got ")
                    .hasMessageEndingWith("expected a time budget in seconds between 0.001 and 86400");
        }
        for (String bad : new String[] {"soon", "[1]"}) {
            Files.writeString(plain, SPEC + "budget: {certify: " + bad + "}\n");
            assertThatThrownBy(() -> SpecLoader.load(plain)).as(bad).isInstanceOf(SpecLoader.SpecException.class)
                    .hasMessageContaining("plain.yaml: budget.certify: got ")
                    .hasMessageContaining("expected a number");
        }
        CliRunner.Result r = CliRunner.run("check", plain.toString(), "--counterexamples", dir.resolve("cx").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).contains("budget.certify");
    }

    @Test
    void badCertifySecondsFlagsExitTwoWithOneLine() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.yaml"), SPEC);
        CliRunner.Result check = CliRunner.run("check", plain.toString(), "--certify-seconds", "0",
                "--counterexamples", dir.resolve("cx").toString());
        assertThat(check.code()).isEqualTo(2);
        assertThat(check.out()).isEmpty();
        assertThat(check.errLines()).containsExactly(
                "--certify-seconds: got 0, expected a time budget in seconds between 0.001 and 86400");
        Path problem = Files.writeString(dir.resolve("problem.json"), EXAMPLE_2);
        for (String[] flags : new String[][] {{"--certify", "--certify-seconds", "soon"}, {"--certify-seconds", "3"}}) {
            CliRunner.Result r = CliRunner.run(concat(new String[] {"solve", problem.toString()}, flags));
            assertThat(r.code()).as(String.join(" ", flags)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines()[0]).startsWith("error: --certify-seconds: got ");
        }
        CliRunner.Result bench = CliRunner.run("bench", "--quick", "--only", "certify", "--certify-seconds", "-2");
        assertThat(bench.code()).isEqualTo(2);
        assertThat(bench.errLines()).containsExactly(
                "error: --certify-seconds: got -2, expected a time budget in seconds between 0.001 and 86400");
    }

    @Test
    void aCheckWithAGenerousFlagStillReachesExact() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.yaml"), SPEC);
        CliRunner.Result r = CliRunner.run("check", plain.toString(), "--certify-seconds", "60",
                "--counterexamples", dir.resolve("cx").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("exact:1");
    }

    @Test
    void solveRecordsTheBudgetItCertifiedWithin() throws Exception {
        Path problem = Files.writeString(dir.resolve("problem.json"), EXAMPLE_2);
        CliRunner.Result r = CliRunner.run("solve", problem.toString(), "--certify", "--certify-seconds", "30");
        assertThat(r.code()).isZero();
        JsonNode cert = JSON.readTree(r.out()).get("certificate");
        assertThat(cert.get("level").asText()).isEqualTo("exact");
        assertThat(cert.get("certify-budget-seconds").asText()).isEqualTo("30");
    }

    @Test
    void benchReportsTheLevelAndTheSecondsOfEachCertification() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "--quick", "--json", "--only", "certify", "--certify-seconds", "2");
        assertThat(r.code()).isZero();
        JsonNode results = JSON.readTree(r.out()).get("results");
        assertThat(results).hasSize(CertifyTimings.QUICK_SIZES.length);
        for (JsonNode e : results) {
            assertThat(e.get("what").asText()).isEqualTo("certify");
            assertThat(e.get("loss").asText()).isEqualTo("min-bregman-entropy");
            assertThat(e.get("level").asText()).isIn("exact", "smt", "bounded", "numeric");
            // within the budget, with the slack of one exact step
            assertThat(e.get("seconds").asDouble()).isPositive().isLessThan(3);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
