package org.implicitbias.optim;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a run showed: its last iterate and the diagnostics needed to judge it honestly.
 */
public final class Trace {
    private final String method;
    private final double[] w;
    private final long iterations;
    private final Outcome outcome;
    private final String failure;
    private final double logLoss;
    private final double logGradientDualNorm;
    private final double tailMovement;
    private final long tailSteps;
    private final double stepMovement;
    private final boolean settled;
    private final double[] direction;
    private final double margin;
    private final double seconds;
    private final List<Sample> samples;

    public Trace(String method, double[] w, long iterations, Outcome outcome, String failure, double logLoss,
                 double logGradientDualNorm, double tailMovement, long tailSteps, double stepMovement,
                 boolean settled, double[] direction, double margin, double seconds, List<Sample> samples) {
        this.method = method;
        this.w = w;
        this.iterations = iterations;
        this.outcome = outcome;
        this.failure = failure;
        this.logLoss = logLoss;
        this.logGradientDualNorm = logGradientDualNorm;
        this.tailMovement = tailMovement;
        this.tailSteps = tailSteps;
        this.stepMovement = stepMovement;
        this.settled = settled;
        this.direction = direction;
        this.margin = margin;
        this.seconds = seconds;
        this.samples = samples;
    }

    /** The method's name. */
    public String method() {
        return method;
    }

    /** The last iterate {@code w_T} (a copy). */
    public double[] w() {
        return w;
    }

    /** Number of steps taken, T. */
    public long iterations() {
        return iterations;
    }

    /** Why the run stopped. */
    public Outcome outcome() {
        return outcome;
    }

    /** The failure message when {@code outcome} is a failure, else null. */
    public String failure() {
        return failure;
    }

    /** {@code log L(w_T)} ({@code -Infinity} for an exact root). */
    public double logLoss() {
        return logLoss;
    }

    /** {@code ||grad L(w_T)||_*} in the method's geometry, as its log (finite at any margin). */
    public double logGradientDualNorm() {
        return logGradientDualNorm;
    }

    /**
     * Movement over the last window: {@code ||w_T - w_{T-k}||_2} for points, the l2 change of {@code w/||w||} for
     * directions ({@code k} between window and 2 window).
     */
    public double tailMovement() {
        return tailMovement;
    }

    /** The k that tail movement was measured over. */
    public long tailSteps() {
        return tailSteps;
    }

    /**
     * The movement over the last step of the last window measured (the same measure), NaN when no window was
     * completed: a periodic orbit shows here, not in {@code tailMovement}.
     */
    public double stepMovement() {
        return stepMovement;
    }

    /** Whether the run reached its limit set: outcome {@link Outcome#SETTLED}. */
    public boolean settled() {
        return settled;
    }

    /** {@code w_T / ||w_T||} in the method's geometry (monotone losses), else null. */
    public double[] direction() {
        return direction;
    }

    /** Normalised margin {@code min_n <w_T, z_n> / ||w_T||} (monotone losses), else NaN. */
    public double margin() {
        return margin;
    }

    /** Wall time of the run. */
    public double seconds() {
        return seconds;
    }

    /** Sampled iterates for plots and predictors (log-spaced in t), possibly empty. */
    public List<Sample> samples() {
        return samples;
    }

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
     */
    public static final class Sample {
        private final long t;
        private final double[] w;
        private final double logLoss;

        public Sample(long t, double[] w, double logLoss) {
            this.t = t;
            this.w = w;
            this.logLoss = logLoss;
        }

        /** Iteration. */
        public long t() {
            return t;
        }

        /** The iterate (a copy). */
        public double[] w() {
            return w;
        }

        /** {@code log L(w_t)}. */
        public double logLoss() {
            return logLoss;
        }

        /** Equal when every component is, arrays compared by their contents. */
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Sample other
                    && t == other.t
                    && Arrays.equals(w, other.w)
                    && Double.compare(logLoss, other.logLoss) == 0);
        }

        @Override
        public int hashCode() {
            return Objects.hash(t, Arrays.hashCode(w), logLoss);
        }

        @Override
        public String toString() {
            return "Sample[t=" + t
                    + ", w=" + Arrays.toString(w)
                    + ", logLoss=" + logLoss + "]";
        }
    }

    /** {@code L(w_T)} (may underflow to 0; see {@link #logLoss()}). */
    public double loss() {
        return Math.exp(logLoss);
    }

    @Override
    public String toString() {
        return "Trace[method=" + method
                + ", w=" + Arrays.toString(w)
                + ", iterations=" + iterations
                + ", outcome=" + outcome
                + ", failure=" + failure
                + ", logLoss=" + logLoss
                + ", logGradientDualNorm=" + logGradientDualNorm
                + ", tailMovement=" + tailMovement
                + ", tailSteps=" + tailSteps
                + ", stepMovement=" + stepMovement
                + ", settled=" + settled
                + ", direction=" + Arrays.toString(direction)
                + ", margin=" + margin
                + ", seconds=" + seconds
                + ", samples=" + samples + "]";
    }
}
