package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MirrorDescentTest {
    private static final Potential ENTROPY = new Potential.Entropy();
    private static final Dataset EXAMPLE_2 = Dataset.of(new double[][] {{1, 2}}, new double[] {1});

    /** A random N x d instance with a positive interpolant: {@code y = X w_feas}, {@code w_feas in [0.5, 1.5]^d}. */
    private static Dataset positiveInstance(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        double[] wf = new double[d];
        for (int j = 0; j < d; j++) {
            wf[j] = 0.5 + r.nextDouble();
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = Fixtures.gaussian(r);
                y[i] += x[i][j] * wf[j];
            }
        }
        return Dataset.of(x, y);
    }

    private static double[] positiveVector(int d, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    /** {@code lambda_max(XX')}. */
    private static double gramMax(Dataset data) {
        double[][] x = data.matrix();
        Array2DRowRealMatrix m = new Array2DRowRealMatrix(x);
        double[] ev = new EigenDecomposition(m.multiply(m.transpose())).getRealEigenvalues();
        double max = 0;
        for (double v : ev) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static Trace run(Objective obj, IterativeMethod m, long iterations) {
        return new Runner(obj).run(m, Budget.iterations(iterations, Budget.Limit.POINT).settlingAt(1e-15));
    }

    private static MirrorDescent md(Objective obj, double[] w0, Potential psi, double eta) {
        return new MirrorDescent(obj, w0, psi, new StepRule.Constant(eta));
    }

    @Test
    void entropyMirrorDescentOnExample2ReachesTheMinimumEntropyInterpolant() {
        Objective obj = new Objective(EXAMPLE_2, new Loss.Squared());
        IterativeMethod m = new Algorithm.MirrorDescentAlgorithm(ENTROPY, new StepRule.Constant(0.1), Momentum.none(),
                Algorithm.MomentumForm.DUAL, false, 0, 0).start(obj, new double[] {1, 1});
        assertThat(m.name()).isEqualTo("mirror-descent(entropy)");
        Trace trace = run(obj, m, 100_000);
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        // KKT of argmin_G psi: log w in span(1, 2) => w2 = w1^2, and w1 + 2 w2 = 1 => (1/2, 1/4)
        assertThat(Vectors.distance(trace.w(), new double[] {0.5, 0.25})).isLessThan(1e-9);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void stochasticEntropyMirrorDescentReachesTheMinimumDivergenceInterpolant(long seed) {
        Dataset data = positiveInstance(3, 8, seed);
        double[] w0 = positiveVector(8, seed + 50, 0.5, 2);
        double[] expected = BregmanTruths.entropyMinBregman(data.matrix(), data.y(), w0);
        Objective obj = new Objective(data, new Loss.Squared());
        double eta = 0.2 / gramMax(data);
        for (int batch : new int[] {1, 2}) {
            MirrorDescent m = new MirrorDescent(obj, w0, ENTROPY, new StepRule.Constant(eta), Momentum.none(),
                    Algorithm.MomentumForm.DUAL, false, new MiniBatch(batch, 3, seed + batch));
            Trace trace = run(obj, m, 200_000);
            assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
            assertThat(Vectors.distance(trace.w(), expected)).as("batch %d", batch).isLessThan(1e-9);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6})
    void dualMomentumFromTheMinimiserOfEntropyReachesTheMinimumEntropyInterpolant(long seed) {
        Dataset data = positiveInstance(3, 8, seed);
        double[] w0 = ENTROPY.minimizer(8);
        double[] expected = BregmanTruths.entropyMinBregman(data.matrix(), data.y(), new double[] {1, 1, 1, 1, 1, 1, 1, 1});
        Objective obj = new Objective(data, new Loss.Squared());
        double eta = 0.1 / gramMax(data);
        MirrorDescent m = new MirrorDescent(obj, w0, ENTROPY, new StepRule.Constant(eta), Momentum.of(0.5, 0.5),
                Algorithm.MomentumForm.DUAL, false, null);
        Trace trace = run(obj, m, 200_000);
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        assertThat(Vectors.distance(trace.w(), expected)).isLessThan(1e-9);
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8})
    void dualMomentumKeepsTheDualIncrementsInTheRowSpaceSoAnyStartReachesItsMinimumDivergencePoint(long seed) {
        // eq. 7 with Dz_{-1} = 0: Dz_t = beta_t Dz_{t-1} - eta_t grad L in span(x_n) by induction
        Dataset data = positiveInstance(3, 8, seed);
        double[] w0 = positiveVector(8, seed + 60, 0.5, 2);
        double[] expected = BregmanTruths.entropyMinBregman(data.matrix(), data.y(), w0);
        Objective obj = new Objective(data, new Loss.Squared());
        double eta = 0.1 / gramMax(data);
        MirrorDescent m = new MirrorDescent(obj, w0, ENTROPY, new StepRule.Constant(eta), Momentum.of(0.6, 0),
                Algorithm.MomentumForm.DUAL, false, null);
        MirrorDescent plain = md(obj, w0, ENTROPY, eta);
        for (int i = 0; i < 3; i++) {
            m.step();
            plain.step();
        }
        assertThat(Vectors.distance(m.iterate(), plain.iterate())).as("momentum changes the path").isGreaterThan(1e-3);
        Trace trace = run(obj, m, 200_000);
        assertThat(Vectors.distance(trace.w(), expected)).isLessThan(1e-9);
    }

    @Test
    void primalMomentumInTheFirstStepMissesTheMinimumEntropyPointAndReachesTheRestartedOne() {
        double eta = 0.1;
        double beta = 0.5;
        // eq. 8 written out for X = [[1, 2]], y = 1, squared loss, w0 = (1, 1):
        // step 0: log w1 = log w0 - eta 2 (<w0, x> - 1) x
        double r0 = 2 * (1 + 2 - 1);
        double[] w1 = {Math.exp(-eta * r0), Math.exp(-eta * r0 * 2)};
        // step 1: log w2 = log(w1 + beta (w1 - w0)) - eta 2 (<w1, x> - 1) x   (gamma = 0)
        double r1 = 2 * (w1[0] + 2 * w1[1] - 1);
        double[] w2 = {(w1[0] + beta * (w1[0] - 1)) * Math.exp(-eta * r1),
                (w1[1] + beta * (w1[1] - 1)) * Math.exp(-eta * r1 * 2)};
        // plain MD from there (Theorem 1 restarted): log(w/w2) = lambda (1, 2), w_1 + 2 w_2 = 1;
        // with z = e^lambda: 2 w2[1] z^2 + w2[0] z - 1 = 0
        double z = (-w2[0] + Math.sqrt(w2[0] * w2[0] + 8 * w2[1])) / (4 * w2[1]);
        double[] expected = {w2[0] * z, w2[1] * z * z};

        Objective obj = new Objective(EXAMPLE_2, new Loss.Squared());
        IterativeMethod m = new Algorithm.MirrorDescentAlgorithm(ENTROPY, new StepRule.Constant(eta),
                new Momentum(beta, 0, 1), Algorithm.MomentumForm.PRIMAL, false, 0, 0).start(obj, new double[] {1, 1});
        m.step();
        m.step();
        assertThat(Vectors.distance(m.iterate(), w2)).isLessThan(1e-14);
        Trace trace = run(obj, m, 100_000);
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        assertThat(Vectors.distance(trace.w(), new double[] {0.5, 0.25})).isGreaterThan(1e-3);
        assertThat(Vectors.distance(trace.w(), expected)).isLessThan(1e-8);
    }

    @Test
    void primalMomentumThatPushesAnEntropyPointBelowZeroIsADomainExitAtThatStep() {
        // w1 = (e^-0.4, e^-0.8); w1 + 0.9 (w1 - w0) has second coordinate 1.9 e^-0.8 - 0.9 < 0
        Objective obj = new Objective(EXAMPLE_2, new Loss.Squared());
        MirrorDescent m = new MirrorDescent(obj, new double[] {1, 1}, ENTROPY, new StepRule.Constant(0.1),
                new Momentum(0.9, 0, 1), Algorithm.MomentumForm.PRIMAL, false, null);
        Trace trace = new Runner(obj).run(m, Budget.iterations(100, Budget.Limit.POINT));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.DOMAIN_EXIT);
        assertThat(trace.failure()).contains("step 2");
        assertThat(trace.iterations()).isEqualTo(1);
        assertThat(Vectors.distance(trace.w(), new double[] {Math.exp(-0.4), Math.exp(-0.8)})).isLessThan(1e-15);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void exponentiatedGradientReachesTheMinimumDivergencePointOnTheSimplex(long seed) {
        int n = 2;
        int d = 6;
        SplittableRandom r = new SplittableRandom(seed);
        double[] feasible = positiveVector(d, seed + 70, 0.5, 1.5);
        double total = 0;
        for (double v : feasible) {
            total += v;
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = Fixtures.gaussian(r);
                y[i] += x[i][j] * feasible[j] / total;
            }
        }
        Dataset data = Dataset.of(x, y);
        double[] w0 = positiveVector(d, seed + 80, 0.2, 1);
        Objective obj = new Objective(data, new Loss.Squared());
        MirrorDescent m = new MirrorDescent(obj, w0, ENTROPY, new StepRule.Constant(0.5 / gramMax(data)),
                Momentum.none(), Algorithm.MomentumForm.DUAL, true, null);
        Trace trace = run(obj, m, 200_000);
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        double[] w = trace.w();
        double sum = 0;
        for (double v : w) {
            assertThat(v).isPositive();
            sum += v;
        }
        assertThat(sum).isCloseTo(1, within(1e-14));
        assertThat(BregmanTruths.residualNorm(x, y, w)).isLessThan(1e-9);
        // KKT of min KL(w, w0) over G and sum w = 1: log(w/w0) in span(rows of X, 1)
        double[] logRatio = BregmanTruths.linkDifference(BregmanTruths::entropyLink, w, w0);
        assertThat(BregmanTruths.distanceFromRowSpace(BregmanTruths.withOnes(x), logRatio)).isLessThan(1e-9);
        // the constraint matters: without 1 in the span the KKT condition fails
        assertThat(BregmanTruths.distanceFromRowSpace(x, logRatio)).isGreaterThan(1e-3);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void euclideanMirrorDescentOnTheSimplexReachesTheProjectionOntoTheAugmentedAffineSet(long seed) {
        // squared-l2 with the affine constraint: argmin ||w - w0|| over Xw = y, sum w = 1, in closed form
        int d = 6;
        Dataset base = positiveInstance(2, d, seed);
        double[][] x = base.matrix();
        double total = 0;
        // rescale y so that the positive interpolant of positiveInstance lies on the simplex
        double[] y = base.y();
        double[] wf = positiveVector(d, seed + 90, 0.5, 1.5);
        for (double v : wf) {
            total += v;
        }
        for (int i = 0; i < x.length; i++) {
            y[i] = BregmanTruths.dot(x[i], wf) / total;
        }
        Dataset data = Dataset.of(x, y);
        double[] w0 = positiveVector(d, seed + 95, 0, 0.4);
        Dataset augmented = Dataset.of(BregmanTruths.withOnes(x), new double[] {y[0], y[1], 1});
        double[] expected = Fixtures.projection(augmented, w0, null);
        for (double v : expected) {
            assertThat(v).as("instance with a positive projection").isPositive();
        }
        Objective obj = new Objective(data, new Loss.Squared());
        MirrorDescent m = new MirrorDescent(obj, w0, new Potential.SquaredL2(), new StepRule.Constant(0.4 / gramMax(data)),
                Momentum.none(), Algorithm.MomentumForm.DUAL, true, null);
        Trace trace = run(obj, m, 200_000);
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        assertThat(Vectors.distance(trace.w(), expected)).isLessThan(1e-9);
    }

    @Test
    void hypentropyMirrorDescentOnTheSimplexSatisfiesTheConstrainedOptimalityConditions() {
        int d = 5;
        Dataset base = positiveInstance(1, d, 21);
        double[][] x = base.matrix();
        double[] wf = positiveVector(d, 22, 0.5, 1.5);
        double total = 0;
        for (double v : wf) {
            total += v;
        }
        double[] y = {BregmanTruths.dot(x[0], wf) / total};
        Dataset data = Dataset.of(x, y);
        double[] w0 = positiveVector(d, 23, 0.1, 0.3);
        double beta = 0.5;
        Objective obj = new Objective(data, new Loss.Squared());
        MirrorDescent m = new MirrorDescent(obj, w0, new Potential.Hypentropy(beta),
                new StepRule.Constant(0.2 / gramMax(data)), Momentum.none(), Algorithm.MomentumForm.DUAL, true, null);
        Trace trace = run(obj, m, 200_000);
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        double[] w = trace.w();
        assertThat(Vectors.norm1(w)).isCloseTo(1, within(1e-13));
        assertThat(BregmanTruths.residualNorm(x, y, w)).isLessThan(1e-9);
        double[] diff = BregmanTruths.linkDifference(v -> BregmanTruths.hypentropyLink(v, beta), w, w0);
        assertThat(BregmanTruths.distanceFromRowSpace(BregmanTruths.withOnes(x), diff)).isLessThan(1e-9);
    }

    @Test
    void aSimplexProjectionWithANegativeCoordinateIsADomainExit() {
        // w_1 = 2 on the simplex forces w_2 + w_3 = -1
        Dataset data = Dataset.of(new double[][] {{1, 0, 0}}, new double[] {2});
        Objective obj = new Objective(data, new Loss.Squared());
        MirrorDescent m = new MirrorDescent(obj, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, new Potential.SquaredL2(),
                new StepRule.Constant(0.1), Momentum.none(), Algorithm.MomentumForm.DUAL, true, null);
        Trace trace = new Runner(obj).run(m, Budget.iterations(10_000, Budget.Limit.POINT));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.DOMAIN_EXIT);
        assertThat(trace.failure()).contains("step " + (trace.iterations() + 1)).contains("w >= 0");
    }

    static Stream<Arguments> nonEuclideanPotentials() {
        return Stream.of(
                Arguments.of(new Potential.SquaredLp(1.5), (UnaryOperator<double[]>) w -> BregmanTruths.squaredLpLink(w, 1.5)),
                Arguments.of(new Potential.SquaredLp(1.2), (UnaryOperator<double[]>) w -> BregmanTruths.squaredLpLink(w, 1.2)),
                Arguments.of(new Potential.LpPower(1.5), (UnaryOperator<double[]>) w -> BregmanTruths.lpPowerLink(w, 1.5)),
                Arguments.of(new Potential.LpPower(3), (UnaryOperator<double[]>) w -> BregmanTruths.lpPowerLink(w, 3)),
                Arguments.of(new Potential.Hypentropy(0.5), (UnaryOperator<double[]>) w -> BregmanTruths.hypentropyLink(w, 0.5)));
    }

    @ParameterizedTest
    @MethodSource("nonEuclideanPotentials")
    void mirrorDescentReachesTheMinimumBregmanPointOfItsPotential(Potential psi, UnaryOperator<double[]> link) {
        for (long seed = 1; seed <= 3; seed++) {
            Dataset data = Fixtures.regression(2, 5, seed);
            double[] w0 = Fixtures.gaussianVector(5, seed + 30);
            Objective obj = new Objective(data, new Loss.Squared());
            Trace trace = run(obj, md(obj, w0, psi, 0.1 / gramMax(data)), 200_000);
            assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
            double[] w = trace.w();
            double[][] x = data.matrix();
            // KKT of argmin_G D_psi(w, w0): grad psi(w) - grad psi(w0) in the row space of X, Xw = y
            assertThat(BregmanTruths.residualNorm(x, data.y(), w)).as("seed %d", seed).isLessThan(1e-9);
            double[] diff = BregmanTruths.linkDifference(link, w, w0);
            assertThat(BregmanTruths.distanceFromRowSpace(x, diff)).as("seed %d", seed).isLessThan(1e-9);
            // and the start was not already optimal
            assertThat(Vectors.distance(w, w0)).isGreaterThan(1e-2);
        }
    }

    @Test
    void exactLineSearchIsRejectedAsInputForMirrorDescent() {
        Objective obj = new Objective(EXAMPLE_2, new Loss.Squared());
        assertThatThrownBy(() -> new MirrorDescent(obj, new double[] {1, 1}, ENTROPY, new StepRule.ExactLineSearch()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("algorithm.step")
                .hasMessageContaining("exact-line-search");
    }

    @Test
    void aStartOutsideTheDomainOfEntropyIsRejectedAsInput() {
        Objective obj = new Objective(EXAMPLE_2, new Loss.Squared());
        assertThatThrownBy(() -> md(obj, new double[] {1, 0}, ENTROPY, 0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("w0:")
                .hasMessageContaining("entropy");
    }

    @Test
    void anOverflowingEntropyStepIsReportedAsNonFiniteWithItsStep() {
        // a target far above the start: log w1 = 2 eta (1e300 - 3) (1, 2), whose exponential overflows
        Dataset data = Dataset.of(new double[][] {{1, 2}}, new double[] {1e300});
        Objective obj = new Objective(data, new Loss.Squared());
        Trace trace = new Runner(obj).run(md(obj, new double[] {1, 1}, ENTROPY, 1), Budget.iterations(10, Budget.Limit.POINT));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.NON_FINITE);
        assertThat(trace.failure()).contains("step 1");
        assertThat(trace.w()).containsExactly(1.0, 1.0);
    }

    @Test
    void anEntropyWeightThatUnderflowsToZeroIsADomainExitNotASilentZero() {
        // log w1 = -500 * 4 (1, 2): exp(-4000) is 0 in double precision
        Objective obj = new Objective(EXAMPLE_2, new Loss.Squared());
        Trace trace = new Runner(obj).run(md(obj, new double[] {1, 1}, ENTROPY, 500), Budget.iterations(10, Budget.Limit.POINT));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.DOMAIN_EXIT);
        assertThat(trace.failure()).contains("step 1");
    }
}
