package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.implicitbias.cli.CheckCommand;
import org.implicitbias.io.Json;
import org.implicitbias.io.Problem;
import org.implicitbias.io.ProblemReader;
import org.implicitbias.oracle.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden reference solutions in {@code oracles/} (written by {@code check --update-oracles}) are
 * reproduced by solving and certifying each file's own program again: a change of the solver or of
 * the certifier shows up here and in review as a changed golden file.
 */
class GoldenReferenceFilesTest {
    private static final Path ORACLES = Path.of("oracles");
    private static final double TOLERANCE = 1e-9;

    private static List<Path> goldenFiles() throws IOException {
        try (Stream<Path> s = Files.walk(ORACLES)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyGoldenFileIsReproducedBySolvingAndCertifyingItsOwnProgram() throws IOException {
        List<Path> files = goldenFiles();
        assertThat(files).as("golden files under oracles/").hasSizeGreaterThan(50);
        CertifiedReferences oracle = new CertifiedReferences();
        List<String> mismatches = new ArrayList<>();
        int levelsCompared = 0;
        for (Path f : files) {
            JsonNode golden = Json.read(f);
            Problem problem = ProblemReader.read(golden.get("problem"));
            Reference ref = problem.reference();
            JsonNode fresh = GoldenReferenceFiles.stableOutcome(
                    oracle.certified(ref, problem.data(), CertifiedReferences.start(ref, problem.w0())).outcome());
            String name = ORACLES.relativize(f).toString();
            if (!golden.get("status").asText().equals(fresh.get("status").asText())) {
                mismatches.add(name + ": status " + fresh.get("status").asText() + ", golden " + golden.get("status").asText());
                continue;
            }
            if (!golden.has("certificate")) {
                continue;
            }
            String goldenLevel = golden.get("certificate").get("level").asText();
            String freshLevel = fresh.get("certificate").get("level").asText();
            // A Z3 timeout depends on the machine's load: a level decided by one is not compared.
            if (timedOut(golden) || timedOut(fresh)) {
                if (!goldenLevel.equals(freshLevel)) {
                    System.out.println(name + ": level " + freshLevel + " vs golden " + goldenLevel + " (a Z3 timeout decided it)");
                }
            } else {
                levelsCompared++;
                if (!goldenLevel.equals(freshLevel)) {
                    mismatches.add(name + ": level " + freshLevel + ", golden " + goldenLevel);
                }
            }
            double allowed = Math.max(TOLERANCE, Math.max(detail(golden, "distance-bound"), detail(golden, "box-width")));
            JsonNode gw = golden.get("w");
            JsonNode fw = fresh.get("w");
            if (gw.size() != fw.size()) {
                mismatches.add(name + ": w has " + fw.size() + " entries, golden " + gw.size());
                continue;
            }
            for (int i = 0; i < gw.size(); i++) {
                double diff = Math.abs(gw.get(i).asDouble() - fw.get(i).asDouble());
                if (!(diff <= allowed)) {
                    mismatches.add(name + ": w[" + i + "] = " + fw.get(i).asDouble() + ", golden " + gw.get(i).asDouble()
                            + " (allowed " + allowed + ")");
                }
            }
            if (golden.has("gamma")) {
                double diff = Math.abs(golden.get("gamma").asDouble() - fresh.get("gamma").asDouble());
                if (!(diff <= TOLERANCE)) {
                    mismatches.add(name + ": gamma = " + fresh.get("gamma").asDouble() + ", golden " + golden.get("gamma").asDouble());
                }
            }
        }
        assertThat(mismatches).as("differences from the golden solutions").isEmpty();
        assertThat(levelsCompared).as("certificate levels compared without a timeout").isGreaterThan(files.size() / 2);
    }

    @Test
    void checkWritesOraclesOnlyWithTheFlagAndReproducesTheCommittedFilesByteForByte(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("oracles");
        String[] common = {"specs/cd-min-l1.yaml", "--counterexamples", tmp.resolve("cx").toString(), "--oracles", out.toString()};
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int plain = CheckCommand.run(new CheckCommand(sink, sink, new CertifiedReferences(), false), common);
        assertThat(plain).isZero();
        assertThat(out).doesNotExist();
        String[] update = Stream.concat(Stream.of(common), Stream.of("--update-oracles")).toArray(String[]::new);
        int updated = CheckCommand.run(new CheckCommand(sink, sink, new CertifiedReferences(), false), update);
        assertThat(updated).isZero();
        List<Path> written;
        try (Stream<Path> s = Files.list(out.resolve("cd-min-l1"))) {
            written = s.sorted().toList();
        }
        assertThat(written).isNotEmpty();
        for (Path f : written) {
            Path committed = ORACLES.resolve("cd-min-l1").resolve(f.getFileName().toString());
            assertThat(f).as(f.getFileName().toString()).hasSameBinaryContentAs(committed);
        }
        try (Stream<Path> s = Files.list(ORACLES.resolve("cd-min-l1"))) {
            assertThat(s.count()).isEqualTo(written.size());
        }
    }

    @Test
    void noCatalogueReferenceFallsBackToNumeric() throws IOException {
        List<String> numeric = new ArrayList<>();
        int smooth = 0;
        for (Path f : goldenFiles()) {
            JsonNode g = Json.read(f);
            JsonNode cert = g.get("certificate");
            if (cert == null) {
                continue;
            }
            String level = cert.get("level").asText();
            if (level.equals("numeric")) {
                numeric.add(ORACLES.relativize(f) + ": " + cert.path("certification").asText());
            }
            if (level.equals("bounded") && cert.has("distance-bound")) {
                smooth++;
                // The bounded route's proofs are far inside every tolerance of the catalogue (>= 1e-7).
                assertThat(Double.parseDouble(cert.get("distance-bound").asText())).as(f.toString()).isLessThan(1e-9);
            }
        }
        assertThat(numeric).as("references certified only numerically").isEmpty();
        assertThat(smooth).as("bounded references with a proven distance").isGreaterThan(30);
    }

    @Test
    void goldenFilesHoldNoTimings() throws IOException {
        for (Path f : goldenFiles()) {
            JsonNode cert = Json.read(f).get("certificate");
            if (cert == null) {
                continue;
            }
            for (Iterator<String> it = cert.fieldNames(); it.hasNext(); ) {
                assertThat(it.next()).as(f.toString()).doesNotContain("seconds").doesNotContain("millis");
            }
        }
    }

    @Test
    void smtLevelCarriesTheProvenDistanceAsErrorBoundNotZero() throws IOException {
        // The l_4/3 min-norm program is certified by a Z3 box, not exactly: its bound must be the box's.
        Path smt = null;
        for (Path f : goldenFiles()) {
            JsonNode g = Json.read(f);
            if (g.has("certificate") && "smt".equals(g.get("certificate").get("level").asText())
                    && g.get("certificate").has("distance-bound")) {
                smt = f;
                break;
            }
        }
        assertThat(smt).as("a golden file at level smt").isNotNull();
        Problem problem = ProblemReader.read(Json.read(smt).get("problem"));
        Solution s = new CertifiedReferences().solve(problem.reference(), problem.data(), problem.w0());
        assertThat(s.level()).isEqualTo(Evidence.SMT);
        double linf = Double.parseDouble(Json.read(smt).get("certificate").get("distance-bound").asText());
        // l2 <= sqrt(d) l_inf, and never below the proven l_inf distance itself
        assertThat(s.errorBound()).isGreaterThan(0).isGreaterThanOrEqualTo(linf)
                .isLessThanOrEqualTo(linf * Math.sqrt(s.point().length) * (1 + 1e-12));
    }

    @Test
    void oneProgramIsSolvedOnceForConcurrentRequestsWithEqualDataAndStart() throws Exception {
        Path f = goldenFiles().stream().filter(p -> p.toString().contains("gd-min-l2-distance")).findFirst().orElseThrow();
        JsonNode problem = Json.read(f).get("problem");
        CertifiedReferences oracle = new CertifiedReferences();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CertifiedReferences.Entry>> answers = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                answers.add(pool.submit(() -> {
                    // a fresh parse each time: equal data and start, distinct objects
                    Problem p = ProblemReader.read(problem);
                    return oracle.certified(p.reference(), p.data(), p.w0());
                }));
            }
            CertifiedReferences.Entry first = answers.get(0).get();
            for (Future<CertifiedReferences.Entry> a : answers) {
                assertThat(a.get()).isSameAs(first);
            }
            Problem p = ProblemReader.read(problem);
            double[] other = p.w0().clone();
            other[0] += 0.5;
            assertThat(oracle.certified(p.reference(), p.data(), other)).isNotSameAs(first);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean timedOut(JsonNode outcome) {
        JsonNode cert = outcome.get("certificate");
        for (Iterator<Map.Entry<String, JsonNode>> it = cert.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("certification") && e.getValue().asText().contains("timeout")) {
                return true;
            }
        }
        return false;
    }

    private static double detail(JsonNode outcome, String key) {
        JsonNode v = outcome.get("certificate").get(key);
        return v == null ? 0 : Double.parseDouble(v.asText());
    }
}
