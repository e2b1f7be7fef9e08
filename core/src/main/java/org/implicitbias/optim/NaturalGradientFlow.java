package org.implicitbias.optim;

import java.util.Arrays;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;

/**
 * The natural-gradient (equivalently, mirror-descent) flow of eq. 10,
 * <pre>
 *   dw/dtau = -H(w)^{-1} grad L(w)   &lt;=&gt;   d theta/dtau = -grad L(w),  theta = grad psi(w),
 * </pre>
 * the common eta -&gt; 0 limit of natural gradient descent and mirror descent, integrated with the
 * adaptive Dormand-Prince 8(5,3) method of Commons Math (absolute tolerance 1e-13, relative 1e-12).
 *
 * <p><b>Dual coordinates.</b> The flow is integrated in {@code theta = grad psi(w)}, with
 * {@code w = (grad psi)^{-1}(theta)}. In the dual the right-hand side needs no Hessian solve (the Hessian
 * is singular at w = 0 for squared-lp and lp-power with p &gt; 2, and unbounded near the boundary of
 * entropy's domain), every theta maps into the domain (entropy and hypentropy iterates cannot leave
 * {@code w > 0} or overshoot through a Runge-Kutta stage), and every accepted state is
 * {@code theta_0} plus a linear combination of gradients, so {@code theta - theta_0} stays in the row
 * space of X up to rounding whatever the integration error: the invariant that makes the limit
 * {@code argmin_G D_psi(w, w0)}.
 *
 * <p><b>Clock.</b> For losses with a root (squared, Huber) the clock is the flow time tau. For monotone
 * losses (exponential, logistic), whose flow time to reach a direction is exponential, the flow is
 * run in the clock {@code ds = L(w) dtau}: {@code d theta/ds = -grad L(w) / L(w)}, the same trajectory
 * (a positive time change) with a right-hand side bounded by {@code max_n ||x_n||}, formed in log
 * space from the {@link Evaluation}; tau itself would overflow, s grows like log tau and stays finite.
 *
 * <p><b>Steps.</b> One {@link #step()} advances the clock by a FIXED interval, so that equal steps are
 * equal flow time and the Runner's tail movement over a window measures the flow's own speed. The
 * default interval is the flow's Euclidean time scale: {@code 1/(2 ||X||_F^2)} for squared and Huber
 * loss (one gradient step at a size below 1/smoothness), {@code 1/max_n ||x_n||_2^2} for monotone
 * losses. Each interval may take at most {@value #MAX_EVALUATIONS} right-hand-side evaluations; a flow
 * too stiff to integrate within that, a non-finite right-hand side or iterate, is reported as
 * {@link RunFailure.Kind#NON_FINITE} with the step and the clock, and the iterate stays where it was.
 * The ODE library allocates its own work arrays per interval.
 */
public final class NaturalGradientFlow extends SteppedMethod {
    /** Cap on right-hand-side evaluations per interval (about 16 000 Dormand-Prince steps). */
    public static final int MAX_EVALUATIONS = 200_000;
    private static final double ABSOLUTE_TOLERANCE = 1e-13;
    private static final double RELATIVE_TOLERANCE = 1e-12;

    private final Objective objective;
    private final Potential potential;
    private final double interval;
    private final boolean normalisedClock;
    private final Evaluation ev;
    private final DormandPrince853Integrator integrator;
    private final Field field = new Field();
    private final double[] theta;
    private final double[] thetaNext;
    private final double[] w;
    private final double[] wStage;
    private double clock;
    private long stepInProgress;

    /**
     * @param objective the loss
     * @param w0        the start (copied), in the open domain of psi
     * @param potential psi
     * @param interval  the clock interval one step advances (flow time for squared/Huber loss, the
     *                  normalised clock s for monotone losses), finite and &gt; 0
     * @throws InvalidInputException if w0 is not in the domain of psi or the interval is not positive
     */
    public NaturalGradientFlow(Objective objective, double[] w0, Potential potential, double interval) {
        super("natural-gradient-flow(" + potential.name() + ")");
        Methods.checkStart(objective, w0);
        Methods.checkInDomain(potential, w0);
        if (!(interval > 0) || !Double.isFinite(interval)) {
            throw new InvalidInputException("algorithm.interval", interval, "a finite number > 0");
        }
        this.objective = objective;
        this.potential = potential;
        this.interval = interval;
        this.normalisedClock = objective.loss().monotone();
        this.ev = objective.newEvaluation();
        int d = w0.length;
        this.w = w0.clone();
        this.wStage = new double[d];
        this.theta = new double[d];
        this.thetaNext = new double[d];
        Methods.linkStart(potential, w, theta);
        this.integrator = new DormandPrince853Integrator(0, interval, ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE);
        integrator.setMaxEvaluations(MAX_EVALUATIONS);
    }

