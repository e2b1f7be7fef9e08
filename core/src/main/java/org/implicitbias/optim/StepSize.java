package org.implicitbias.optim;

import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;

/**
 * A method's step size {@code eta_t}, applied to the scaled gradient of an {@link Evaluation}: the true
 * gradient is {@code exp(logScale) * scaledGradient}, so {@code eta_t grad L(w_t) = f * scaledGradient}
 * with the factor {@code f = exp(log eta_t + logScale)} ({@link #factor}). The adaptive rule's size grows
 * like {@code exp(margin)} while the gradient shrinks like {@code exp(-margin)}; forming their product in
 * log space keeps f finite at any margin.
 *
 * <p>It also holds the data bound {@code B = max_n ||x_n||_*} of the adaptive rule, measured in the dual
 * of the method's geometry, so that every method computes it the same way once.
 */
final class StepSize {
    private final StepRule rule;
    private final double bound;

    /**
     * @param rule     the step-size rule
     * @param data     the data, whose rows bound the adaptive step
     * @param geometry the method's norm; B is measured in its dual
     */
    StepSize(StepRule rule, Dataset data, Norm geometry) {
        this.rule = rule;
        this.bound = Methods.dataBound(data, geometry);
    }

    /**
     * Refuses exact line search for a method whose step is not a straight line in w.
     *
     * @param why completes {@code "constant, adaptive or decaying"}: why the method cannot search
     * @throws InvalidInputException if the rule is exact line search
     */
    static void refuseLineSearch(StepRule rule, String why) {
        if (rule instanceof StepRule.ExactLineSearch) {
            throw new InvalidInputException("algorithm.step", "exact-line-search", "constant, adaptive or decaying" + why);
        }
    }

    /** Whether the rule is exact line search, which the method computes along its own direction. */
    boolean isLineSearch() {
        return rule instanceof StepRule.ExactLineSearch;
    }

    /** {@code f = exp(log eta_t + logScale)}, the factor of the scaled gradient in the step {@code eta_t grad L}. */
    double factor(long t, Evaluation ev) {
        return Math.exp(rule.logEta(t, ev, bound) + ev.logScale());
    }

    /**
     * The factor of a step along {@code v}: for exact line search {@code argmin_{eta >= 0} L(w + eta v)}
     * ({@link LineSearch}, invariant to the positive scale of v), otherwise {@link #factor}.
     *
     * @param u the predictions {@code Xw} at the point the step starts from
     * @param v the step direction, formed from the scaled gradient
     */
    double along(long t, Evaluation ev, Objective objective, double[] u, double[] v) {
        return isLineSearch() ? LineSearch.exact(objective.data(), objective.loss(), u, v) : factor(t, ev);
    }

    /**
     * {@code f} itself when it is finite.
     *
     * @param method the method's name in the message
     * @throws RunFailure ({@link RunFailure.Kind#NON_FINITE}) naming the factor and the step t otherwise
     */
    static double finite(double f, String method, long t) {
        if (!Double.isFinite(f)) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, method + ": step factor " + f + " at step " + t);
        }
        return f;
    }
}
