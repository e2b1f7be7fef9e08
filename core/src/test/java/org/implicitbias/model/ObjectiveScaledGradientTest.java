package org.implicitbias.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectiveScaledGradientTest {

    /** Labels +-1 from a random separator, so margins are spread over both signs. */
    private static Dataset classification(int n, int d, long seed) {
        Dataset base = Fixtures.regression(n, d, seed);
        double[] y = base.y();
        for (int i = 0; i < n; i++) {
            y[i] = y[i] >= 0 ? 1 : -1;
        }
        return Dataset.of(base.matrix(), y);
    }

    /** The loss and gradient summed example by example, with no scaling tricks. */
    private static double[] naive(Dataset data, Loss loss, double[] w, double[] lossOut) {
        double[] g = new double[data.d()];
        double l = 0;
        for (int i = 0; i < data.n(); i++) {
            double u = Vectors.dot(data.row(i), w);
            l += loss.value(u, data.y(i));
            Vectors.axpy(loss.derivative(u, data.y(i)), data.row(i), g);
        }
        lossOut[0] = l;
        return g;
    }

    @ParameterizedTest
    @ValueSource(strings = {"squared", "huber", "exponential", "logistic"})
    void fusedPassEqualsTheNaiveSumOnSmallAndParallelSizes(String name) {
        Loss loss = Loss.named("loss", name, 0.3);
        for (int[] size : new int[][] {{5, 7}, {300, 600}}) {
            Dataset data = classification(size[0], size[1], 3);
            double[] w = Vectors.scaled(0.05, Fixtures.gaussianVector(size[1], 4));
            Objective obj = new Objective(data, loss);
            Evaluation ev = obj.evaluate(w, obj.newEvaluation());
            double[] l = new double[1];
            double[] g = naive(data, loss, w, l);
            double[] got = new double[size[1]];
            ev.gradient(got);
            assertThat(ev.loss()).isCloseTo(l[0], within(1e-10 * l[0]));
            assertThat(Vectors.distance(got, g)).isLessThan(1e-10 * (1 + Vectors.norm2(g)));
            assertThat(obj.logValue(w)).isCloseTo(Math.log(l[0]), within(1e-12));
        }
    }

    @Test
    void exponentialGradientKeepsItsDirectionWhenTheLossUnderflows() {
        Dataset data = classification(20, 4, 8);
        double[] w = Fixtures.gaussianVector(4, 9);
        Objective obj = new Objective(data, new Loss.Exponential());
        // at w scaled by 1e5 the margins are of order 1e4-1e5: exp(-margin) underflows, the log-space pass must not
        double[] big = Vectors.scaled(1e5, w);
        Evaluation ev = obj.evaluate(big, obj.newEvaluation());
        assertThat(Double.isFinite(ev.logLoss())).isTrue();
        assertThat(Double.isFinite(ev.logScale())).isTrue();
        assertThat(Vectors.allFinite(ev.scaledGradient())).isTrue();
        assertThat(Vectors.normInf(ev.scaledGradient())).isPositive();
        // the largest-weight example dominates: the scaled gradient is -y_k x_k for the worst margin k
        int worst = 0;
        for (int i = 1; i < data.n(); i++) {
            if (data.y(i) * Vectors.dot(data.row(i), w) < data.y(worst) * Vectors.dot(data.row(worst), w)) {
                worst = i;
            }
        }
        double[] dominant = Vectors.scaled(-data.y(worst), data.row(worst));
        assertThat(Vectors.distance(ev.scaledGradient(), dominant)).isLessThan(1e-9);
        assertThat(ev.logLoss()).isCloseTo(-1e5 * data.y(worst) * Vectors.dot(data.row(worst), w), within(1e-6));
    }

    @Test
    void miniBatchPassSumsOnlyTheChosenRows() {
        Dataset data = classification(10, 3, 12);
        double[] w = {0.1, -0.2, 0.3};
        for (Loss loss : new Loss[] {new Loss.Squared(), new Loss.Logistic()}) {
            Objective obj = new Objective(data, loss);
            int[] rows = {4, 1, 7, 0, 0};
            Evaluation ev = obj.evaluate(w, rows, 3, obj.newEvaluation());
            double[] l = new double[1];
            double[] g = naive(data.rows(4, 1, 7), loss, w, l);
            double[] got = new double[3];
            ev.gradient(got);
            assertThat(ev.loss()).isCloseTo(l[0], within(1e-12));
            assertThat(Vectors.distance(got, g)).isLessThan(1e-12);
        }
    }

    @Test
    void resultsDoNotDependOnTiming() {
        Dataset data = classification(400, 500, 21);
        double[] w = Vectors.scaled(0.1, Fixtures.gaussianVector(500, 22));
        Objective obj = new Objective(data, new Loss.Logistic());
        double[] first = obj.evaluate(w, obj.newEvaluation()).scaledGradient().clone();
        for (int k = 0; k < 20; k++) {
            Evaluation ev = obj.evaluate(w, obj.newEvaluation());
            assertThat(ev.scaledGradient()).containsExactly(first);
        }
    }
}
