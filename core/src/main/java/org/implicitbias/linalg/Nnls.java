package org.implicitbias.linalg;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;

/**
 * Nonnegative least squares {@code min_{c >= 0} ||sum_k c_k a_k - b||_2} by the active-set method of
 * Lawson and Hanson (1974), for the handful of columns a cone of support vectors has.
 */
public final class Nnls {
    private Nnls() {
    }

    /** The minimal residual {@code ||A c - b||_2} over {@code c >= 0}; columns {@code a_k = cols[k]}. */
    public static double residual(double[][] cols, double[] b) {
        double[] c = solve(cols, b);
        double[] r = b.clone();
        for (int k = 0; k < cols.length; k++) {
            for (int j = 0; j < b.length; j++) {
                r[j] -= c[k] * cols[k][j];
            }
        }
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** The minimiser c. */
    public static double[] solve(double[][] cols, double[] b) {
        int m = cols.length;
        int d = b.length;
        double[] x = new double[m];
        boolean[] passive = new boolean[m];
        double tol = 1e-12;
        for (int outer = 0; outer < 3 * m + 10; outer++) {
            double[] w = gradient(cols, b, x);
            int best = -1;
            double bestW = tol;
            for (int k = 0; k < m; k++) {
                if (!passive[k] && w[k] > bestW) {
                    bestW = w[k];
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            passive[best] = true;
            for (int inner = 0; inner < 3 * m + 10; inner++) {
                double[] z = leastSquares(cols, b, passive, d);
                boolean feasible = true;
                for (int k = 0; k < m; k++) {
                    if (passive[k] && z[k] <= 0) {
                        feasible = false;
                    }
                }
                if (feasible) {
                    x = z;
                    break;
                }
                double alpha = Double.POSITIVE_INFINITY;
                for (int k = 0; k < m; k++) {
                    if (passive[k] && z[k] <= 0) {
                        alpha = Math.min(alpha, x[k] / (x[k] - z[k]));
                    }
                }
                for (int k = 0; k < m; k++) {
                    x[k] += alpha * (z[k] - x[k]);
                    if (passive[k] && Math.abs(x[k]) <= tol) {
                        passive[k] = false;
                        x[k] = 0;
                    }
                }
            }
        }
        return x;
    }

    /** {@code A'(b - A x)}. */
    private static double[] gradient(double[][] cols, double[] b, double[] x) {
        double[] r = b.clone();
        for (int k = 0; k < cols.length; k++) {
            for (int j = 0; j < b.length; j++) {
                r[j] -= x[k] * cols[k][j];
            }
        }
        double[] w = new double[cols.length];
        for (int k = 0; k < cols.length; k++) {
            double s = 0;
            for (int j = 0; j < b.length; j++) {
                s += cols[k][j] * r[j];
            }
            w[k] = s;
        }
        return w;
    }

    private static double[] leastSquares(double[][] cols, double[] b, boolean[] passive, int d) {
        int p = 0;
        for (boolean v : passive) {
            p += v ? 1 : 0;
        }
        double[] z = new double[cols.length];
        if (p == 0) {
            return z;
        }
        double[][] a = new double[d][p];
        int[] idx = new int[p];
        int q = 0;
        for (int k = 0; k < cols.length; k++) {
            if (passive[k]) {
                idx[q] = k;
                for (int j = 0; j < d; j++) {
                    a[j][q] = cols[k][j];
                }
                q++;
            }
        }
        double[] sol;
        try {
            sol = new QRDecomposition(new Array2DRowRealMatrix(a, false), 1e-14).getSolver()
                    .solve(new ArrayRealVector(b, false)).toArray();
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            // dependent columns: drop the newest one by returning a point that keeps the old x feasible
            sol = new double[p];
        }
        for (int k = 0; k < p; k++) {
            z[idx[k]] = sol[k];
        }
        return z;
    }
}
