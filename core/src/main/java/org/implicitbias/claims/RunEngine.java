package org.implicitbias.claims;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.optim.ChunkedMethod;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.Momentum;
import org.implicitbias.optim.Runner;
import org.implicitbias.optim.StepRule;
import org.implicitbias.optim.TailDeclaring;
import org.implicitbias.optim.Trace;
import org.implicitbias.oracle.Reference;

/**
 * Runs one {@link RunPlan} and judges it: CONFIRMED, REFUTED or INCONCLUSIVE, honestly.
 *
 * <p><b>Settled means: reached the limit set, with a bound.</b> A run is judged only when it shows the
 * evidence its claim's theorem uses:
 * <ul>
 * <li>a point limit (losses with a finite root) lies near {@code G = {Xw = y}}: the exact l2 distance of the
 *     estimate to G is measured (projection through the SVD of X) and charged to the estimate's error; a run
 *     whose tail has converged while its distance to G exceeds its remaining movement converges <em>off</em> G
 *     (stuck, summable steps, vanishing gradients) and is INCONCLUSIVE for a claim about a global minimum;</li>
 * <li>a direction limit (monotone losses) has {@code ||w||} growing and the loss falling over the judged
 *     doublings of t; otherwise the run is FROZEN and INCONCLUSIVE;</li>
 * <li>periodic orbits never settle: movement is measured over prime windows (no short period divides them)
 *     and over single steps; a tail that moves little over a window but much over a step is CYCLING.</li>
 * </ul>
 *
 * <p>A limit is estimated from the run, with an error bound:
 * <ul>
 * <li>Theorem 1 restarted at the last iterate, when the method's tail is mirror descent with potential psi
 *     whose link-space steps stay in the row space of X (plain GD/MD, any momentum on GD, dual momentum,
 *     primal momentum that has stopped, mini-batches, steepest descent w.r.t. a quadratic norm, natural
 *     gradient with a quadratic potential): its limit is exactly {@code argmin_G D_psi(w, w_T)}, solved by the
 *     oracle, used only when the run's own tail converges and the prediction is within its reach.</li>
 * <li>Otherwise, for points, the last iterate, run for two more prime windows: with movements a, b over them,
 *     the larger of the geometric tail {@code b q / (1 - q)} ({@code q = b/a}) and a power-law fit bounds the
 *     remaining movement; q >= 1 means the run did not settle.</li>
 * <li>For directions, the unit direction at T, judged over doublings of t (T/16, T/4, T/2, T).</li>
 * <li>Soudry's bounded-residual test (fixed-step GD on separable data).</li>
 * <li>AdaGrad's settled preconditioner: the max margin in the norm {@code sqrt(w' G_T^{1/2} w)}, used only
 *     when the run itself moves (norm growing, loss falling) and approaches the prediction.</li>
 * </ul>
 *
 * <p><b>Both sides of every comparison.</b> With the gap g to the reference, tolerance tau and E the sum of
 * every error bound (the estimate's, the reference certificate's, the distance to G): CONFIRMED needs
 * {@code g + E <= tau}; REFUTED needs {@code g > tau + E}; anything between is INCONCLUSIVE. Where the
 * reference is not unique (l1/linf minimum norms) the gap is the distance to the optimal face
 * ({@link OptimalFace}). A second route, the KKT conditions at the estimate itself ({@link KktRoute}), must
 * agree with the first: a reference point farther from the estimate than the KKT bound allows makes the
 * run INCONCLUSIVE, and where the KKT route gives a bound a confirmation needs it within tolerance too.
 */
public final class RunEngine {
    private static final int MAX_SAMPLES = 100_000;

    private final ReferenceOracle oracle;
    private final MethodOverride override;

    /**
     * Builds the method of a run in place of the spec's algorithm (mutation tests, experiments). With an
     * override the checker knows nothing of the method's tail, so it never uses Theorem 1 for it.
     */
    @FunctionalInterface
    public interface MethodOverride {
        IterativeMethod start(RunPlan plan, Objective objective, double[] w0);
    }

    public RunEngine(ReferenceOracle oracle, MethodOverride override) {
        this.oracle = oracle;
        this.override = override;
    }

    /** The methods of the runs in progress, for progress reports from another thread. */
    private final java.util.Map<RunPlan, IterativeMethod> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

    /** Runs and judges one plan. */
    public RunResult run(RunPlan plan) {
        List<IterativeMethod> started = new java.util.ArrayList<>();
        STARTED.set(started);
        CERTIFY.set(plan.budget().certifyBudget());
        try {
            return runInner(plan, System.nanoTime());
        } finally {
            inFlight.remove(plan);
            CERTIFY.remove();
            // external optimizers hold a process: end every method this run started
            STARTED.remove();
            started.forEach(ChunkedMethod::closeIfHeld);
        }
    }

    /**
     * The certification budget of the run on this thread (its spec's {@code budget.certify}): every
     * reference the run asks for, wherever in the judge, is certified within it.
     */
    private static final ThreadLocal<java.time.Duration> CERTIFY = new ThreadLocal<>();

    /** The methods started by the run on this thread, closed when it ends. */
    private static final ThreadLocal<List<IterativeMethod>> STARTED = new ThreadLocal<>();

    private static IterativeMethod started(IterativeMethod m) {
        List<IterativeMethod> list = STARTED.get();
        if (list != null) {
            list.add(m);
        }
        return m;
    }

