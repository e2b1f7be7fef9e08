package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolveCertifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE_2 = """
            { "X": [[1, 2]], "y": [1], "w0": [1, 1],
              "reference": {"kind": "min-bregman", "potential": "entropy"} }
            """;
    private static final String EXAMPLE_4_LP = """
            { "X": [[1, 1, 1], [1, 2, 0]], "y": [1, 10], "w0": [0, 0, 0],
              "reference": {"kind": "min-norm", "norm": {"kind": "lp", "p": "4/3"}} }
            """;
    private static final String EXAMPLE_4_L1 = """
            { "X": [[1, 1, 1], [1, 2, 0]], "y": [1, 10], "w0": [0, 0, 0],
              "reference": {"kind": "min-norm", "norm": "l1"} }
            """;
    private static final Pattern STATUS = Pattern.compile("\\(set-info :status (sat|unsat|unknown)\\)");

    @TempDir
    Path dir;

    private CliRunner.Result solve(String content, String... flags) throws Exception {
        Path f = dir.resolve("problem.json");
        Files.writeString(f, content);
        List<String> args = new ArrayList<>(List.of("solve", f.toString()));
        args.addAll(List.of(flags));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void example2CertifiedIsExactAtOneHalfAndOneQuarter() throws Exception {
        CliRunner.Result r = solve(EXAMPLE_2, "--certify");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode out = JSON.readTree(r.out());
        JsonNode cert = out.get("certificate");
        assertThat(cert.get("level").asText()).isEqualTo("exact");
        assertThat(cert.get("exact-w").asText()).isEqualTo("1/2, 1/4");
        assertThat(out.get("w").get(0).asDouble()).isEqualTo(0.5);
        assertThat(out.get("w").get(1).asDouble()).isEqualTo(0.25);
        assertThat(cert.get("certification").asText()).startsWith("proved:");
        assertThat(out.get("proofs").get(0).get("status").asText()).isEqualTo("proved");
    }

    @Test
    void example4MinimumL43NormIsSmtInABoxOfWidthAtMostOneBillionth() throws Exception {
        CliRunner.Result r = solve(EXAMPLE_4_LP, "--certify", "--timeout", "20");
        assertThat(r.err()).isEmpty();
        JsonNode out = JSON.readTree(r.out());
        JsonNode cert = out.get("certificate");
        assertThat(cert.get("level").asText()).as(cert.toString()).isEqualTo("smt");
        assertThat(Double.parseDouble(cert.get("box-width").asText())).isLessThanOrEqualTo(1e-9);
        assertThat(cert.get("p").asText()).isEqualTo("4/3");
        // The paper's Example 4 reports w = (2.30045e-4, 4.999885, -4.000115).
        double[] reported = {2.30045e-4, 4.999885, -4.000115};
        for (int i = 0; i < 3; i++) {
            assertThat(out.get("w").get(i).asDouble()).isCloseTo(reported[i], within(1e-6));
        }
    }

    @Test
    void withoutCertifyTheOutputHasNoProofsAndTheSolversLevel() throws Exception {
        CliRunner.Result r = solve(EXAMPLE_2);
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.has("proofs")).isFalse();
        assertThat(out.get("certificate").has("certification")).isFalse();
    }

    @Test
    void smt2FilesAreWrittenNextToTheSolutionAndZ3ReachesTheirRecordedAnswers() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String[] problem : new String[][] {{"l1", EXAMPLE_4_L1}, {"lp", EXAMPLE_4_LP}}) {
            Path out = dir.resolve("proofs-" + problem[0]);
            CliRunner.Result r = solve(problem[1], "--certify", "--smt2", out.toString(), "--timeout", "20");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode printed = JSON.readTree(r.out());
            assertThat(JSON.readTree(Files.readString(out.resolve("solution.json")))).isEqualTo(printed);
            List<Path> written;
            try (Stream<Path> s = Files.list(out)) {
                written = s.filter(p -> p.toString().endsWith(".smt2")).sorted().toList();
            }
            int queries = 0;
            for (JsonNode proof : printed.get("proofs")) {
                for (JsonNode q : proof.get("queries")) {
                    queries++;
                    assertThat(out.resolve(q.get("file").asText())).exists();
                }
            }
            assertThat(written).hasSize(queries).isNotEmpty();
            files.addAll(written);
        }
        Assumptions.assumeTrue(onPath("z3"), "z3 command-line solver not on PATH: skipping the re-check");
        int decided = 0;
        for (Path f : files) {
            Matcher m = STATUS.matcher(Files.readString(f));
            assertThat(m.find()).as(f.toString()).isTrue();
            if (m.group(1).equals("unknown")) {
                continue;
            }
            decided++;
            assertThat(z3(f)).as(f.getFileName().toString()).isEqualTo(m.group(1));
        }
        assertThat(decided).isGreaterThanOrEqualTo(3);
    }

    @Test
    void badFlagsExitTwoWithOneLine() throws Exception {
        String[][] bad = {
            {"--certify", "--timeout", "soon"},
            {"--certify", "--timeout", "0"},
            {"--smt2", dir.resolve("out").toString()},
            {"--timeout", "3"},
            {"--certfy"},
        };
        for (String[] flags : bad) {
            CliRunner.Result r = solve(EXAMPLE_2, flags);
            assertThat(r.code()).as(String.join(" ", flags)).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).as(String.join(" ", flags)).hasSize(1);
            assertThat(r.errLines()[0]).startsWith("error: ");
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private static boolean onPath(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator, -1)) {
            if (Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }

    private static String z3(Path file) throws Exception {
        Process p = new ProcessBuilder("z3", "-smt2", "-T:120", file.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("z3 did not finish on " + file);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
