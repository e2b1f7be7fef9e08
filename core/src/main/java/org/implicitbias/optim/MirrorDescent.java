package org.implicitbias.optim;

import java.util.Arrays;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;

/**
 * Mirror descent with potential psi (eq. 5 of the paper), with optional momentum, mini-batches and
 * simplex constraint.
 * <pre>
 *   plain (eq. 5):          grad psi(w_{t+1}) = grad psi(w_t) - eta_t grad L(w_t)
 *   dual momentum (eq. 7):  grad psi(w_{t+1}) = grad psi(w_t) + beta_t (grad psi(w_t) - grad psi(w_{t-1}))
 *                                               - eta_t grad L(w_t + gamma_t Dw_{t-1})
 *   primal momentum (eq. 8): grad psi(w_{t+1}) = grad psi(w_t + beta_t Dw_{t-1}) - eta_t grad L(w_t + gamma_t Dw_{t-1})
 * </pre>
 * with {@code Dw_{t-1} = w_t - w_{t-1}}, {@code Dw_{-1} = 0}, and {@code grad L} replaced by the gradient
 * of the mini-batch sum when a {@link MiniBatch} is given (Theorem 1 holds for stochastic gradients too).
 *
 * <p><b>State.</b> The dual variable {@code theta_t = grad psi(w_t)} is the state; {@code w_t =
 * (grad psi)^{-1}(theta_t)} is derived from it. The update is a sum in the dual, so keeping theta
 * avoids a {@code grad psi((grad psi)^{-1}(theta))} round trip per step, whose rounding would move the
 * dual iterate off {@code theta_0 + span(x_n)} (the invariant behind Theorem 1). The link is evaluated
 * only where eq. 8 requires it, at {@code w_t + beta_t Dw_{t-1}} when {@code beta_t != 0}.
 *
 * <p><b>Simplex.</b> With {@code simplex = true} each step ends with the Bregman projection onto
 * {@code {sum_i w_i = 1}}: {@code w = (grad psi)^{-1}(theta - mu 1)} with the multiplier mu chosen so
 * that {@code sum_i w_i = 1}. For entropy this is exponentiated gradient, {@code mu = logsumexp(theta)}
 * (the normalisation done in log space, so no weight overflows); for every other potential mu is the
 * root of the non-increasing function {@code mu -> sum_i w_i(mu) - 1} (monotone because
 * {@code (grad psi)^{-1}} is a monotone map), found by a bracketed Newton iteration. Only entropy
 * keeps {@code w > 0} by itself; for the others a projected point with a negative coordinate (the
 * constraint {@code w >= 0} would become active) is reported as {@link RunFailure.Kind#DOMAIN_EXIT}
 * rather than projected onto the face, which Theorem 1's affine analysis does not cover. The start
 * need not lie on the simplex: the projection shifts theta by multiples of 1, so the limit is still
 * {@code argmin_{G, sum w = 1} D_psi(w, w0)}.
 *
 * <p><b>Failures.</b> A point where the link must be evaluated (the start, the primal momentum point)
 * outside the potential's domain, or an iterate {@code (grad psi)^{-1}(theta)} that is not in the open
 * domain (e.g. an entropy weight {@code exp(theta_i)} that underflowed to 0), throws
 * {@link RunFailure.Kind#DOMAIN_EXIT}; a non-finite dual iterate or weight throws
 * {@link RunFailure.Kind#NON_FINITE}. The messages name the step {@code t+1} being formed. On failure the
 * iterate stays at {@code w_t}. The gradient look-ahead point {@code w_t + gamma_t Dw_{t-1}} needs no
 * domain: the loss of a linear model is defined on all of R^d.
 *
 * <p><b>Steps.</b> Constant, decaying and adaptive rules ({@link StepRule}); the adaptive bound B is
 * the l2 data bound. Exact line search is rejected: the mirror step {@code eta -> (grad psi)^{-1}(theta
 * - eta g)} is a curve, not the straight line {@link LineSearch} searches along.
 */
public final class MirrorDescent extends SteppedMethod {
    private static final int MAX_ROOT_ITERATIONS = 300;

