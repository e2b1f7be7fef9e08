package org.implicitbias.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code solve} entries of {@code bench}: wall time of one reference solve on seeded data, at a
 * ladder of sizes that doubles N and d up to the sizes a user compares against other tools (entropy
 * min-Bregman at 600 x 1000, l2 and l1 max margin at 600 x 1500), so that the scaling picture of
 * {@code bench --plot} has several points per program. Each entry is the median of five solves after
 * warm-up solves of the same size and data that take at least {@value #WARMUP_SECONDS} s of solving
 * together (at least one), so the figure is the compiled code's, as for the GD entries: measured at
 * 600 x 1000 entropy, the solve takes 0.05 s on its second run and settles at 0.03 s after about
 * twenty. {@code loss} names the loss whose implicit bias the program characterises (squared for
 * min-Bregman, exponential for max margin), the GD entry it goes with.
 */
public final class SolveTimings {
    /** The {@code what} of these entries is {@code solve-<program>}; {@code --only solve} selects them all. */
    public static final String GROUP = "solve";
    /** Minimum warm-up per entry. */
    static final double WARMUP_SECONDS = 1.0;
    /** Timed solves per entry. */
    static final int RUNS = 5;

    private SolveTimings() {
    }

    /** One program: its name, loss, sizes (N, d) and a timed solve. */
    private static final class Program {
        private final String name;
        private final String loss;
        private final int[][] sizes;
        private final Solve solve;

        Program(String name, String loss, int[][] sizes, Solve solve) {
            this.name = name;
            this.loss = loss;
            this.sizes = sizes;
            this.solve = solve;
        }

        String name() {
            return name;
        }

        String loss() {
            return loss;
        }

        int[][] sizes() {
            return sizes;
        }

        Solve solve() {
            return solve;
        }
    }

    @FunctionalInterface
    private interface Solve {
        OracleBenchmarks.Timing run(int n, int d, long seed);
    }

    private static List<Program> programs(boolean quick) {
        int[][] entropy = quick ? new int[][] {{20, 40}} : new int[][] {{150, 250}, {300, 500}, {600, 1000}};
        int[][] margin = quick ? new int[][] {{20, 40}} : new int[][] {{150, 375}, {300, 750}, {600, 1500}};
        return List.of(
                new Program("min-bregman-entropy", "squared", entropy, OracleBenchmarks::minBregmanEntropy),
                new Program("max-margin-l2", "exponential", margin, OracleBenchmarks::maxMarginL2),
                new Program("max-margin-l1", "exponential", margin, OracleBenchmarks::maxMarginL1));
    }

    public static List<BenchResult> run(boolean quick, Consumer<String> progress) {
        List<BenchResult> out = new ArrayList<>();
        int runs = quick ? 1 : RUNS;
        for (Program p : programs(quick)) {
            for (int[] s : p.sizes()) {
                progress.accept("solve " + p.name() + " " + s[0] + "x" + s[1]);
                long seed = Benchmarks.SEED + s[0];
                double warm = 0;
                do {
                    warm += p.solve().run(s[0], s[1], seed).seconds(); // warm-up: same size, same data
                } while (!quick && warm < WARMUP_SECONDS);
                double[] seconds = new double[runs];
                double residual = 0;
                for (int r = 0; r < runs; r++) {
                    OracleBenchmarks.Timing t = p.solve().run(s[0], s[1], seed);
                    seconds[r] = t.seconds();
                    residual = t.maxResidual();
                }
                Arrays.sort(seconds);
                double median = seconds[runs / 2];
                out.add(new BenchResult(GROUP + "-" + p.name(), p.loss(), s[0], s[1], 1 / median, "solves",
                        median, residual));
            }
        }
        return out;
    }
}
