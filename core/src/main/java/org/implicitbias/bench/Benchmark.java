package org.implicitbias.bench;

/**
 * One entry of {@code bench}: a named, repeatable unit of work on generated data, timed by
 * {@link BenchTimer}. New entries (solvers, certificates, other optimizers) implement this and are
 * listed in {@link Benchmarks}.
 */
public interface Benchmark {

    /** What is timed, e.g. {@code gd}. */
    public String what();

    /** The loss (or another short qualifier) of the entry, e.g. {@code exponential}. */
    public String loss();

    /** Number of examples of the generated data. */
    public int n();

    /** Dimension of the generated data. */
    public int d();

    /** What one unit of work is, e.g. {@code iterations}. */
    public String unit();

    /**
     * Generates the data (seeded) and sets up the work; everything that is not to be timed happens
     * here.
     */
    public Workload prepare();

    /** The timed part: performs units of work on the prepared state. */
    @FunctionalInterface
    public interface Workload {
        /** Performs {@code units} units of work. */
        void run(long units);
    }

    /** A short label, e.g. {@code gd exponential 2000x5000}. */
    default String label() {
        return what() + " " + loss() + " " + n() + "x" + d();
    }
}
