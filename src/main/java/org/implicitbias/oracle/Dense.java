package org.implicitbias.oracle;

import org.implicitbias.model.Vectors;

/**
 * Dense linear-algebra kernels of the reference solvers: Cholesky factorisation and solves on
 * square {@code double[][]} (lower triangle), and weighted Gram matrices of row-major data.
 */
final class Dense {
    private Dense() {
    }

    /**
     * In-place Cholesky {@code A = L L'} of the lower triangle of a (the upper triangle is ignored).
     *
     * @return false if a pivot is not positive (A not numerically positive definite)
     */
    static boolean cholesky(double[][] a, int m) {
        for (int j = 0; j < m; j++) {
            double[] aj = a[j];
            double s = aj[j] - Vectors.dot(aj, 0, aj, j);
            if (!(s > 0) || !Double.isFinite(s)) {
                return false;
            }
            double ljj = Math.sqrt(s);
            aj[j] = ljj;
            for (int i = j + 1; i < m; i++) {
                double[] ai = a[i];
                ai[j] = (ai[j] - Vectors.dot(ai, 0, aj, j)) / ljj;
            }
        }
        return true;
    }

    /** Solves {@code L L' x = b} in place (b becomes x) with the factor from {@link #cholesky}. */
    static void choleskySolve(double[][] l, int m, double[] b) {
        for (int i = 0; i < m; i++) {
            b[i] = (b[i] - Vectors.dot(l[i], 0, b, i)) / l[i][i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < m; k++) {
                s -= l[k][i] * b[k];
            }
            b[i] = s / l[i][i];
        }
    }

    /** Copies the lower triangle of src (m x m) into dst and mirrors nothing; dst may be src-sized scratch. */
    static void copyLower(double[][] src, double[][] dst, int m) {
        for (int i = 0; i < m; i++) {
            System.arraycopy(src[i], 0, dst[i], 0, i + 1);
        }
    }

    /**
     * Factorises the symmetric positive semidefinite matrix k (lower triangle), adding the smallest
     * multiple of the identity, from {@code 1e-14 * max diag} upward, that makes it factorise; the
     * factor goes to l.
     *
     * @return the shift added (0 when none was needed)
     */
    static double regularisedCholesky(double[][] k, double[][] l, int m) {
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(k[i][i]));
        }
        copyLower(k, l, m);
        if (cholesky(l, m)) {
            return 0;
        }
        double shift = Math.max(maxDiag, Double.MIN_NORMAL) * 1e-14;
        for (int attempt = 0; attempt < 40; attempt++, shift *= 10) {
            copyLower(k, l, m);
            for (int i = 0; i < m; i++) {
                l[i][i] += shift;
            }
            if (cholesky(l, m)) {
                return shift;
            }
        }
        throw new IllegalStateException("matrix of order " + m + " does not factorise even with a shift of "
                + shift + " (non-finite entries?)");
    }

    /**
     * Lower triangle of {@code K = A diag(h) A'} for a row-major m x d matrix A (h = null: identity),
     * written into k (m x m). Costs {@code m^2 d / 2}.
     */
    static void weightedGram(double[] a, int m, int d, double[] h, double[][] k, double[] scratch) {
        for (int i = 0; i < m; i++) {
            double[] row = scratch;
            int off = i * d;
            if (h == null) {
                System.arraycopy(a, off, row, 0, d);
            } else {
                for (int j = 0; j < d; j++) {
                    row[j] = a[off + j] * h[j];
                }
            }
            double[] ki = k[i];
            for (int p = 0; p <= i; p++) {
                ki[p] = Vectors.dot(a, p * d, row, d);
            }
        }
    }

    /** Mirrors the lower triangle into the upper one. */
    static void symmetrise(double[][] k, int m) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                k[j][i] = k[i][j];
            }
        }
    }

    /** {@code sum_j a[offA + j] * b[offB + j]} for j < len. */
    static double dot(double[] a, int offA, double[] b, int offB, int len) {
        double s0 = 0;
        double s1 = 0;
        int j = 0;
        for (; j + 1 < len; j += 2) {
            s0 += a[offA + j] * b[offB + j];
            s1 += a[offA + j + 1] * b[offB + j + 1];
        }
        if (j < len) {
            s0 += a[offA + j] * b[offB + j];
        }
        return s0 + s1;
    }

    /** {@code max_i |v_i|}. */
    static double maxAbs(double[] v) {
        return Vectors.normInf(v);
    }
}
