package org.implicitbias.claims;

import java.util.List;
import java.util.Map;

/**
 * The verdict on one claim.
 *
 * @param spec          the claim
 * @param verdict       confirmed if every run is, refuted if some run is, else inconclusive
 * @param passed        (holds and confirmed) or (fails and refuted)
 * @param runs          every run's result, in the spec's run order
 * @param worstDistance the largest measured gap over the runs (NaN if none was measured)
 * @param levels        certificate levels used, with counts (sorted)
 * @param seconds       time spent in this claim's runs (sum over runs)
 * @param reason        one line: why this verdict (the refuting or first inconclusive run)
 * @param refuting      the first refuting run, or null
 */
public record ClaimResult(ClaimSpec spec, Verdict verdict, boolean passed, List<RunResult> runs, double worstDistance,
                          Map<String, Integer> levels, double seconds, String reason, RunResult refuting) {

    public long count(Verdict v) {
        return runs.stream().filter(r -> r.verdict() == v).count();
    }
}
