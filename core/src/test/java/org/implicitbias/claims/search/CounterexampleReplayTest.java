package org.implicitbias.claims.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.implicitbias.model.AtomicFiles;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.CounterexampleWriter;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.RunResult;
import org.implicitbias.cli.ReplayCommand;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.testing.MarginPrograms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorded counterexamples in {@code counterexamples/} replay, and the store survives bad files. */
class CounterexampleReplayTest {
    private static final Path STORE = Path.of("counterexamples");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Checker checker;
    private static List<Path> files;
    private static List<Replay.FileReplay> outcomes;

    @BeforeAll
    static void replayAll() {
        checker = new Checker(new CertifiedReferences(), null, 2);
        files = CounterexampleStore.files(List.of(STORE));
        outcomes = Replay.replay(checker, CounterexampleStore.read(files));
    }

    @AfterAll
    static void stop() {
        checker.close();
    }

    @Test
    void everyRecordedCounterexampleReproduces() {
        assertThat(files).isNotEmpty();
        assertThat(outcomes).hasSameSizeAs(files);
        for (Replay.FileReplay o : outcomes) {
            assertThat(o.reproduces()).as(o.file() + ": " + o.message()).isTrue();
            // the replayed gap lies beyond tolerance, and agrees with the recorded one up to the error bounds of
            // the estimate (the checker may estimate a limit more carefully than when the file was written)
            double bound = Double.isFinite(o.run().errorBound()) ? o.run().errorBound() : 0;
            assertThat(o.run().distance()).as(o.file().toString())
                    .isGreaterThan(o.run().tolerance() + bound)
                    .isCloseTo(o.recordedGap(), within(1e-6 * Math.max(1, Math.abs(o.recordedGap())) + 2 * bound));
        }
        assertThat(outcomes).extracting(Replay.FileReplay::claim).contains("cd-min-l1", "cd-exact-line-search");
    }