    private final Objective objective;
    private final Potential potential;
    private final StepSize step;
    private final Momentum momentum;
    private final Algorithm.MomentumForm form;
    private final boolean simplex;
    private final boolean entropy;
    private final MiniBatch batch;
    private final Evaluation ev;
    private final int d;

    // rotating buffers: current, previous and next dual and primal iterates
    private double[] theta;
    private double[] thetaPrev;
    private double[] thetaNext;
    private double[] w;
    private double[] wPrev;
    private double[] wNext;
    private final double[] point;
    private final double[] shifted;
    private final double[] ones;
    private final double[] hinvOnes;

    /**
     * @param objective the loss
     * @param w0        the start (copied), in the open domain of psi
     * @param potential the mirror map psi
     * @param step      the step-size rule (not exact line search)
     * @param momentum  momentum parameters ({@link Momentum#none()} for plain MD)
     * @param form      where the momentum acts: {@code DUAL} (eq. 7) or {@code PRIMAL} (eq. 8)
     * @param simplex   whether to constrain the iterates to {@code sum_i w_i = 1} (Bregman projection)
     * @param batch     mini-batch sampler, or null for full gradients
     * @throws InvalidInputException if w0 is not in the domain of psi or the step rule is exact line search
     */
    public MirrorDescent(Objective objective, double[] w0, Potential potential, StepRule step, Momentum momentum,
                         Algorithm.MomentumForm form, boolean simplex, MiniBatch batch) {
        super("mirror-descent(" + potential.name() + ")");
        Methods.checkStart(objective, w0);
        StepSize.refuseLineSearch(step, " for mirror-descent (its step is a curve, not a line to search)");
        Methods.checkInDomain(potential, w0);
        this.objective = objective;
        this.potential = potential;
        this.momentum = momentum;
        this.form = form;
        this.simplex = simplex;
        this.entropy = potential instanceof Potential.Entropy;
        this.batch = batch;
        this.d = w0.length;
        this.ev = objective.newEvaluation();
        this.step = new StepSize(step, objective.data(), geometry());
        this.w = w0.clone();
        this.wPrev = w0.clone();
        this.wNext = new double[d];
        this.theta = new double[d];
        Methods.linkStart(potential, w, theta);
        this.thetaPrev = theta.clone();
        this.thetaNext = new double[d];
        this.point = new double[d];
        this.shifted = new double[d];
        this.ones = new double[d];
        Arrays.fill(ones, 1.0);
        this.hinvOnes = new double[d];
    }

    /** Plain mirror descent (eq. 5) with full gradients. */
    public MirrorDescent(Objective objective, double[] w0, Potential potential, StepRule step) {
        this(objective, w0, potential, step, Momentum.none(), Algorithm.MomentumForm.DUAL, false, null);
    }

    @Override
    public double[] iterate() {
        return w;
    }

    /** The dual iterate {@code theta_t = grad psi(w_t)}; internal buffer, read only. */
    public double[] dualIterate() {
        return theta;
    }

