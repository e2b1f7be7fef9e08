package org.implicitbias.optim;

/**
 * When a run stops: after {@code iterations} steps, after {@code seconds} of wall time, or as soon
 * as it has settled (its tail movement over the last {@code window} steps is at most
 * {@code settleTolerance}, relative to {@code max(1, ||w||)} for points); {@code settleTolerance = 0}
 * disables the early stop.
 *
 * @param iterations      maximum number of steps, at least 1
 * @param seconds         wall-clock limit ({@code Double.POSITIVE_INFINITY} for none)
 * @param window          length of the tail over which movement is measured, at least 1
 * @param settleTolerance stop early once the tail movement is at most this
 * @param limit           whether movement is measured on the point or on the direction {@code w/||w||}
 */
public record Budget(long iterations, double seconds, long window, double settleTolerance, Limit limit) {

    /** The kind of limit a run is expected to have. */
    public enum Limit {
        /** Losses with a finite root: {@code w_t} converges. */
        POINT,
        /** Monotone losses on separable data: {@code w_t / ||w_t||} converges. */
        DIRECTION
    }

    public Budget {
        if (iterations < 1) {
            throw new org.implicitbias.model.InvalidInputException("budget.iterations", iterations, "an integer >= 1");
        }
        if (!(seconds > 0)) {
            throw new org.implicitbias.model.InvalidInputException("budget.seconds", seconds, "a number > 0");
        }
        if (window < 1) {
            throw new org.implicitbias.model.InvalidInputException("budget.window", window, "an integer >= 1");
        }
        if (!(settleTolerance >= 0)) {
            throw new org.implicitbias.model.InvalidInputException("budget.settle", settleTolerance, "a number >= 0");
        }
    }

    /** Exactly {@code iterations} steps, no early stop, window {@code min(1000, iterations/10)}. */
    public static Budget iterations(long iterations, Limit limit) {
        return new Budget(iterations, Double.POSITIVE_INFINITY, Math.max(1, Math.min(1000, iterations / 10)), 0, limit);
    }

    /** The same budget with an early stop once the tail moves at most {@code tolerance}. */
    public Budget settlingAt(double tolerance) {
        return new Budget(iterations, seconds, window, tolerance, limit);
    }

    /** The same budget with another window. */
    public Budget withWindow(long newWindow) {
        return new Budget(iterations, seconds, newWindow, settleTolerance, limit);
    }

    /** The same budget with a wall-clock limit. */
    public Budget withSeconds(double newSeconds) {
        return new Budget(iterations, newSeconds, window, settleTolerance, limit);
    }
}
