package org.implicitbias.claims;

import java.util.Arrays;

/**
 * What one run showed and the verdict it supports.
 */
public final class RunResult {
    private final RunPlan plan;
    private final Verdict verdict;
    private final Measure measure;
    private final double distance;
    private final double tolerance;
    private final double errorBound;
    private final double tailMovement;
    private final long iterations;
    private final Evidence level;
    private final double seconds;
    private final String reason;
    private final double[] estimate;
    private final double[] reference;
    private final long seed;
    private final Curve curve;

    public RunResult(RunPlan plan, Verdict verdict, Measure measure, double distance, double tolerance,
                     double errorBound, double tailMovement, long iterations, Evidence level, double seconds,
                     String reason, double[] estimate, double[] reference, long seed, Curve curve) {
        this.plan = plan;
        this.verdict = verdict;
        this.measure = measure;
        this.distance = distance;
        this.tolerance = tolerance;
        this.errorBound = errorBound;
        this.tailMovement = tailMovement;
        this.iterations = iterations;
        this.level = level;
        this.seconds = seconds;
        this.reason = reason;
        this.estimate = estimate;
        this.reference = reference;
        this.seed = seed;
        this.curve = curve;
    }

    /** The run. */
    public RunPlan plan() {
        return plan;
    }

    /** CONFIRMED, REFUTED or INCONCLUSIVE. */
    public Verdict verdict() {
        return verdict;
    }

    /** What {@code distance} measures. */
    public Measure measure() {
        return measure;
    }

    /** The measured gap to the reference (NaN when nothing was measured). */
    public double distance() {
        return distance;
    }

    /** The tolerance it was judged against. */
    public double tolerance() {
        return tolerance;
    }

    /** The error bound of the limit estimate plus the certificate's (NaN when unknown). */
    public double errorBound() {
        return errorBound;
    }

    /** Movement of the run's tail over its last window (NaN for data-level checks). */
    public double tailMovement() {
        return tailMovement;
    }

    /** Steps taken. */
    public long iterations() {
        return iterations;
    }

    /** Reason of a {@link #limitOnly} result until the checker compares it with its group. */
    static final String LIMIT_ONLY = "limit estimated; its verdict comes from comparing it with the other runs of its group";

    /**
     * The result of one run of an invariance claim: only its limit estimate and error bound. Such a
     * claim speaks of several runs, so one run alone decides nothing; the checker replaces every such
     * result by a verdict from the comparison with the other runs of its group
     * ({@link Checker}), and none reaches a report as it is.
     */
    static RunResult limitOnly(RunPlan plan, double[] estimate, double errorBound, double tailMovement, long iterations,
                               Evidence evidence, double seconds) {
        return new RunResult(plan, Verdict.INCONCLUSIVE, Measure.DISTANCE, Double.NaN, plan.tolerance().distance(),
                errorBound, tailMovement, iterations, evidence, seconds, LIMIT_ONLY, estimate, null, plan.instance().seed(), null);
    }

    /** What the result rests on ({@link Evidence}). */
    public Evidence level() {
        return level;
    }

    /** Wall time of the run. */
    public double seconds() {
        return seconds;
    }

    /** One line: why this verdict. */
    public String reason() {
        return reason;
    }

    /** The limit estimate (point, unit direction, or null). */
    public double[] estimate() {
        return estimate;
    }

    /** The reference point it was compared with (or null). */
    public double[] reference() {
        return reference;
    }

    /** The instance's seed. */
    public long seed() {
        return seed;
    }

    /** The gap at sampled iterations of the run, for plots (null when not measured). */
    public Curve curve() {
        return curve;
    }

    /** An inconclusive run with a reason. */
    static RunResult inconclusive(RunPlan plan, String reason, long iterations, double tail, double seconds) {
        return new RunResult(plan, Verdict.INCONCLUSIVE, Measure.DISTANCE, Double.NaN, Double.NaN, Double.NaN, tail, iterations,
                Evidence.NONE, seconds, reason, null, null, plan.instance().seed(), null);
    }

    /** The same result with another verdict and reason (used by invariance judging). */
    RunResult with(Verdict v, Measure measure, double distance, double tolerance, String why) {
        return new RunResult(plan, v, measure, distance, tolerance, errorBound, tailMovement, iterations, level, seconds,
                why, estimate, reference, seed, curve);
    }

    /** The same result with the run's convergence curve. */
    RunResult withCurve(Curve c) {
        return new RunResult(plan, verdict, measure, distance, tolerance, errorBound, tailMovement, iterations, level, seconds,
                reason, estimate, reference, seed, c);
    }

    @Override
    public String toString() {
        return "RunResult[plan=" + plan
                + ", verdict=" + verdict
                + ", measure=" + measure
                + ", distance=" + distance
                + ", tolerance=" + tolerance
                + ", errorBound=" + errorBound
                + ", tailMovement=" + tailMovement
                + ", iterations=" + iterations
                + ", level=" + level
                + ", seconds=" + seconds
                + ", reason=" + reason
                + ", estimate=" + Arrays.toString(estimate)
                + ", reference=" + Arrays.toString(reference)
                + ", seed=" + seed
                + ", curve=" + curve + "]";
    }
}
