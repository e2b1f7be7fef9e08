package org.implicitbias.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.implicitbias.model.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NormTest {

    static Stream<Norm> norms() {
        return Stream.of(new Norm.L1(), new Norm.L2(), new Norm.LInf(), new Norm.Lp(4.0 / 3), new Norm.Lp(3),
                new QuadraticNorm(new double[][] {{2, 0.5, 0, 0}, {0.5, 1, 0, 0}, {0, 0, 3, 1}, {0, 0, 1, 1}}),
                new Norm.Nuclear(2, 2));
    }

    private static double[] random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] g = new double[4];
        for (int i = 0; i < 4; i++) {
            g[i] = 2 * r.nextDouble() - 1;
        }
        return g;
    }

    @ParameterizedTest
    @MethodSource("norms")
    void steepestStepSatisfiesEquation12(Norm norm) {
        for (long s = 0; s < 10; s++) {
            double[] g = random(s);
            double[] step = new double[4];
            for (TieRule ties : TieRule.values()) {
                norm.steepestStep(g, step, ties);
                double dual = norm.dual(g);
                // <Dw, -g> = ||Dw||^2 = ||g||_*^2
                assertThat(-Vectors.dot(step, g)).isCloseTo(dual * dual, within(1e-10));
                assertThat(norm.value(step)).isCloseTo(dual, within(1e-10));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("norms")
    void dualNormIsTheSupremumOverTheUnitBallAndHolderHolds(Norm norm) {
        double[] g = random(99);
        double best = 0;
        for (long s = 0; s < 2000; s++) {
            double[] v = random(1000 + s);
            double n = norm.value(v);
            best = Math.max(best, Vectors.dot(g, v) / n);
            assertThat(Vectors.dot(g, v)).isLessThanOrEqualTo(norm.dual(g) * n + 1e-12);
        }
        // the steepest step attains the supremum: <g, -step/||step||> = ||g||_*
        double[] step = new double[4];
        norm.steepestStep(g, step, TieRule.LOWEST_INDEX);
        assertThat(-Vectors.dot(g, step) / norm.value(step)).isCloseTo(norm.dual(g), within(1e-12));
        assertThat(best).isLessThanOrEqualTo(norm.dual(g) + 1e-12);
    }

    @Test
    void l1StepTieRulesPickTheFirstOrAverageTheMaximalCoordinates() {
        double[] g = {1, -3, 3, 2};
        double[] step = new double[4];
        new Norm.L1().steepestStep(g, step, TieRule.LOWEST_INDEX);
        assertThat(step).containsExactly(0, 3, 0, 0);
        new Norm.L1().steepestStep(g, step, TieRule.AVERAGE);
        assertThat(step).containsExactly(0, 1.5, -1.5, 0);
    }

    @Test
    void linfStepIsSignDescentScaledByTheL1NormOfTheGradient() {
        double[] step = new double[3];
        new Norm.LInf().steepestStep(new double[] {0.5, -2, 0}, step, TieRule.LOWEST_INDEX);
        assertThat(step).containsExactly(-2.5, 2.5, 0);
    }

    @Test
    void lpNormDoesNotOverflowOnHugeEntries() {
        assertThat(Norm.lpNorm(new double[] {3e200, 4e200}, 2)).isCloseTo(5e200, within(1e188));
        assertThat(new Norm.Lp(4.0 / 3).q()).isCloseTo(4, within(1e-15));
    }

    @Test
    void nuclearNormOfADiagonalMatrixIsTheSumOfAbsoluteEntries() {
        Norm.Nuclear nuclear = new Norm.Nuclear(2, 2);
        assertThat(nuclear.value(new double[] {3, 0, 0, -2})).isCloseTo(5, within(1e-12));
        assertThat(nuclear.dual(new double[] {3, 0, 0, -2})).isCloseTo(3, within(1e-12));
    }
}
