package org.implicitbias.optim;

import java.util.Arrays;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;

/**
 * Natural gradient descent with the Hessian metric of a potential psi (eq. 9 of the paper):
 * <pre>
 *   w_{t+1} = w_t - eta_t H(w_t)^{-1} grad L(w_t),   H = grad^2 psi,
 * </pre>
 * a straight step in w, unlike mirror descent's step in {@code grad psi(w)}; the two coincide for
 * quadratic potentials and share the flow (eq. 10) as eta -> 0 (see {@link NaturalGradientFlow}).
 *
 * <p>The direction {@code H^{-1} g} is solved with {@link Potential#solveHessian} on the scaled gradient
 * of the {@link Evaluation} and then scaled by {@code exp(log eta_t + logScale)}, so adaptive steps stay
 * finite at any margin. Exact line search searches along the straight line {@code w - eta H^{-1} grad L}.
 *
 * <p>A step that lands outside the open domain of psi (e.g. a coordinate {@code <= 0} for entropy, a
 * too large eta) throws {@link RunFailure.Kind#DOMAIN_EXIT} naming the step; the point is never
 * clipped, and the iterate stays at {@code w_t}. A non-finite direction or iterate (e.g. the
 * Hessian of squared-lp at w = 0) throws {@link RunFailure.Kind#NON_FINITE}.
 */
public final class NaturalGradientDescent extends SteppedMethod {
    private final Objective objective;
    private final Potential potential;
    private final StepSize step;
    private final Evaluation ev;
    private double[] w;
    private double[] wNext;
    /** The descent direction {@code -H(w_t)^{-1} g} on the scaled gradient g. */
    private final double[] descent;

    /**
     * @param objective the loss
     * @param w0        the start (copied), in the open domain of psi
     * @param potential psi, whose Hessian is the metric
     * @param step      the step-size rule
     * @throws InvalidInputException if w0 is not in the domain of psi
     */
    public NaturalGradientDescent(Objective objective, double[] w0, Potential potential, StepRule step) {
        super("natural-gradient(" + potential.name() + ")");
        Methods.checkStart(objective, w0);
        Methods.checkInDomain(potential, w0);
        this.objective = objective;
        this.potential = potential;
        this.ev = objective.newEvaluation();
        this.step = new StepSize(step, objective.data(), geometry());
        this.w = w0.clone();
        this.wNext = new double[w0.length];
        this.descent = new double[w0.length];
    }

    @Override
    public double[] iterate() {
        return w;
    }

    @Override
    void stepFrom(long t) {
        long k = t + 1;
        int d = w.length;
        objective.evaluate(w, ev);
        potential.solveHessian(w, ev.scaledGradient(), descent);
        if (!Vectors.allFinite(descent)) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, "natural-gradient step " + k
                    + ": the direction H(w)^{-1} grad L(w) is not finite at w = " + Arrays.toString(w));
        }
        // negation is exact: w + f (-H^{-1} g) is the same number as w - f H^{-1} g
        for (int j = 0; j < d; j++) {
            descent[j] = -descent[j];
        }
        double f = step.along(t, ev, objective, ev.predictions(), descent);
        for (int j = 0; j < d; j++) {
            wNext[j] = w[j] + f * descent[j];
        }
        if (!Vectors.allFinite(wNext)) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, "natural-gradient step " + k
                    + ": the iterate is not finite (step size " + f + ")");
        }
        if (!potential.inDomain(wNext)) {
            throw new RunFailure(RunFailure.Kind.DOMAIN_EXIT, "natural-gradient step " + k + " leaves the domain of the "
                    + potential.name() + " potential: w = " + Arrays.toString(wNext) + " (step size " + f + ")");
        }
        double[] tmp = w;
        w = wNext;
        wNext = tmp;
    }
}
