package org.implicitbias.optim;

import org.implicitbias.model.Evaluation;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;

/**
 * Gradient descent on a diagonal linear network {@code w = u*u - v*v} (elementwise), started at
 * {@code u = v = alpha 1} (so {@code w_0 = 0}):
 * <pre>
 *   u_{t+1} = u_t - eta_t 2 u_t * g_t,   v_{t+1} = v_t + eta_t 2 v_t * g_t,   g_t = grad L(w_t).
 * </pre>
 * Its gradient flow is mirror descent flow with the hypentropy potential, beta = 2 alpha^2 (time
 * scaled by 2): {@code asinh(w/beta)} moves by {@code -2 g dt}, so with squared loss the flow's limit
 * is {@code argmin_{Xw = y} D_psi(w, 0)} (Woodworth et al. 2020); finite steps deviate from it by O(eta).
 *
 * <p>Step rules: constant, decaying, adaptive ({@code B} in l2); the loss along a step is not a line
 * in w, so exact line search is refused. The update uses the scaled gradient times
 * {@code exp(log eta_t + logScale)}; w is formed as {@code (u - v)(u + v)} to avoid cancellation.
 */
public final class DiagonalNetwork extends SteppedMethod {
    private final Objective objective;
    private final StepSize step;
    private final double alpha;
    private final double[] u;
    private final double[] v;
    private final double[] w;
    private final Evaluation ev;

    /**
     * @param objective the loss
     * @param alpha     the initial scale, finite and &gt; 0
     * @param step      the step-size rule
     */
    public DiagonalNetwork(Objective objective, double alpha, StepRule step) {
        super("diagonal-network(alpha=" + alpha + ")");
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new InvalidInputException("algorithm.init-scale", alpha, "a finite number > 0");
        }
        StepSize.refuseLineSearch(step, " (the loss along a network step is not linear in the step)");
        int d = objective.data().d();
        this.objective = objective;
        this.alpha = alpha;
        this.u = new double[d];
        this.v = new double[d];
        this.w = new double[d];
        java.util.Arrays.fill(u, alpha);
        java.util.Arrays.fill(v, alpha);
        this.ev = objective.newEvaluation();
        this.step = new StepSize(step, objective.data(), geometry());
    }

    /** The network's predictor {@code w = u*u - v*v}. */
    @Override
    public double[] iterate() {
        return w;
    }

    /** A copy of u. */
    public double[] u() {
        return u.clone();
    }

    /** A copy of v. */
    public double[] v() {
        return v.clone();
    }

    /** The hypentropy parameter {@code beta = 2 alpha^2} of the network's flow. */
    public double beta() {
        return 2 * alpha * alpha;
    }

    @Override
    void stepFrom(long t) {
        objective.evaluate(w, ev);
        double[] g = ev.scaledGradient();
        // 2 eta_t g: the factor 2 of d(u*u)/du
        double f = StepSize.finite(2 * step.factor(t, ev), "diagonal network", t);
        for (int i = 0; i < w.length; i++) {
            double c = f * g[i];
            u[i] -= c * u[i];
            v[i] += c * v[i];
            w[i] = (u[i] - v[i]) * (u[i] + v[i]);
        }
    }
}