    private static List<JsonNode> documents(String claim) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files) {
            JsonNode doc = JSON.readTree(f.toFile());
            if (claim.equals(doc.path("claim").asText())) {
                out.add(doc);
            }
        }
        return out;
    }

    private static double[][] matrix(JsonNode rows) {
        double[][] x = new double[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = vector(rows.get(i));
        }
        return x;
    }

    private static double[] vector(JsonNode v) {
        double[] out = new double[v.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = ExactNumbers.parse("v", v.get(j).asText()).doubleValue();
        }
        return out;
    }

    @Test
    void recordedCoordinateDescentCounterexamplesEndAwayFromTheMinimumL1PointByAnIndependentComputation() throws IOException {
        List<JsonNode> docs = documents("cd-min-l1");
        assertThat(docs).isNotEmpty();
        for (JsonNode doc : docs) {
            double[][] x = matrix(doc.path("instance").path("X"));
            double[] y = vector(doc.path("instance").path("y"));
            double eta = doc.path("settings").path("algorithm").path("step").path("eta").asDouble();
            double[] w = IndependentTruths.coordinateDescent(x, y, eta, 5_000_000);
            double l1 = 0;
            for (double v : w) {
                l1 += Math.abs(v);
            }
            double gap = l1 - IndependentTruths.minL1(x, y);
            // the gap beats the recorded tolerance, and is no effect of the step size: it persists at a ten
            // times smaller step
            double tolerance = doc.path("gap").path("tolerance").asDouble();
            assertThat(gap).isGreaterThan(tolerance + doc.path("gap").path("error-bound").asDouble()).isCloseTo(doc.path("gap").path("value").asDouble(), within(1e-3));
            double[] fine = IndependentTruths.coordinateDescent(x, y, eta / 10, 5_000_000);
            double l1Fine = 0;
            for (double v : fine) {
                l1Fine += Math.abs(v);
            }
            assertThat(l1Fine - IndependentTruths.minL1(x, y)).isGreaterThan(0.9 * gap);
        }
    }

    @Test
    void recordedAdaBoostCounterexamplesSettleBelowTheMaximumL1MarginByAnIndependentComputation() throws IOException {
        List<JsonNode> docs = documents("cd-exact-line-search");
        assertThat(docs).isNotEmpty();
        for (JsonNode doc : docs) {
            double[][] x = matrix(doc.path("instance").path("X"));
            double[] y = vector(doc.path("instance").path("y"));
            double[][] z = MarginPrograms.signed(x, y);
            for (double[] row : z) {
                for (double v : row) {
                    assertThat(Math.abs(v)).as("closed-form AdaBoost needs entries in {-1, 0, 1}").isIn(0.0, 1.0);
                }
            }
            double gamma = MarginPrograms.lpMargin(z, false);
            // AdaBoost settles into a cycle: its margin at 20000 and at 40000 steps agrees to 1e-4, below gamma
            double margin = IndependentTruths.adaBoostMargin(z, 20_000);
            assertThat(IndependentTruths.adaBoostMargin(z, 40_000)).isCloseTo(margin, within(1e-4));
            assertThat(gamma - margin).isGreaterThan(doc.path("settings").path("tolerance").path("margin").asDouble())
                    .isCloseTo(doc.path("gap").path("value").asDouble(), within(1e-3));
        }
    }

    @Test
    void aTruncatedFileIsReportedByNameAndSkippedWhileTheOthersReplay(@TempDir Path dir) throws IOException {
        Path good = files.get(0);
        Files.copy(good, dir.resolve(good.getFileName()));
        String text = Files.readString(good);
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        Path notCounterexample = dir.resolve("other.json");
        Files.writeString(notCounterexample, "{\"format\": \"something-else\"}");

        List<CounterexampleStore.Entry> entries = CounterexampleStore.read(CounterexampleStore.files(List.of(dir)));
        assertThat(entries).hasSize(3);
        assertThat(entries).filteredOn(e -> e instanceof CounterexampleStore.Problem).extracting(CounterexampleStore.Entry::file)
                .containsExactlyInAnyOrder(truncated, notCounterexample);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplayCommand cmd = new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new CertifiedReferences());
        int code = ReplayCommand.run(cmd, dir.toString());
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(report).isEqualTo(1);
        List<String> lines = report.lines().toList();
        assertThat(lines).filteredOn(l -> l.contains("truncated.json")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("skipped").contains("not valid JSON"));
        assertThat(lines).filteredOn(l -> l.contains("other.json")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("skipped").contains("format"));
        assertThat(lines).filteredOn(l -> l.contains(good.getFileName().toString())).singleElement()
                .satisfies(l -> assertThat(l).startsWith("reproduces"));
        assertThat(report).contains("1 of 3 counterexamples reproduce");
    }

    @Test
    void aFileWhoseContentDoesNotMatchItsNameIsReportedAsTamperedNeverAsReproducing(@TempDir Path dir) throws IOException {
        Path good = files.get(0);
        String text = Files.readString(good);
        // a renamed copy, and a copy whose instance was edited (the first exact number of X changed)
        Path renamed = dir.resolve(good.getFileName().toString().replace(".json", "") + "0.json");
        Files.writeString(renamed, text);
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        com.fasterxml.jackson.databind.JsonNode x = doc.path("instance").has("X") ? doc.path("instance").get("X")
                : doc.path("instance").get("Xs").get(0);
        com.fasterxml.jackson.databind.node.ArrayNode row = (com.fasterxml.jackson.databind.node.ArrayNode) x.get(0);
        row.set(0, com.fasterxml.jackson.databind.node.TextNode.valueOf("7/3"));
        Path edited = dir.resolve(good.getFileName());
        Files.writeString(edited, doc.toString());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplayCommand cmd = new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new CertifiedReferences());
        int code = ReplayCommand.run(cmd, dir.toString());
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(report).isEqualTo(1);
        assertThat(report.lines().filter(l -> l.contains("tampered")).count()).as(report).isEqualTo(2);
        assertThat(report.lines().filter(l -> l.startsWith("reproduces")).count()).as(report).isZero();
    }

    @Test
    void aMissingPathIsABadArgument(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ReplayCommand cmd = new ReplayCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CertifiedReferences());
        assertThat(ReplayCommand.run(cmd, dir.resolve("nothing-here").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing-here").doesNotContain("Exception");
    }

    @Test
    void writingTheSameCounterexampleTwiceLeavesOneCompleteFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Replay.FileReplay o = outcomes.get(0);
        RunResult run = o.run();
        CounterexampleStore.Loaded loaded = (CounterexampleStore.Loaded) CounterexampleStore.read(o.file());
        CounterexampleWriter writer = new CounterexampleWriter(dir);
        Path a = writer.write(loaded.spec(), run);
        Path b = writer.write(loaded.spec(), run);
        assertThat(b).isEqualTo(a);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(a.getFileName().toString());
        }
        assertThat(CounterexampleStore.read(a)).isInstanceOf(CounterexampleStore.Loaded.class);
    }

    @Test
    void aReaderNeverSeesAPartlyWrittenFile(@TempDir Path dir) throws Exception {
        // two complete documents of different lengths, rewritten in turn while a reader keeps reading
        String small = "{\"v\": \"" + "a".repeat(10) + "\"}\n";
        String large = "{\"v\": \"" + "b".repeat(400_000) + "\"}\n";
        Path target = dir.resolve("c.json");
        AtomicFiles.write(target, small);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<String> torn = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    String s = Files.readString(target);
                    reads.incrementAndGet();
                    if (!s.equals(small) && !s.equals(large)) {
                        synchronized (torn) {
                            torn.add(s.length() + " characters");
                        }
                    }
                } catch (IOException e) {
                    synchronized (torn) {
                        torn.add(e.toString());
                    }
                }
            }
        });
        reader.start();
        for (int k = 0; k < 200; k++) {
            AtomicFiles.write(target, k % 2 == 0 ? large : small);
        }
        done.set(true);
        reader.join();
        assertThat(reads.get()).isPositive();
        assertThat(torn).isEmpty();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("c.json");
        }
    }
}
