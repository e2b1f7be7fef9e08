package org.implicitbias.optim;

import java.util.List;

/**
 * What a run showed: its last iterate and the diagnostics needed to judge it honestly.
 *
 * @param method          the method's name
 * @param w               the last iterate {@code w_T} (a copy)
 * @param iterations      number of steps taken, T
 * @param outcome         why the run stopped
 * @param failure         the failure message when {@code outcome} is a failure, else null
 * @param logLoss         {@code log L(w_T)} ({@code -Infinity} for an exact root)
 * @param gradientDualNorm {@code ||grad L(w_T)||_*} in the method's geometry, as its log (finite at any margin)
 * @param tailMovement    movement over the last window: {@code ||w_T - w_{T-k}||_2} for points, the
 *                        l2 change of {@code w/||w||} for directions ({@code k} between window and 2 window)
 * @param tailSteps       the k that tail movement was measured over
 * @param settled         whether the tail movement is at most the budget's settle tolerance (false when that is 0)
 * @param direction       {@code w_T / ||w_T||} in the method's geometry (monotone losses), else null
 * @param margin          normalised margin {@code min_n <w_T, z_n> / ||w_T||} (monotone losses), else NaN
 * @param seconds         wall time of the run
 * @param samples         sampled iterates for plots and predictors (log-spaced in t), possibly empty
 */
public record Trace(String method, double[] w, long iterations, Outcome outcome, String failure,
                    double logLoss, double logGradientDualNorm, double tailMovement, long tailSteps,
                    boolean settled, double[] direction, double margin, double seconds,
                    List<Sample> samples) {

    /** Why a run stopped. */
    public enum Outcome {
        /** The tail movement fell below the settle tolerance. */
        SETTLED,
        /** The iteration budget ran out. */
        ITERATION_LIMIT,
        /** The wall-clock budget ran out. */
        TIME_LIMIT,
        /** An iterate left the potential's domain. */
        DOMAIN_EXIT,
        /** A NaN or infinite value appeared. */
        NON_FINITE;

        /** True for the outcomes after which the last iterate is not a faithful run. */
        public boolean failed() {
            return this == DOMAIN_EXIT || this == NON_FINITE;
        }
    }

    /**
     * One sampled iterate.
     *
     * @param t       iteration
     * @param w       the iterate (a copy)
     * @param logLoss {@code log L(w_t)}
     */
    public record Sample(long t, double[] w, double logLoss) {
    }

    /** {@code L(w_T)} (may underflow to 0; see {@link #logLoss()}). */
    public double loss() {
        return Math.exp(logLoss);
    }
}
