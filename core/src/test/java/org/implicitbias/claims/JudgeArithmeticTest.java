package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.optim.Trace;
import org.implicitbias.oracle.Reference;
import org.junit.jupiter.api.Test;

/** The judge's building blocks against closed forms: face distances, KKT bounds, duality bounds, frozen runs. */
class JudgeArithmeticTest {
    private static final Dataset ONES = Dataset.of(new double[][] {{1, 1}}, new double[] {1});
    private static final Dataset LINE = Dataset.of(new double[][] {{1, 2}}, new double[] {1});

    @Test
    void theL1FaceOfXOneOneIsTheSegmentFromE1ToE2() {
        // min ||w||_1 on w1 + w2 = 1: optimum 1, face {(a, 1 - a) : a in [0, 1]}, dual lambda = 1
        double[] lambda = {1};
        double[] star = {0.5, 0.5};
        OptimalFace.Distance onFace = OptimalFace.distance(new Norm.L1(), ONES, new double[2], lambda, 1, star,
                new double[] {1, 0});
        assertThat(onFace.lower()).isCloseTo(0, within(1e-15));
        assertThat(onFace.upper()).isCloseTo(0, within(1e-15));
        // off G along the normal: the nearest face point is (0.5, 0.5)
        OptimalFace.Distance above = OptimalFace.distance(new Norm.L1(), ONES, new double[2], lambda, 1, star,
                new double[] {0.6, 0.6});
        assertThat(above.lower()).isCloseTo(0.1 * Math.sqrt(2), within(1e-14));
        assertThat(above.upper()).isCloseTo(0.1 * Math.sqrt(2), within(1e-14));
        // on G but outside the face: the nearest face point is (1, 0), at distance sqrt(1/2)
        OptimalFace.Distance outside = OptimalFace.distance(new Norm.L1(), ONES, new double[2], lambda, 1, star,
                new double[] {1.5, -0.5});
        assertThat(outside.lower()).isCloseTo(0, within(1e-14));
        assertThat(outside.upper()).isCloseTo(Math.sqrt(0.5), within(1e-14));
    }

    @Test
    void theLinfFaceOfXOneTwoIsTheSinglePointOneOne() {
        // min ||w||_inf on w1 + 2 w2 = 3: optimum 1 at (1, 1); lambda = 1/3 gives g = (1/3, 2/3), ||g||_1 = 1
        Dataset data = Dataset.of(new double[][] {{1, 2}}, new double[] {3});
        double[] lambda = {1.0 / 3};
        OptimalFace.Distance at = OptimalFace.distance(new Norm.LInf(), data, new double[2], lambda, 1,
                new double[] {1, 1}, new double[] {1, 1});
        assertThat(at.upper()).isCloseTo(0, within(1e-15));
        OptimalFace.Distance far = OptimalFace.distance(new Norm.LInf(), data, new double[2], lambda, 1,
                new double[] {1, 1}, new double[] {2, 2});
        assertThat(far.lower()).isCloseTo(Math.sqrt(2), within(1e-14));
        assertThat(far.upper()).isCloseTo(Math.sqrt(2), within(1e-14));
    }

    @Test
    void theKktBoundOfTheL2ProjectionIsTheDistanceToIt() {
        // argmin_G ||w|| on w1 + 2 w2 = 1 is (1/5, 2/5); G's direction is (2, -1)/sqrt 5, its normal (1, 2)/sqrt 5
        Reference ref = new Reference.MinNorm(new Norm.L2());
        double[] star = {0.2, 0.4};
        double e = 1e-3;
        double[] along = {0.2 + 2 * e / Math.sqrt(5), 0.4 - e / Math.sqrt(5)};
        double[] normal = {0.2 + e / Math.sqrt(5), 0.4 + 2 * e / Math.sqrt(5)};
        assertThat(KktRoute.pointBound(ref, LINE, new double[2], star, star, 0)).isCloseTo(0, within(1e-15));
        assertThat(KktRoute.pointBound(ref, LINE, new double[2], along, star, 0)).isCloseTo(e, within(1e-14));
        assertThat(KktRoute.pointBound(ref, LINE, new double[2], normal, star, 0)).isCloseTo(e, within(1e-14));
        // l1 has no strong convexity: no bound
        assertThat(KktRoute.pointBound(new Reference.MinNorm(new Norm.L1()), LINE, new double[2], star, star, 0)).isNaN();
    }

