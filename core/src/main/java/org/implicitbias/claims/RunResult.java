package org.implicitbias.claims;

/**
 * What one run showed and the verdict it supports.
 *
 * @param plan         the run
 * @param verdict      CONFIRMED, REFUTED or INCONCLUSIVE
 * @param measure      what {@code distance} measures: {@code distance}, {@code margin-gap}, {@code value-gap},
 *                     {@code iterates}, {@code residual}, {@code growth}, {@code relative-slack}
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
 */
public record RunResult(RunPlan plan, Verdict verdict, String measure, double distance, double tolerance,
                        double errorBound, double tailMovement, long iterations, String level, double seconds,
                        String reason, double[] estimate, double[] reference, long seed) {

    /** An inconclusive run with a reason. */
    static RunResult inconclusive(RunPlan plan, String reason, long iterations, double tail, double seconds) {
        return new RunResult(plan, Verdict.INCONCLUSIVE, "distance", Double.NaN, Double.NaN, Double.NaN, tail, iterations,
                "none", seconds, reason, null, null, plan.instance().seed());
    }

    /** The same result with another verdict and reason (used by invariance judging). */
    RunResult with(Verdict v, String measure, double distance, double tolerance, String why) {
        return new RunResult(plan, v, measure, distance, tolerance, errorBound, tailMovement, iterations, level, seconds,
                why, estimate, reference, seed);
    }
}
