package org.implicitbias.claims.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.Verdict;
import org.implicitbias.cli.SearchCommand;
import org.implicitbias.model.Dataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterexampleSearchTest {
    private static final Path CD_MIN_L1 = Path.of("specs/cd-min-l1.yaml");

    /** A seed whose second instance already refutes the claim (keeps the class fast). */
    private static final long SEED = 8;

    private static Checker checker;
    private static CounterexampleSearch.Result first;

    @BeforeAll
    static void start() {
        checker = new Checker(new CertifiedReferences(), null, 2);
        first = new CounterexampleSearch(checker, 2).search(CD_MIN_L1, small(SEED), null);
    }

    @AfterAll
    static void stop() {
        checker.close();
    }

    private static CounterexampleSearch.Options small(long seed) {
        return new CounterexampleSearch.Options(120, seed, 30.0, 20.0, 1, 0.5, null, null, null);
    }

    @Test
    void findsACoordinateDescentLimitThatIsNotTheMinimumL1PointAndShrinksItToASmallIntegerInstance() {
        CounterexampleSearch.Result r = first;
        assertThat(r.found()).as("a counterexample to cd-min-l1 within 120 instances").isNotNull();
        CounterexampleSearch.Found f = r.found();
        assertThat(f.run().verdict()).isEqualTo(Verdict.REFUTED);
        assertThat(f.run().measure()).isEqualTo(f.originalRun().measure());
        assertThat(f.run().distance()).isGreaterThanOrEqualTo(0.5 * f.originalRun().distance());
        assertThat(CounterexampleSearch.unfaithful(f.run())).isNull();

        Dataset s = f.shrunk();
        assertThat(InstanceShrinking.sizeOrder().compare(s, f.original())).isNegative();
        assertThat(f.shrink().timedOut()).isFalse();
        assertThat(s.n()).isLessThanOrEqualTo(2);
        assertThat(s.d()).isLessThanOrEqualTo(3);
        for (BigFraction[] row : s.exactX()) {
            for (BigFraction v : row) {
                assertThat(v.getDenominatorAsLong()).isEqualTo(1);
                assertThat(Math.abs(v.getNumeratorAsLong())).isLessThanOrEqualTo(3);
            }
        }
        for (BigFraction v : s.exactY()) {
            assertThat(v.getDenominatorAsLong()).isEqualTo(1);
            assertThat(Math.abs(v.getNumeratorAsLong())).isLessThanOrEqualTo(3);
        }

        // independently: coordinate descent written in the test ends far from the minimum l1 norm of G,
        // where the checker says it does
        double[][] x = s.matrix();
        double[] y = s.y();
        double[] w = IndependentTruths.coordinateDescent(x, y, 0.001, 2_000_000);
        double l1 = 0;
        for (double v : w) {
            l1 += Math.abs(v);
        }
        double min = IndependentTruths.minL1(x, y);
        assertThat(l1 - min).isGreaterThan(0.05);
        assertThat(l1 - min).isCloseTo(f.run().distance(), within(1e-3));
        for (int j = 0; j < w.length; j++) {
            assertThat(w[j]).isCloseTo(f.run().estimate()[j], within(1e-6));
        }
    }

    @Test
    void aRefutationByARunBeyondDoublePrecisionIsNotACounterexample() {
        // found by an earlier search for cd-exact-line-search: coordinate descent with exact line search
        // (AdaBoost) takes super-exponentially growing steps on it
        long[][] xs = {{1, 1, -1, -1}, {-1, 1, 0, -1}, {1, 0, 0, 0}, {1, 1, 1, 0}, {-1, 0, -1, 1}};
        long[] ys = {-1, 1, -1, -1, -1};
        BigFraction[][] x = new BigFraction[5][4];
        BigFraction[] y = new BigFraction[5];
        double[][] z = new double[5][4];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = new BigFraction(xs[i][j]);
                z[i][j] = ys[i] * xs[i][j];
            }
            y[i] = new BigFraction(ys[i]);
        }
        // independently: the normalised margin keeps coming back to the maximum l1 margin 3/11 (LP) and
        // leaving it again, so there is no settled limit below it to refute the claim with
        double gamma = org.implicitbias.testing.MarginPrograms.lpMargin(z, false);
        assertThat(gamma).isCloseTo(3.0 / 11, within(1e-9));
        assertThat(IndependentTruths.adaBoostMargin(z, 3000)).isCloseTo(gamma, within(1e-6));
        assertThat(IndependentTruths.adaBoostMargin(z, 1500)).isLessThan(gamma - 0.01);

        org.implicitbias.claims.ClaimResult r = checker.check(
                ClaimBinding.read(Path.of("specs/cd-exact-line-search.yaml")).bind(Dataset.exact(x, y), 0));
        // whatever the checker makes of the run, its iterate outgrows double precision, so the search ignores it
        for (org.implicitbias.claims.RunResult run : r.runs()) {
            assertThat(run.iterations()).isGreaterThan(5000);
            assertThat(CounterexampleSearch.unfaithful(run)).as(run.reason()).isNotNull().contains("rounding errors");
        }
    }

    @Test
    void theSameSeedGivesTheSameCounterexample() {
        CounterexampleSearch.Result a = first;
        CounterexampleSearch.Result b = new CounterexampleSearch(checker, 2).search(CD_MIN_L1, small(SEED), null);
        assertThat(a.found()).isNotNull();
        assertThat(a.found().shrink().timedOut()).isFalse();
        assertThat(b.found().shrunk().exactX()).isDeepEqualTo(a.found().shrunk().exactX());
        assertThat(b.found().shrunk().exactY()).containsExactly(a.found().shrunk().exactY());
        assertThat(b.tried()).isEqualTo(a.tried());
        assertThat(b.found().shrink().steps()).isEqualTo(a.found().shrink().steps());
    }

    @Test
    void theTimeBoundStopsTheSearch() {
        CounterexampleSearch.Options tiny = new CounterexampleSearch.Options(1000, 1L, 1e-3, 1e-3, 1, 0.5, null, null, null);
        long t0 = System.nanoTime();
        CounterexampleSearch.Result r = new CounterexampleSearch(checker, 2).search(CD_MIN_L1, tiny, null);
        assertThat(r.timedOut()).isTrue();
        assertThat(r.tried()).isLessThan(1000);
        // one batch of runs may finish after the bound; each cd-min-l1 run is well under a second
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }

    @Test
    void searchCommandStoresTheCounterexampleAndExitsOne(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SearchCommand cmd = new SearchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CertifiedReferences(), false);
        int code = SearchCommand.run(cmd, CD_MIN_L1.toString(), "--budget", "120", "--seed", Long.toString(SEED), "--keep", "1", "--shrink-seconds", "1",
                "--counterexamples", dir.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err).isEqualTo(1);
        assertThat(text).contains("X = [[", "y = [", "reference min-norm (certificate ", "gap: value-gap", "written: ");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .singleElement().satisfies(n -> assertThat(n).startsWith("cd-min-l1-").endsWith(".json"));
        }
        // what was written replays
        try (Stream<Path> files = Files.list(dir)) {
            CounterexampleStore.Entry e = CounterexampleStore.read(files.findFirst().orElseThrow());
            assertThat(e).isInstanceOf(CounterexampleStore.Loaded.class);
            assertThat(Replay.replay(checker, java.util.List.of(e))).singleElement()
                    .satisfies(o -> assertThat(o.reproduces()).as(o.message()).isTrue());
        }
    }

    @Test
    void searchOnATheoremFindsNothingAndExitsZero(@TempDir Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SearchCommand cmd = new SearchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new CertifiedReferences(), false);
        int code = SearchCommand.run(cmd, "specs/gd-min-l2-distance.yaml", "--budget", "2", "--seconds", "20",
                "--counterexamples", dir.resolve("out").toString());
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("no counterexample found");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void badInputExitsTwoWithOneLine(@TempDir Path dir) throws IOException {
        for (String[] args : new String[][]{
                {dir.resolve("missing.yaml").toString()},
                {CD_MIN_L1.toString(), "--budget", "0"},
                {CD_MIN_L1.toString(), "--n", "3:x"},
                {CD_MIN_L1.toString(), "--d", "4:2"}}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            SearchCommand cmd = new SearchCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new CertifiedReferences(), false);
            assertThat(SearchCommand.run(cmd, args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8).strip()).doesNotContain("\n").doesNotContain("Exception");
        }
        Path broken = dir.resolve("cd-min-l1.yaml");
        Files.writeString(broken, "id: cd-min-l1\nexpect: [\n");
        SearchCommand cmd = new SearchCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new CertifiedReferences(), false);
        assertThat(SearchCommand.run(cmd, broken.toString())).isEqualTo(2);
    }
}