    @Override
    void stepFrom(long t) {
        long k = t + 1;
        double beta = momentum.beta(t);
        double gamma = momentum.gamma(t);
        for (int j = 0; j < d; j++) {
            point[j] = w[j] + gamma * (w[j] - wPrev[j]);
        }
        MiniBatch.evaluate(objective, point, batch, ev);
        double[] g = ev.scaledGradient();
        double f = step.factor(t, ev);
        if (form == Algorithm.MomentumForm.PRIMAL && beta != 0) {
            for (int j = 0; j < d; j++) {
                point[j] = w[j] + beta * (w[j] - wPrev[j]);
            }
            if (!potential.inDomain(point)) {
                throw new RunFailure(RunFailure.Kind.DOMAIN_EXIT, "mirror-descent step " + k
                        + ": the primal momentum point w_t + beta_t Dw_{t-1} = " + Arrays.toString(point)
                        + " leaves the domain of the " + potential.name() + " potential");
            }
            potential.link(point, thetaNext);
            for (int j = 0; j < d; j++) {
                thetaNext[j] -= f * g[j];
            }
        } else {
            // dual momentum (beta = 0 gives eq. 5)
            for (int j = 0; j < d; j++) {
                thetaNext[j] = theta[j] + beta * (theta[j] - thetaPrev[j]) - f * g[j];
            }
        }
        if (!Vectors.allFinite(thetaNext)) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, "mirror-descent step " + k
                    + ": the dual iterate grad psi(w) is not finite (step size " + f + ")");
        }
        if (simplex) {
            project(k);
        } else {
            potential.inverseLink(thetaNext, wNext);
        }
        checkPrimal(k);
        double[] tmp = thetaPrev;
        thetaPrev = theta;
        theta = thetaNext;
        thetaNext = tmp;
        tmp = wPrev;
        wPrev = w;
        w = wNext;
        wNext = tmp;
    }

    private void checkPrimal(long k) {
        Methods.checkPrimal(potential, wNext, "mirror-descent", k);
        if (simplex) {
            for (int j = 0; j < d; j++) {
                if (wNext[j] < 0) {
                    throw new RunFailure(RunFailure.Kind.DOMAIN_EXIT, "mirror-descent step " + k
                            + ": the Bregman projection onto sum w = 1 has w[" + j + "] = " + wNext[j]
                            + " < 0, the constraint w >= 0 became active (only entropy keeps w > 0 on the simplex)");
                }
            }
        }
    }

    /**
     * Replaces {@code thetaNext} by {@code thetaNext - mu 1} and sets {@code wNext} to its inverse link,
     * with mu such that {@code sum wNext = 1}.
     */
    private void project(long k) {
        if (entropy) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : thetaNext) {
                max = Math.max(max, v);
            }
            double s = 0;
            for (double v : thetaNext) {
                s += Math.exp(v - max);
            }
            double lse = max + Math.log(s);
            for (int j = 0; j < d; j++) {
                thetaNext[j] -= lse;
                wNext[j] = Math.exp(thetaNext[j]);
            }
            return;
        }
        // f(mu) = sum_i w_i(mu) - 1 is non-increasing; f'(mu) = -1' H(w)^{-1} 1.
        double lo = Double.NEGATIVE_INFINITY;  // f(lo) > 0
        double hi = Double.POSITIVE_INFINITY;  // f(hi) <= 0
        double mu = 0;
        double scale = Math.max(1, Vectors.normInf(thetaNext));
        for (int it = 0; it < MAX_ROOT_ITERATIONS; it++) {
            double f = excess(mu);
            if (!Double.isFinite(f)) {
                throw new RunFailure(RunFailure.Kind.NON_FINITE, "mirror-descent step " + k
                        + ": the simplex projection met a non-finite sum at multiplier " + mu);
            }
            if (f == 0) {
                break;
            }
            if (f > 0) {
                lo = mu;
            } else {
                hi = mu;
            }
            if (Double.isFinite(lo) && Double.isFinite(hi)
                    && hi - lo <= 2 * Math.ulp(Math.max(Math.abs(lo), Math.abs(hi)))) {
                break;
            }
            potential.solveHessian(wNext, ones, hinvOnes);
            double slope = 0;
            for (double v : hinvOnes) {
                slope -= v;
            }
            double next = mu - f / slope;
            if (!(slope < 0) || !(next > lo && next < hi)) {
                if (lo == Double.NEGATIVE_INFINITY) {
                    next = hi - scale;
                    scale *= 2;
                } else if (hi == Double.POSITIVE_INFINITY) {
                    next = lo + scale;
                    scale *= 2;
                } else {
                    next = 0.5 * (lo + hi);
                }
            }
            if (next == mu) {
                break;
            }
            mu = next;
        }
        double f = excess(mu);
        if (!(Math.abs(f) <= 1e-12 * Math.max(1, Vectors.norm1(wNext)))) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, "mirror-descent step " + k
                    + ": the simplex projection found no multiplier with sum w = 1 (sum w - 1 = " + f + ")");
        }
        for (int j = 0; j < d; j++) {
            thetaNext[j] -= mu;
        }
    }

    /** Sets {@code wNext = (grad psi)^{-1}(thetaNext - mu 1)} and returns {@code sum wNext - 1}. */
    private double excess(double mu) {
        for (int j = 0; j < d; j++) {
            shifted[j] = thetaNext[j] - mu;
        }
        potential.inverseLink(shifted, wNext);
        double s = -1;
        for (double v : wNext) {
            s += v;
        }
        return s;
    }
}
