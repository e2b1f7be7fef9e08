package org.implicitbias.optim;

/**
 * A method that runs outside this program (an external optimizer process) and is therefore advanced
 * many steps per exchange: the {@link Runner} hands it chunks that end exactly where it measures
 * (window snapshots, log-spaced samples, the end of the budget), so it observes the same iterates as
 * for a method it steps one at a time, with a few hundred exchanges instead of one per step.
 *
 * <p>It holds a resource (the process): {@link #close()} ends it and must be called by whoever
 * started the method, also after a failure. {@link #step()} is {@code advance(1, Long.MAX_VALUE)}.
 */
public interface ChunkedMethod extends IterativeMethod, AutoCloseable {

    /**
     * Takes {@code k >= 1} more steps; afterwards {@link #steps()} has grown by exactly k and
     * {@link #iterate()} is the new iterate, which is finite and of the problem's dimension.
     *
     * @param k             the number of steps
     * @param deadlineNanos the run's wall-clock deadline on {@link System#nanoTime()}'s scale
     *                      ({@code Long.MAX_VALUE} when the caller has none): an answer must not take
     *                      much longer than that
     * @throws RunFailure when the steps could not be taken faithfully (the method is then unusable)
     */
    void advance(long k, long deadlineNanos);

    @Override
    default void step() {
        advance(1, Long.MAX_VALUE);
    }

    /** Ends the method's resource; idempotent, never throws. */
    @Override
    void close();

    /** Closes {@code method} when it holds a resource (a {@link ChunkedMethod}); a no-op otherwise. */
    static void closeIfHeld(IterativeMethod method) {
        if (method instanceof ChunkedMethod c) {
            c.close();
        }
    }
}
