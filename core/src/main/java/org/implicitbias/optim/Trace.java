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
 * @param logGradientDualNorm {@code ||grad L(w_T)||_*} in the method's geometry, as its log (finite at any margin)
 * @param tailMovement    movement over the last window: {@code ||w_T - w_{T-k}||_2} for points, the
 *                        l2 change of {@code w/||w||} for directions ({@code k} between window and 2 window)
 * @param tailSteps       the k that tail movement was measured over
 * @param stepMovement    the movement over the last step of the last window measured (the same measure), NaN
 *                        when no window was completed: a periodic orbit shows here, not in {@code tailMovement}
 * @param settled         whether the run reached its limit set: outcome {@link Outcome#SETTLED}
 * @param direction       {@code w_T / ||w_T||} in the method's geometry (monotone losses), else null
 * @param margin          normalised margin {@code min_n <w_T, z_n> / ||w_T||} (monotone losses), else NaN
 * @param seconds         wall time of the run
 * @param samples         sampled iterates for plots and predictors (log-spaced in t), possibly empty
 */
public record Trace(String method, double[] w, long iterations, Outcome outcome, String failure,
                    double logLoss, double logGradientDualNorm, double tailMovement, long tailSteps,
                    double stepMovement, boolean settled, double[] direction, double margin, double seconds,
                    List<Sample> samples) {

    /** Why a run stopped. */
    public enum Outcome {
        /**
         * Reached the limit set: the tail moved within the settle tolerance over a window and over a step, and
         * the point is near G (losses with a finite root) or the norm grows (directions).
         */
        SETTLED,
        /** Stopped moving (within the tolerance) while far from G: its movement cannot reach G within the budget. */
        STUCK,
        /** A direction that does not move because {@code ||w||} cannot grow within the budget (vanishing gradients). */
        FROZEN,
        /** At the end the tail moved little over a window but much over single steps: a periodic orbit. */
        CYCLING,
        /** The iteration budget ran out. */
        ITERATION_LIMIT,
        /** The wall-clock budget ran out. */
        TIME_LIMIT,
        /** An iterate left the potential's domain. */
        DOMAIN_EXIT,
        /** A NaN or infinite value appeared. */
        NON_FINITE,
        /** An external optimizer broke its protocol, exited, crashed or hung (see {@link RunFailure.Kind#EXTERNAL_FAILURE}). */
        EXTERNAL_FAILURE;

        /** True for the outcomes after which the last iterate is not a faithful run. */
        public boolean failed() {
            return this == DOMAIN_EXIT || this == NON_FINITE || this == EXTERNAL_FAILURE;
        }

        /** The name in reports: lower case, words joined by '-'. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
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
