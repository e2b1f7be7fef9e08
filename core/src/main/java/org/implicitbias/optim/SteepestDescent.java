package org.implicitbias.optim;

import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.TieRule;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.Objective;

/**
 * Steepest descent with respect to a norm (eq. 11-12 of the paper):
 * <pre>
 *   w_{t+1} = w_t + eta_t Dw_t,   Dw_t = argmin_v &lt;grad L(w_t), v&gt; + 1/2 ||v||^2,
 * </pre>
 * so that {@code <Dw_t, -grad L> = ||Dw_t||^2 = ||grad L||_*^2}. The l2 norm gives gradient descent,
 * l1 coordinate descent (ties among the maximal coordinates resolved by the {@link TieRule}: the
 * first one, or their average as in forward stagewise), linf sign descent scaled by
 * {@code ||grad L||_1}, a quadratic norm {@code ||.||_D} preconditioned descent {@code -D^{-1} grad L}.
 *
 * <p>Step rules: constant, decaying, exact line search along {@code Dw_t}, and the adaptive rule of
 * Theorem 5, {@code eta_t = c / (B^2 L(w_t))} with {@code B = max_n ||x_n||_*} measured in the dual of
 * this method's norm.
 *
 * <p>The step map {@code g -> argmin_v <g, v> + 1/2 ||v||^2} is positively homogeneous of degree 1,
 * so the direction is formed from the {@link Evaluation}'s scaled gradient and multiplied by
 * {@code exp(log eta_t + logScale)}: the adaptive step, whose size grows like {@code exp(margin)},
 * and the gradient, which shrinks like {@code exp(-margin)}, are combined in log space and stay
 * finite at margins of 1e4 and more.
 *
 * <p>Limit direction and normalised margin of a run are measured in this norm ({@link #geometry()}).
 */
public final class SteepestDescent extends SteppedMethod {
    private final Objective objective;
    private final Norm norm;
    private final StepSize step;
    private final TieRule ties;
    private final double[] w;
    private final double[] direction;
    private final Evaluation ev;

    /**
     * @param objective the loss
     * @param w0        the starting point (copied)
     * @param norm      the norm of the steepest-descent step; also the geometry of the limit
     * @param step      the step-size rule
     * @param ties      how l1, linf and nuclear steps choose among tied maximal directions
     */
    public SteepestDescent(Objective objective, double[] w0, Norm norm, StepRule step, TieRule ties) {
        super("steepest-descent(" + norm.name() + ")");
        Methods.checkStart(objective, w0);
        this.objective = objective;
        this.norm = norm;
        this.ties = ties;
        this.w = w0.clone();
        this.direction = new double[w0.length];
        this.ev = objective.newEvaluation();
        this.step = new StepSize(step, objective.data(), norm);
    }

    @Override
    public double[] iterate() {
        return w;
    }

    /** The norm of the steepest-descent step, in which direction and margin are measured. */
    @Override
    public Norm geometry() {
        return norm;
    }

    @Override
    void stepFrom(long t) {
        objective.evaluate(w, ev);
        // Dw on the scaled gradient: the true step direction is exp(logScale) times it
        norm.steepestStep(ev.scaledGradient(), direction, ties);
        double f = StepSize.finite(step.along(t, ev, objective, ev.predictions(), direction), "steepest descent", t);
        int d = w.length;
        for (int j = 0; j < d; j++) {
            w[j] += f * direction[j];
        }
    }
}
