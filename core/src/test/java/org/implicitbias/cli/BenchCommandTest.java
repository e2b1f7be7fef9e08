package org.implicitbias.cli;

import org.implicitbias.bench.Benchmark;
import org.implicitbias.bench.Benchmarks;
import org.implicitbias.bench.GradientDescentBenchmark;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.implicitbias.linalg.NativeBlas;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void quickJsonRunListsEveryEntryWithExactlyTheContractsFields() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "--quick", "--json", "--only", "gd");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.size()).isEqualTo(2);
        assertThat(root.get("kernels").asText()).isEqualTo(NativeBlas.kernels()).isIn("openblas+fused-pass", "openblas", "java");
        JsonNode results = root.get("results");
        assertThat(results.isArray()).isTrue();
        assertThat(results).hasSize(Benchmarks.all(true).size());
        for (JsonNode e : results) {
            List<String> keys = new ArrayList<>();
            e.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("what", "loss", "n", "d", "per-second", "unit");
            assertThat(e.get("what").asText()).isEqualTo("gd");
            assertThat(e.get("loss").asText()).isIn("squared", "exponential");
            assertThat(e.get("n").isInt()).isTrue();
            assertThat(e.get("d").isInt()).isTrue();
            assertThat(e.get("per-second").isNumber()).isTrue();
            assertThat(e.get("per-second").asDouble()).isPositive();
            assertThat(e.get("unit").asText()).isEqualTo("iterations");
        }
    }

    @Test
    void theStandardRegistryHasTheContractsSizesForBothLosses() {
        List<String> labels = Benchmarks.all(false).stream().map(Benchmark::label).toList();
        assertThat(labels).contains("gd squared 100x1000", "gd squared 1000x1000", "gd squared 2000x5000",
                "gd exponential 100x1000", "gd exponential 1000x1000", "gd exponential 2000x5000");
    }

    @Test
    void tableOutputHasAHeaderAndOneLinePerEntry() {
        CliRunner.Result r = CliRunner.run("bench", "--quick", "--only", "gd");
        assertThat(r.code()).isZero();
        String[] lines = r.out().strip().split("\\R");
        assertThat(lines[0]).contains("what").contains("per second").contains("unit");
        assertThat(lines).hasSize(2 + Benchmarks.all(true).size());
        assertThat(lines[lines.length - 1]).isEqualTo("dense kernels: " + NativeBlas.kernels());
    }

    @Test
    void solverAndCertificateEntriesReportTheirSecondsAndResiduals() throws Exception {
        for (String what : List.of("oracle", "certificate")) {
            CliRunner.Result r = CliRunner.run("bench", "--quick", "--json", "--only", what);
            assertThat(r.code()).isZero();
            JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
            assertThat(results).isNotEmpty();
            for (JsonNode e : results) {
                assertThat(e.get("what").asText()).isEqualTo(what);
                double seconds = e.get("seconds").asDouble();
                assertThat(seconds).isPositive();
                assertThat(e.get("per-second").asDouble()).isCloseTo(1 / seconds, org.assertj.core.api.Assertions.within(0.06 / seconds + 0.1));
                if (what.equals("oracle")) {
                    assertThat(e.get("max-residual").asDouble()).isLessThan(1e-8);
                }
            }
        }
    }

    @Test
    void solveEntriesHaveTheContractsShapeAndTheScalingPlotIsDrawn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path out = dir.resolve("plots");
        CliRunner.Result r = CliRunner.run("bench", "--quick", "--json", "--only", "solve", "--plot", out.toString());
        assertThat(r.code()).isZero();
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        List<String> whats = new ArrayList<>();
        for (JsonNode e : results) {
            whats.add(e.get("what").asText());
            assertThat(e.get("unit").asText()).isEqualTo("solves");
            assertThat(e.get("loss").asText()).isIn("squared", "exponential");
            assertThat(e.get("per-second").asDouble()).isPositive();
            assertThat(e.get("max-residual").asDouble()).isLessThan(1e-8);
        }
        assertThat(whats).containsExactly("solve-min-bregman-entropy", "solve-max-margin-l2", "solve-max-margin-l1");
        byte[] png = java.nio.file.Files.readAllBytes(out.resolve("bench-scaling.png"));
        assertThat(png[1]).isEqualTo((byte) 'P');
        assertThat(java.nio.file.Files.readString(out.resolve("bench-scaling.svg"))).contains("<svg");
    }

    @Test
    void aPlotDirectoryThatIsAFileIsBadInput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("f"), "x");
        CliRunner.Result r = CliRunner.run("bench", "--quick", "--only", "gd", "--plot", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).startsWith("error: --plot: got " + file);
    }

    @Test
    void anUnknownEntryNameIsBadInput() {
        CliRunner.Result r = CliRunner.run("bench", "--only", "simplex");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("error: --only: got simplex, expected the name of a benchmark: gd, solve, oracle, certificate, search, certify, check");
    }

    @Test
    void separableDataAreSeparatedByTheirGeneratingDirection() {
        // the exponential-loss entries need separable data: the labels are signs of <w*, x_n>
        var data = GradientDescentBenchmark.separable(30, 10, 5);
        var again = GradientDescentBenchmark.separable(30, 10, 5);
        assertThat(data.rowMajor()).containsExactly(again.rowMajor());
        assertThat(data.hasSignLabels()).isTrue();
    }

    @Test
    void checkEntriesTimeTheLoadAndTheRunsOfConfirmedChecks() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "--quick", "--json", "--only", "check");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        List<String> whats = new ArrayList<>();
        for (JsonNode e : results) {
            whats.add(e.get("what").asText());
            assertThat(e.get("unit").asText()).isEqualTo("checks");
            assertThat(e.get("seconds").asDouble()).isPositive();
        }
        assertThat(whats).containsExactly("check-theorem-1-load", "check-theorem-1-runs", "check-max-margin-l2-load",
                "check-max-margin-l2-runs", "check-max-margin-l1-load", "check-max-margin-l1-runs",
                "check-max-margin-linf-load", "check-max-margin-linf-runs");
    }
}
