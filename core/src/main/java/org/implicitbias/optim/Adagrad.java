package org.implicitbias.optim;

import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;

/**
 * Diagonal AdaGrad (eq. 13-14 of the paper) with a prior accumulator {@code G_0}:
 * <pre>
 *   w_{t+1} = w_t - eta G_t^{-1/2} grad L(w_t),   G_t = G_0 + sum_{u &lt;= t} grad L(w_u)^2   (elementwise),
 * </pre>
 * {@code G_0} diagonal with positive entries {@code g0}. The gradient at {@code w_t} enters
 * {@code G_t} before it is used, so every coordinate's step is at most eta in magnitude.
 *
 * <p>This is steepest descent w.r.t. the changing norm {@code ||v||_t = sqrt(v' G_t^{1/2} v)}; with
 * exponential loss, {@code eta^2 L(w_0) < 1} and {@code ||G_0^{-1/4} x_n||_2 <= 1}, Proposition 6
 * shows every {@code G_t[i,i]} stays bounded, so the preconditioner settles and the limit direction is
 * the max-margin direction in the norm {@code sqrt(w' G_inf^{1/2} w)} of the settled accumulator: it
 * depends on eta, w_0 and G_0. {@link #settledNorm()} gives that norm for the current accumulator.
 *
 * <p>The accumulator sums TRUE squared gradients {@code exp(2 logScale) scaledGradient^2}; at large
 * margins they underflow to 0, which is what the exact sum does to double precision (the increments
 * are below the accumulator's resolution long before). Direction and margin of a run are measured in l2.
 */
public final class Adagrad extends SteppedMethod {
    private final Objective objective;
    private final double eta;
    private final double[] w;
    private final double[] accumulator;
    private final Evaluation ev;

    /**
     * @param objective the loss
     * @param w0        the starting point (copied)
     * @param eta       the step size, finite and &gt; 0
     * @param g0        the diagonal of G_0, entries finite and &gt; 0; one entry stands for every coordinate
     */
    public Adagrad(Objective objective, double[] w0, double eta, double[] g0) {
        super("adagrad");
        Methods.checkStart(objective, w0);
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new InvalidInputException("algorithm.eta", eta, "a finite number > 0");
        }
        int d = w0.length;
        if (g0 == null || (g0.length != d && g0.length != 1)) {
            throw new InvalidInputException("algorithm.g0", g0 == null ? "nothing" : g0.length + " entries",
                    d + " entries (one per coordinate) or a single entry for all");
        }
        this.accumulator = new double[d];
        for (int i = 0; i < d; i++) {
            double g = g0[g0.length == 1 ? 0 : i];
            if (!(g > 0) || !Double.isFinite(g)) {
                throw new InvalidInputException("algorithm.g0[" + (g0.length == 1 ? 0 : i) + "]", g,
                        "a finite number > 0 (G_0 must be positive definite)");
            }
            accumulator[i] = g;
        }
        this.objective = objective;
        this.eta = eta;
        this.w = w0.clone();
        this.ev = objective.newEvaluation();
    }

    @Override
    public double[] iterate() {
        return w;
    }

    /**
     * A copy of the accumulator's diagonal after t steps: {@code G_0 + sum_{u < t} grad L(w_u)^2},
     * i.e. the {@code G_{t-1}} the last step used ({@code G_0} before the first step).
     */
    public double[] accumulator() {
        return accumulator.clone();
    }

    /** {@code G[i,i]} of the current accumulator, without copying. */
    public double accumulator(int i) {
        return accumulator[i];
    }

    /**
     * The norm {@code sqrt(w' G^{1/2} w)} of the current accumulator G: with a settled G the run is
     * gradient descent in {@code v = G^{1/4} w}, whose limit direction is the max-margin direction in
     * this norm.
     */
    public QuadraticNorm settledNorm() {
        int d = w.length;
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            m[i][i] = Math.sqrt(accumulator[i]);
        }
        return new QuadraticNorm(m);
    }

    @Override
    void stepFrom(long t) {
        objective.evaluate(w, ev);
        double[] g = ev.scaledGradient();
        double scale = Math.exp(ev.logScale());
        int d = w.length;
        for (int i = 0; i < d; i++) {
            double gi = scale * g[i];
            double acc = accumulator[i] + gi * gi;
            if (!Double.isFinite(acc)) {
                throw new RunFailure(RunFailure.Kind.NON_FINITE,
                        "adagrad: accumulator G[" + i + "," + i + "] overflowed at step " + t);
            }
            accumulator[i] = acc;
            w[i] -= eta * gi / Math.sqrt(acc);
        }
    }
}