    /** The flow with the default interval (see the class description). */
    public NaturalGradientFlow(Objective objective, double[] w0, Potential potential) {
        this(objective, w0, potential, defaultInterval(objective));
    }

    /** {@code 1/(2 ||X||_F^2)} for losses with a root, {@code 1/max_n ||x_n||_2^2} for monotone losses. */
    public static double defaultInterval(Objective objective) {
        double[] x = objective.data().rowMajor();
        int d = objective.data().d();
        if (objective.loss().monotone()) {
            double max = 0;
            for (int i = 0; i < objective.data().n(); i++) {
                max = Math.max(max, rowSquare(x, i * d, d));
            }
            return max > 0 ? 1 / max : 1;
        }
        double f = Vectors.dot(x, x);
        return f > 0 ? 1 / (2 * f) : 1;
    }

    private static double rowSquare(double[] x, int off, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += x[off + j] * x[off + j];
        }
        return s;
    }

    @Override
    public double[] iterate() {
        return w;
    }

    /** The dual iterate {@code theta = grad psi(w)}; internal buffer, read only. */
    public double[] dualIterate() {
        return theta;
    }

    /**
     * The clock reached so far: flow time tau for squared and Huber loss, the normalised clock
     * {@code s = integral of L dtau} for monotone losses.
     */
    public double clock() {
        return clock;
    }

    /** The clock interval of one step. */
    public double interval() {
        return interval;
    }

    @Override
    void stepFrom(long t) {
        long k = t + 1;
        stepInProgress = k;
        double start = clock;
        double end = start + interval;
        try {
            integrator.integrate(field, start, theta, end, thetaNext);
        } catch (MathIllegalStateException | MathIllegalArgumentException e) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, "natural-gradient-flow step " + k
                    + ": the flow could not be integrated to tolerance from clock " + start + " to " + end
                    + " within " + MAX_EVALUATIONS + " evaluations (" + e.getMessage() + ")");
        }
        if (!Vectors.allFinite(thetaNext)) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, "natural-gradient-flow step " + k
                    + ": the dual iterate is not finite at clock " + end);
        }
        potential.inverseLink(thetaNext, wStage);
        Methods.checkPrimal(potential, wStage, "natural-gradient-flow", k, end);
        System.arraycopy(thetaNext, 0, theta, 0, theta.length);
        System.arraycopy(wStage, 0, w, 0, w.length);
        clock = end;
    }

    /** {@code d theta / dclock = -grad L(w)} (or {@code -grad L(w)/L(w)}), {@code w = (grad psi)^{-1}(theta)}. */
    private final class Field implements FirstOrderDifferentialEquations {
        @Override
        public int getDimension() {
            return theta.length;
        }

        @Override
        public void computeDerivatives(double time, double[] state, double[] derivative) {
            potential.inverseLink(state, wStage);
            if (Vectors.allFinite(wStage)) {
                objective.evaluate(wStage, ev);
                double factor = normalisedClock ? ev.logScale() - ev.logLoss() : ev.logScale();
                ev.scaledCopy(factor, derivative);
                for (int j = 0; j < derivative.length; j++) {
                    derivative[j] = -derivative[j];
                }
                if (Vectors.allFinite(derivative)) {
                    return;
                }
            }
            // A NaN slope would pass the integrator's error test unnoticed: stop here instead.
            throw new RunFailure(RunFailure.Kind.NON_FINITE, "natural-gradient-flow step " + stepInProgress
                    + ": the right-hand side -grad L(w) is not finite at clock " + time
                    + " (w = " + Arrays.toString(wStage) + ")");
        }
    }
}
