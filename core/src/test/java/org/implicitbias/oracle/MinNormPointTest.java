package org.implicitbias.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Wolfe's min-norm point against its optimality conditions, which characterise it (the KKT conditions
 * of {@code min ||P' r||^2} over the simplex): x = P' r with r in the simplex, {@code <x, p_n> >= ||x||^2}
 * for every point and {@code = ||x||^2} wherever {@code r_n > 0}. The shapes take the Gram mode with the
 * start from every point (N <= d), with support sets from most points to a handful, so that the
 * batch drops of that start are right, wrong (points added back by the major cycles) and many.
 */
class MinNormPointTest {

    /**
     * N points {@code p_n = c + s_n g_n}: a common centre c (norm 1) plus Gaussian noise of scale s_n; the
     * smaller the noise of a point, the nearer it is to c, and the points with large noise stay outside the
     * support.
     */
    private static double[] points(int n, int d, double spread, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] c = Fixtures.gaussianVector(d, seed + 1);
        double norm = Math.sqrt(org.implicitbias.model.Vectors.dot(c, c));
        double[] p = new double[n * d];
        for (int i = 0; i < n; i++) {
            double s = spread * (0.2 + r.nextDouble());
            for (int j = 0; j < d; j++) {
                p[i * d + j] = c[j] / norm + s * Fixtures.gaussian(r) / Math.sqrt(d);
            }
        }
        return p;
    }

    @Test
    void theStartFromEveryPointEndsAtThePointTheOptimalityConditionsCharacterise() {
        int[][] shapes = {{300, 600}, {150, 500}, {260, 261}, {120, 1000}};
        double[] spreads = {0.3, 1, 30};
        long seed = 40;
        for (int[] shape : shapes) {
            for (double spread : spreads) {
                int n = shape[0];
                int d = shape[1];
                double[] p = points(n, d, spread, seed++);
                assertThat((double) n * d).isGreaterThanOrEqualTo(MinNormPoint.GRAM_WORK);
                MinNormPoint.Result res = new MinNormPoint(p, n, d).solve();
                double[] r = res.r();
                double sum = 0;
                for (double v : r) {
                    assertThat(v).isGreaterThanOrEqualTo(0.0);
                    sum += v;
                }
                assertThat(sum).isCloseTo(1.0, within(1e-12));
                double[] x = new double[d];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        x[j] += r[i] * p[i * d + j];
                    }
                }
                assertThat(res.x()).containsExactly(x, within(1e-12));
                double xx = org.implicitbias.model.Vectors.dot(x, x);
                int support = 0;
                for (int i = 0; i < n; i++) {
                    double v = 0;
                    for (int j = 0; j < d; j++) {
                        v += x[j] * p[i * d + j];
                    }
                    String what = String.format("n %d d %d spread %.1f point %d", n, d, spread, i);
                    assertThat(v).as(what).isGreaterThanOrEqualTo(xx - 1e-12);
                    if (r[i] > 0) {
                        support++;
                        assertThat(v).as(what + " in the support").isCloseTo(xx, within(1e-12));
                    }
                }
                assertThat(support).isEqualTo(res.corral().length);
            }
        }
    }

    @Test
    void theShapesCoverSupportsFromAHandfulToMostPoints() {
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        long seed = 40;
        for (int[] shape : new int[][] {{300, 600}, {150, 500}}) {
            for (double spread : new double[] {0.3, 1, 30}) {
                int size = new MinNormPoint(points(shape[0], shape[1], spread, seed++), shape[0], shape[1]).solve()
                        .corral().length;
                smallest = Math.min(smallest, size * 100 / shape[0]);
                largest = Math.max(largest, size * 100 / shape[0]);
            }
        }
        assertThat(smallest).as("smallest support, percent of the points").isLessThan(20);
        assertThat(largest).as("largest support, percent of the points").isGreaterThan(60);
    }
}
