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
import org.junit.jupiter.api.Test;

/**
 * Box-constrained programs {@code min c'x s.t. A x <= b, 0 <= x <= u}, posed with a slack per row of A
 * and a bound row {@code x_j + e_j = u_j} per variable, against Commons Math's simplex: the interior-point
 * method eliminates the bound rows from its normal equations and must still reach the same optimum.
 */
class LinearProgramTest {

    @Test
    void boxConstrainedProgramsMatchTheSimplexWithTheBoundRowsEliminated() {
        // the optimal points' variables at 0, strictly inside and at their upper bound: each is a different
        // case of a bound row in the final projection
        int[] where = new int[3];
        for (int seed = 0; seed < 8; seed++) {
            SplittableRandom r = new SplittableRandom(seed + 301);
            int rows = 12 + r.nextInt(20);
            int vars = 10 + r.nextInt(25);
            double[][] a = new double[rows][vars];
            double[] b = new double[rows];
            double[] c = new double[vars];
            double[] u = new double[vars];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < vars; j++) {
                    a[i][j] = r.nextDouble(-1, 1);
                }
                b[i] = r.nextDouble(0.5, 2); // x = 0 is feasible
            }
            for (int j = 0; j < vars; j++) {
                c[j] = r.nextDouble(-1, 1);
                u[j] = r.nextDouble(0.5, 3);
            }
            LinearProgram.Builder lp = new LinearProgram.Builder(rows + vars);
            double[] rhs = new double[rows + vars];
            for (int j = 0; j < vars; j++) {
                double[] col = new double[rows + vars];
                for (int i = 0; i < rows; i++) {
                    col[i] = a[i][j];
                }
                col[rows + j] = 1;
                lp.dense(c[j], col);
                lp.unit(0, rows + j, 1);
                rhs[rows + j] = u[j];
            }
            for (int i = 0; i < rows; i++) {
                lp.unit(0, i, 1);
                rhs[i] = b[i];
            }
            LinearProgram program = lp.build(rhs);
            assertThat(program.factoredRows()).as("rows left in the normal matrix, seed %d", seed).isEqualTo(rows);
            LinearProgram.Result res = program.solve();

            List<LinearConstraint> cons = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                cons.add(new LinearConstraint(a[i], Relationship.LEQ, b[i]));
            }
            for (int j = 0; j < vars; j++) {
                double[] e = new double[vars];
                e[j] = 1;
                cons.add(new LinearConstraint(e, Relationship.LEQ, u[j]));
            }
            PointValuePair p = new SimplexSolver(1e-9, 10, 1e-14).optimize(new MaxIter(100000),
                    new LinearObjectiveFunction(c, 0), new LinearConstraintSet(cons), GoalType.MINIMIZE,
                    new NonNegativeConstraint(true));
            double value = 0;
            for (int j = 0; j < vars; j++) {
                value += c[j] * res.x()[2 * j];
            }
            assertThat(value).as("seed %d", seed).isCloseTo(p.getValue(), within(1e-9));
            for (int j = 0; j < vars; j++) {
                double xj = res.x()[2 * j];
                where[xj == 0 ? 0 : xj == u[j] ? 2 : 1]++;
                assertThat(xj + res.x()[2 * j + 1]).isCloseTo(u[j], within(1e-12));
            }
            assertThat(res.finished()).isTrue();
            assertThat(res.primalResidual()).isLessThan(1e-11);
            assertThat(res.dualResidual()).isLessThan(1e-11);
        }
        assertThat(where).as("variables at 0, inside, at the bound").doesNotContain(0);
    }

    @Test
    void aLargeProgramWhoseWideColumnsAreMultipliedAsOneMatrixMeetsItsOptimalityConditions() {
        // min c'x s.t. A x <= b, 0 <= x <= u with 240 rows and 1100 dense variables: the wide columns hold
        // 1340 x 1100 entries, above the size from which A x and A' y take them as one matrix
        SplittableRandom r = new SplittableRandom(77);
        int rows = 240;
        int vars = 1100;
        int m = rows + vars;
        assertThat((long) m * vars).isGreaterThanOrEqualTo(org.implicitbias.linalg.RowMatrix.NATIVE_ENTRIES);
        LinearProgram.Builder lp = new LinearProgram.Builder(m);
        double[] rhs = new double[m];
        double[][] columns = new double[2 * vars + rows][];
        double[] costs = new double[2 * vars + rows];
        for (int j = 0; j < vars; j++) {
            double[] col = new double[m];
            for (int i = 0; i < rows; i++) {
                col[i] = r.nextDouble(-1, 1);
            }
            col[rows + j] = 1;
            costs[2 * j] = r.nextDouble(-1, 1);
            columns[lp.dense(costs[2 * j], col)] = col;
            double[] e = new double[m];
            e[rows + j] = 1;
            columns[lp.unit(0, rows + j, 1)] = e;
            rhs[rows + j] = r.nextDouble(0.5, 3);
        }
        for (int i = 0; i < rows; i++) {
            double[] e = new double[m];
            e[i] = 1;
            columns[lp.unit(0, i, 1)] = e;
            rhs[i] = r.nextDouble(0.5, 2);
        }
        LinearProgram.Result res = lp.build(rhs).solve();
        assertThat(res.finished()).isTrue();
        double[] x = res.x();
        double[] y = res.y();
        // the optimality conditions, from the data: A x = b, x >= 0, c - A'y >= 0, c'x = b'y
        double scale = 0;
        for (int i = 0; i < m; i++) {
            double ax = 0;
            for (int j = 0; j < columns.length; j++) {
                ax += columns[j][i] * x[j];
            }
            assertThat(ax).as("row %d", i).isCloseTo(rhs[i], within(1e-9));
            scale = Math.max(scale, Math.abs(rhs[i]));
        }
        double primal = 0;
        double dual = 0;
        for (int j = 0; j < columns.length; j++) {
            assertThat(x[j]).isGreaterThanOrEqualTo(-1e-12);
            double aty = 0;
            for (int i = 0; i < m; i++) {
                aty += columns[j][i] * y[i];
            }
            assertThat(costs[j] - aty).as("reduced cost %d", j).isGreaterThanOrEqualTo(-1e-9);
            primal += costs[j] * x[j];
        }
        for (int i = 0; i < m; i++) {
            dual += rhs[i] * y[i];
        }
        assertThat(primal - dual).isCloseTo(0.0, within(1e-8 * (1 + Math.abs(primal))));
    }
}
