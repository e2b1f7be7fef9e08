package org.implicitbias.optim;

import org.implicitbias.model.Evaluation;
import org.implicitbias.model.InvalidInputException;

/**
 * A step-size schedule {@code eta_t}. Sizes are returned as logarithms so that the adaptive rule,
 * whose size {@code c / (B^2 L(w_t))} grows like {@code exp(margin)}, combines with the scaled
 * gradient of an {@link Evaluation} without overflow: the update is
 * {@code exp(logEta + logScale) * scaledGradient}.
 *
 * <p>Vocabulary: {@code {kind: constant, eta}}, {@code {kind: adaptive, c}},
 * {@code {kind: exact-line-search}}, {@code {kind: decaying, eta, power}}.
 */
public sealed interface StepRule {

    /**
     * {@code log eta_t}.
     *
     * @param t     the step index
     * @param ev    the evaluation at the point the gradient was taken
     * @param bound {@code B = max_n ||x_n||_*} in the method's geometry (used by the adaptive rule)
     */
    double logEta(long t, Evaluation ev, double bound);

    /** {@code eta_t = eta}. */
    record Constant(double eta) implements StepRule {
        public Constant {
            positive("step.eta", eta);
        }

        @Override
        public double logEta(long t, Evaluation ev, double bound) {
            return Math.log(eta);
        }
    }

    /** {@code eta_t = c / (B^2 L(w_t))}, the step of Theorem 5 for monotone losses. */
    record Adaptive(double c) implements StepRule {
        public Adaptive {
            positive("step.c", c);
        }

        @Override
        public double logEta(long t, Evaluation ev, double bound) {
            return Math.log(c) - 2 * Math.log(bound) - ev.logLoss();
        }
    }

    /** {@code eta_t = eta / (t + 1)^power}. */
    record Decaying(double eta, double power) implements StepRule {
        public Decaying {
            positive("step.eta", eta);
            if (!(power >= 0) || !Double.isFinite(power)) {
                throw new InvalidInputException("step.power", power, "a finite number >= 0");
            }
        }

        @Override
        public double logEta(long t, Evaluation ev, double bound) {
            return Math.log(eta) - power * Math.log(t + 1.0);
        }
    }

    /**
     * {@code eta_t = argmin_{eta >= 0} L(w_t + eta v_t)} along the method's direction; the methods
     * call {@link LineSearch} for it, so {@link #logEta} is not used.
     */
    record ExactLineSearch() implements StepRule {
        @Override
        public double logEta(long t, Evaluation ev, double bound) {
            throw new IllegalStateException("exact line search is computed along the direction by LineSearch");
        }
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new InvalidInputException(field, v, "a finite number > 0");
        }
    }
}
