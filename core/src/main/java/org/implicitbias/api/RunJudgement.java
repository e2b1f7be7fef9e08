package org.implicitbias.api;

import org.implicitbias.claims.Verdict;

/**
 * The verdict on one run of a claim (one instance at one grid point).
 *
 * @param run         which run: the instance and the grid point
 * @param verdict     CONFIRMED, REFUTED or INCONCLUSIVE
 * @param measure     what {@code gap} measures: {@code distance}, {@code face-distance}, {@code margin-gap},
 *                    {@code value-gap}, {@code iterates}, ...
 * @param gap         the measured gap to the reference (NaN when nothing was measured)
 * @param tolerance   the tolerance it was judged against
 * @param errorBound  the sum of the error bounds charged (estimate, reference certificate, distance to G)
 * @param certificate the reference's certificate level ({@code exact}, {@code smt}, {@code bounded},
 *                    {@code numeric}; {@code none} when no reference was used)
 * @param iterations  the steps the run took
 * @param reason      one line: why this verdict
 */
public record RunJudgement(String run, Verdict verdict, String measure, double gap, double tolerance, double errorBound,
                           String certificate, long iterations, String reason) {

    @Override
    public String toString() {
        return run + ": " + verdict.label() + ", " + measure + " " + gap + " (tolerance " + tolerance + ", error bound "
                + errorBound + ", certificate " + certificate + "): " + reason;
    }
}