    /**
     * The runs in progress with the steps each has taken (read without synchronisation: a progress report may
     * lag a step behind).
     */
    public java.util.Map<RunPlan, Long> stepsInFlight() {
        java.util.Map<RunPlan, Long> out = new java.util.LinkedHashMap<>();
        inFlight.forEach((plan, method) -> out.put(plan, method.steps()));
        return out;
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private IterativeMethod start(RunPlan plan, Objective obj) {
        IterativeMethod m = started(override != null ? override.start(plan, obj, plan.w0().clone())
                : plan.algorithm().start(obj, plan.w0().clone()));
        inFlight.put(plan, m);
        return m;
    }

    private RunResult runInner(RunPlan plan, long start) {
        Target target = plan.target();
        Objective obj = new Objective(plan.instance().data(), plan.loss());
        if (target.property() != null) {
            return PropertyChecks.check(plan, obj, this, this::start, start);
        }
        if (target.sameIterates() != null) {
            RunResult cmp = compareIterates(plan, obj, start);
            if (cmp != null) {
                return cmp;
            }
        }
        IterativeMethod method = start(plan, obj);
        PreconditionerTracker tracker = null;
        if (usesSettledPreconditioner(plan)) {
            tracker = new PreconditionerTracker(method, obj, ((Algorithm.AdagradAlgorithm) plan.algorithm()).g0());
            method = tracker;
        }
        RunBudget rb = plan.budget();
        boolean direction = target.limit() == Target.Limit.DIRECTION;
        boolean residual = target.judge() == Target.Judge.BOUNDED_RESIDUAL;
        Budget budget = new Budget(rb.iterations(), rb.seconds(), rb.window(), residual ? 0 : rb.settle(),
                direction ? Budget.Limit.DIRECTION : Budget.Limit.POINT);
        // log-spaced samples: the direction predictors use them, and every run's convergence curve is drawn from them
        Runner runner = new Runner(obj, MAX_SAMPLES);
        Trace trace = runner.run(method, budget);
        if (trace.outcome().failed()) {
            return RunResult.inconclusive(plan, "run failed: " + trace.outcome().label()
                    + (trace.failure() != null ? " (" + trace.failure() + ")" : ""), trace.iterations(),
                    trace.tailMovement(), seconds(start));
        }
        if (trace.outcome() == Trace.Outcome.CYCLING) {
            return RunResult.inconclusive(plan, "cycling: the tail moved " + fmt(trace.tailMovement()) + " over a window of "
                    + trace.tailSteps() + " steps but " + fmt(trace.stepMovement()) + " over its last step: a periodic orbit"
                    + " or an oscillation that has not died out, not a limit", trace.iterations(), trace.tailMovement(),
                    seconds(start));
        }
        if (direction || residual) {
            String frozen = frozen(trace);
            if (frozen != null) {
                return RunResult.inconclusive(plan, frozen, trace.iterations(), trace.tailMovement(), seconds(start));
            }
        }
        if (residual) {
            return boundedResidual(plan, trace, start);
        }
        if (tracker != null) {
            Estimate est = settledPreconditioner(plan, tracker, runner, trace);
            if (est.failure != null) {
                return RunResult.inconclusive(plan, est.failure, est.iterations, trace.tailMovement(), seconds(start));
            }
            return pendingOrJudged(plan, trace, est, 0, true, start);
        }
        if (direction) {
            Estimate est = directionHistory(trace);
            double cycle = trace.stepMovement();
            double tolerance = Tolerance.given(plan.tolerance().distance()) ? plan.tolerance().distance()
                    : plan.tolerance().margin();
            if (Double.isFinite(cycle) && cycle > Math.max(tolerance, 1e-9)) {
                return RunResult.inconclusive(plan, "cycling: the direction moved " + fmt(cycle) + " over a single step at T = "
                        + trace.iterations() + ", more than the tolerance " + fmt(tolerance), trace.iterations(),
                        trace.tailMovement(), seconds(start));
            }
            return pendingOrJudged(plan, trace, est, 0, true, start);
        }
        return pointRun(plan, method, runner, trace, start);
    }

    /** Whether the limit is estimated by AdaGrad's settled preconditioner (asked for, or automatic on separable data). */
    static boolean usesSettledPreconditioner(RunPlan plan) {
        Target.Predictor p = plan.target().predictor();
        return plan.algorithm() instanceof Algorithm.AdagradAlgorithm && plan.target().limit() == Target.Limit.DIRECTION
                && (p == Target.Predictor.SETTLED_PRECONDITIONER || p == Target.Predictor.AUTOMATIC)
                && plan.target().reference() != null;
    }

    /**
     * Why a direction run does not show the premise of the direction theorems (loss going to 0 and
     * {@code ||w||} growing over the judged span [T/16, T]), or null when it does. A run whose norm grew by
     * less than a relative 1e-6 over that span, or whose loss did not fall, is frozen: its direction is its
     * start's, whatever the theorem says of limits.
     */
    static String frozen(Trace trace) {
        if (trace.outcome() == Trace.Outcome.FROZEN) {
            return "frozen: ||w|| stopped growing (log ||grad L||_* = " + fmt(trace.logGradientDualNorm())
                    + "): the gradients cannot move w within the budget, so the direction shows nothing of a limit";
        }
        List<Trace.Sample> samples = trace.samples();
        if (samples.isEmpty()) {
            return null;
        }
        long t = trace.iterations();
        Trace.Sample early = nearest(samples, Math.max(1, t / 16));
        double n0 = Vectors.norm2(early.w());
        double n1 = Vectors.norm2(trace.w());
        double growth = n1 == 0 ? 0 : (n1 - n0) / n1;
        boolean lossFell = trace.logLoss() < early.logLoss();
        if (!(growth > Runner.FROZEN_GROWTH) || !lossFell) {
            return "frozen: over t in [" + early.t() + ", " + t + "] ||w|| grew by a relative " + fmt(growth)
                    + " and log L went from " + fmt(early.logLoss()) + " to " + fmt(trace.logLoss())
                    + " (log ||grad L||_* = " + fmt(trace.logGradientDualNorm()) + "): the run is not moving towards a"
                    + " limit direction";
        }
        return null;
    }

    /** An invariance claim's estimate (judged across runs by the checker), or the direction judgement. */
    private RunResult pendingOrJudged(RunPlan plan, Trace trace, Estimate est, double toG, boolean direction, long start) {
        if (plan.target().reference() == null) {
            return RunResult.limitOnly(plan, est.value, est.bound + toG, trace.tailMovement(), est.iterations, est.level,
                    seconds(start));
        }
        return direction ? judgeDirection(plan, trace, est, start) : judgePoint(plan, trace, est, toG, start);
    }

    /**
     * A point run: the last iterate with its tail bound, its distance to G, and Theorem 1 where the tail is
     * mirror descent and the run itself converges.
     */
    private RunResult pointRun(RunPlan plan, IterativeMethod method, Runner runner, Trace trace, long start) {
        Estimate tail = lastIterate(plan, method, runner);
        if (tail.failure != null) {
            return RunResult.inconclusive(plan, tail.failure, tail.iterations, trace.tailMovement(), seconds(start));
        }
        Dataset data = plan.instance().data();
        boolean simplex = (plan.target().reference() instanceof Reference.MinBregman mb && mb.simplex())
                || (plan.algorithm() instanceof Algorithm.MirrorDescentAlgorithm md && md.simplex());
        double toG = data.interpolatingSet(simplex).distance(tail.value);
        double scale = Math.max(1, Vectors.norm2(tail.value));
        double rounding = 1e-12 * scale;
        String whereG = "distance to G " + fmt(toG);
        if (!Double.isFinite(tail.bound)) {
            String why;
            if (trace.outcome() == Trace.Outcome.STUCK || toG > 1e3 * Math.max(trace.tailMovement(), rounding)) {
                why = "stuck: the run moves " + fmt(trace.tailMovement()) + " per window of " + trace.tailSteps()
                        + " steps and does not converge, while its " + whereG + " is far larger: it cannot reach G"
                        + " within the budget";
            } else {
                why = "not converging within budget: tail movement " + fmt(trace.tailMovement()) + " after "
                        + method.steps() + " steps does not shrink (" + whereG + ")";
            }
            return RunResult.inconclusive(plan, why, method.steps(), trace.tailMovement(), seconds(start));
        }
        if (toG > 2 * tail.bound + rounding) {
            String why = "converges off G: " + whereG + " exceeds the remaining movement " + fmt(tail.bound)
                    + " (stuck, steps that sum to a finite length, or vanishing gradients): the limit is not a global"
                    + " minimum, so a claim about the global minimum it reaches does not apply";
            if (plan.target().reference() == null) {
                // an invariance claim speaks of the run's limit whatever it is: the estimate stands
                return RunResult.limitOnly(plan, tail.value, tail.bound, trace.tailMovement(), tail.iterations, tail.level,
                        seconds(start));
            }
            return RunResult.inconclusive(plan, why, method.steps(), trace.tailMovement(), seconds(start));
        }
        Estimate est = withDeclaredTailNote(tail, method);
        if (useTheorem1(plan, method)) {
            est = theorem1(plan, method);
            if (est.failure == null) {
                // the prediction must be within reach of the run's own converging tail
                double gapToRun = Vectors.distance(est.value, tail.value);
                if (gapToRun > 10 * (tail.bound + toG) + rounding) {
                    return RunResult.inconclusive(plan, "the Theorem 1 prediction is " + fmt(gapToRun)
                            + " from w_T, farther than the run's remaining movement " + fmt(tail.bound) + " and "
                            + whereG + ": the tail is not the mirror-descent tail the theorem speaks of",
                            method.steps(), trace.tailMovement(), seconds(start));
                }
                // the prediction is the exact limit: only its certificate's bound remains
                toG = 0;
            }
        }
        if (est.failure != null) {
            return RunResult.inconclusive(plan, est.failure, est.iterations, trace.tailMovement(), seconds(start));
        }
        return pendingOrJudged(plan, trace, est, toG, false, start);
    }

    // ------------------------------------------------------------ estimates

    /** A limit estimate: the point or unit l2 direction, its error bound, level and steps. */
    private static final class Estimate {
        private final double[] value;
        private final double bound;
        private final Evidence level;
        private final long iterations;
        private final String how;
        private final String failure;
        private final double[][] history;

        Estimate(double[] value, double bound, Evidence level, long iterations, String how, String failure,
                 double[][] history) {
            this.value = value;
            this.bound = bound;
            this.level = level;
            this.iterations = iterations;
            this.how = how;
            this.failure = failure;
            this.history = history;
        }

        Estimate(double[] value, double bound, Evidence level, long iterations, String how, String failure) {
            this(value, bound, level, iterations, how, failure, null);
        }

        static Estimate failed(String why, long iterations) {
            return new Estimate(null, Double.NaN, Evidence.NONE, iterations, null, why);
        }
    }

    /**
     * The direction at T with the iterates at about T/4 and T/2: a direction tail is judged over
     * doublings of t, where the O(1/t) tails of Theorem 5 halve (and zig-zags of l1/linf steps average out).
     */
    private Estimate directionHistory(Trace trace) {
        long t = trace.iterations();
        double[] w2 = trace.w();
        double[] w1 = nearest(trace.samples(), Math.max(1, t / 2)).w();
        double[] w0 = nearest(trace.samples(), Math.max(1, t / 4)).w();
        double[] wq = nearest(trace.samples(), Math.max(1, t / 16)).w();
        double[] u0 = snapshot(w0, true);
        double[] u1 = snapshot(w1, true);
        double[] u2 = snapshot(w2, true);
        // movements of a unit direction below 1e-9 per doubling are its rounding and step jitter
        double bound = doublingBound(Vectors.distance(u1, u0), Vectors.distance(u2, u1), 1e-9);
        return new Estimate(u2, bound, Evidence.RUN_LIMITS, t, "last iterate, direction tail bound " + fmt(bound), null,
                new double[][]{wq, w0, w1, w2});
    }

    /**
     * The remaining change of a quantity whose changes over the doublings {@code [T/4, T/2]} and
     * {@code [T/2, T]} are a and b: geometric over doublings, {@code b q / (1 - q)} with {@code q = b/a}
     * (an O(1/t) tail has q = 1/2 and leaves b); q >= 1 (a logarithmic or stalled tail) gives infinity.
     */
    static double doublingBound(double a, double b, double floor) {
        if (a <= floor && b <= floor) {
            return floor;
        }
        if (!(b < a)) {
            return Double.POSITIVE_INFINITY;
        }
        double q = b / a;
        return b * q / (1 - q) + floor;
    }

    /**
     * Whether Theorem 1 restarted at step T gives the limit of this run exactly: the spec's algorithm has a
     * mirror-descent tail, or the method declares one ({@link TailDeclaring}) and its iterates bore it out.
     */
    boolean useTheorem1(RunPlan plan, IterativeMethod method) {
        Target.Predictor p = plan.target().predictor();
        if (p == Target.Predictor.LAST_ITERATE) {
            return false;
        }
        if (method instanceof TailDeclaring td && td.declaredTail() != null) {
            return td.declaredTailHolds();
        }
        if (override != null) {
            return false;
        }
        long t = method.steps();
        boolean plain = plainMirrorTail(plan.algorithm(), t);
        if (p == Target.Predictor.THEOREM_1 && !plain) {
            throw new InvalidInputException("claim.predictor", "theorem-1",
                    "an algorithm whose tail is mirror descent (" + plan.algorithm().kind() + " with these settings is not)");
        }
        return plain;
    }

    /** The last-iterate estimate, noting why a declared tail was not used. */
    private static Estimate withDeclaredTailNote(Estimate tail, IterativeMethod m) {
        if (m instanceof TailDeclaring td && td.declaredTailFailure() != null && tail.how != null) {
            return new Estimate(tail.value, tail.bound, tail.level, tail.iterations,
                    tail.how + "; " + td.declaredTailFailure(), tail.failure, tail.history);
        }
        return tail;
    }

    /** Whether the link-space steps of the algorithm after step t stay in the row space of X. */
    static boolean plainMirrorTail(Algorithm a, long t) {
        if (a instanceof Algorithm.ExternalAlgorithm e) {
            // declared, not known: the run's iterates must bear it out before it is used (declaredTailHolds)
            return e.tail() != null;
        }
        if (a instanceof Algorithm.GradientDescentAlgorithm) {
            // link = identity and every step (any momentum, batch or step rule) lies in the row space of X
            return true;
        }
        if (a instanceof Algorithm.MirrorDescentAlgorithm md) {
            Momentum m = md.momentum();
            boolean inactive = (m.beta() == 0 && m.gamma() == 0) || m.steps() < t;
            return md.form() == Algorithm.MomentumForm.DUAL || inactive;
        }
        if (a instanceof Algorithm.SteepestDescentAlgorithm sd) {
            return sd.norm() instanceof Norm.L2 || sd.norm() instanceof QuadraticNorm;
        }
        if (a instanceof Algorithm.NaturalGradientAlgorithm ng) {
            return ng.potential() instanceof QuadraticPotential || ng.potential() instanceof Potential.SquaredL2;
        }
        return false;
    }

    /** The reference program whose solution from w_T is the limit of a mirror tail. */
    static Reference mirrorProgram(Algorithm a) {
        return mirrorProgram(SpecLoader.potentialOf(a), a instanceof Algorithm.MirrorDescentAlgorithm md && md.simplex());
    }

    /** The program whose solution from w_T is the limit of a mirror tail with potential p. */
    static Reference mirrorProgram(Potential p, boolean simplex) {
        if (!simplex && p instanceof Potential.SquaredL2) {
            return new Reference.MinDistance(new Norm.L2());
        }
        if (!simplex && p instanceof QuadraticPotential q) {
            return new Reference.MinDistance(new QuadraticNorm(q.form()));
        }
        return new Reference.MinBregman(p, simplex);
    }

    private Estimate theorem1(RunPlan plan, IterativeMethod method) {
        Dataset data = plan.instance().data();
        double[] wT = method.iterate().clone();
        Reference program = method instanceof TailDeclaring td && td.declaredTail() != null
                ? mirrorProgram(td.declaredTail().potential(), false) : mirrorProgram(plan.algorithm());
        Solution s = solve(program, data, wT);
        if (s.status() != Solution.Status.SOLVED) {
            return Estimate.failed("Theorem 1 predictor: solver " + s.status().name().toLowerCase(Locale.ROOT) + " (" + s.message() + ")",
                    method.steps());
        }
        return new Estimate(s.point(), s.bound(), s.level(), method.steps(),
                "theorem-1 from w_T, " + fmt(Vectors.distance(s.point(), wT)) + " away", null);
    }

    /**
     * The last iterate after two more prime windows of k steps (movements a, b), with the remaining
     * movement bounded by {@link #tailBound}. A last step that moves more than the whole tail bound shows
     * an oscillation the windows hide: no bound.
     */
    private Estimate lastIterate(RunPlan plan, IterativeMethod method, Runner runner) {
        long k = Budget.cycleFreeWindow(Math.max(1, plan.budget().window()));
        double[] w0 = method.iterate().clone();
        Trace t1 = runner.run(method, Budget.iterations(k, Budget.Limit.POINT));
        if (t1.outcome().failed()) {
            return Estimate.failed("run failed while measuring its tail: " + t1.failure(), method.steps());
        }
        double[] w1 = method.iterate().clone();
        Trace t2 = runner.run(method, Budget.iterations(k, Budget.Limit.POINT));
        if (t2.outcome().failed()) {
            return Estimate.failed("run failed while measuring its tail: " + t2.failure(), method.steps());
        }
        double[] w2 = method.iterate().clone();
        double a = Vectors.distance(w1, w0);
        double b = Vectors.distance(w2, w1);
        // movements at the settle tolerance (the runner's own "settled"), or at rounding, are not a drift
        double floor = Math.max(1e-12, plan.budget().settle()) * Math.max(1, Vectors.norm2(w2));
        double bound = tailBound(a, b, method.steps() - 2 * k, k, floor);
        double step = t2.stepMovement();
        if (Double.isFinite(step) && step > 4 * bound + floor) {
            return new Estimate(w2, Double.POSITIVE_INFINITY, Evidence.NONE, method.steps(), "last iterate", null);
        }
        return new Estimate(w2, bound, Evidence.RUN_LIMITS, method.steps(), "last iterate, tail bound " + fmt(bound), null);
    }

    /**
     * A bound on the remaining movement of a converging sequence from its movements a over
     * {@code [t, t+k]} and b over {@code [t+k, t+2k]}: the larger of the geometric tail {@code b q/(1-q)},
     * {@code q = b/a}, and the power-law tail: fitting {@code e(s) = c s^-alpha} to the ratio
     * ({@code q = (1 + k/t)^-(alpha+1)}) leaves {@code e(t+2k) ~ b (t+2k) / (alpha k)}. The power law is the
     * conservative model for the O(1/t) tails of adaptive steps; alpha <= 0 (a logarithmic or stalled
     * tail) gives infinity. Movements both below {@code floor} (rounding) give the floor.
     */
    static double tailBound(double a, double b, long t, long k, double floor) {
        if (a <= floor && b <= floor) {
            return floor;
        }
        if (!(b < a)) {
            return Double.POSITIVE_INFINITY;
        }
        double q = b / a;
        double geometric = b * q / (1 - q);
        double alpha = -Math.log(q) / Math.log1p((double) k / Math.max(1, t)) - 1;
        if (!(alpha > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double power = b * (Math.max(1, t) + 2.0 * k) / (alpha * k);
        return Math.max(geometric, power) + floor;
    }

    private static double[] snapshot(double[] w, boolean direction) {
        if (!direction) {
            return w.clone();
        }
        double n = Vectors.norm2(w);
        return n == 0 ? w.clone() : Vectors.scaled(1 / n, w);
    }

    /**
     * AdaGrad's limit direction predicted from its settled preconditioner: the max margin in the norm
     * {@code sqrt(w' G^{1/2} w)}. Used only when the run shows the premise (the caller has checked that the
     * norm grows and the loss falls) and its own direction approaches the prediction over the judged doublings:
     * a run that moves away from it, or stays far while not moving, is not the run the prediction speaks of.
     */
    private Estimate settledPreconditioner(RunPlan plan, PreconditionerTracker tracker, Runner runner, Trace trace) {
        long k = Budget.cycleFreeWindow(Math.max(1, plan.budget().window()));
        double[] g0 = tracker.accumulator();
        runner.run(tracker, Budget.iterations(k, Budget.Limit.DIRECTION));
        double[] g1 = tracker.accumulator();
        runner.run(tracker, Budget.iterations(k, Budget.Limit.DIRECTION));
        double[] g2 = tracker.accumulator();
        double a = relativeChange(g1, g0);
        double b = relativeChange(g2, g1);
        double remaining = tailBound(a, b, tracker.steps() - 2 * k, k, 1e-15);
        int d = g2.length;
        double[][] dm = new double[d][d];
        for (int i = 0; i < d; i++) {
            dm[i][i] = Math.sqrt(g2[i]);
        }
        Solution s = solve(new Reference.MaxMargin(new QuadraticNorm(dm)), plan.instance().data(), plan.w0());
        if (s.status() != Solution.Status.SOLVED) {
            return Estimate.failed("settled-preconditioner predictor: solver " + s.status().name().toLowerCase(Locale.ROOT), tracker.steps());
        }
        double[] u = s.point().clone();
        double n = Vectors.norm2(u);
        u = Vectors.scaled(1 / n, u);
        // the run's own directions at T/4 and T must approach the prediction (or already be within tolerance of it)
        long t = trace.iterations();
        double[] early = snapshot(nearest(trace.samples(), Math.max(1, t / 4)).w(), true);
        double[] late = snapshot(tracker.iterate(), true);
        double dEarly = Vectors.distance(early, u);
        double dLate = Vectors.distance(late, u);
        double tol = Tolerance.given(plan.tolerance().distance()) ? plan.tolerance().distance() : plan.tolerance().margin();
        if (dLate > tol && !(dLate < dEarly)) {
            return Estimate.failed("settled-preconditioner predictor: the run's direction does not approach the prediction"
                    + " (distance " + fmt(dEarly) + " at T/4, " + fmt(dLate) + " at T)", tracker.steps());
        }
        // a relative change e of D = G^{1/2} moves the quadratic-norm maximiser by O(e): the remaining
        // growth of G (geometric extrapolation) bounds it, plus the certificate's own bound
        return new Estimate(u, s.bound() + remaining, s.level(), tracker.steps(),
                "max margin of the settled preconditioner (the run is " + fmt(dLate) + " from it at T)", null);
    }

    private static double relativeChange(double[] now, double[] before) {
        double m = 0;
        for (int i = 0; i < now.length; i++) {
            m = Math.max(m, Math.abs(Math.sqrt(now[i]) - Math.sqrt(before[i])) / Math.sqrt(before[i]));
        }
        return m;
    }

    Solution solve(Reference reference, Dataset data, double[] w0) {
        Solution s;
        try {
            java.time.Duration certify = CERTIFY.get();
            s = certify == null ? oracle.solve(reference, data, w0) : oracle.solve(reference, data, w0, certify);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            return Solution.failed(Solution.Status.UNKNOWN, "solver failed: " + e);
        }
        if (s.status() == Solution.Status.INFEASIBLE || s.status() == Solution.Status.NOT_SEPARABLE) {
            throw new InvalidInputException("claim.reference", reference.kind(),
                    "a feasible program (the solver reports " + s.status().name().toLowerCase(Locale.ROOT).replace('_', '-')
                            + (s.message() != null ? ": " + s.message() : "") + ")");
        }
        return tightened(reference, data, w0, s);
    }

    /**
     * A point program's solution with its error bound tightened by the KKT route at its own point
     * ({@link KktRoute#pointBound}: distance to G plus stationarity residual over the strong-convexity modulus,
     * on the box the certificate's own bound allows), when that is smaller. The duality-gap bound of a numeric
     * certificate, {@code sqrt(2 gap)}, is about 1e-8 when the gap is at rounding; the KKT bound is near rounding.
     */
    static Solution tightened(Reference reference, Dataset data, double[] w0, Solution s) {
        if (s.status() != Solution.Status.SOLVED || s.point() == null || !Double.isFinite(s.bound()) || s.bound() == 0
                || !(reference instanceof Reference.MinBregman || reference instanceof Reference.NormProgram)) {
            return s;
        }
        double[] centre = reference instanceof Reference.NormProgram np ? np.centre(w0) : w0;
        double kkt;
        try {
            kkt = KktRoute.pointBound(reference, data, centre, s.point(), s.point(), s.bound());
        } catch (RuntimeException e) {
            return s;
        }
        if (!(kkt < s.bound())) {
            return s;
        }
        return new Solution(s.status(), s.point(), s.value(), s.gamma(), s.multipliers(), s.support(), s.level(), kkt,
                s.message());
    }

    // ------------------------------------------------------------ judging

    /**
     * Judges a point estimate against the reference: the l2 distance to its minimiser, or for the non-unique
     * l1/linf minimum norms the distance to the optimal face (its lower and upper bounds), or with only a value
     * tolerance the two-sided value gap. Every error bound is charged on both sides, and the KKT route at the
     * estimate must agree.
     */
    private RunResult judgePoint(RunPlan plan, Trace trace, Estimate est, double toG, long start) {
        Reference ref = plan.target().reference();
        Dataset data = plan.instance().data();
        Solution s = solve(ref, data, plan.w0());
        if (s.status() != Solution.Status.SOLVED) {
            return unsolvedReference(plan, s, trace, est, start);
        }
        Tolerance tol = plan.tolerance();
        double tail = est.how.startsWith("theorem-1") ? Vectors.distance(est.value, trace.w()) : trace.tailMovement();
        Evidence level = s.level();
        double[] centre = ref instanceof Reference.NormProgram np ? np.centre(plan.w0()) : plan.w0();
        boolean nonUnique = ref instanceof Reference.NormProgram np
                && (np.norm() instanceof Norm.L1 || np.norm() instanceof Norm.LInf);
        // gapLow / gapHigh: what the gap is at least / at most (equal unless a face distance is only bracketed)
        double gapLow;
        double gapHigh;
        double tolerance;
        double errors;
        Measure measure;
        String how;
        if (nonUnique && Tolerance.given(tol.distance())) {
            Norm norm = ((Reference.NormProgram) ref).norm();
            OptimalFace.Distance face = OptimalFace.distance(norm, data, centre, s.multipliers(), s.value(), s.point(),
                    est.value);
            if (face == null) {
                return RunResult.inconclusive(plan, "the optimal face of the " + ref.kind() + " program could not be read"
                        + " from its multipliers", est.iterations, tail, seconds(start));
            }
            gapLow = face.lower();
            gapHigh = face.upper();
            tolerance = tol.distance();
            // the face's own distance includes the estimate's distance to G; the certificate locates the face
            errors = est.bound + s.bound();
            measure = Measure.FACE_DISTANCE;
            how = "distance to the optimal face in [" + fmt(gapLow) + ", " + fmt(gapHigh) + "]";
        } else if (nonUnique && Tolerance.given(tol.value())) {
            Norm norm = ((Reference.NormProgram) ref).norm();
            double value = norm.value(Vectors.subtract(est.value, centre));
            gapLow = Math.abs(value - s.value());
            gapHigh = gapLow;
            // | ||a|| - ||b|| | <= ||a - b|| <= sqrt(d) ||a - b||_2 (l1), <= ||a - b||_2 (linf); a point off G by
            // delta has a point of G within delta, whose value is at least the optimum
            double lipschitz = norm instanceof Norm.L1 ? Math.sqrt(data.d()) : 1;
            tolerance = tol.value();
            errors = lipschitz * (est.bound + toG + s.bound());
            measure = Measure.VALUE_GAP;
            how = "two-sided value gap |" + fmt(value) + " - " + fmt(s.value()) + "|";
        } else {
            gapLow = Vectors.distance(est.value, s.point());
            gapHigh = gapLow;
            tolerance = tol.distance();
            errors = est.bound + toG + s.bound();
            measure = Measure.DISTANCE;
            how = "distance " + fmt(gapLow);
        }
        String charged = "error bounds " + fmt(errors) + " (estimate " + fmt(est.bound) + ", distance to G " + fmt(toG)
                + ", reference " + fmt(s.bound()) + " " + level + ")";
        // the second route: the KKT conditions of the program at the estimate itself
        double kkt = nonUnique ? Double.NaN : KktRoute.pointBound(ref, data, centre, est.value, s.point(), s.bound());
        String kktText = Double.isFinite(kkt) ? "; KKT bound at the estimate " + fmt(kkt) : "; KKT route n/a";
        if (Double.isFinite(kkt) && !nonUnique && gapLow > kkt + s.bound() + 1e-9 * Math.max(1, Vectors.norm2(s.point()))) {
            return new RunResult(plan, Verdict.INCONCLUSIVE, measure, gapLow, tolerance, errors, tail, est.iterations, level,
                    seconds(start), "the two routes disagree: the reference point is " + fmt(gapLow)
                    + " from the estimate, but the KKT conditions at the estimate put the minimiser within " + fmt(kkt)
                    + " (+ reference bound " + fmt(s.bound()) + "): one of them is wrong (" + est.how + ")",
                    est.value, s.point(), plan.instance().seed(), null);
        }
        Verdict v;
        String why;
        if (!(est.bound <= tolerance)) {
            v = Verdict.INCONCLUSIVE;
            why = "not settled within budget: the limit estimate's error bound " + fmt(est.bound)
                    + " exceeds the tolerance after " + est.iterations + " steps (" + how + ")";
        } else if (gapHigh + errors <= tolerance && (!Double.isFinite(kkt) || kkt + est.bound <= tolerance)) {
            v = Verdict.CONFIRMED;
            why = how + " + " + charged + " <= " + fmt(tolerance) + kktText + " (" + est.how + ")";
        } else if (gapLow > tolerance + errors) {
            v = Verdict.REFUTED;
            why = how + " > tolerance " + fmt(tolerance) + " + " + charged + kktText + " (" + est.how + ")";
        } else {
            v = Verdict.INCONCLUSIVE;
            why = how + " is within the " + charged + " of the tolerance " + fmt(tolerance) + kktText;
        }
        Norm valueNorm = ref instanceof Reference.NormProgram np ? np.norm() : null;
        Curve curve = measure == Measure.VALUE_GAP
                ? curve(trace, w -> Math.abs(valueNorm.value(Vectors.subtract(w, centre)) - s.value()))
                : curve(trace, w -> Vectors.distance(w, s.point()));
        return new RunResult(plan, v, measure, v == Verdict.REFUTED ? gapLow : gapHigh, tolerance, errors, tail,
                est.iterations, level, seconds(start), why, est.value, s.point(), plan.instance().seed(), curve);
    }

    /**
     * The gap of the sampled iterates, for plots (log-spaced in t; the estimate itself is judged, not these).
     * Null without samples.
     */
    private static Curve curve(Trace trace, java.util.function.ToDoubleFunction<double[]> gap) {
        List<Trace.Sample> samples = trace.samples();
        if (samples.isEmpty()) {
            return null;
        }
        long[] t = new long[samples.size()];
        double[] g = new double[samples.size()];
        int k = 0;
        for (Trace.Sample sample : samples) {
            if (sample.t() < 1 || (k > 0 && sample.t() <= t[k - 1])) {
                continue;
            }
            t[k] = sample.t();
            g[k] = gap.applyAsDouble(sample.w());
            k++;
        }
        return k == 0 ? null : new Curve(java.util.Arrays.copyOf(t, k), java.util.Arrays.copyOf(g, k));
    }

    /** Whether the max-margin maximiser of the norm is unique (strictly convex unit ball). */
    static boolean uniqueMaximiser(Reference ref) {
        return ref instanceof Reference.MaxMargin mm
                && (mm.norm() instanceof Norm.L2 || mm.norm() instanceof Norm.Lp || mm.norm() instanceof QuadraticNorm);
    }

    static Norm referenceNorm(Reference ref) {
        if (ref instanceof Reference.MaxMargin mm) {
            return mm.norm();
        }
        if (ref instanceof Reference.MaxMarginNuclear n) {
            return new Norm.Nuclear(n.size(), n.size());
        }
        throw new IllegalArgumentException(ref.kind());
    }

    /** The inconclusive result of a run whose reference solver did not solve: its status and message. */
    private static RunResult unsolvedReference(RunPlan plan, Solution s, Trace trace, Estimate est, long start) {
        return RunResult.inconclusive(plan, "reference solver: " + s.status().name().toLowerCase(Locale.ROOT) + " (" + s.message() + ")",
                est.iterations, trace.tailMovement(), seconds(start));
    }

    private RunResult judgeDirection(RunPlan plan, Trace trace, Estimate est, long start) {
        Reference ref = plan.target().reference();
        Dataset data = plan.instance().data();
        Solution s = solve(ref, data, plan.w0());
        if (s.status() != Solution.Status.SOLVED) {
            return unsolvedReference(plan, s, trace, est, start);
        }
        Norm norm = referenceNorm(ref);
        double scale = norm.value(est.value);
        double[] u = Vectors.scaled(1 / scale, est.value);
        double margin = Runner.normalisedMargin(data, u, 1);
        double gap = s.gamma() - margin;
        double zmax = 0;
        for (int i = 0; i < data.n(); i++) {
            zmax = Math.max(zmax, Vectors.norm2(data.row(i)));
        }
        double marginBound;
        // how much the margin moved over the last two doublings of t (its stability, for confirmation)
        double marginVariation;
        // how much it fell over them: what a margin may still lose, charged to a confirmation
        double marginFall;
        // a conservative bound on the direction's remaining movement, for refutation
        double dirRefuteBound = est.bound;
        String history = "";
        if (est.history != null) {
            long t = est.iterations;
            double mq = Runner.normalisedMargin(data, est.history[0], norm.value(est.history[0]));
            double m0 = Runner.normalisedMargin(data, est.history[1], norm.value(est.history[1]));
            double m1 = Runner.normalisedMargin(data, est.history[2], norm.value(est.history[2]));
            history = "; margins at T/16, T/4, T/2, T: " + fmt(mq) + ", " + fmt(m0) + ", " + fmt(m1) + ", " + fmt(margin);
            marginVariation = Math.abs(m1 - m0) + Math.abs(margin - m1);
            marginFall = Math.max(0, m0 - m1) + Math.max(0, m1 - margin);
            // what the margin may still gain, over quadruplings of t (which average out zig-zags and cycles).
            // Gains that shrink geometrically leave e2 q/(1-q); a sublinear tail leaves more: with k = log4 T
            // quadruplings so far, the 1/log t tail leaves about k e2 and a (log t)^(-1/4) tail about 4 k e2,
            // so 4 k e2 is charged. A margin that stopped gaining (e2 <= 0) may swing back by its variation;
            // one that only started gaining, or gains faster, is unbounded.
            double e1 = m0 - mq;
            double e2 = margin - m0;
            double k = Math.log((double) t) / Math.log(4);
            if (e2 <= 0) {
                marginBound = Math.abs(e1) + Math.abs(e2);
            } else if (e1 > 0 && e2 < e1) {
                marginBound = Math.max(e2 * (e2 / e1) / (1 - e2 / e1), 4 * k * e2);
            } else {
                marginBound = Double.POSITIVE_INFINITY;
            }
            marginBound += 1e-13;
            double[] u1 = snapshot(est.history[2], true);
            dirRefuteBound = Math.max(est.bound, 4 * Vectors.distance(est.value, u1) * Math.log((double) t) / Math.log(2));
        } else {
            // est.value has unit l2 norm; u = est.value / scale, so an l2 error e of est.value moves every
            // margin of u by at most e * zmax / scale
            marginBound = est.bound * zmax / scale;
            marginVariation = marginBound;
            marginFall = marginBound;
        }
        Tolerance tol = plan.tolerance();
        boolean unique = uniqueMaximiser(ref);
        double dist = unique ? Vectors.distance(Vectors.scaled(1 / Vectors.norm2(u), u),
                Vectors.scaled(1 / Vectors.norm2(s.point()), s.point())) : Double.NaN;
        double certBound = s.bound();
        Evidence level = s.level();
        boolean marginJudged = Tolerance.given(tol.margin());
        boolean distJudged = unique && Tolerance.given(tol.distance());
        if (!marginJudged && !distJudged) {
            // only a distance tolerance on a norm whose maximiser is not unique: judge the margin with it
            marginJudged = true;
            tol = new Tolerance(tol.distance(), tol.distance(), tol.value(), tol.iterates(), tol.residualGrowth());
        }
        if (gap < -(tol.margin() + marginBound + certBound)) {
            return new RunResult(plan, Verdict.INCONCLUSIVE, Measure.MARGIN_GAP, gap, tol.margin(), marginBound + certBound,
                    trace.tailMovement(), est.iterations, level, seconds(start),
                    "the run's margin exceeds the certified maximum by " + fmt(-gap) + ": the reference is suspect",
                    u, s.point(), plan.instance().seed(), null);
        }
        // settled: for a margin, stable within the tolerance over the last doublings; for a unique maximiser,
        // a direction error bound within the tolerance
        double dirBound = est.bound;
        if (est.history != null && distJudged) {
            // movements per doubling far below the tolerance (1%) are the jitter of the steps, not a drift
            double[] u0 = snapshot(est.history[1], true);
            double[] u1 = snapshot(est.history[2], true);
            dirBound = doublingBound(Vectors.distance(u1, u0), Vectors.distance(est.value, u1), 0.01 * tol.distance());
        }
        boolean settled = (!marginJudged || marginVariation <= tol.margin()) && (!distJudged || dirBound <= tol.distance());
        // confirmation charges every bound: the margin's recent variation (how much it may still fall back), the
        // direction's remaining movement and the certificate's bound
        boolean within = (!marginJudged || gap + marginFall + certBound <= tol.margin())
                && (!distJudged || dist + dirBound + certBound <= tol.distance());
        // the second route: the run's own loss weights bound gamma from above by weak duality
        double upper = KktRoute.marginUpperBound(data, trace.w(), norm);
        double runMargin = Runner.normalisedMargin(data, trace.w(), norm.value(trace.w()));
        String own = "; the run's own duality interval for gamma [" + fmt(runMargin) + ", " + fmt(upper) + "]";
        if (s.gamma() - certBound > upper + 1e-9 * Math.max(1, upper)) {
            return new RunResult(plan, Verdict.INCONCLUSIVE, Measure.MARGIN_GAP, gap, tol.margin(), marginBound + certBound,
                    trace.tailMovement(), est.iterations, level, seconds(start),
                    "the two routes disagree: the reference's gamma " + fmt(s.gamma()) + " exceeds the run's dual bound "
                            + fmt(upper) + " (weak duality with the run's loss weights): the reference is suspect",
                    u, s.point(), plan.instance().seed(), null);
        }
        boolean beyondMargin = marginJudged && gap > tol.margin() + marginBound + certBound;
        boolean beyondDist = distJudged && dist > tol.distance() + dirRefuteBound + certBound;
        Measure measure = marginJudged ? Measure.MARGIN_GAP : Measure.DISTANCE;
        double shown = marginJudged ? gap : dist;
        double tolShown = marginJudged ? tol.margin() : tol.distance();
        double errShown = marginJudged ? marginBound + certBound : dirRefuteBound + certBound;
        String detail = "margin gap " + fmt(gap) + (unique ? ", direction distance " + fmt(dist) : "") + " (" + est.how + ")"
                + own;
        Verdict v;
        String why;
        if (!settled) {
            v = Verdict.INCONCLUSIVE;
            why = "direction not settled: " + (marginJudged ? "margin variation " + fmt(marginVariation) + ", " : "")
                    + "direction bound " + fmt(est.bound) + " too large for the tolerance; " + detail + history;
        } else if (within) {
            v = Verdict.CONFIRMED;
            // the bounds a confirmation charged: what the margin may still lose, or the direction's remaining movement
            errShown = (marginJudged ? marginFall : dirBound) + certBound;
            why = detail + "; error bounds charged " + fmt(errShown);
        } else if (beyondMargin || beyondDist) {
            v = Verdict.REFUTED;
            if (beyondDist && !beyondMargin) {
                measure = Measure.DISTANCE;
                shown = dist;
                tolShown = tol.distance();
                errShown = dirRefuteBound + certBound;
            }
            why = detail + " beyond tolerance plus error bounds " + fmt(errShown) + history;
        } else {
            v = Verdict.INCONCLUSIVE;
            why = detail + ": within the error bounds " + fmt(marginJudged ? marginBound + certBound : dirRefuteBound + certBound)
                    + " of the tolerance" + history;
        }
        Norm marginNorm = norm;
        Curve curve = curve(trace, w -> {
            double n = marginNorm.value(w);
            return n > 0 ? s.gamma() - Runner.normalisedMargin(data, w, n) : Double.NaN;
        });
        return new RunResult(plan, v, measure, shown, tolShown, errShown, trace.tailMovement(), est.iterations, level,
                seconds(start), why, u, s.point(), plan.instance().seed(), curve);
    }

    private RunResult boundedResidual(RunPlan plan, Trace trace, long start) {
        Dataset data = plan.instance().data();
        Solution s = solve(plan.target().reference(), data, plan.w0());
        if (s.status() != Solution.Status.SOLVED) {
            return RunResult.inconclusive(plan, "reference solver: " + s.status().name().toLowerCase(Locale.ROOT), trace.iterations(),
                    trace.tailMovement(), seconds(start));
        }
        long tEnd = trace.iterations();
        if (tEnd < 1000) {
            return RunResult.inconclusive(plan, "bounded-residual needs at least 1000 steps (got " + tEnd + ")", tEnd,
                    trace.tailMovement(), seconds(start));
        }
        double[] wStar = Vectors.scaled(1 / Vectors.norm2(s.point()), s.point());
        // w_hat = argmin ||w|| s.t. Zw >= 1 = w* / gamma
        double[] wHat = Vectors.scaled(1 / s.gamma(), wStar);
        Trace.Sample s1 = nearest(trace.samples(), tEnd / 10);
        Trace.Sample s0 = nearest(trace.samples(), s1.t() / 10);
        Trace.Sample sm = nearest(trace.samples(), Math.max(1, s0.t() / 10));
        double[] wT = trace.w();
        double logT = Math.log((double) tEnd);
        double r1 = Vectors.distance(s1.w(), Vectors.scaled(Math.log((double) s1.t()), wHat));
        double rT = Vectors.distance(wT, Vectors.scaled(logT, wHat));
        double decade = Math.log((double) tEnd / s1.t());
        double growth = (rT - r1) / (Vectors.norm2(wHat) * decade);
        double[] secant = Vectors.scaled(1 / decade, Vectors.subtract(wT, s1.w()));
        double[] dir = Vectors.scaled(1 / Vectors.norm2(secant), secant);
        double[] prevDir = snapshot(Vectors.subtract(s1.w(), s0.w()), true);
        double[] firstDir = snapshot(Vectors.subtract(s0.w(), sm.w()), true);
        double change = Vectors.distance(dir, prevDir);
        double earlier = Vectors.distance(prevDir, firstDir);
        // the secant's remaining movement, geometric over decades of t (q = change / earlier); a change that
        // does not shrink leaves it unbounded
        double remaining = doublingBound(earlier, change, 1e-9);
        double dist = Vectors.distance(dir, wStar);
        Tolerance tol = plan.tolerance();
        double errors = remaining + s.bound();
        String detail = "residual growth " + fmt(growth) + " over t in [" + s1.t() + ", " + tEnd + "], secant direction distance "
                + fmt(dist) + " (the last two decades moved it " + fmt(earlier) + ", " + fmt(change)
                + "; remaining movement bound " + fmt(remaining) + ")";
        Verdict v;
        if (growth <= tol.residualGrowth() && dist + errors <= tol.distance()) {
            v = Verdict.CONFIRMED;
        } else if (growth > tol.residualGrowth() && dist > tol.distance() + errors) {
            v = Verdict.REFUTED;
        } else {
            v = Verdict.INCONCLUSIVE;
        }
        return new RunResult(plan, v, Measure.DISTANCE, dist, tol.distance(), errors, trace.tailMovement(), tEnd, s.level(),
                seconds(start), detail, dir, wStar, plan.instance().seed(), null);
    }

    private static Trace.Sample nearest(List<Trace.Sample> samples, long t) {
        Trace.Sample best = samples.get(0);
        for (Trace.Sample s : samples) {
            if (s.t() >= 1 && Math.abs(Math.log((double) s.t() / t)) < Math.abs(Math.log((double) Math.max(1, best.t()) / t))) {
                best = s;
            }
        }
        return best;
    }

    // ------------------------------------------------------------ same iterates

    private RunResult compareIterates(RunPlan plan, Objective obj, long start) {
        IterativeMethod a = start(plan, obj);
        IterativeMethod b = started(plan.target().sameIterates().start(new Objective(plan.instance().data(), plan.loss()),
                plan.w0().clone()));
        double worst = 0;
        long at = 0;
        int k = plan.target().iteratesCompared();
        try {
            for (int t = 0; t < k; t++) {
                a.step();
                b.step();
                double diff = Vectors.distance(a.iterate(), b.iterate()) / Math.max(1, Vectors.norm2(a.iterate()));
                if (!(diff <= worst)) {
                    worst = diff;
                    at = t + 1L;
                }
            }
        } catch (RuntimeException e) {
            return RunResult.inconclusive(plan, "iterate comparison failed: " + e.getMessage(), at, Double.NaN, seconds(start));
        }
        double tol = plan.tolerance().iterates();
        if (Double.isNaN(worst) || worst > tol) {
            return new RunResult(plan, Verdict.REFUTED, Measure.ITERATES, worst, tol, 0, Double.NaN, k, Evidence.ITERATES, seconds(start),
                    plan.algorithm().kind() + " and " + plan.target().sameIterates().kind() + " iterates differ by "
                            + fmt(worst) + " (relative) at step " + at, a.iterate().clone(), b.iterate().clone(),
                    plan.instance().seed(), null);
        }
        return null;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) {
            return String.format(java.util.Locale.ROOT, "%.4g", v);
        }
        return String.format(java.util.Locale.ROOT, "%.3e", v);
    }
}
