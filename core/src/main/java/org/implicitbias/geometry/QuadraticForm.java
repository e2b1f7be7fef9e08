package org.implicitbias.geometry;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.implicitbias.model.InvalidInputException;

/**
 * A symmetric positive definite matrix D with its Cholesky factorisation, shared by the
 * {@code quadratic} potential {@code 1/2 w'Dw} and the {@code quadratic} norm {@code sqrt(v'Dv)}.
 */
public final class QuadraticForm {
    private final double[][] d;
    private final DecompositionSolver solver;

    /**
     * @param field the field being read, for error messages
     * @throws InvalidInputException if D is not square, not symmetric or not positive definite
     */
    public QuadraticForm(String field, double[][] matrix) {
        int k = matrix == null ? 0 : matrix.length;
        if (k == 0) {
            throw new InvalidInputException(field, "[]", "a non-empty square matrix");
        }
        for (int i = 0; i < k; i++) {
            if (matrix[i] == null || matrix[i].length != k) {
                throw new InvalidInputException(field + "[" + i + "]",
                        matrix[i] == null ? "nothing" : matrix[i].length + " entries", k + " entries (D must be square)");
            }
            for (double v : matrix[i]) {
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException(field + "[" + i + "]", v, "finite numbers");
                }
            }
        }
        this.d = new double[k][];
        for (int i = 0; i < k; i++) {
            d[i] = matrix[i].clone();
        }
        RealMatrix m = new Array2DRowRealMatrix(d, false);
        try {
            this.solver = new CholeskyDecomposition(m, 1e-12, 1e-14).getSolver();
        } catch (NonSymmetricMatrixException e) {
            throw new InvalidInputException(field, "a non-symmetric matrix", "a symmetric positive definite matrix");
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new InvalidInputException(field, "a matrix that is not positive definite",
                    "a symmetric positive definite matrix");
        }
    }

    /** Dimension. */
    public int size() {
        return d.length;
    }

    /** A copy of D. */
    public double[][] matrix() {
        double[][] c = new double[d.length][];
        for (int i = 0; i < d.length; i++) {
            c[i] = d[i].clone();
        }
        return c;
    }

    /** {@code out = D v}. */
    public void multiply(double[] v, double[] out) {
        check(v);
        for (int i = 0; i < d.length; i++) {
            double s = 0;
            for (int j = 0; j < d.length; j++) {
                s += d[i][j] * v[j];
            }
            out[i] = s;
        }
    }

    /** {@code out = D^{-1} v}. */
    public void solve(double[] v, double[] out) {
        check(v);
        double[] r = solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(v, false)).toArray();
        System.arraycopy(r, 0, out, 0, r.length);
    }

    /** {@code v' D v}. */
    public double form(double[] v) {
        double[] dv = new double[v.length];
        multiply(v, dv);
        return org.implicitbias.model.Vectors.dot(v, dv);
    }

    /** {@code v' D^{-1} v}. */
    public double inverseForm(double[] v) {
        double[] dv = new double[v.length];
        solve(v, dv);
        return org.implicitbias.model.Vectors.dot(v, dv);
    }

    private void check(double[] v) {
        if (v.length != d.length) {
            throw new InvalidInputException("D", d.length + " x " + d.length,
                    "a matrix of the dimension of w (" + v.length + ")");
        }
    }
}
