package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.geometry.TieRule;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.Fixtures;
import org.implicitbias.testing.MarginPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SteepestDescentTest {

    /** Example 4 of the paper: squared loss (u - y)^2, w0 = 0. */
    private static final double[][] EXAMPLE4_X = {{1, 1, 1}, {1, 2, 0}};
    private static final double[] EXAMPLE4_Y = {1, 10};

    /** A separable set in 3 dimensions (half-integers), 8 points. */
    private static final double[][] SEPARABLE_X = {
        {0, -5, 0}, {-4, 0.5, -1.5}, {-2, 1, 1}, {2.5, 0.5, 1.5},
        {1.5, -0.5, 0.5}, {-2.5, -2, -1.5}, {-1, 2, 1}, {3.5, 1, 1.5}};
    private static final double[] SEPARABLE_Y = {1, -1, -1, 1, 1, -1, -1, 1};

    private static Trace runExample4(double eta) {
        Objective obj = new Objective(Dataset.of(EXAMPLE4_X, EXAMPLE4_Y), new Loss.Squared());
        SteepestDescent sd = new SteepestDescent(obj, new double[3], new Norm.Lp(4.0 / 3), new StepRule.Constant(eta),
                TieRule.LOWEST_INDEX);
        return new Runner(obj).run(sd, Budget.iterations(2_000_000, Budget.Limit.POINT).settlingAt(1e-13));
    }

    /** The point reached must lie on G = (1/3, 29/6, -25/6) + t (-2, 1, 1) (the paper's parametrisation). */
    private static void assertOnInterpolatingLine(double[] w) {
        double t = (w[1] - 29.0 / 6);
        assertThat(w[0]).isCloseTo(1.0 / 3 - 2 * t, within(1e-9));
        assertThat(w[2]).isCloseTo(-25.0 / 6 + t, within(1e-9));
    }

    @Test
    void lpFourThirdsDescentWithTinyStepsEndsWhereThePaperReportsNotAtTheMinimumNormPoint() {
        Trace trace = runExample4(1e-4);
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        assertThat(trace.w()[0]).isCloseTo(0.2827, within(1e-3));
        assertThat(trace.w()[1]).isCloseTo(4.8587, within(1e-3));
        assertThat(trace.w()[2]).isCloseTo(-4.1414, within(1e-3));
        assertOnInterpolatingLine(trace.w());
        assertThat(new Norm.Lp(4.0 / 3).value(trace.w())).isCloseTo(7.647, within(1e-3));
        // argmin_G ||w||_{4/3} is about (2.30e-4, 4.99988, -4.00012): steepest descent misses it by far
        assertThat(Vectors.distance(trace.w(), new double[] {2.30e-4, 4.99988, -4.00012})).isGreaterThan(0.3);
    }

    @Test
    void lpFourThirdsDescentLimitMovesWithTheStepSize() {
        Trace large = runExample4(0.03);
        assertThat(large.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        assertThat(large.w()[0]).isCloseTo(0.3254, within(1e-3));
        assertThat(large.w()[1]).isCloseTo(4.8373, within(1e-3));
        assertThat(large.w()[2]).isCloseTo(-4.1627, within(1e-3));
        assertOnInterpolatingLine(large.w());
        Trace small = runExample4(1e-4);
        assertThat(Vectors.distance(large.w(), small.w())).isGreaterThan(0.04);
    }

    static Stream<Arguments> norms() {
        return Stream.of(Arguments.of(new Norm.L1()), Arguments.of(new Norm.L2()), Arguments.of(new Norm.LInf()));
    }

    /** gamma = max_{||w|| <= 1} min_n z_n'w, solved in the test: LPs for l1 and linf, the dual-free QP for l2. */
    private static double maxMargin(Norm norm, double[][] z) {
        if (norm instanceof Norm.L2) {
            double[] w = MarginPrograms.minQuadraticNormSeparator(z, MarginPrograms.diagonal(new double[] {1, 1, 1}));
            return 1 / Vectors.norm2(w);
        }
        return MarginPrograms.lpMargin(z, norm instanceof Norm.LInf);
    }

    @ParameterizedTest
    @MethodSource("norms")
    void adaptiveStepsReachTheMaxMarginOfTheirNorm(Norm norm) {
        Dataset data = Dataset.of(SEPARABLE_X, SEPARABLE_Y);
        Objective obj = new Objective(data, new Loss.Exponential());
        SteepestDescent sd = new SteepestDescent(obj, new double[3], norm, new StepRule.Adaptive(1), TieRule.LOWEST_INDEX);
        assertThat(sd.geometry()).isEqualTo(norm);
        Trace trace = new Runner(obj).run(sd, Budget.iterations(30_000, Budget.Limit.DIRECTION));
        double gamma = maxMargin(norm, MarginPrograms.signed(SEPARABLE_X, SEPARABLE_Y));
        assertThat(trace.outcome().failed()).isFalse();
        assertThat(trace.margin()).isCloseTo(gamma, within(1e-3));
        // the normalised margin never exceeds the optimum (it is a feasible point of the program)
        assertThat(trace.margin()).isLessThanOrEqualTo(gamma + 1e-12);
    }

    @Test
    void l2DescentDirectionApproachesTheUniqueHardMarginDirection() {
        Dataset data = Dataset.of(SEPARABLE_X, SEPARABLE_Y);
        Objective obj = new Objective(data, new Loss.Exponential());
        SteepestDescent sd = new SteepestDescent(obj, new double[3], new Norm.L2(), new StepRule.Adaptive(1),
                TieRule.LOWEST_INDEX);
        Trace trace = new Runner(obj).run(sd, Budget.iterations(30_000, Budget.Limit.DIRECTION));
        double[] svm = MarginPrograms.unit(MarginPrograms.minQuadraticNormSeparator(
                MarginPrograms.signed(SEPARABLE_X, SEPARABLE_Y), MarginPrograms.diagonal(new double[] {1, 1, 1})));
        assertThat(Vectors.distance(trace.direction(), svm)).isLessThan(5e-3);
    }

    @ParameterizedTest
    @MethodSource("norms")
    void marginsBeyondTenThousandStayFinite(Norm norm) {
        Dataset data = Dataset.of(SEPARABLE_X, SEPARABLE_Y);
        Objective obj = new Objective(data, new Loss.Exponential());
        SteepestDescent sd = new SteepestDescent(obj, new double[3], norm, new StepRule.Adaptive(100), TieRule.LOWEST_INDEX);
        Trace trace = new Runner(obj).run(sd, Budget.iterations(10_000, Budget.Limit.DIRECTION));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.ITERATION_LIMIT);
        assertThat(Vectors.allFinite(trace.w())).isTrue();
        double rawMargin = trace.margin() * norm.value(trace.w());
        assertThat(rawMargin).isGreaterThan(1e4);
        assertThat(trace.logLoss()).isFinite().isLessThan(-1e4);
        assertThat(trace.logGradientDualNorm()).isFinite().isLessThan(-1e4);
        assertThat(Vectors.allFinite(trace.direction())).isTrue();
        assertThat(trace.margin()).isFinite().isPositive();
        assertThat(trace.loss()).isZero(); // exp(logLoss) underflows; the log keeps the value
    }

    @Test
    void coordinateDescentTieRulesPickTheFirstOrTheAverageOfTiedCoordinates() {
        // Soudry's toy set: grad L(0) = -sum_n z_n = -(4, 4), a tie between both coordinates
        Dataset data = Dataset.of(new double[][] {{0.5, 1.5}, {1.5, 0.5}, {-0.5, -1.5}, {-1.5, -0.5}},
                new double[] {1, 1, -1, -1});
        Objective obj = new Objective(data, new Loss.Exponential());
        SteepestDescent first = new SteepestDescent(obj, new double[2], new Norm.L1(), new StepRule.Constant(0.1),
                TieRule.LOWEST_INDEX);
        SteepestDescent average = new SteepestDescent(obj, new double[2], new Norm.L1(), new StepRule.Constant(0.1),
                TieRule.AVERAGE);
        first.step();
        average.step();
        // Dw = -||g||_inf e_1 = (4, 0) or the average (2, 2); w1 = 0.1 Dw
        assertThat(first.iterate()).containsExactly(new double[] {0.4, 0}, within(1e-15));
        assertThat(average.iterate()).containsExactly(new double[] {0.2, 0.2}, within(1e-15));
    }

    static Stream<Arguments> quadraticNormSteps() {
        return Stream.of(Arguments.of(new StepRule.ExactLineSearch()), Arguments.of(new StepRule.Constant(0.02)),
                Arguments.of(new StepRule.Decaying(0.02, 0.05)));
    }

    @ParameterizedTest
    @MethodSource("quadraticNormSteps")
    void quadraticNormDescentReachesTheClosestInterpolatorInThatNorm(StepRule step) {
        Dataset data = Fixtures.regression(3, 6, 11);
        double[] w0 = Fixtures.gaussianVector(6, 12);
        double[][] dmat = {
            {2, 0.5, 0, 0, 0, 0}, {0.5, 1, 0, 0, 0.2, 0}, {0, 0, 3, 0, 0, 0},
            {0, 0, 0, 1, 0, 0}, {0, 0.2, 0, 0, 0.5, 0}, {0, 0, 0, 0, 0, 4}};
        Objective obj = new Objective(data, new Loss.Squared());
        SteepestDescent sd = new SteepestDescent(obj, w0, new QuadraticNorm(dmat), step, TieRule.LOWEST_INDEX);
        Trace trace = new Runner(obj).run(sd, Budget.iterations(400_000, Budget.Limit.POINT).settlingAt(1e-15));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        assertThat(Vectors.distance(trace.w(), Fixtures.projection(data, w0, dmat))).isLessThan(1e-8);
    }

    @Test
    void theAlgorithmValueStartsSteepestDescentInItsNorm() {
        Objective obj = new Objective(Dataset.of(EXAMPLE4_X, EXAMPLE4_Y), new Loss.Squared());
        IterativeMethod m = new Algorithm.SteepestDescentAlgorithm(new Norm.LInf(), new StepRule.Constant(0.01), null)
                .start(obj, new double[3]);
        assertThat(m.geometry()).isEqualTo(new Norm.LInf());
        m.step();
        // grad L(0) = 2 X'(0 - y) = -(22, 42, 2); linf step: -||g||_1 sign(g) = 66 (1, 1, 1)
        assertThat(m.iterate()).containsExactly(new double[] {0.66, 0.66, 0.66}, within(1e-13));
    }

    @Test
    void aStartOfTheWrongDimensionIsRefusedWithItsField() {
        Objective obj = new Objective(Dataset.of(EXAMPLE4_X, EXAMPLE4_Y), new Loss.Squared());
        assertThatThrownBy(() -> new SteepestDescent(obj, new double[2], new Norm.L2(), new StepRule.Constant(0.1),
                TieRule.LOWEST_INDEX))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("w0");
    }
}
