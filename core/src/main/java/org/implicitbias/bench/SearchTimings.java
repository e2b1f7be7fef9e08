package org.implicitbias.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.search.CounterexampleSearch;
import org.implicitbias.engine.Engine;
import org.implicitbias.engine.EngineOptions;
import org.implicitbias.engine.Engines;
import org.implicitbias.model.InvalidInputException;

/**
 * The {@code search} entries of {@code bench}: instances per second of a counterexample search on the
 * local engine with 1 and 2 threads and on Spark in local mode with 1 and 2 workers ({@code local[1]}
 * and {@code local[2]}, as many partitions), when the Spark module is on the class path (bin/oracle
 * puts it there). The claim is a theorem (gradient descent from a random start reaches the l2-closest
 * interpolant; instances of 2-4 rows in dimension 5-8), so every instance is checked: one run to
 * convergence and one certified reference each. The engine is started before timing; each entry is a
 * warm-up search, then the median of three timed searches of {@code instances} instances.
 */
public final class SearchTimings {
    public static final String WHAT = "search";

    private static final String SPEC = """
            id: bench-search
            title: Gradient descent reaches the global minimum closest to its start in l2 (search benchmark)
            expect: holds
            loss: squared
            data:
              generate: {kind: regression, n: 2, d: 5, count: 1, seed: 1}
            init: {kind: random, scale: 1, seed: 5}
            algorithm: {kind: gradient-descent, step: {kind: constant, eta: 0.1}}
            claim: {limit: point, reference: {kind: min-norm, norm: l2}}
            tolerance: {distance: 1.0e-7}
            budget: {iterations: 200000, seconds: 20, settle: 1.0e-13}
            search: {instances: 100, n: [2, 4], d: [5, 8], seconds: 600}
            """;

    private SearchTimings() {
    }

    public static List<BenchResult> run(boolean quick, Consumer<String> progress) {
        int instances = quick ? 4 : 48;
        Path dir;
        Path spec;
        try {
            dir = Files.createTempDirectory("bench-search");
            spec = Files.writeString(dir.resolve("bench-search.yaml"), SPEC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<BenchResult> out = new ArrayList<>();
        try {
            for (String[] e : new String[][] {{"local", null, "1"}, {"local", null, "2"}, {"spark", "local[1]", "1"},
                {"spark", "local[2]", "2"}}) {
                int workers = Integer.parseInt(e[2]);
                String label = e[0].equals("local") ? "local " + workers + (workers == 1 ? " thread" : " threads")
                        : "spark " + e[1];
                progress.accept(WHAT + " " + label);
                Engine engine;
                try {
                    engine = Engines.open(new EngineOptions(e[0], e[1], workers));
                } catch (InvalidInputException unavailable) {
                    continue; // the spark module is not on the class path
                }
                try (engine; Checker checker = new Checker(new CertifiedReferences(), null, workers)) {
                    CounterexampleSearch search = new CounterexampleSearch(checker, engine);
                    search.search(spec, options(Math.max(2, instances / 4), 7), null);
                    double[] rates = new double[3];
                    for (int r = 0; r < rates.length; r++) {
                        CounterexampleSearch.Result res = search.search(spec, options(instances, 11 + r), null);
                        rates[r] = (res.tried() + res.invalid()) / Math.max(res.seconds(), 1e-9);
                    }
                    Arrays.sort(rates);
                    out.add(new BenchResult(WHAT, label, instances, workers, rates[1], "instances", Double.NaN, Double.NaN));
                }
            }
        } finally {
            try {
                Files.deleteIfExists(spec);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
        return out;
    }

    private static CounterexampleSearch.Options options(int instances, long seed) {
        return new CounterexampleSearch.Options(instances, seed, 600.0, 1.0, 1, 0.5, null, null, null);
    }
}
