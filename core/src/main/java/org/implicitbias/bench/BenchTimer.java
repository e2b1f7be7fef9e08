package org.implicitbias.bench;

import java.util.Arrays;

/**
 * Times a {@link Benchmark.Workload}: a warm-up of at least {@code warmupSeconds} (so the JIT has
 * compiled the hot loops), then {@code runs} timed runs of a fixed number of units, each calibrated
 * from the warm-up to last about {@code runSeconds}. The result is the median rate in units per
 * second, which is robust to a run disturbed by other processes.
 *
 * @param warmupSeconds minimum warm-up time
 * @param runSeconds    target duration of one timed run
 * @param runs          number of timed runs (odd numbers give a true median)
 */
public record BenchTimer(double warmupSeconds, double runSeconds, int runs) {
    public BenchTimer {
        if (!(warmupSeconds >= 0) || !(runSeconds > 0) || runs < 1) {
            throw new IllegalArgumentException("timer " + warmupSeconds + " s, " + runSeconds + " s x " + runs);
        }
    }

    /** The default: 0.5 s warm-up, five runs of 0.25 s. */
    public static BenchTimer standard() {
        return new BenchTimer(0.5, 0.25, 5);
    }

    /** Median units per second. */
    public double measure(Benchmark.Workload work) {
        long start = System.nanoTime();
        long done = 0;
        long batch = 1;
        double elapsed;
        do {
            work.run(batch);
            done += batch;
            elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed < warmupSeconds / 10) {
                batch *= 2; // few calls for fast units, so call overhead does not dominate
            }
        } while (elapsed < warmupSeconds || done < 2);
        double rate = done / Math.max(elapsed, 1e-9);
        long units = Math.max(1, Math.round(rate * runSeconds));
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            work.run(units);
            double s = Math.max((System.nanoTime() - t0) / 1e9, 1e-9);
            rates[r] = units / s;
        }
        Arrays.sort(rates);
        return runs % 2 == 1 ? rates[runs / 2] : 0.5 * (rates[runs / 2 - 1] + rates[runs / 2]);
    }
}
