package org.implicitbias.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.model.Dataset;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

class MinNormSolverTest {
    private final MinNormSolver solver = new MinNormSolver();

    private static Certificate solved(Outcome o) {
        assertThat(o.status()).as(o.reason()).isEqualTo(Outcome.Status.SOLVED);
        Certificate c = o.certificate();
        assertThat(c.residuals().primalFeasibility()).as("%s", c).isLessThan(1e-10);
        assertThat(c.residuals().stationarity()).as("%s", c).isLessThan(1e-10);
        assertThat(c.residuals().dualFeasibility()).as("%s", c).isLessThan(1e-10);
        assertThat(Math.abs(c.residuals().dualityGap())).as("%s", c).isLessThan(1e-9);
        return c;
    }

    @Test
    void theL43PointOfExampleFourMatchesThePaper() {
        Dataset data = Dataset.of(new double[][] {{1, 1, 1}, {1, 2, 0}}, new double[] {1, 10});
        Certificate c = solved(solver.solve(new Reference.MinNorm(new Norm.Lp(4.0 / 3)), data, new double[3]));
        assertThat(c.point()).containsExactly(new double[] {2.30045e-4, 4.999885, -4.000115}, within(1e-6));
        assertThat(c.value()).isCloseTo(7.583650625, within(1e-9));
        // on the line G = (1/3, 29/6, -25/6) + t(-2, 1, 1) the l_{4/3} norm is larger on both sides
        double t = (1.0 / 3 - c.point()[0]) / 2;
        for (double dt : new double[] {-1e-4, 1e-4}) {
            double[] v = {1.0 / 3 - 2 * (t + dt), 29.0 / 6 + t + dt, -25.0 / 6 + t + dt};
            assertThat(new Norm.Lp(4.0 / 3).value(v)).isGreaterThan(c.value());
        }
    }

    @Test
    void l2AndQuadraticMinNormAreTheClosedFormProjections() {
        for (long seed = 0; seed < 100; seed++) {
            Dataset data = Fixtures.regression(3, 7, seed);
            double[] w0 = Fixtures.gaussianVector(7, seed + 9);
            Certificate c = solved(solver.solve(new Reference.MinDistance(new Norm.L2()), data, w0));
            assertThat(c.point()).containsExactly(Fixtures.projection(data, w0, null), within(1e-11));
            double[][] dm = MinBregmanSolverTest.spd(7, seed);
            Certificate q = solved(solver.solve(new Reference.MinDistance(new QuadraticNorm(dm)), data, w0));
            assertThat(q.point()).containsExactly(Fixtures.projection(data, w0, dm), within(1e-10));
        }
    }

