package org.implicitbias.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

/** Distances to G and projections onto it against closed forms and an independent pseudo-inverse. */
class InterpolatingSetTest {
    @Test
    void oneRowHasItsClosedForms() {
        // G = {w1 + 2 w2 = 1}: the projection of 0 is (1/5, 2/5) at distance 1/sqrt(5); the part of (1, 0)
        // orthogonal to the row (1, 2) is (1, 0) - (1/5) (1, 2)
        InterpolatingSet g = InterpolatingSet.of(Dataset.of(new double[][] {{1, 2}}, new double[] {1}));
        assertThat(g.distance(new double[2])).isCloseTo(1 / Math.sqrt(5), within(1e-15));
        double[] p = g.projection(new double[2]);
        assertThat(p[0]).isCloseTo(0.2, within(1e-15));
        assertThat(p[1]).isCloseTo(0.4, within(1e-15));
        double[] o = g.orthogonalToRows(new double[] {1, 0});
        assertThat(o[0]).isCloseTo(0.8, within(1e-15));
        assertThat(o[1]).isCloseTo(-0.4, within(1e-15));
    }

    @Test
    void dependentRowsAreConsistentFromFarAwayAndInconsistentOnesAreEmpty() {
        // rows (1, 1) and (2, 2), targets 1 and 2: G = {w1 + w2 = 1}; from (100, 100) the distance is 199 / sqrt(2)
        InterpolatingSet g = InterpolatingSet.of(Dataset.of(new double[][] {{1, 1}, {2, 2}}, new double[] {1, 2}));
        assertThat(g.distance(new double[] {100, 100})).isCloseTo(199 / Math.sqrt(2), within(1e-12));
        assertThat(g.distance(new double[] {1e6, -3e6})).isCloseTo(Math.abs(1e6 - 3e6 - 1) / Math.sqrt(2), within(1e-6));
        // targets 1 and 3: no w satisfies both
        InterpolatingSet empty = InterpolatingSet.of(Dataset.of(new double[][] {{1, 1}, {2, 2}}, new double[] {1, 3}));
        assertThat(empty.distance(new double[2])).isInfinite();
        assertThat(empty.projection(new double[2])).isNull();
    }

    @Test
    void randomSetsAgreeWithThePseudoInverse() {
        SplittableRandom r = new SplittableRandom(8);
        for (int[] size : new int[][] {{5, 12}, {30, 80}, {12, 12}}) {
            int n = size[0];
            int d = size[1];
            double[][] x = new double[n][d];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] = r.nextDouble() * 2 - 1;
                }
                y[i] = r.nextDouble() * 2 - 1;
            }
            double[] w = new double[d];
            for (int j = 0; j < d; j++) {
                w[j] = 5 * (r.nextDouble() * 2 - 1);
            }
            // the independent truth: X^+ (Xw - y) by Commons Math's pseudo-inverse
            Dataset data = Dataset.of(x, y);
            double[] res = Vectors.multiply(data.rowMajor(), n, d, w);
            for (int i = 0; i < n; i++) {
                res[i] -= y[i];
            }
            double[][] pinv = new SingularValueDecomposition(new Array2DRowRealMatrix(x)).getSolver().getInverse().getData();
            double[] c = new double[d];
            for (int j = 0; j < d; j++) {
                c[j] = Vectors.dot(pinv[j], res);
            }
            InterpolatingSet g = InterpolatingSet.of(data);
            assertThat(g.distance(w)).isCloseTo(Vectors.norm2(c), within(1e-9 * Vectors.norm2(c)));
            double[] p = g.projection(w);
            for (int i = 0; i < n; i++) {
                assertThat(Vectors.dot(x[i], p)).isCloseTo(y[i], within(1e-10));
            }
            // the part of a vector orthogonal to the rows is orthogonal to every row
            double[] o = g.orthogonalToRows(w);
            for (int i = 0; i < n; i++) {
                assertThat(Vectors.dot(x[i], o)).isCloseTo(0, within(1e-10));
            }
        }
    }
}
