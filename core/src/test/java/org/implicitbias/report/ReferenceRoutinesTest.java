package org.implicitbias.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Vectors;
import org.junit.jupiter.api.Test;

class ReferenceRoutinesTest {

    /** G of Example 4 as the paper writes it: (1/3, 29/6, -25/6) + t (-2, 1, 1). */
    static final double[] P = {1.0 / 3, 29.0 / 6, -25.0 / 6};
    static final double[] V = {-2, 1, 1};

    /**
     * The KKT condition of {@code min_t ||p + t v||_r} (for r > 1, no zero coordinate at the optimum):
     * {@code phi(t) = sum_i v_i sign(w_i) |w_i|^{r-1} = 0}; phi is increasing, solved by bisection.
     */
    static double kktRoot(double[] p, double[] v, double r, double lo, double hi) {
        for (int k = 0; k < 200; k++) {
            double mid = 0.5 * (lo + hi);
            double phi = 0;
            for (int i = 0; i < p.length; i++) {
                double w = p[i] + mid * v[i];
                phi += v[i] * Math.signum(w) * Math.pow(Math.abs(w), r - 1);
            }
            if (phi < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    @Test
    void theSolutionLineOfExample4IsTheOneThePaperWrites() {
        Dataset data = Dataset.of(new double[][] {{1, 1, 1}, {1, 2, 0}}, new double[] {1, 10});
        SolutionLine g = SolutionLine.of(data);
        double[] v = g.direction();
        double s = v[1];
        // the kernel is spanned by (-2, 1, 1): v is a multiple of it
        assertThat(v).containsExactly(new double[] {-2 * s, s, s}, offset(1e-14));
        // the paper's base point lies on the line: its offset from p is along v
        double t = g.coordinate(P);
        assertThat(Vectors.distance(g.at(t), P)).isLessThan(1e-13);
    }

    @Test
    void theMinimumL43NormPointOfExample4MatchesTheKktRootOnThePapersLine() {
        Dataset data = Dataset.of(new double[][] {{1, 1, 1}, {1, 2, 0}}, new double[] {1, 10});
        Norm.Lp norm = new Norm.Lp(4.0 / 3);
        double[] w = MinNormOnLine.point(norm, SolutionLine.of(data));
        double t = kktRoot(P, V, 4.0 / 3, -10, 10);
        double[] expected = {P[0] + t * V[0], P[1] + t * V[1], P[2] + t * V[2]};
        assertThat(w).containsExactly(expected, offset(1e-7));
        // the values the paper states for Example 4: about (2.30e-4, 4.99988, -4.00012), norm 7.58365
        assertThat(w[0]).isCloseTo(2.30e-4, within(0.01e-4));
        assertThat(norm.value(w)).isCloseTo(7.58365, within(1e-5));
    }

    @Test
    void theMinimumL2NormPointOfALineIsItsLeastNormPoint() {
        double[] p = {3, -1, 2};
        double[] v = {1, 1, 0};
        double t = MinNormOnLine.minimizer(new Norm.L2(), p, v);
        // closed form: t = -<p, v> / <v, v> = -1
        assertThat(t).isCloseTo(-1, within(1e-7));
    }

    @Test
    void theMinimumEntropyPointOfExample2IsOneHalfOneQuarter() {
        double[] w = EntropyOnHyperplane.solve(new double[] {1, 2}, 1, new double[] {1, 1});
        assertThat(w).containsExactly(new double[] {0.5, 0.25}, offset(1e-15));
    }

    @Test
    void theMinimumBregmanEntropyPointSatisfiesItsKktConditions() {
        double[] x = {0.5, -1.5, 2, 1};
        double[] w0 = {0.3, 2, 1, 0.7};
        double y = 3;
        double[] w = EntropyOnHyperplane.solve(x, y, w0);
        assertThat(Vectors.dot(x, w)).isCloseTo(y, within(1e-12));
        // log(w / w0) is a multiple of x
        double lambda = Math.log(w[0] / w0[0]) / x[0];
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.log(w[i] / w0[i])).isCloseTo(lambda * x[i], within(1e-12));
        }
    }

    @Test
    void richardsonRecoversTheZeroStepValueOfAQuadraticInEta() {
        double[] l0 = {0.25, -3};
        double[] a = {1.4, 2};
        double[] b = {-7, 30};
        double h = 1e-2;
        double[][] at = new double[3][2];
        for (int k = 0; k < 3; k++) {
            double eta = h / (1 << k);
            for (int i = 0; i < 2; i++) {
                at[k][i] = l0[i] + a[i] * eta + b[i] * eta * eta;
            }
        }
        Extrapolation ex = Extrapolation.halving(at[0], at[1], at[2]);
        assertThat(ex.estimate()).containsExactly(l0, offset(1e-13));
        // the first-order estimate misses the eta^2 term: 2 L(h/4) - L(h/2) = L0 - b h^2 / 8
        assertThat(ex.errorIndicator()).isCloseTo(30 * h * h / 8, within(1e-12));
    }
}
