package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NaturalGradientDescentTest {
    private static final Potential ENTROPY = new Potential.Entropy();
    private static final Dataset EXAMPLE_3 = Dataset.of(new double[][] {{1, 2}}, new double[] {1});

    /** {@code D = A'A/d + I}: symmetric positive definite with eigenvalues in [1, about 4]. */
    private static double[][] randomSpd(int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] a = new double[d][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = Fixtures.gaussian(r);
            }
        }
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a[k][i] * a[k][j];
                }
                m[i][j] = s / d + (i == j ? 1 : 0);
            }
        }
        return m;
    }

    private static double frobeniusSquared(Dataset data) {
        double f = 0;
        for (double v : data.rowMajor()) {
            f += v * v;
        }
        return f;
    }

    /**
     * Natural gradient descent on Example 3 written out for this 2-d instance:
     * {@code w <- w - eta diag(w) 2 (w_1 + 2 w_2 - 1) (1, 2)}.
     */
    private static double[] example3ByHand(double eta, int steps) {
        return example3ByHand(eta, steps, 1, 1);
    }

    private static double[] example3ByHand(double eta, int steps, double a0, double b0) {
        double a = a0;
        double b = b0;
        for (int t = 0; t < steps; t++) {
            double r = 2 * (a + 2 * b - 1);
            double na = a - eta * a * r;
            double nb = b - eta * b * r * 2;
            a = na;
            b = nb;
        }
        return new double[] {a, b};
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void withAQuadraticPotentialMirrorDescentAndNaturalGradientTakeTheSameStepsAndReachTheDProjection(long seed) {
        int d = 6;
        Dataset data = Fixtures.regression(3, d, seed);
        double[] w0 = Fixtures.gaussianVector(d, seed + 10);
        double[][] dm = randomSpd(d, seed + 20);
        Potential psi = new QuadraticPotential(dm);
        Objective objMd = new Objective(data, new Loss.Squared());
        Objective objNgd = new Objective(data, new Loss.Squared());
        // lambda_max(D^{-1} 2X'X) <= 2 ||X||_F^2 since D >= I
        double safe = 1 / (2 * frobeniusSquared(data));
        double[] expected = Fixtures.projection(data, w0, dm);
        for (double fraction : new double[] {0.1, 0.5, 0.95}) {
            double eta = fraction * safe;
            MirrorDescent md = new MirrorDescent(objMd, w0, psi, new StepRule.Constant(eta));
            IterativeMethod ngd = new Algorithm.NaturalGradientAlgorithm(psi, new StepRule.Constant(eta)).start(objNgd, w0);
            for (int t = 0; t < 50; t++) {
                md.step();
                ngd.step();
            }
            assertThat(Vectors.distance(md.iterate(), w0)).isGreaterThan(1e-2);
            assertThat(Vectors.distance(md.iterate(), ngd.iterate())).as("eta %s", eta).isLessThan(1e-12);
            Budget budget = Budget.iterations(400_000, Budget.Limit.POINT).settlingAt(1e-15);
            Trace a = new Runner(objMd).run(md, budget);
            Trace b = new Runner(objNgd).run(ngd, budget);
            assertThat(Vectors.distance(a.w(), expected)).as("MD at eta %s", eta).isLessThan(1e-9);
            assertThat(Vectors.distance(b.w(), expected)).as("NGD at eta %s", eta).isLessThan(1e-9);
        }
        // the D-geometry matters: the Euclidean projection is elsewhere
        assertThat(Vectors.distance(expected, Fixtures.projection(data, w0, null))).isGreaterThan(1e-2);
    }

    @Test
    void naturalGradientWithStepOneTenthLandsOnTheInterpolatingLineInOneStep() {
        // w1 = w0 - eta diag(w0) 2 (3 - 1) (1, 2) = (1, 1) - 0.1 (4, 8) = (0.6, 0.2), and 0.6 + 2 * 0.2 = 1
        Objective obj = new Objective(EXAMPLE_3, new Loss.Squared());
        NaturalGradientDescent ngd = new NaturalGradientDescent(obj, new double[] {1, 1}, ENTROPY, new StepRule.Constant(0.1));
        ngd.step();
        assertThat(Vectors.distance(ngd.iterate(), new double[] {0.6, 0.2})).isLessThan(1e-15);
        Trace trace = new Runner(obj).run(ngd, Budget.iterations(1000, Budget.Limit.POINT).settlingAt(1e-15));
        assertThat(Vectors.distance(trace.w(), new double[] {0.6, 0.2})).isLessThan(1e-15);
    }

    @Test
    void naturalGradientLimitsOnExample3MoveWithTheStepSize() {
        double[] etas = {0.01, 0.05, 0.1};
        double[][] published = {{0.5020, 0.2490}, {0.5150, 0.2425}, {0.6, 0.2}};
        double[][] limits = new double[etas.length][];
        for (int k = 0; k < etas.length; k++) {
            Objective obj = new Objective(EXAMPLE_3, new Loss.Squared());
            NaturalGradientDescent ngd = new NaturalGradientDescent(obj, new double[] {1, 1}, ENTROPY,
                    new StepRule.Constant(etas[k]));
            Trace trace = new Runner(obj).run(ngd, Budget.iterations(200_000, Budget.Limit.POINT).settlingAt(1e-15));
            assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
            limits[k] = trace.w();
            assertThat(Vectors.distance(limits[k], example3ByHand(etas[k], (int) trace.iterations())))
                    .as("eta %s against the update written out", etas[k]).isLessThan(1e-13);
            assertThat(Vectors.distance(limits[k], published[k])).as("eta %s", etas[k]).isLessThan(5e-5);
            assertThat(limits[k][0] + 2 * limits[k][1]).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(Vectors.distance(limits[k], new double[] {0.5, 0.25})).isGreaterThan(1e-3);
        }
        for (int a = 0; a < etas.length; a++) {
            for (int b = a + 1; b < etas.length; b++) {
                assertThat(Vectors.distance(limits[a], limits[b])).isGreaterThan(1e-3);
            }
        }
    }

    @Test
    void aNaturalGradientStepThatLeavesThePositiveOrthantIsADomainExitAtStepOne() {
        // eta = 0.3: w1 = (1, 1) - 0.3 (4, 8) = (-0.2, -1.4)
        Objective obj = new Objective(EXAMPLE_3, new Loss.Squared());
        NaturalGradientDescent ngd = new NaturalGradientDescent(obj, new double[] {1, 1}, ENTROPY, new StepRule.Constant(0.3));
        Trace trace = new Runner(obj).run(ngd, Budget.iterations(1000, Budget.Limit.POINT));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.DOMAIN_EXIT);
        assertThat(trace.failure()).contains("step 1").contains("entropy");
        assertThat(trace.iterations()).isZero();
        assertThat(trace.w()).containsExactly(1.0, 1.0);
    }

    @Test
    void aLaterStepLeavingTheDomainIsReportedWithItsNumberAndTheLastIterateKept() {
        // from (0.1, 0.1) with eta = 1.1 the iterates overshoot G back and forth and leave w > 0 later
        double eta = 1.1;
        double[] w = {0.1, 0.1};
        int exitStep = 0;
        for (int t = 1; t <= 1000 && exitStep == 0; t++) {
            double[] next = example3ByHand(eta, t, 0.1, 0.1);
            if (!(next[0] > 0 && next[1] > 0)) {
                exitStep = t;
            } else {
                w = next;
            }
        }
        assertThat(exitStep).as("this step size exits after the first step").isGreaterThan(1);
        Objective obj = new Objective(EXAMPLE_3, new Loss.Squared());
        NaturalGradientDescent ngd = new NaturalGradientDescent(obj, new double[] {0.1, 0.1}, ENTROPY,
                new StepRule.Constant(eta));
        Trace trace = new Runner(obj).run(ngd, Budget.iterations(1000, Budget.Limit.POINT));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.DOMAIN_EXIT);
        assertThat(trace.failure()).contains("step " + exitStep);
        assertThat(trace.iterations()).isEqualTo(exitStep - 1);
        assertThat(Vectors.distance(trace.w(), w)).isLessThan(1e-12);
    }

    @Test
    void aStartOutsideTheDomainIsRejectedAsInput() {
        Objective obj = new Objective(EXAMPLE_3, new Loss.Squared());
        assertThatThrownBy(() -> new NaturalGradientDescent(obj, new double[] {-1, 1}, ENTROPY, new StepRule.Constant(0.1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("w0:");
    }
}
