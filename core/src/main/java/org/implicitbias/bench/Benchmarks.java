package org.implicitbias.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of {@code bench} entries, in the order they run. To add a benchmark, implement
 * {@link Benchmark} and add its entries to {@link #all(boolean)}.
 */
public final class Benchmarks {
    /** The problem sizes (N x d) of the standard run. */
    public static final int[][] SIZES = {{100, 1000}, {1000, 1000}, {2000, 5000}};
    /** Small sizes for a quick smoke run ({@code bench --quick}). */
    public static final int[][] QUICK_SIZES = {{10, 30}, {40, 100}};
    /** The seed of all generated data. */
    public static final long SEED = 20180101L;

    private Benchmarks() {
    }

    /** Every benchmark, in running order; {@code quick} uses small sizes. */
    public static List<Benchmark> all(boolean quick) {
        List<Benchmark> list = new ArrayList<>();
        for (String loss : new String[] {"squared", "exponential"}) {
            for (int[] s : quick ? QUICK_SIZES : SIZES) {
                list.add(new GradientDescentBenchmark(loss, s[0], s[1], SEED));
            }
        }
        return list;
    }
}
