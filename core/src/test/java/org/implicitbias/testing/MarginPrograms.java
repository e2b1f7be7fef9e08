package org.implicitbias.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
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

/**
 * Max-margin programs solved in the tests, independently of the code under test:
 * {@code gamma = max_{||w|| <= 1} min_n <w, z_n>} as linear programs (Commons Math simplex) for l1
 * and linf, and {@code argmin w'Pw s.t. Zw >= 1} for a positive definite P by enumerating active
 * sets and keeping the one that satisfies the KKT conditions (sufficient for a convex QP).
 */
public final class MarginPrograms {
    private MarginPrograms() {
    }

    /** The rows {@code z_n = y_n x_n}. */
    public static double[][] signed(double[][] x, double[] y) {
        double[][] z = new double[x.length][];
        for (int n = 0; n < x.length; n++) {
            z[n] = new double[x[n].length];
            for (int j = 0; j < x[n].length; j++) {
                z[n][j] = y[n] * x[n][j];
            }
        }
        return z;
    }

    /**
     * {@code max gamma s.t. Z (p - m) >= gamma, p, m >= 0} and {@code sum (p + m) <= 1} (l1 ball) or
     * {@code p_i + m_i <= 1} for each i (linf ball): the l1 or linf max margin.
     */
    public static double lpMargin(double[][] z, boolean linf) {
        int d = z[0].length;
        int vars = 2 * d + 1;
        double[] objective = new double[vars];
        objective[2 * d] = 1;
        List<LinearConstraint> cons = new ArrayList<>();
        for (double[] row : z) {
            double[] c = new double[vars];
            for (int j = 0; j < d; j++) {
                c[j] = row[j];
                c[d + j] = -row[j];
            }
            c[2 * d] = -1;
            cons.add(new LinearConstraint(c, Relationship.GEQ, 0));
        }
        if (linf) {
            for (int j = 0; j < d; j++) {
                double[] c = new double[vars];
                c[j] = 1;
                c[d + j] = 1;
                cons.add(new LinearConstraint(c, Relationship.LEQ, 1));
            }
        } else {
            double[] c = new double[vars];
            for (int j = 0; j < 2 * d; j++) {
                c[j] = 1;
            }
            cons.add(new LinearConstraint(c, Relationship.LEQ, 1));
        }
        PointValuePair p = new SimplexSolver().optimize(new MaxIter(10_000),
                new LinearObjectiveFunction(objective, 0), new LinearConstraintSet(cons),
                GoalType.MAXIMIZE, new NonNegativeConstraint(true));
        return p.getValue();
    }

    /**
     * {@code argmin w'Pw s.t. Z w >= 1}, P symmetric positive definite: for every active set S of at
     * most d rows, {@code w = P^{-1} Z_S' lambda} with {@code Z_S P^{-1} Z_S' lambda = 1}; the set whose
     * multipliers are nonnegative and whose w is feasible is a KKT point, hence the minimiser.
     *
     * @throws IllegalStateException if no active set passes (not separable, or degenerate data)
     */
    public static double[] minQuadraticNormSeparator(double[][] z, double[][] p) {
        int n = z.length;
        int d = z[0].length;
        RealMatrix pinv = new LUDecomposition(new Array2DRowRealMatrix(p)).getSolver().getInverse();
        double best = Double.POSITIVE_INFINITY;
        double[] bestW = null;
        for (int mask = 1; mask < (1 << n); mask++) {
            int size = Integer.bitCount(mask);
            if (size > d) {
                continue;
            }
            int[] s = new int[size];
            for (int i = 0, k = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    s[k++] = i;
                }
            }
            double[][] zs = new double[size][];
            for (int k = 0; k < size; k++) {
                zs[k] = z[s[k]];
            }
            RealMatrix zsm = new Array2DRowRealMatrix(zs);
            RealMatrix k = zsm.multiply(pinv).multiply(zsm.transpose());
            LUDecomposition lu = new LUDecomposition(k);
            if (!lu.getSolver().isNonSingular()) {
                continue;
            }
            double[] ones = new double[size];
            java.util.Arrays.fill(ones, 1);
            double[] lambda = lu.getSolver().solve(new ArrayRealVector(ones)).toArray();
            boolean ok = true;
            for (double l : lambda) {
                ok &= l >= -1e-12;
            }
            double[] w = pinv.multiply(zsm.transpose()).operate(lambda);
            for (double[] row : z) {
                double m = 0;
                for (int j = 0; j < d; j++) {
                    m += row[j] * w[j];
                }
                ok &= m >= 1 - 1e-10;
            }
            if (ok) {
                double value = new ArrayRealVector(w).dotProduct(new Array2DRowRealMatrix(p).operate(new ArrayRealVector(w)));
                if (value < best) {
                    best = value;
                    bestW = w;
                }
            }
        }
        if (bestW == null) {
            throw new IllegalStateException("no KKT active set: the data are not separable");
        }
        return bestW;
    }

    /** The diagonal matrix with the given diagonal. */
    public static double[][] diagonal(double[] diag) {
        double[][] m = new double[diag.length][diag.length];
        for (int i = 0; i < diag.length; i++) {
            m[i][i] = diag[i];
        }
        return m;
    }

    /** {@code v / ||v||_2}. */
    public static double[] unit(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double n = Math.sqrt(s);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / n;
        }
        return out;
    }
}
