package org.implicitbias.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

class NuclearMaxMarginSolverTest {
    private final NuclearMaxMarginSolver solver = new NuclearMaxMarginSolver();

    private static Certificate solved(Outcome o) {
        return solved(o, 1e-9);
    }

    private static Certificate solved(Outcome o, double gap) {
        assertThat(o.status()).as(o.reason()).isEqualTo(Outcome.Status.SOLVED);
        Certificate c = o.certificate();
        assertThat(Math.abs(c.value() - c.dualValue())).as("gap %s", c).isLessThan(gap);
        assertThat(c.residuals().max()).as("%s", c).isLessThan(gap);
        assertThat(c.margin().orElseThrow().inOptimalFace(c.point(), 1e-9)).isTrue();
        return c;
    }

    @Test
    void diagonalUnitMatricesGiveTheScaledIdentityWithMarginOneOverD() {
        int k = 4;
        double[][] x = new double[k][k * k];
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            x[i][i * k + i] = 1;
            y[i] = 1;
        }
        Certificate c = solved(solver.solve(new Reference.MaxMarginNuclear(k), Dataset.of(x, y)));
        assertThat(c.value()).isCloseTo(1.0 / k, within(1e-12));
        double[] w = c.point();
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                assertThat(w[a * k + b]).isCloseTo(a == b ? 1.0 / k : 0, within(1e-9));
            }
        }
        assertThat(c.margin().orElseThrow().dualWeights()).containsExactly(new double[] {0.25, 0.25, 0.25, 0.25},
                within(1e-9));
    }

    /** For diagonal X_n the program is the LP max_{p in simplex} min_n y_n <diag X_n, p> (pinching). */
    private static double diagonalLp(double[][] diag, double[] y) {
        int n = diag.length;
        int k = diag[0].length;
        double[] obj = new double[k + 1];
        obj[k] = 1;
        List<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] a = new double[k + 1];
            for (int j = 0; j < k; j++) {
                a[j] = y[i] * diag[i][j];
            }
            a[k] = -1;
            cons.add(new LinearConstraint(a, Relationship.GEQ, -10));
        }
        double[] s = new double[k + 1];
        java.util.Arrays.fill(s, 0, k, 1);
        cons.add(new LinearConstraint(s, Relationship.EQ, 1));
        // gamma shifted by +10 to keep all variables non-negative
        PointValuePair p = new SimplexSolver(1e-10, 10, 1e-14).optimize(new MaxIter(100000),
                new LinearObjectiveFunction(obj, 0), new LinearConstraintSet(cons), GoalType.MAXIMIZE,
                new NonNegativeConstraint(true));
        return p.getValue() - 10;
    }

    @Test
    void rotatedDiagonalSetsAgreeWithTheirLinearProgram() {
        for (int seed = 0; seed < 100; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int k = 2 + r.nextInt(4);
            int n = 2 + r.nextInt(6);
            double[][] a = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    a[i][j] = Fixtures.gaussian(r);
                }
            }
            RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(a)).getQ();
            double[][] diag = new double[n][k];
            double[] y = new double[n];
            double[][] x = new double[n][k * k];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextBoolean() ? 1 : -1;
                for (int j = 0; j < k; j++) {
                    // mostly the sign of the label, so that most sets are separable
                    diag[i][j] = y[i] * (r.nextDouble() * 2 - 0.6);
                }
                RealMatrix m = q.multiply(new Array2DRowRealMatrix(diagonalMatrix(diag[i]))).multiply(q.transpose());
                for (int b = 0; b < k; b++) {
                    for (int c = 0; c < k; c++) {
                        x[i][b * k + c] = m.getEntry(b, c);
                    }
                }
            }
            double lp = diagonalLp(diag, y);
            Outcome o = solver.solve(new Reference.MaxMarginNuclear(k), Dataset.of(x, y));
            if (lp <= 1e-9) {
                assertThat(o.status()).as("seed %d lp %s", seed, lp).isEqualTo(Outcome.Status.NOT_SEPARABLE);
            } else {
                Certificate c = solved(o);
                assertThat(c.value()).as("seed %d", seed).isCloseTo(lp, within(1e-9));
            }
        }
    }

    private static double[][] diagonalMatrix(double[] v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            m[i][i] = v[i];
        }
        return m;
    }

    @Test
    void randomSymmetricSetsHaveAClosedDualityGapAndTheirMaximiserIsPsdWithTraceOne() {
        for (int seed = 0; seed < 30; seed++) {
            SplittableRandom r = new SplittableRandom(seed + 500);
            int k = 3 + r.nextInt(3);
            int n = 3 + r.nextInt(8);
            double[][] x = new double[n][k * k];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextBoolean() ? 1 : -1;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b <= a; b++) {
                        double v = Fixtures.gaussian(r) + (a == b ? 1.5 * y[i] : 0);
                        x[i][a * k + b] = v;
                        x[i][b * k + a] = v;
                    }
                }
            }
            Outcome o = solver.solve(new Reference.MaxMarginNuclear(k), Dataset.of(x, y));
            if (o.status() == Outcome.Status.SOLVED) {
                // general position (strictly complementary): Newton's method after the interior-point
                // method closes the gap to rounding level
                Certificate c = solved(o);
                double tr = 0;
                for (int a = 0; a < k; a++) {
                    tr += c.point()[a * k + a];
                }
                assertThat(tr).isCloseTo(1, within(1e-12));
            }
        }
    }

    @Test
    void largerSetsAreCertifiedToRoundingLevelByTheirReportedPrimalAndDualPoints() {
        // the bracket is recomputed here from the reported W and r alone (weak duality):
        // min_n y_n <X_n, W> <= gamma <= lambda_max(sum_n r_n y_n X_n)
        for (int seed = 0; seed < 3; seed++) {
            SplittableRandom r = new SplittableRandom(seed + 900);
            int k = 12 + 4 * seed;
            int n = 40 + 10 * seed;
            double[][] x = new double[n][k * k];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextBoolean() ? 1 : -1;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b <= a; b++) {
                        double v = Fixtures.gaussian(r) + (a == b ? 1.5 * y[i] : 0);
                        x[i][a * k + b] = v;
                        x[i][b * k + a] = v;
                    }
                }
            }
            Certificate c = solved(solver.solve(new Reference.MaxMarginNuclear(k), Dataset.of(x, y)));
            double[] w = c.point();
            RealMatrix wm = new Array2DRowRealMatrix(k, k);
            double trace = 0;
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    wm.setEntry(a, b, w[a * k + b]);
                }
                trace += w[a * k + a];
            }
            double minEig = java.util.Arrays.stream(new EigenDecomposition(wm).getRealEigenvalues()).min().orElseThrow();
            assertThat(minEig).isGreaterThan(-1e-12);
            assertThat(trace).isCloseTo(1, within(1e-12));
            double primal = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double m = 0;
                for (int e = 0; e < k * k; e++) {
                    m += y[i] * x[i][e] * w[e];
                }
                primal = Math.min(primal, m);
            }
            double[] weights = c.margin().orElseThrow().dualWeights();
            RealMatrix combo = new Array2DRowRealMatrix(k, k);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                assertThat(weights[i]).isGreaterThanOrEqualTo(0);
                sum += weights[i];
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        combo.addToEntry(a, b, weights[i] * y[i] * x[i][a * k + b]);
                    }
                }
            }
            assertThat(sum).isCloseTo(1, within(1e-12));
            double dual = java.util.Arrays.stream(new EigenDecomposition(combo).getRealEigenvalues()).max().orElseThrow();
            assertThat(dual - primal).as("seed %d k %d n %d", seed, k, n).isBetween(-1e-12, 1e-9);
            assertThat(c.value()).isCloseTo(primal, within(1e-12));
        }
    }

    @Test
    void oppositeMatricesAreNotSeparable() {
        double[][] x = {{1, 0, 0, 2}, {1, 0, 0, 2}};
        Outcome o = solver.solve(new Reference.MaxMarginNuclear(2), Dataset.of(x, new double[] {1, -1}));
        assertThat(o.status()).isEqualTo(Outcome.Status.NOT_SEPARABLE);
        assertThat(o.reason()).contains("no psd W");
    }

    @Test
    void rowsThatAreNotSquareMatricesAreBadInput() {
        assertThatThrownBy(() -> solver.solve(new Reference.MaxMarginNuclear(2),
                Dataset.of(new double[][] {{1, 0, 0}}, new double[] {1})))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("2 x 2");
    }
}
