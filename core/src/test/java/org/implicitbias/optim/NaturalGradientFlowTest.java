package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

class NaturalGradientFlowTest {
    private static final Potential ENTROPY = new Potential.Entropy();
    private static final Dataset EXAMPLE_3 = Dataset.of(new double[][] {{1, 2}}, new double[] {1});
    private static final double[] MIN_ENTROPY = {0.5, 0.25};

    private static Trace settle(Objective obj, IterativeMethod m) {
        return new Runner(obj).run(m, Budget.iterations(20_000, Budget.Limit.POINT).withWindow(50).settlingAt(1e-15));
    }

    @Test
    void theFlowOnExample3ReachesTheMinimumEntropyInterpolant() {
        Objective obj = new Objective(EXAMPLE_3, new Loss.Squared());
        IterativeMethod flow = new Algorithm.NaturalGradientFlowAlgorithm(ENTROPY).start(obj, new double[] {1, 1});
        assertThat(flow.name()).isEqualTo("natural-gradient-flow(entropy)");
        Trace trace = settle(obj, flow);
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        assertThat(Vectors.distance(trace.w(), MIN_ENTROPY)).isLessThan(1e-7);
    }

    @Test
    void naturalGradientLimitsApproachTheFlowLimitAsTheStepShrinks() {
        double previous = Double.POSITIVE_INFINITY;
        for (double eta : new double[] {0.05, 0.01, 0.002}) {
            Objective obj = new Objective(EXAMPLE_3, new Loss.Squared());
            Trace trace = new Runner(obj).run(
                    new NaturalGradientDescent(obj, new double[] {1, 1}, ENTROPY, new StepRule.Constant(eta)),
                    Budget.iterations(400_000, Budget.Limit.POINT).settlingAt(1e-15));
            double gap = Vectors.distance(trace.w(), MIN_ENTROPY);
            assertThat(gap).as("eta %s", eta).isLessThan(previous).isGreaterThan(1e-6);
            previous = gap;
        }
        assertThat(previous).isLessThan(1e-3);
    }

    @Test
    void theFlowOnRandomPositiveInstancesReachesTheMinimumDivergenceInterpolant() {
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 2;
            int d = 5;
            double[][] x = new double[n][d];
            double[] y = new double[n];
            double[] w0 = new double[d];
            for (int j = 0; j < d; j++) {
                w0[j] = 0.5 + r.nextDouble();
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] = Fixtures.gaussian(r);
                    y[i] += x[i][j] * (0.5 + 0.5 * j / d);
                }
            }
            Dataset data = Dataset.of(x, y);
            Objective obj = new Objective(data, new Loss.Squared());
            Trace trace = settle(obj, new NaturalGradientFlow(obj, w0, ENTROPY));
            assertThat(trace.outcome()).as("seed %d", seed).isEqualTo(Trace.Outcome.SETTLED);
            double[] expected = BregmanTruths.entropyMinBregman(x, y, w0);
            assertThat(Vectors.distance(trace.w(), expected)).as("seed %d", seed).isLessThan(1e-7);
        }
    }

    @Test
    void theSquaredLpFlowStartsAtZeroWhereItsHessianIsSingularAndReachesTheMinimumNormPoint() {
        double p = 1.5;
        Dataset data = Fixtures.regression(2, 5, 9);
        Objective obj = new Objective(data, new Loss.Squared());
        double[] w0 = new double[5];
        Trace trace = settle(obj, new NaturalGradientFlow(obj, w0, new Potential.SquaredLp(p)));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        double[][] x = data.matrix();
        // KKT of argmin_G 1/2 ||w||_p^2: its link in the row space of X, Xw = y
        assertThat(BregmanTruths.residualNorm(x, data.y(), trace.w())).isLessThan(1e-9);
        assertThat(BregmanTruths.distanceFromRowSpace(x, BregmanTruths.squaredLpLink(trace.w(), p))).isLessThan(1e-9);
    }

    @Test
    void onSeparableDataWithExponentialLossTheFlowStaysFiniteAndTurnsTowardsTheMaxMarginDirection() {
        // Soudry et al.'s toy set: support vectors (0.5, 1.5), (1.5, 0.5) and their negatives;
        // the l2 max-margin direction is (1, 1)/sqrt 2
        Dataset data = Dataset.of(new double[][] {{0.5, 1.5}, {1.5, 0.5}, {-0.5, -1.5}, {-1.5, -0.5}},
                new double[] {1, 1, -1, -1});
        Objective obj = new Objective(data, new Loss.Exponential());
        NaturalGradientFlow flow = new NaturalGradientFlow(obj, new double[] {1, -0.5}, new Potential.SquaredL2());
        Trace trace = new Runner(obj).run(flow, Budget.iterations(3000, Budget.Limit.DIRECTION));
        assertThat(trace.outcome().failed()).isFalse();
        assertThat(Vectors.allFinite(trace.w())).isTrue();
        assertThat(flow.clock()).isCloseTo(3000 * flow.interval(), within(1e-9 * flow.clock()));
        // the loss is far below the smallest double: only its logarithm is representable
        assertThat(trace.logLoss()).isLessThan(-1000).isGreaterThan(Double.NEGATIVE_INFINITY);
        double[] maxMargin = {Math.sqrt(0.5), Math.sqrt(0.5)};
        assertThat(Vectors.distance(trace.direction(), maxMargin)).isLessThan(1e-2);
        assertThat(trace.margin()).isCloseTo(Math.sqrt(2), within(1e-2));
    }

    @Test
    void aRightHandSideThatOverflowsIsReportedAsNonFiniteWithItsStepAndTheIterateKept() {
        Dataset data = Dataset.of(new double[][] {{1, 2}}, new double[] {1e300});
        Objective obj = new Objective(data, new Loss.Squared());
        Trace trace = new Runner(obj).run(new NaturalGradientFlow(obj, new double[] {1, 1}, ENTROPY),
                Budget.iterations(10, Budget.Limit.POINT));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.NON_FINITE);
        assertThat(trace.failure()).contains("step 1");
        assertThat(trace.w()).containsExactly(1.0, 1.0);
    }

    @Test
    void aNonPositiveIntervalIsRejectedAsInput() {
        Objective obj = new Objective(EXAMPLE_3, new Loss.Squared());
        assertThatThrownBy(() -> new NaturalGradientFlow(obj, new double[] {1, 1}, ENTROPY, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("interval");
    }
}
