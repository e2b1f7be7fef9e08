package org.implicitbias.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times a {@link Benchmark.Workload}: a warm-up of at least {@code warmupSeconds}, prolonged while the JIT
 * is still compiling, then {@code runs} timed runs of a fixed number of units, each calibrated from the end
 * of the warm-up to last about {@code runSeconds}. The result is the median rate in units per second, which
 * is robust to a run disturbed by other processes.
 *
 * <p>Why the warm-up waits for the compiler: the first workload of a process runs on interpreted and
 * first-tier code while the optimising compiler works in the background (on a two-core machine, on the
 * core a parallel workload would use). Measured at GD 100 x 1000, the first workload in a fresh JVM ran at
 * 16k, then 35k, then 43k iterations per second in its first three quarter-seconds, the JIT compiling
 * throughout; from then on 39-45k. A fixed half-second warm-up timed part of that climb. So after the
 * minimum warm-up, the warm-up goes on in slices of {@value #SLICE_SECONDS} s (or the minimum, if shorter)
 * until a slice passes with no compilation at all (the JVM's total compilation time,
 * {@link CompilationMXBean}, unchanged), for at most {@value #EXTRA_WARMUP_FACTOR} times the minimum more
 * (3 s for the standard timer). Where the JVM does not report compilation time, the minimum alone applies.
 * The {@link #quick()} timer does not wait: it checks that every entry runs, it does not measure.
 *
 * @param warmupSeconds minimum warm-up time
 * @param runSeconds    target duration of one timed run
 * @param runs          number of timed runs (odd numbers give a true median)
 * @param waitForJit    whether the warm-up goes on while the JIT compiles
 */
public record BenchTimer(double warmupSeconds, double runSeconds, int runs, boolean waitForJit) {
    /** Length of one warm-up slice after the minimum warm-up. */
    static final double SLICE_SECONDS = 0.1;
    /** The warm-up goes on past its minimum, while the JIT keeps compiling, for at most this many minimums. */
    static final int EXTRA_WARMUP_FACTOR = 6;

    public BenchTimer {
        if (!(warmupSeconds >= 0) || !(runSeconds > 0) || runs < 1) {
            throw new IllegalArgumentException("timer " + warmupSeconds + " s, " + runSeconds + " s x " + runs);
        }
    }

    /** The default: at least 0.5 s of warm-up (longer while the JIT compiles), five runs of 0.25 s. */
    public static BenchTimer standard() {
        return new BenchTimer(0.5, 0.25, 5, true);
    }

    /** {@code bench --quick}: 0.02 s of warm-up, three runs of 0.01 s. */
    public static BenchTimer quick() {
        return new BenchTimer(0.02, 0.01, 3, false);
    }

    /** Median units per second. */
    public double measure(Benchmark.Workload work) {
        return measure(work, waitForJit ? jitCompilationMillis() : null);
    }

    /**
     * Median units per second, the warm-up prolonged while {@code compilationMillis} (the JIT's total
     * compilation time so far, or null when unknown) keeps growing.
     */
    double measure(Benchmark.Workload work, LongSupplier compilationMillis) {
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
        // the runs are calibrated from the warm-up's rate, or from its last slice's: that is the code they time
        double rate = done / Math.max(elapsed, 1e-9);
        if (compilationMillis != null) {
            double slice = Math.min(SLICE_SECONDS, warmupSeconds);
            long units = Math.max(1, Math.round(rate * slice));
            double limit = elapsed + EXTRA_WARMUP_FACTOR * warmupSeconds;
            long compiled = compilationMillis.getAsLong();
            while (elapsed < limit) {
                long t0 = System.nanoTime();
                work.run(units);
                double s = Math.max((System.nanoTime() - t0) / 1e9, 1e-9);
                elapsed = (System.nanoTime() - start) / 1e9;
                rate = units / s;
                units = Math.max(1, Math.round(rate * slice));
                long now = compilationMillis.getAsLong();
                if (now == compiled) {
                    break; // a whole slice without compiling: the code is what it will stay
                }
                compiled = now;
            }
        }
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

    /** The JVM's total JIT compilation time in milliseconds, or null where it is not reported. */
    private static LongSupplier jitCompilationMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null;
    }
}
