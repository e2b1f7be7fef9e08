package org.implicitbias.claims;

import org.implicitbias.linalg.Nnls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.junit.jupiter.api.Test;

/** The arithmetic of verdicts: tail bounds, aggregation, invariance, and the NNLS residual. */
class VerdictLogicTest {

    @Test
    void theTailBoundCoversGeometricAndPowerLawTailsAndRefusesStalledOnes() {
        // e(t) = 0.9^t: movements over [100, 110] and [110, 120], remaining after 120 is e(120)
        double a = Math.pow(0.9, 100) - Math.pow(0.9, 110);
        double b = Math.pow(0.9, 110) - Math.pow(0.9, 120);
        assertThat(RunEngine.tailBound(a, b, 100, 10, 0)).isGreaterThanOrEqualTo(Math.pow(0.9, 120) * 0.999);
        // e(t) = 1/t: remaining after t + 2k is 1/(t + 2k)
        long t = 10_000;
        long k = 100;
        a = 1.0 / t - 1.0 / (t + k);
        b = 1.0 / (t + k) - 1.0 / (t + 2 * k);
        assertThat(RunEngine.tailBound(a, b, t, k, 0)).isGreaterThanOrEqualTo(1.0 / (t + 2 * k));
        assertThat(RunEngine.tailBound(1e-3, 1e-3, t, k, 0)).isInfinite();
        assertThat(RunEngine.tailBound(1e-16, 2e-16, t, k, 1e-13)).isEqualTo(1e-13);
    }

    @Test
    void theDoublingBoundIsExactForAOneOverTTail() {
        double c = 3;
        long t = 1 << 16;
        double a = c / (t / 4.0) - c / (t / 2.0);
        double b = c / (t / 2.0) - c / t;
        assertThat(RunEngine.doublingBound(a, b, 0)).isCloseTo(c / t, within(1e-15));
        assertThat(RunEngine.doublingBound(b, a, 0)).isInfinite();
    }

    @Test
    void nonnegativeLeastSquaresMeasuresTheDistanceToACone() {
        double[][] cone = {{1, 0}, {1, 1}};
        assertThat(Nnls.residual(cone, new double[]{2, 1})).isCloseTo(0, within(1e-12));
        // (0, 1) lies outside the cone spanned by (1, 0) and (1, 1): nearest point is on the ray (1, 1)
        assertThat(Nnls.residual(cone, new double[]{0, 1})).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(Nnls.residual(cone, new double[]{-1, 0})).isCloseTo(1, within(1e-12));
    }

    private static RunPlan plan(int index, Map<String, String> assignment) {
        Instance inst = new Instance(0, "literal[0]", Dataset.of(new double[][]{{1, 2}}, new double[]{1}), 0, 0);
        Target target = new Target(Target.Limit.POINT, null, List.of("algorithm.step.eta"), Target.Judge.LIMIT,
                Target.Predictor.AUTOMATIC, null, 0, null);
        return new RunPlan(index, inst, index, assignment, JsonNodeFactory.instance.objectNode(), new Loss.Squared(), null,
                new double[2], target, new Tolerance(0.1, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                new RunBudget(10, 1, 0, 1));
    }

    private static RunResult pending(int index, String eta, double[] estimate, double bound) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("algorithm.step.eta", eta);
        return RunResult.limitOnly(plan(index, a), estimate, bound, 0, 10, Evidence.RUN_LIMITS, 0);
    }

    private static ClaimSpec spec(Expectation e) {
        return new ClaimSpec("c", "t", "", e, Path.of("c.yaml"), List.of(), 1, List.of(), List.of("algorithm.step.eta"), null);
    }

    @Test
    void limitsFartherApartThanToleranceAndBoundsRefuteInvarianceAndCloseOnesConfirmIt() {
        List<RunResult> far = Checker.judgeInvariance(spec(Expectation.FAILS), List.of(
                pending(0, "0.1", new double[]{0, 0}, 0.01), pending(1, "0.2", new double[]{0.5, 0}, 0.01)));
        assertThat(far).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.REFUTED));
        assertThat(far.get(0).distance()).isCloseTo(0.5, within(1e-15));
        List<RunResult> near = Checker.judgeInvariance(spec(Expectation.HOLDS), List.of(
                pending(0, "0.1", new double[]{0, 0}, 0.01), pending(1, "0.2", new double[]{0.05, 0}, 0.01)));
        assertThat(near).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.CONFIRMED));
        // far apart, but the error bounds could explain it: inconclusive, never refuted
        List<RunResult> unsure = Checker.judgeInvariance(spec(Expectation.FAILS), List.of(
                pending(0, "0.1", new double[]{0, 0}, 0.3), pending(1, "0.2", new double[]{0.5, 0}, 0.3)));
        assertThat(unsure).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE));
    }

    @Test
    void aLimitWithNothingToCompareWithDecidesNothing() {
        // One run of an invariance claim is no evidence that its limit does not change.
        List<RunResult> alone = Checker.judgeInvariance(spec(Expectation.HOLDS), List.of(pending(0, "0.1", new double[]{0, 0}, 0)));
        assertThat(alone).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(r.reason()).contains("no other run");
        });
    }

    @Test
    void aClaimIsConfirmedOnlyIfEveryRunIsAndRefutedIfAnyRunIs() {
        RunResult ok = pending(0, "0.1", new double[]{0, 0}, 0).with(Verdict.CONFIRMED, Measure.DISTANCE, 0.01, 0.1, "ok");
        RunResult bad = pending(1, "0.2", new double[]{0, 0}, 0).with(Verdict.REFUTED, Measure.DISTANCE, 0.5, 0.1, "bad");
        RunResult unsure = pending(2, "0.3", null, 0).with(Verdict.INCONCLUSIVE, Measure.DISTANCE, Double.NaN, 0.1, "unsure");
        ClaimResult all = Checker.aggregate(spec(Expectation.HOLDS), List.of(ok, ok));
        assertThat(all.verdict()).isEqualTo(Verdict.CONFIRMED);
        assertThat(all.passed()).isTrue();
        ClaimResult some = Checker.aggregate(spec(Expectation.HOLDS), List.of(ok, unsure, bad));
        assertThat(some.verdict()).isEqualTo(Verdict.REFUTED);
        assertThat(some.passed()).isFalse();
        assertThat(some.refuting()).isSameAs(bad);
        assertThat(some.worstDistance()).isEqualTo(0.5);
        ClaimResult refutedAsExpected = Checker.aggregate(spec(Expectation.FAILS), List.of(ok, bad));
        assertThat(refutedAsExpected.passed()).isTrue();
        ClaimResult open = Checker.aggregate(spec(Expectation.FAILS), List.of(ok, unsure));
        assertThat(open.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(open.passed()).isFalse();
        assertThat(open.reason()).contains("1 of 2 runs inconclusive").contains("unsure");
    }
}