    @Test
    void theKktBoundVanishesAtExampleTwosEntropyMinimiserAndNotBesideIt() {
        // Example 2: argmin_G D_entropy(w, (1, 1)) on w1 + 2 w2 = 1 is (1/2, 1/4)
        Reference ref = new Reference.MinBregman(new Potential.Entropy(), false);
        double[] w0 = {1, 1};
        double[] star = {0.5, 0.25};
        assertThat(KktRoute.pointBound(ref, LINE, w0, star, star, 1e-9)).isLessThan(1e-14);
        double[] beside = {0.5 + 2e-4, 0.25 - 1e-4};
        double d = Math.sqrt(5e-8);
        double bound = KktRoute.pointBound(ref, LINE, w0, beside, star, 1e-9);
        // a valid bound, and not a loose one: the modulus on the box is 1 / max w = 1/0.5002
        assertThat(bound).isGreaterThanOrEqualTo(d).isLessThan(4 * d);
    }

    @Test
    void theStrongConvexityModuliAreTheClosedForms() {
        double[] lo = {0.25, 0.5};
        double[] hi = {1, 2};
        assertThat(KktRoute.modulus(new Potential.SquaredL2(), lo, hi)).isEqualTo(1);
        assertThat(KktRoute.modulus(new Potential.Entropy(), lo, hi)).isEqualTo(0.5);
        assertThat(KktRoute.modulus(new Potential.Entropy(), new double[] {-1, 1}, hi)).isNaN();
        assertThat(KktRoute.modulus(new Potential.Hypentropy(2), lo, hi)).isCloseTo(1 / Math.sqrt(8), within(1e-15));
        assertThat(KktRoute.modulus(new Potential.SquaredLp(1.5), lo, hi)).isEqualTo(0.5);
        assertThat(KktRoute.modulus(new Potential.LpPower(1.5), lo, hi)).isCloseTo(0.5 * Math.pow(2, -0.5), within(1e-15));
        assertThat(KktRoute.modulus(new Potential.LpPower(3), lo, hi)).isNaN();
    }

    @Test
    void theRunsOwnWeakDualityBoundHoldsEverywhereAndIsTightAlongTheMaxMarginDirection() {
        // Soudry's toy set: gamma = sqrt 2 along (1, 1)
        Dataset toy = Dataset.of(new double[][] {{0.5, 1.5}, {1.5, 0.5}, {-0.5, -1.5}, {-1.5, -0.5}},
                new double[] {1, 1, -1, -1});
        double gamma = Math.sqrt(2);
        for (double[] w : new double[][] {{1, 0}, {0.3, 2}, {-1, 5}, {3, 3}}) {
            assertThat(KktRoute.marginUpperBound(toy, w, new Norm.L2())).isGreaterThanOrEqualTo(gamma - 1e-15);
        }
        assertThat(KktRoute.marginUpperBound(toy, new double[] {50, 50}, new Norm.L2())).isCloseTo(gamma, within(1e-12));
    }

    private static Trace trace(long t, double[] w, double logLoss, List<Trace.Sample> samples, Trace.Outcome outcome) {
        return new Trace("m", w, t, outcome, null, logLoss, -1, 0, 1, 0, false, null, Double.NaN, 0, samples);
    }

    @Test
    void aRunIsFrozenUnlessItsNormGrowsAndItsLossFalls() {
        List<Trace.Sample> early = List.of(new Trace.Sample(1000, new double[] {1, 1}, -2));
        assertThat(RunEngine.frozen(trace(16000, new double[] {3, 3}, -5, early, Trace.Outcome.ITERATION_LIMIT))).isNull();
        assertThat(RunEngine.frozen(trace(16000, new double[] {1, 1}, -2, early, Trace.Outcome.ITERATION_LIMIT)))
                .startsWith("frozen");
        // growing norm, loss not falling: still no evidence of a limit direction
        assertThat(RunEngine.frozen(trace(16000, new double[] {3, 3}, -2, early, Trace.Outcome.ITERATION_LIMIT)))
                .startsWith("frozen");
        assertThat(RunEngine.frozen(trace(16000, new double[] {3, 3}, -5, early, Trace.Outcome.FROZEN))).startsWith("frozen");
    }

    @Test
    void cycleFreeWindowsArePrimes() {
        assertThat(org.implicitbias.optim.Budget.cycleFreeWindow(1000)).isEqualTo(1009);
        assertThat(org.implicitbias.optim.Budget.cycleFreeWindow(10)).isEqualTo(11);
        assertThat(org.implicitbias.optim.Budget.cycleFreeWindow(1)).isEqualTo(2);
        assertThat(org.implicitbias.optim.Budget.cycleFreeWindow(13)).isEqualTo(13);
    }
}
