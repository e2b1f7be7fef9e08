package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GradientDescentTest {

    private static double safeStep(Dataset data) {
        // eta < 1 / lambda_max(2 X'X); bound lambda_max by the squared Frobenius norm
        double f = 0;
        for (double v : data.rowMajor()) {
            f += v * v;
        }
        return 0.9 / (2 * f);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void plainGradientDescentReachesTheL2ProjectionOfTheStart(long seed) {
        Dataset data = Fixtures.regression(4, 12, seed);
        double[] w0 = Fixtures.gaussianVector(12, seed + 100);
        Objective obj = new Objective(data, new Loss.Squared());
        GradientDescent gd = new GradientDescent(obj, w0, new StepRule.Constant(safeStep(data)));
        Trace trace = new Runner(obj).run(gd, Budget.iterations(400_000, Budget.Limit.POINT).settlingAt(1e-14));
        double[] expected = Fixtures.projection(data, w0, null);
        assertThat(trace.outcome().failed()).isFalse();
        assertThat(Vectors.distance(trace.w(), expected)).isLessThan(1e-9);
    }

    @Test
    void exactLineSearchAlongTheGradientAlsoReachesTheProjection() {
        Dataset data = Fixtures.regression(3, 8, 42);
        double[] w0 = Fixtures.gaussianVector(8, 43);
        Objective obj = new Objective(data, new Loss.Squared());
        GradientDescent gd = new GradientDescent(obj, w0, new StepRule.ExactLineSearch());
        Trace trace = new Runner(obj).run(gd, Budget.iterations(200_000, Budget.Limit.POINT).settlingAt(1e-15));
        assertThat(Vectors.distance(trace.w(), Fixtures.projection(data, w0, null))).isLessThan(1e-9);
        assertThat(trace.loss()).isCloseTo(0, within(1e-18));
    }
}
