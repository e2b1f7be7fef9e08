package org.implicitbias.claims;

import java.util.List;
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
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.Momentum;
import org.implicitbias.optim.Runner;
import org.implicitbias.optim.StepRule;
import org.implicitbias.optim.Trace;
import org.implicitbias.oracle.Reference;

/**
 * Runs one {@link RunPlan} and judges it (DESIGN.md, "Verdicts: honest, or INCONCLUSIVE").
 *
 * <p>A limit is estimated from the run, with an error bound:
 * <ul>
 * <li>Theorem 1 restarted at the last iterate: when the method's tail is mirror descent with potential
 *     psi whose link-space steps stay in the row space of X (plain GD/MD, any momentum on GD, dual
 *     momentum, primal momentum that has stopped, mini-batches, steepest descent w.r.t. a quadratic
 *     norm, natural gradient with a quadratic potential), its limit is exactly
 *     {@code argmin_G D_psi(w, w_T)}; the oracle solves that, and the estimate's error is the
 *     certificate's. Its distance to {@code w_T} is reported as the tail movement.</li>
 * <li>Otherwise, for points, the last iterate, run for two more windows: with movements a, b over
 *     them, the larger of the geometric tail {@code b q / (1 - q)} ({@code q = b/a}) and a power-law fit
 *     bounds the remaining movement; q >= 1 means the run did not settle.</li>
 * <li>For directions, the unit direction at T, judged over doublings of t (T/16, T/4, T/2, T): O(1/t)
 *     tails halve per doubling; confirmation needs the margin stable within tolerance over the last two
 *     doublings (and a direction bound within tolerance for unique maximisers), refutation charges the
 *     margin's possible further gain generously (never less than {@code 4 k e} for a last gain e after
 *     {@code k = log4 T} quadruplings, which covers tails as slow as {@code (log t)^(-1/4)}).</li>
 * <li>Soudry's bounded-residual test (fixed-step GD on separable data, where the direction converges
 *     only like 1/log t): {@code r_t = w_t - w_hat log t}; its growth over the last decade of t relative
 *     to {@code ||w_hat|| log 10}, and the direction of the secant {@code (w_T - w_{T/10}) / log 10},
 *     whose change from the previous decade is its error bound.</li>
 * <li>AdaGrad's settled preconditioner: the max margin in the norm {@code sqrt(w' G_T^{1/2} w)}.</li>
 * </ul>
 * CONFIRMED needs a settled run (error bound at most the tolerance) within tolerance; REFUTED needs a
 * settled run whose gap exceeds tolerance plus the estimate's and the certificate's bounds; everything
 * else is INCONCLUSIVE, with the reason.
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

    /** Runs and judges one plan. */
    public RunResult run(RunPlan plan) {
        return runInner(plan, System.nanoTime());
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private IterativeMethod start(RunPlan plan, Objective obj) {
        if (override != null) {
            return override.start(plan, obj, plan.w0().clone());
        }
        return plan.algorithm().start(obj, plan.w0().clone());
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
        if (target.predictor() == Target.Predictor.SETTLED_PRECONDITIONER) {
            tracker = new PreconditionerTracker(method, obj, ((Algorithm.AdagradAlgorithm) plan.algorithm()).g0());
            method = tracker;
        }
        RunBudget rb = plan.budget();
        boolean direction = target.limit() == Target.Limit.DIRECTION;
        boolean residual = target.judge() == Target.Judge.BOUNDED_RESIDUAL;
        Budget budget = new Budget(rb.iterations(), rb.seconds(), rb.window(), residual ? 0 : rb.settle(),
                direction ? Budget.Limit.DIRECTION : Budget.Limit.POINT);
        Runner runner = new Runner(obj, residual || direction ? MAX_SAMPLES : 0);
        Trace trace = runner.run(method, budget);
        if (trace.outcome().failed()) {
            return RunResult.inconclusive(plan, "run failed: " + trace.outcome().name().toLowerCase().replace('_', '-')
                    + (trace.failure() != null ? " (" + trace.failure() + ")" : ""), trace.iterations(),
                    trace.tailMovement(), seconds(start));
        }
        if (residual) {
            return boundedResidual(plan, trace, start);
        }
        Estimate est;
        if (tracker != null) {
            est = settledPreconditioner(plan, tracker, runner, trace);
        } else if (direction) {
            est = directionHistory(trace);
        } else {
            Estimate tail = lastIterate(plan, method, runner, trace, direction);
            if (tail.failure == null && !direction && useTheorem1(plan, method.steps())) {
                if (!Double.isFinite(tail.bound)) {
                    return RunResult.inconclusive(plan, "not converging within budget: tail movement "
                            + fmt(trace.tailMovement()) + " after " + method.steps() + " steps does not shrink",
                            method.steps(), trace.tailMovement(), seconds(start));
                }
                est = theorem1(plan, method);
                if (est.failure == null) {
                    // the prediction must be reachable: a converging tail that ends far from it is not the
                    // mirror-descent tail Theorem 1 speaks of
                    double gapToRun = Vectors.distance(est.value, method.iterate());
                    double tol = Tolerance.given(plan.tolerance().distance()) ? plan.tolerance().distance() : 0;
                    if (gapToRun > 10 * tail.bound + tol) {
                        return RunResult.inconclusive(plan, "the Theorem 1 prediction is " + fmt(gapToRun)
                                + " from w_T, farther than the run's remaining movement " + fmt(tail.bound),
                                method.steps(), trace.tailMovement(), seconds(start));
                    }
                }
            } else {
                est = tail;
            }
        }
        if (est.failure != null) {
            return RunResult.inconclusive(plan, est.failure, est.iterations, trace.tailMovement(), seconds(start));
        }
        if (target.reference() == null) {
            // invariance claim: judged across runs by the checker
            return new RunResult(plan, Verdict.INCONCLUSIVE, "distance", Double.NaN, plan.tolerance().distance(),
                    est.bound, trace.tailMovement(), est.iterations, est.level, seconds(start), "pending comparison",
                    est.value, null, plan.instance().seed());
        }
        return direction ? judgeDirection(plan, trace, est, start) : judgePoint(plan, trace, est, start);
    }

    // ------------------------------------------------------------ estimates

    /** A limit estimate: the point or unit l2 direction, its error bound, level and steps. */
    private record Estimate(double[] value, double bound, String level, long iterations, String how, String failure,
                            double[][] history) {
        Estimate(double[] value, double bound, String level, long iterations, String how, String failure) {
            this(value, bound, level, iterations, how, failure, null);
        }

        static Estimate failed(String why, long iterations) {
            return new Estimate(null, Double.NaN, "none", iterations, null, why);
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
        return new Estimate(u2, bound, "none", t, "last iterate, direction tail bound " + fmt(bound), null,
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

    /** Whether Theorem 1 restarted at step T gives the limit of this run exactly. */
    boolean useTheorem1(RunPlan plan, long t) {
        Target.Predictor p = plan.target().predictor();
        if (p == Target.Predictor.LAST_ITERATE || override != null) {
            return false;
        }
        boolean plain = plainMirrorTail(plan.algorithm(), t);
        if (p == Target.Predictor.THEOREM_1 && !plain) {
            throw new InvalidInputException("claim.predictor", "theorem-1",
                    "an algorithm whose tail is mirror descent (" + plan.algorithm().kind() + " with these settings is not)");
        }
        return plain;
    }

    /** Whether the link-space steps of the algorithm after step t stay in the row space of X. */
    static boolean plainMirrorTail(Algorithm a, long t) {
        if (a instanceof Algorithm.GradientDescentAlgorithm) {
            // link = identity and every step (any momentum, batch or step rule) lies in the row space of X
            return true;
        }
        if (a instanceof Algorithm.MirrorDescentAlgorithm md) {
            Momentum m = md.momentum();
            boolean inactive = m.beta() == 0 && m.gamma() == 0 || m.steps() < t;
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
        Potential p = SpecLoader.potentialOf(a);
        boolean simplex = a instanceof Algorithm.MirrorDescentAlgorithm md && md.simplex();
        if (!simplex && p instanceof Potential.SquaredL2) {
            return new Reference.MinNorm(new Norm.L2());
        }
        if (!simplex && p instanceof QuadraticPotential q) {
            return new Reference.MinNorm(new QuadraticNorm(q.form()));
        }
        return new Reference.MinBregman(p, simplex);
    }

    private Estimate theorem1(RunPlan plan, IterativeMethod method) {
        Dataset data = plan.instance().data();
        double[] wT = method.iterate().clone();
        Solution s = solve(mirrorProgram(plan.algorithm()), data, wT);
        if (s.status() != Solution.Status.SOLVED) {
            return Estimate.failed("Theorem 1 predictor: solver " + s.status().name().toLowerCase() + " (" + s.message() + ")",
                    method.steps());
        }
        return new Estimate(s.point(), s.bound(), s.level(), method.steps(),
                "theorem-1 from w_T, " + fmt(Vectors.distance(s.point(), wT)) + " away", null);
    }

    private Estimate lastIterate(RunPlan plan, IterativeMethod method, Runner runner, Trace trace, boolean direction) {
        long k = Math.max(1, plan.budget().window());
        double[] w0 = snapshot(method.iterate(), direction);
        Trace t1 = runner.run(method, Budget.iterations(k, direction ? Budget.Limit.DIRECTION : Budget.Limit.POINT));
        if (t1.outcome().failed()) {
            return Estimate.failed("run failed while measuring its tail: " + t1.failure(), method.steps());
        }
        double[] w1 = snapshot(method.iterate(), direction);
        Trace t2 = runner.run(method, Budget.iterations(k, direction ? Budget.Limit.DIRECTION : Budget.Limit.POINT));
        if (t2.outcome().failed()) {
            return Estimate.failed("run failed while measuring its tail: " + t2.failure(), method.steps());
        }
        double[] w2 = snapshot(method.iterate(), direction);
        double a = Vectors.distance(w1, w0);
        double b = Vectors.distance(w2, w1);
        // movements at the settle tolerance (the runner's own "settled"), or at rounding, are not a drift
        double floor = Math.max(1e-12, plan.budget().settle()) * (direction ? 1 : Math.max(1, Vectors.norm2(w2)));
        double bound = tailBound(a, b, method.steps() - 2 * k, k, floor);
        return new Estimate(w2, bound, "none", method.steps(), "last iterate, tail bound " + fmt(bound), null);
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

    private Estimate settledPreconditioner(RunPlan plan, PreconditionerTracker tracker, Runner runner, Trace trace) {
        long k = Math.max(1, plan.budget().window());
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
            return Estimate.failed("settled-preconditioner predictor: solver " + s.status().name().toLowerCase(), tracker.steps());
        }
        double[] u = s.point().clone();
        double n = Vectors.norm2(u);
        u = Vectors.scaled(1 / n, u);
        // a relative change e of D = G^{1/2} moves the quadratic-norm maximiser by O(e): the remaining
        // growth of G (geometric extrapolation) bounds it, plus the certificate's own bound
        return new Estimate(u, s.bound() + remaining, s.level(), tracker.steps(),
                "max margin of the settled preconditioner", null);
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
            s = oracle.solve(reference, data, w0);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            return Solution.failed(Solution.Status.UNKNOWN, "solver failed: " + e);
        }
        if (s.status() == Solution.Status.INFEASIBLE || s.status() == Solution.Status.NOT_SEPARABLE) {
            throw new InvalidInputException("claim.reference", reference.kind(),
                    "a feasible program (the solver reports " + s.status().name().toLowerCase().replace('_', '-')
                            + (s.message() != null ? ": " + s.message() : "") + ")");
        }
        return s;
    }

    // ------------------------------------------------------------ judging

    private RunResult judgePoint(RunPlan plan, Trace trace, Estimate est, long start) {
        Reference ref = plan.target().reference();
        Dataset data = plan.instance().data();
        Solution s = solve(ref, data, plan.w0());
        if (s.status() != Solution.Status.SOLVED) {
            return RunResult.inconclusive(plan, "reference solver: " + s.status().name().toLowerCase() + " (" + s.message() + ")",
                    est.iterations, trace.tailMovement(), seconds(start));
        }
        Tolerance tol = plan.tolerance();
        boolean valueJudged = ref instanceof Reference.MinNorm mn && (mn.norm() instanceof Norm.L1 || mn.norm() instanceof Norm.LInf);
        double gap;
        double tolerance;
        double errors;
        String measure;
        double lipschitz = 1;
        if (valueJudged && Tolerance.given(tol.value())) {
            Norm norm = ((Reference.MinNorm) ref).norm();
            double[] diff = Vectors.subtract(est.value, plan.w0());
            double[] diffRef = Vectors.subtract(s.point(), plan.w0());
            gap = norm.value(diff) - norm.value(diffRef);
            // |  ||a|| - ||b|| | <= ||a - b||_1 <= sqrt(d) ||a - b||_2 for l1 and linf
            lipschitz = Math.sqrt(data.d());
            tolerance = tol.value();
            measure = "value-gap";
        } else {
            gap = Vectors.distance(est.value, s.point());
            tolerance = tol.distance();
            measure = "distance";
        }
        errors = lipschitz * (est.bound + s.bound());
        double tail = est.how.startsWith("theorem-1") ? Vectors.distance(est.value, trace.w()) : trace.tailMovement();
        String level = s.level();
        if (!(est.bound <= tolerance)) {
            return new RunResult(plan, Verdict.INCONCLUSIVE, measure, gap, tolerance, errors, tail, est.iterations, level,
                    seconds(start), "not settled within budget: the limit estimate's error bound " + fmt(est.bound)
                    + " exceeds the tolerance after " + est.iterations + " steps (" + measure + " " + fmt(gap) + ")",
                    est.value, s.point(), plan.instance().seed());
        }
        Verdict v;
        String why;
        if (gap <= tolerance) {
            v = Verdict.CONFIRMED;
            why = measure + " " + fmt(gap) + " <= " + fmt(tolerance) + " (" + est.how + ")";
        } else if (gap > tolerance + errors) {
            v = Verdict.REFUTED;
            why = measure + " " + fmt(gap) + " > tolerance " + fmt(tolerance) + " + error bounds " + fmt(errors) + " (" + est.how + ")";
        } else {
            v = Verdict.INCONCLUSIVE;
            why = measure + " " + fmt(gap) + " within the error bounds " + fmt(errors) + " of the tolerance";
        }
        return new RunResult(plan, v, measure, gap, tolerance, errors, tail, est.iterations, level, seconds(start), why,
                est.value, s.point(), plan.instance().seed());
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

    private RunResult judgeDirection(RunPlan plan, Trace trace, Estimate est, long start) {
        Reference ref = plan.target().reference();
        Dataset data = plan.instance().data();
        Solution s = solve(ref, data, plan.w0());
        if (s.status() != Solution.Status.SOLVED) {
            return RunResult.inconclusive(plan, "reference solver: " + s.status().name().toLowerCase() + " (" + s.message() + ")",
                    est.iterations, trace.tailMovement(), seconds(start));
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
            // what the margin may still gain, over quadruplings of t (which average out zig-zags and cycles).
            // Gains that shrink geometrically leave e2 q/(1-q); a sublinear tail leaves more: with k = log4 T
            // quadruplings so far, the 1/log t tail leaves about k e2 and a (log t)^(-1/4) tail about 4 k e2,
            // so 4 k e2 is charged. A margin that stopped gaining (e2 <= 0) may swing back by its variation;
            // one that only started gaining, or gains faster, is unbounded.
            double e1 = m0 - mq;
            double e2 = margin - m0;
            double k = Math.log(t) / Math.log(4);
            if (e2 <= 0) {
                marginBound = Math.abs(e1) + Math.abs(e2);
            } else if (e1 > 0 && e2 < e1) {
                marginBound = Math.max(e2 * (e2 / e1) / (1 - e2 / e1), 4 * k * e2);
            } else {
                marginBound = Double.POSITIVE_INFINITY;
            }
            marginBound += 1e-13;
            double[] u1 = snapshot(est.history[2], true);
            dirRefuteBound = Math.max(est.bound, 4 * Vectors.distance(est.value, u1) * Math.log(t) / Math.log(2));
        } else {
            // est.value has unit l2 norm; u = est.value / scale, so an l2 error e of est.value moves every
            // margin of u by at most e * zmax / scale
            marginBound = est.bound * zmax / scale;
            marginVariation = marginBound;
        }
        Tolerance tol = plan.tolerance();
        boolean unique = uniqueMaximiser(ref);
        double dist = unique ? Vectors.distance(Vectors.scaled(1 / Vectors.norm2(u), u),
                Vectors.scaled(1 / Vectors.norm2(s.point()), s.point())) : Double.NaN;
        double certBound = s.bound();
        String level = s.level();
        boolean marginJudged = Tolerance.given(tol.margin());
        boolean distJudged = unique && Tolerance.given(tol.distance());
        if (!marginJudged && !distJudged) {
            // only a distance tolerance on a norm whose maximiser is not unique: judge the margin with it
            marginJudged = true;
            tol = new Tolerance(tol.distance(), tol.distance(), tol.value(), tol.iterates(), tol.residualGrowth());
        }
        if (gap < -(tol.margin() + marginBound + certBound)) {
            return new RunResult(plan, Verdict.INCONCLUSIVE, "margin-gap", gap, tol.margin(), marginBound + certBound,
                    trace.tailMovement(), est.iterations, level, seconds(start),
                    "the run's margin exceeds the certified maximum by " + fmt(-gap) + ": the reference is suspect",
                    u, s.point(), plan.instance().seed());
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
        boolean within = (!marginJudged || gap <= tol.margin()) && (!distJudged || dist <= tol.distance());
        boolean beyondMargin = marginJudged && gap > tol.margin() + marginBound + certBound;
        boolean beyondDist = distJudged && dist > tol.distance() + dirRefuteBound + certBound;
        String measure = marginJudged ? "margin-gap" : "distance";
        double shown = marginJudged ? gap : dist;
        double tolShown = marginJudged ? tol.margin() : tol.distance();
        double errShown = marginJudged ? marginBound + certBound : dirRefuteBound + certBound;
        String detail = "margin gap " + fmt(gap) + (unique ? ", direction distance " + fmt(dist) : "") + " (" + est.how + ")";
        Verdict v;
        String why;
        if (!settled) {
            v = Verdict.INCONCLUSIVE;
            why = "direction not settled: " + (marginJudged ? "margin variation " + fmt(marginVariation) + ", " : "")
                    + "direction bound " + fmt(est.bound) + " too large for the tolerance; " + detail + history;
        } else if (within) {
            v = Verdict.CONFIRMED;
            why = detail;
        } else if (beyondMargin || beyondDist) {
            v = Verdict.REFUTED;
            if (beyondDist && !beyondMargin) {
                measure = "distance";
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
        return new RunResult(plan, v, measure, shown, tolShown, errShown, trace.tailMovement(), est.iterations, level,
                seconds(start), why, u, s.point(), plan.instance().seed());
    }

    private RunResult boundedResidual(RunPlan plan, Trace trace, long start) {
        Dataset data = plan.instance().data();
        Solution s = solve(plan.target().reference(), data, plan.w0());
        if (s.status() != Solution.Status.SOLVED) {
            return RunResult.inconclusive(plan, "reference solver: " + s.status().name().toLowerCase(), trace.iterations(),
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
        double[] wT = trace.w();
        double logT = Math.log(tEnd);
        double r1 = Vectors.distance(s1.w(), Vectors.scaled(Math.log(s1.t()), wHat));
        double rT = Vectors.distance(wT, Vectors.scaled(logT, wHat));
        double decade = Math.log((double) tEnd / s1.t());
        double growth = (rT - r1) / (Vectors.norm2(wHat) * decade);
        double[] secant = Vectors.scaled(1 / decade, Vectors.subtract(wT, s1.w()));
        double[] dir = Vectors.scaled(1 / Vectors.norm2(secant), secant);
        double[] prev = Vectors.subtract(s1.w(), s0.w());
        double[] prevDir = Vectors.scaled(1 / Vectors.norm2(prev), prev);
        double change = Vectors.distance(dir, prevDir);
        double dist = Vectors.distance(dir, wStar);
        Tolerance tol = plan.tolerance();
        double errors = change + s.bound();
        String detail = "residual growth " + fmt(growth) + " over t in [" + s1.t() + ", " + tEnd + "], secant direction distance "
                + fmt(dist) + " (previous decade moved it " + fmt(change) + ")";
        Verdict v;
        if (growth <= tol.residualGrowth() && dist <= tol.distance()) {
            v = Verdict.CONFIRMED;
        } else if (growth > tol.residualGrowth() && dist > tol.distance() + errors) {
            v = Verdict.REFUTED;
        } else {
            v = Verdict.INCONCLUSIVE;
        }
        return new RunResult(plan, v, "distance", dist, tol.distance(), errors, trace.tailMovement(), tEnd, s.level(),
                seconds(start), detail, dir, wStar, plan.instance().seed());
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
        IterativeMethod b = plan.target().sameIterates().start(new Objective(plan.instance().data(), plan.loss()), plan.w0().clone());
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
                    at = t + 1;
                }
            }
        } catch (RuntimeException e) {
            return RunResult.inconclusive(plan, "iterate comparison failed: " + e.getMessage(), at, Double.NaN, seconds(start));
        }
        double tol = plan.tolerance().iterates();
        if (Double.isNaN(worst) || worst > tol) {
            return new RunResult(plan, Verdict.REFUTED, "iterates", worst, tol, 0, Double.NaN, k, "none", seconds(start),
                    plan.algorithm().kind() + " and " + plan.target().sameIterates().kind() + " iterates differ by "
                            + fmt(worst) + " (relative) at step " + at, a.iterate().clone(), b.iterate().clone(),
                    plan.instance().seed());
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