    /** min ||w - w0||_1 (or linf) over Xw = y by Commons Math's simplex method; returns the optimum. */
    private static double simplexMinNorm(Dataset data, double[] w0, boolean l1) {
        int n = data.n();
        int d = data.d();
        // variables: u (d), v (d), t (linf): w - w0 = u - v
        int nv = 2 * d + 1;
        double[] obj = new double[nv];
        if (l1) {
            java.util.Arrays.fill(obj, 0, 2 * d, 1);
        } else {
            obj[2 * d] = 1;
        }
        List<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] a = new double[nv];
            double rhs = data.y(i);
            for (int j = 0; j < d; j++) {
                a[j] = data.x(i, j);
                a[d + j] = -data.x(i, j);
                rhs -= data.x(i, j) * w0[j];
            }
            cons.add(new LinearConstraint(a, Relationship.EQ, rhs));
        }
        if (!l1) {
            for (int j = 0; j < d; j++) {
                double[] a = new double[nv];
                a[j] = 1;
                a[d + j] = 1;
                a[2 * d] = -1;
                cons.add(new LinearConstraint(a, Relationship.LEQ, 0));
            }
        }
        PointValuePair p = new SimplexSolver(1e-9, 10, 1e-14).optimize(new MaxIter(100000),
                new LinearObjectiveFunction(obj, 0), new LinearConstraintSet(cons), GoalType.MINIMIZE,
                new NonNegativeConstraint(true));
        return p.getValue();
    }

    @Test
    void l1AndLinfMinNormAgreeWithCommonsMathsSimplex() {
        for (long seed = 0; seed < 100; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 1 + r.nextInt(4);
            int d = n + 1 + r.nextInt(5);
            Dataset data = Fixtures.regression(n, d, seed + 300);
            double[] w0 = r.nextBoolean() ? new double[d] : Fixtures.gaussianVector(d, seed);
            for (boolean l1 : new boolean[] {true, false}) {
                Certificate c = solved(solver.solve(new Reference.MinDistance(l1 ? new Norm.L1() : new Norm.LInf()), data, w0));
                assertThat(c.value()).as("seed %d l1 %s", seed, l1).isCloseTo(simplexMinNorm(data, w0, l1), within(1e-9));
            }
        }
    }

    @Test
    void l1AndLinfMinNormOfWiderSystemsAgreeWithCommonsMathsSimplex() {
        // a dozen rows and more: the LP's columns are dense, and the l1 program's split columns enter the
        // normal matrix as merged mirror pairs
        for (long seed = 0; seed < 6; seed++) {
            SplittableRandom r = new SplittableRandom(seed + 40);
            int n = 10 + r.nextInt(10);
            int d = n + 5 + r.nextInt(20);
            Dataset data = Fixtures.regression(n, d, seed + 900);
            double[] w0 = r.nextBoolean() ? new double[d] : Fixtures.gaussianVector(d, seed);
            for (boolean l1 : new boolean[] {true, false}) {
                Certificate c = solved(solver.solve(new Reference.MinNorm(l1 ? new Norm.L1() : new Norm.LInf()), data, w0));
                assertThat(c.value()).as("seed %d l1 %s", seed, l1).isCloseTo(simplexMinNorm(data, w0, l1), within(1e-9));
            }
        }
    }

    @Test
    void lpMinNormIsNoLargerThanAnyPointOfGAlongRandomDirectionsInTheNullSpace() {
        for (long seed = 0; seed < 100; seed++) {
            Dataset data = Fixtures.regression(2, 5, seed + 700);
            double[] w0 = Fixtures.gaussianVector(5, seed + 1);
            double p = 1.2 + (seed % 5) * 0.7;
            Norm.Lp norm = new Norm.Lp(p);
            Certificate c = solved(solver.solve(new Reference.MinNorm(norm), data, w0));
            // second route: the dual bound <lambda, y - X w0> with ||X' lambda||_q <= 1 is a lower bound; the
            // certified value must match it, and points of G nearby must not do better
            double[] w = c.point();
            double[][] nullDirs = nullSpace(data);
            for (double[] dir : nullDirs) {
                for (double h : new double[] {-1e-3, 1e-3}) {
                    double[] v = new double[5];
                    for (int j = 0; j < 5; j++) {
                        v[j] = w[j] + h * dir[j] - w0[j];
                    }
                    assertThat(norm.value(v)).isGreaterThanOrEqualTo(c.value() - 1e-12);
                }
            }
        }
    }

    private static double[][] nullSpace(Dataset data) {
        org.apache.commons.math3.linear.RealMatrix x = new org.apache.commons.math3.linear.Array2DRowRealMatrix(data.matrix());
        org.apache.commons.math3.linear.SingularValueDecomposition svd =
                new org.apache.commons.math3.linear.SingularValueDecomposition(x.transpose().multiply(x));
        int d = data.d();
        double[][] out = new double[d - data.n()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = svd.getV().getColumn(data.n() + k);
        }
        return out;
    }

    @Test
    void aStartOnGIsItsOwnMinimumNormPointForEveryNorm() {
        // y = 0 and w0 = 0 (X from a generated instance that once stalled the LP), and a nonzero start on G
        Dataset data = Dataset.of(new double[][] {{0, -1, 3, 1}, {0, 1, 2, 2}}, new double[] {0, 0});
        double[] onG = {5, 1, -1, 2}; // X onG = (-1 - 3 + 2, 1 - 2 + 4) = (-2, 3)
        Dataset shifted = Dataset.of(data.matrix(), new double[] {-2, 3});
        for (Norm norm : new Norm[] {new Norm.L1(), new Norm.L2(), new Norm.LInf(), new Norm.Lp(3)}) {
            Outcome zero = solver.solve(new Reference.MinNorm(norm), data, new double[4]);
            assertThat(zero.status()).as(norm.name()).isEqualTo(Outcome.Status.SOLVED);
            assertThat(zero.certificate().point()).containsOnly(0.0);
            assertThat(zero.certificate().value()).isZero();
            Outcome start = solver.solve(new Reference.MinNorm(norm), shifted, onG);
            assertThat(start.certificate().point()).as(norm.name()).containsExactly(onG);
            assertThat(start.certificate().residuals().max()).isLessThan(1e-12);
        }
    }

    @Test
    void inconsistentTargetsAreInfeasibleForEveryNorm() {
        Dataset data = Dataset.of(new double[][] {{1, 1, 0}, {2, 2, 0}}, new double[] {1, 1});
        for (Norm norm : new Norm[] {new Norm.L1(), new Norm.L2(), new Norm.LInf(), new Norm.Lp(3)}) {
            Outcome o = solver.solve(new Reference.MinNorm(norm), data, new double[3]);
            assertThat(o.status()).as(norm.name()).isEqualTo(Outcome.Status.INFEASIBLE);
            assertThat(o.reason()).contains("not in the range");
        }
    }

    @Test
    void duplicateRowsAndZeroColumnsAreSolved() {
        Dataset data = Dataset.of(new double[][] {{1, 0, 2, 1}, {1, 0, 2, 1}, {0, 0, 1, -1}}, new double[] {3, 3, 1});
        for (Norm norm : new Norm[] {new Norm.L1(), new Norm.L2(), new Norm.LInf(), new Norm.Lp(1.5)}) {
            Certificate c = solved(solver.solve(new Reference.MinNorm(norm), data, new double[4]));
            assertThat(c.point()[1]).as(norm.name()).isCloseTo(0, within(norm instanceof Norm.LInf ? 10 : 1e-12));
        }
    }
}
