package org.implicitbias.optim;

/**
 * When a run stops: after {@code iterations} steps, after {@code seconds} of wall time, or as soon
 * as it has settled (its tail movement over the last {@code window} steps is at most
 * {@code settleTolerance}, relative to {@code max(1, ||w||)} for points); {@code settleTolerance = 0}
 * disables the early stop.
 *
 * <p>The defaults, one set for every caller ({@code run}, {@code plot run} and the {@code budget:} of a
 * spec): {@value #DEFAULT_ITERATIONS} steps, {@value #DEFAULT_SECONDS} seconds, a window of
 * {@code iterations / 100} steps clamped to {@code [10, 1000]} (and at most {@code iterations}), and an
 * early stop once the tail moves at most {@value #DEFAULT_SETTLE_POINT} relative to {@code max(1, ||w||)}
 * (point limits) or {@value #DEFAULT_SETTLE_DIRECTION} in the direction {@code w/||w||} (direction
 * limits, whose tails move like {@code 1/t} at best).
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

    /** Default maximum number of steps. */
    public static final long DEFAULT_ITERATIONS = 100_000;
    /** Default wall-clock limit of one run, in seconds. */
    public static final double DEFAULT_SECONDS = 30;
    /** Default early stop for point limits (relative to {@code max(1, ||w||)}). */
    public static final double DEFAULT_SETTLE_POINT = 1e-12;
    /** Default early stop for direction limits (movement of {@code w/||w||}). */
    public static final double DEFAULT_SETTLE_DIRECTION = 1e-9;

    /** The default early stop of a limit kind. */
    public static double defaultSettle(Limit limit) {
        return limit == Limit.POINT ? DEFAULT_SETTLE_POINT : DEFAULT_SETTLE_DIRECTION;
    }

    /** The default window for a number of steps: {@code iterations / 100} clamped to [10, 1000], at most {@code iterations}. */
    public static long defaultWindow(long iterations) {
        return Math.max(1, Math.min(iterations, Math.max(10, Math.min(1000, iterations / 100))));
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

    /**
     * The window over which movement is measured: the smallest prime at least {@code window} (and at least
     * 2), so that no periodic orbit of period below it returns to the same point after a whole window.
     */
    public static long cycleFreeWindow(long window) {
        long w = Math.max(2, window);
        while (!java.math.BigInteger.valueOf(w).isProbablePrime(30)) {
            w++;
        }
        return w;
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
