package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolveCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRunner.Result solve(String content) throws Exception {
        Path f = dir.resolve("problem.json");
        Files.writeString(f, content);
        return CliRunner.run("solve", f.toString());
    }

    @Test
    void example2EntropyReferenceIsTheMinimumPotentialPointWithItsCertificate() throws Exception {
        CliRunner.Result r = solve("""
                { "X": [[1, 2]], "y": [1], "w0": [1, 1],
                  "reference": {"kind": "min-bregman", "potential": "entropy"} }
                """);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("status").asText()).isEqualTo("solved");
        assertThat(out.get("w").get(0).asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(out.get("w").get(1).asDouble()).isCloseTo(0.25, within(1e-12));
        assertThat(out.get("residuals").get("stationarity").asDouble()).isLessThan(1e-10);
        assertThat(out.get("certificate").get("level").asText()).isIn("exact", "smt", "bounded", "numeric");
        assertThat(out.get("multipliers").has("lambda")).isTrue();
    }

    @Test
    void soudryToySetHasMarginSqrt2AlongTheDiagonal() throws Exception {
        CliRunner.Result r = solve("""
                { "X": [[0.5, 1.5], [1.5, 0.5], [-0.5, -1.5], [-1.5, -0.5]], "y": [1, 1, -1, -1],
                  "reference": {"kind": "max-margin", "norm": "l2"} }
                """);
        assertThat(r.code()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("gamma").asDouble()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(out.get("w").get(0).asDouble()).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(out.get("max-margin").get("support")).hasSize(4);
    }

    @Test
    void infeasibleAndNonSeparableProgramsExitOneWithTheReason() throws Exception {
        CliRunner.Result infeasible = solve("""
                { "X": [[1, 1]], "y": [-1], "w0": [1, 1],
                  "reference": {"kind": "min-bregman", "potential": "entropy"} }
                """);
        assertThat(infeasible.code()).isEqualTo(1);
        JsonNode out = JSON.readTree(infeasible.out());
        assertThat(out.get("status").asText()).isEqualTo("infeasible");
        assertThat(out.get("reason").asText()).isNotBlank();

        CliRunner.Result xor = solve("""
                { "X": [[1, 1], [-1, -1], [1, -1], [-1, 1]], "y": [1, 1, -1, -1],
                  "reference": {"kind": "max-margin", "norm": "l1"} }
                """);
        assertThat(xor.code()).isEqualTo(1);
        assertThat(JSON.readTree(xor.out()).get("status").asText()).isEqualTo("not-separable");
    }

    @Test
    void aProblemWithoutReferenceIsBadInputNamingTheField() throws Exception {
        CliRunner.Result r = solve("""
                { "X": [[1, 2]], "y": [1], "w0": [1, 1], "loss": "squared" }
                """);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("error: reference:").doesNotContain("\n");
    }
}
