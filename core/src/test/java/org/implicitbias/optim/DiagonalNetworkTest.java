package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

class DiagonalNetworkTest {

    private static final double[][] X = {{1, 0.5, -1, 2}, {0, 1, 1, -0.5}};
    private static final double[] Y = {1.5, -0.7};

    /**
     * {@code argmin_{Xw = y} D_psi(w, 0)} for hypentropy with parameter beta: KKT says
     * {@code asinh(w/beta) = X' lambda}, so {@code w(lambda) = beta sinh(X' lambda)}; Newton's method on
     * {@code X w(lambda) = y} (Jacobian {@code X diag(beta cosh(X' lambda)) X'}).
     */
    private static double[] hypentropyReference(double[][] x, double[] y, double beta) {
        int n = x.length;
        int d = x[0].length;
        double[] lambda = new double[n];
        double[] w = new double[d];
        for (int it = 0; it < 100; it++) {
            double[] theta = new double[d];
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < n; i++) {
                    theta[j] += x[i][j] * lambda[i];
                }
                w[j] = beta * Math.sinh(theta[j]);
            }
            double[] f = new double[n];
            double[][] jac = new double[n][n];
            for (int i = 0; i < n; i++) {
                f[i] = -y[i];
                for (int j = 0; j < d; j++) {
                    f[i] += x[i][j] * w[j];
                    for (int k = 0; k < n; k++) {
                        jac[i][k] += x[i][j] * beta * Math.cosh(theta[j]) * x[k][j];
                    }
                }
            }
            double[] step = new LUDecomposition(new Array2DRowRealMatrix(jac)).getSolver()
                    .solve(new ArrayRealVector(f)).toArray();
            double size = 0;
            for (int i = 0; i < n; i++) {
                lambda[i] -= step[i];
                size = Math.max(size, Math.abs(step[i]));
            }
            if (size < 1e-15) {
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            double r = -y[i];
            for (int j = 0; j < d; j++) {
                r += x[i][j] * w[j];
            }
            assertThat(r).isCloseTo(0, within(1e-13));
        }
        return w;
    }

    @Test
    void smallStepsFromAlphaOneReachTheMinimumHypentropyInterpolatorWithBetaTwo() {
        Dataset data = Dataset.of(X, Y);
        Objective obj = new Objective(data, new Loss.Squared());
        DiagonalNetwork net = new DiagonalNetwork(obj, 1.0, new StepRule.Constant(1e-5));
        assertThat(net.beta()).isEqualTo(2.0);
        Trace trace = new Runner(obj).run(net, Budget.iterations(1_000_000, Budget.Limit.POINT).settlingAt(1e-15));
        assertThat(trace.outcome()).isEqualTo(Trace.Outcome.SETTLED);
        double[] reference = hypentropyReference(X, Y, 2.0);
        assertThat(Vectors.distance(trace.w(), reference)).isLessThan(1e-5);
        // the reference is not the l2 projection: the test tells the two geometries apart
        assertThat(Vectors.distance(reference, Fixtures.projection(data, new double[4], null))).isGreaterThan(1e-3);
    }

    @Test
    void iterateIsTheDifferenceOfSquaresAndStartsAtZero() {
        Objective obj = new Objective(Dataset.of(X, Y), new Loss.Squared());
        DiagonalNetwork net = new DiagonalNetwork(obj, 0.5, new StepRule.Constant(0.01));
        assertThat(net.iterate()).containsOnly(0.0);
        net.step();
        // g = grad L(0) = 2 X'(0 - y) = -2 (1.5, 0.05, -2.2, 3.35); u = 0.5 (1 - 0.02 g), v = 0.5 (1 + 0.02 g)
        double[] g = {-3, -0.1, 4.4, -6.7};
        for (int i = 0; i < 4; i++) {
            double u = 0.5 * (1 - 0.02 * g[i]);
            double v = 0.5 * (1 + 0.02 * g[i]);
            assertThat(net.u()[i]).isCloseTo(u, within(1e-15));
            assertThat(net.v()[i]).isCloseTo(v, within(1e-15));
            assertThat(net.iterate()[i]).isCloseTo(u * u - v * v, within(1e-15));
        }
    }

    @Test
    void theAlgorithmValueStartsTheNetworkAndRefusesANonZeroStart() {
        Objective obj = new Objective(Dataset.of(X, Y), new Loss.Squared());
        IterativeMethod m = new Algorithm.DiagonalNetworkAlgorithm(new StepRule.Constant(0.01), 1.0).start(obj, new double[4]);
        assertThat(m).isInstanceOf(DiagonalNetwork.class);
        assertThatThrownBy(() -> new Algorithm.DiagonalNetworkAlgorithm(new StepRule.Constant(0.01), 1.0)
                .start(obj, new double[] {1, 0, 0, 0}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("init");
        assertThatThrownBy(() -> new Algorithm.DiagonalNetworkAlgorithm(new StepRule.Constant(0.01), -1.0)
                .start(obj, new double[4]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("algorithm.init-scale");
    }
}
