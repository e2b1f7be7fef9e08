package org.implicitbias.claims;

/**
 * What one run showed and the verdict it supports.
 *
 * @param plan         the run
 * @param verdict      CONFIRMED, REFUTED or INCONCLUSIVE
 * @param measure      what {@code distance} measures
 * @param distance     the measured gap to the reference (NaN when nothing was measured)
 * @param tolerance    the tolerance it was judged against
 * @param errorBound   the error bound of the limit estimate plus the certificate's (NaN when unknown)
 * @param tailMovement movement of the run's tail over its last window (NaN for data-level checks)
 * @param iterations   steps taken
 * @param level        certificate level of the reference ({@code none} when no certificate was used)
 * @param seconds      wall time of the run
 * @param reason       one line: why this verdict
 * @param estimate     the limit estimate (point, unit direction, or null)
 * @param reference    the reference point it was compared with (or null)
 * @param seed         the instance's seed
 * @param curve        the gap at sampled iterations of the run, for plots (null when not measured)
 */
public record RunResult(RunPlan plan, Verdict verdict, Measure measure, double distance, double tolerance,
                        double errorBound, double tailMovement, long iterations, String level, double seconds,
                        String reason, double[] estimate, double[] reference, long seed, Curve curve) {

    /** An inconclusive run with a reason. */
    static RunResult inconclusive(RunPlan plan, String reason, long iterations, double tail, double seconds) {
        return new RunResult(plan, Verdict.INCONCLUSIVE, Measure.DISTANCE, Double.NaN, Double.NaN, Double.NaN, tail, iterations,
                "none", seconds, reason, null, null, plan.instance().seed(), null);
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
}
