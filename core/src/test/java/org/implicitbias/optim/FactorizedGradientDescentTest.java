package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FactorizedGradientDescentTest {

    /** N random symmetric d x d matrices, flattened row-major, with labels +-1 or Gaussian targets. */
    private static Dataset symmetricProblem(int n, int d, long seed, boolean labels) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d * d];
        double[] y = new double[n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double v = Fixtures.gaussian(r);
                    x[s][i * d + j] = v;
                    x[s][j * d + i] = v;
                }
            }
            y[s] = labels ? (s % 2 == 0 ? 1 : -1) : Fixtures.gaussian(r);
        }
        return Dataset.of(x, y);
    }

    /** grad L(W) = sum_n loss'(<W, X_n>, y_n) X_n, written out here from the loss formulas. */
    private static double[] gradient(Dataset data, boolean exponential, double[] w) {
        double[] g = new double[data.d()];
        for (int s = 0; s < data.n(); s++) {
            double u = 0;
            for (int j = 0; j < data.d(); j++) {
                u += data.x(s, j) * w[j];
            }
            double y = data.y(s);
            double slope = exponential ? -y * Math.exp(-u * y) : 2 * (u - y);
            for (int j = 0; j < data.d(); j++) {
                g[j] += slope * data.x(s, j);
            }
        }
        return g;
    }

    /** Row-major d x d product. */
    private static double[] times(double[] a, double[] b, int d) {
        double[] c = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < d; j++) {
                    c[i * d + j] += a[i * d + k] * b[k * d + j];
                }
            }
        }
        return c;
    }

    private static double frobenius(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void wIteratesFollowEquationNineteenAtEveryStep(boolean exponential) {
        int d = 3;
        Dataset data = symmetricProblem(4, d, exponential ? 5 : 6, exponential);
        Objective obj = new Objective(data, exponential ? new Loss.Exponential() : new Loss.Squared());
        double eta = exponential ? 0.05 : 0.01;
        FactorizedGradientDescent fgd = FactorizedGradientDescent.symmetric(obj, d, d,
                FactorizedGradientDescent.gaussianFactor(d, d, 0.5, 7), new StepRule.Constant(eta));
        double worst = 0;
        for (int t = 0; t < 300; t++) {
            double[] w = fgd.iterate().clone();
            double[] g = gradient(data, exponential, w);
            fgd.step();
            // eq. 19 with the step 2 eta of d(UU')/dU = 2 G U: W+ = W - 2eta(GW + WG) + 4eta^2 GWG
            double[] gw = times(g, w, d);
            double[] wg = times(w, g, d);
            double[] gwg = times(gw, g, d);
            double[] predicted = new double[d * d];
            for (int i = 0; i < d * d; i++) {
                predicted[i] = w[i] - 2 * eta * (gw[i] + wg[i]) + 4 * eta * eta * gwg[i];
            }
            double[] next = fgd.iterate();
            double[] diff = new double[d * d];
            for (int i = 0; i < d * d; i++) {
                diff[i] = next[i] - predicted[i];
            }
            worst = Math.max(worst, frobenius(diff) / frobenius(next));
        }
        assertThat(worst).isLessThan(1e-12);
        if (!exponential) {
            // and the run is really descending: the loss fell by orders of magnitude
            assertThat(obj.value(fgd.iterate())).isLessThan(1e-3 * obj.value(
                    times(FactorizedGradientDescent.gaussianFactor(d, d, 0.5, 7),
                            transpose(FactorizedGradientDescent.gaussianFactor(d, d, 0.5, 7), d), d)));
        }
    }

    private static double[] transpose(double[] a, int d) {
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                t[j * d + i] = a[i * d + j];
            }
        }
        return t;
    }

    @Test
    void theStartIsUTimesUTransposed() {
        int d = 3;
        Dataset data = symmetricProblem(4, d, 1, true);
        double[] u0 = FactorizedGradientDescent.gaussianFactor(d, d, 0.3, 2);
        FactorizedGradientDescent fgd = FactorizedGradientDescent.symmetric(new Objective(data, new Loss.Exponential()),
                d, d, u0, new StepRule.Constant(0.1));
        assertThat(fgd.iterate()).containsExactly(times(u0, transpose(u0, d), d), within(1e-15));
        assertThat(fgd.u()).containsExactly(u0, within(0.0));
        assertThat(fgd.geometry()).isEqualTo(new Norm.Nuclear(d, d));
    }

    @Test
    void embeddedDataReproduceTheInnerProductOfTheTopRightBlockOfASymmetricMatrix() {
        int rows = 2;
        int cols = 3;
        Dataset data = Fixtures.regression(3, rows * cols, 9);
        Dataset embedded = FactorizedGradientDescent.embedding(data, rows, cols);
        int m = rows + cols;
        // a symmetric W~ = [[A, W], [W', B]] with random blocks
        double[] raw = Fixtures.gaussianVector(m * m, 10);
        double[] big = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                big[i * m + j] = raw[i * m + j] + raw[j * m + i];
            }
        }
        double[] block = FactorizedGradientDescent.topRightBlock(big, rows, cols);
        for (int s = 0; s < data.n(); s++) {
            double small = 0;
            for (int j = 0; j < rows * cols; j++) {
                small += data.x(s, j) * block[j];
            }
            double tilde = 0;
            for (int j = 0; j < m * m; j++) {
                tilde += embedded.x(s, j) * big[j];
            }
            // <W~, X~_n> = 1/2 (<W, X_n> + <W', X_n'>) = <W, X_n>, whatever the diagonal blocks A, B hold
            assertThat(tilde).isCloseTo(small, within(1e-13));
            assertThat(embedded.y(s)).isEqualTo(data.y(s));
        }
    }

    @Test
    void productRunEqualsTheEmbeddedSymmetricRunBlockByBlock() {
        int rows = 2;
        int cols = 3;
        int m = rows + cols;
        SplittableRandom r = new SplittableRandom(21);
        double[][] x = new double[5][rows * cols];
        double[] y = new double[5];
        for (int s = 0; s < 5; s++) {
            for (int j = 0; j < rows * cols; j++) {
                x[s][j] = Fixtures.gaussian(r);
            }
            y[s] = s % 2 == 0 ? 1 : -1;
        }
        Dataset data = Dataset.of(x, y);
        double[] tilde0 = FactorizedGradientDescent.gaussianFactor(m, m, 0.4, 22);
        double[] u0 = java.util.Arrays.copyOfRange(tilde0, 0, rows * m);
        double[] v0 = java.util.Arrays.copyOfRange(tilde0, rows * m, m * m);
        StepRule step = new StepRule.Constant(0.05);
        FactorizedGradientDescent product = FactorizedGradientDescent.product(
                new Objective(data, new Loss.Exponential()), rows, cols, m, u0, v0, step);
        FactorizedGradientDescent symmetric = FactorizedGradientDescent.symmetric(
                new Objective(FactorizedGradientDescent.embedding(data, rows, cols), new Loss.Exponential()),
                m, m, tilde0, step);
        double worst = 0;
        for (int t = 0; t < 500; t++) {
            product.step();
            symmetric.step();
            double[] w = product.iterate();
            double[] block = FactorizedGradientDescent.topRightBlock(symmetric.iterate(), rows, cols);
            for (int i = 0; i < w.length; i++) {
                worst = Math.max(worst, Math.abs(w[i] - block[i]) / frobenius(w));
            }
        }
        assertThat(worst).isLessThan(1e-12);
        // the factors agree as well: U~ = [U; V]
        double[] ut = symmetric.u();
        assertThat(java.util.Arrays.copyOfRange(ut, 0, rows * m)).containsExactly(product.u(), within(1e-10));
        assertThat(java.util.Arrays.copyOfRange(ut, rows * m, m * m)).containsExactly(product.v(), within(1e-10));
        // and the run made progress: the loss fell
        Objective obj = new Objective(data, new Loss.Exponential());
        assertThat(obj.value(product.iterate())).isLessThan(0.5 * obj.value(
                timesRect(u0, v0, rows, cols, m)));
    }

    /** U V' for U rows x k and V cols x k. */
    private static double[] timesRect(double[] u, double[] v, int rows, int cols, int k) {
        double[] w = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                for (int c = 0; c < k; c++) {
                    w[i * cols + j] += u[i * k + c] * v[j * k + c];
                }
            }
        }
        return w;
    }

    @Test
    void theAlgorithmValueChoosesTheSymmetricFormOnlyForSymmetricSquareData() {
        Dataset sym = symmetricProblem(3, 3, 4, true);
        IterativeMethod a = new Algorithm.FactorizedGradientDescentAlgorithm(new StepRule.Constant(0.1), 0.5, 3, 3, 1)
                .start(new Objective(sym, new Loss.Exponential()), new double[9]);
        assertThat(((FactorizedGradientDescent) a).isSymmetric()).isTrue();
        assertThat(((FactorizedGradientDescent) a).rank()).isEqualTo(3);
        Dataset rect = Fixtures.regression(3, 6, 5);
        IterativeMethod b = new Algorithm.FactorizedGradientDescentAlgorithm(new StepRule.Constant(0.1), 0.5, 2, 3, 1)
                .start(new Objective(rect, new Loss.Squared()), new double[6]);
        FactorizedGradientDescent fb = (FactorizedGradientDescent) b;
        assertThat(fb.isSymmetric()).isFalse();
        assertThat(fb.rank()).isEqualTo(5);
        assertThat(fb.iterate()).containsExactly(timesRect(fb.u(), fb.v(), 2, 3, 5), within(1e-15));
        assertThatThrownBy(() -> new Algorithm.FactorizedGradientDescentAlgorithm(new StepRule.Constant(0.1), 0.5, 2, 2, 1)
                .start(new Objective(rect, new Loss.Squared()), new double[6]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("algorithm.rows");
        assertThatThrownBy(() -> new Algorithm.FactorizedGradientDescentAlgorithm(new StepRule.ExactLineSearch(), 0.5, 2, 3, 1)
                .start(new Objective(rect, new Loss.Squared()), new double[6]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("algorithm.step");
    }
}
