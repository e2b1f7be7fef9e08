package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient descent, SGD and momentum on losses with a root converge to the closed-form projection of
 * the start onto {@code G = {Xw = y}}: every increment is a combination of rows of X, so
 * {@code w_t - w0} stays in the row space, and the only point of G with that property is the
 * projection {@code w0 + X'(XX')^{-1}(y - X w0)}. For momentum the increments obey
 * {@code Dw_t = beta_t Dw_{t-1} - eta_t X' r_t} with {@code Dw_{-1} = 0}, so the same holds from ANY
 * start, not only from w0 = 0 (where the projection is the minimum-norm point of the theorem).
 */
class GradientDescentVariantsTest {
    private static final int N = 4;
    private static final int D = 12;
    /** Huber threshold: well below the starting residuals, so the linear branch is active at first. */
    private static final double DELTA = 0.2;

    static Stream<Arguments> instances() {
        return Stream.of(1L, 2L, 3L).flatMap(seed -> Stream.of(
                Arguments.of(seed, new Loss.Squared()), Arguments.of(seed, new Loss.Huber(DELTA))));
    }

    private static double frobeniusSquared(Dataset data) {
        double f = 0;
        for (double v : data.rowMajor()) {
            f += v * v;
        }
        return f;
    }

    /** eta with {@code eta * lambda_max(2 X'X) <= 0.9}, bounding lambda_max by the Frobenius norm. */
    private static double safeStep(Dataset data) {
        return 0.9 / (2 * frobeniusSquared(data));
    }

    private static double maxRowSquare(Dataset data) {
        double m = 0;
        for (int i = 0; i < data.n(); i++) {
            double[] r = data.row(i);
            m = Math.max(m, Vectors.dot(r, r));
        }
        return m;
    }

    private static Trace run(Objective obj, IterativeMethod m) {
        return new Runner(obj).run(m, Budget.iterations(400_000, Budget.Limit.POINT).settlingAt(1e-15));
    }

    private static void assertHuberActiveAtStart(Loss loss, Dataset data, double[] w0) {
        if (loss instanceof Loss.Huber h) {
            double max = 0;
            for (int i = 0; i < data.n(); i++) {
                max = Math.max(max, Math.abs(Vectors.dot(data.row(i), w0) - data.y(i)));
            }
            assertThat(max).as("a starting residual beyond delta").isGreaterThan(2 * h.delta());
        }
    }

    private static void assertReachesProjection(Dataset data, double[] w0, Trace trace) {
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        assertThat(Vectors.distance(trace.w(), Fixtures.projection(data, w0, null))).isLessThan(1e-9);
    }

    @ParameterizedTest
    @MethodSource("instances")
    void gradientDescentFromARandomStartReachesTheProjectionOfTheStart(long seed, Loss loss) {
        Dataset data = Fixtures.regression(N, D, seed);
        double[] w0 = Fixtures.gaussianVector(D, seed + 100);
        assertHuberActiveAtStart(loss, data, w0);
        Objective obj = new Objective(data, loss);
        Trace trace = run(obj, new GradientDescent(obj, w0, new StepRule.Constant(safeStep(data))));
        assertReachesProjection(data, w0, trace);
    }

    @ParameterizedTest
    @MethodSource("instances")
    void instanceWiseSgdWithAConstantStepReachesTheProjectionOfTheStart(long seed, Loss loss) {
        Dataset data = Fixtures.regression(N, D, seed);
        double[] w0 = Fixtures.gaussianVector(D, seed + 200);
        assertHuberActiveAtStart(loss, data, w0);
        Objective obj = new Objective(data, loss);
        // one example: the step is a relaxed projection onto {x_n.w = y_n} when eta * 2 ||x_n||^2 < 2
        double eta = 0.5 / maxRowSquare(data);
        Trace trace = run(obj, new GradientDescent(obj, w0, new StepRule.Constant(eta), Momentum.none(),
                new MiniBatch(1, N, seed)));
        assertReachesProjection(data, w0, trace);
    }

    @ParameterizedTest
    @MethodSource("instances")
    void minibatchSgdOfTwoExamplesReachesTheProjectionOfTheStart(long seed, Loss loss) {
        Dataset data = Fixtures.regression(N, D, seed);
        double[] w0 = Fixtures.gaussianVector(D, seed + 300);
        assertHuberActiveAtStart(loss, data, w0);
        Objective obj = new Objective(data, loss);
        // lambda_max(2 X_B'X_B) <= 2 * 2 max ||x_n||^2 for a batch of two
        double eta = 0.9 / (4 * maxRowSquare(data));
        Trace trace = run(obj, new GradientDescent(obj, w0, new StepRule.Constant(eta), Momentum.none(),
                new MiniBatch(2, N, seed + 7)));
        assertReachesProjection(data, w0, trace);
    }

    @ParameterizedTest
    @MethodSource("instances")
    void heavyBallFromZeroReachesTheMinimumNormInterpolant(long seed, Loss loss) {
        Dataset data = Fixtures.regression(N, D, seed);
        double[] w0 = new double[D];
        assertHuberActiveAtStart(loss, data, w0);
        Objective obj = new Objective(data, loss);
        Trace trace = run(obj, new GradientDescent(obj, w0, new StepRule.Constant(safeStep(data)),
                Momentum.of(0.9, 0), null));
        assertReachesProjection(data, w0, trace);
        // from zero the projection is the minimum-norm point X'(XX')^{-1} y
        assertThat(Vectors.distance(trace.w(), Fixtures.projection(data, new double[D], null))).isLessThan(1e-9);
    }

    @ParameterizedTest
    @MethodSource("instances")
    void nesterovFromZeroReachesTheMinimumNormInterpolant(long seed, Loss loss) {
        Dataset data = Fixtures.regression(N, D, seed);
        double[] w0 = new double[D];
        assertHuberActiveAtStart(loss, data, w0);
        Objective obj = new Objective(data, loss);
        Trace trace = run(obj, new GradientDescent(obj, w0, new StepRule.Constant(safeStep(data)),
                Momentum.of(0.8, 0.8), null));
        assertReachesProjection(data, w0, trace);
    }

    @ParameterizedTest
    @MethodSource("instances")
    void heavyBallFromARandomStartReachesTheProjectionOfThatStart(long seed, Loss loss) {
        Dataset data = Fixtures.regression(N, D, seed);
        double[] w0 = Fixtures.gaussianVector(D, seed + 400);
        assertHuberActiveAtStart(loss, data, w0);
        Objective obj = new Objective(data, loss);
        Trace trace = run(obj, new GradientDescent(obj, w0, new StepRule.Constant(safeStep(data)),
                Momentum.of(0.9, 0), null));
        assertReachesProjection(data, w0, trace);
        // and not the minimum-norm point: the start matters, the momentum does not
        assertThat(Vectors.distance(trace.w(), Fixtures.projection(data, new double[D], null))).isGreaterThan(0.1);
    }

    @ParameterizedTest
    @MethodSource("instances")
    void nesterovWithMinibatchesFromARandomStartReachesTheProjectionOfThatStart(long seed, Loss loss) {
        Dataset data = Fixtures.regression(N, D, seed);
        double[] w0 = Fixtures.gaussianVector(D, seed + 500);
        assertHuberActiveAtStart(loss, data, w0);
        Objective obj = new Objective(data, loss);
        double eta = 0.45 / (4 * maxRowSquare(data));
        Trace trace = run(obj, new GradientDescent(obj, w0, new StepRule.Constant(eta), Momentum.of(0.5, 0.5),
                new MiniBatch(2, N, seed + 11)));
        assertReachesProjection(data, w0, trace);
    }
}
