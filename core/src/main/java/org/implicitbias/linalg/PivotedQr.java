package org.implicitbias.linalg;

import org.implicitbias.model.Vectors;

/**
 * Householder QR with column pivoting of a matrix given by its columns {@code a_1..a_m} in R^L:
 * {@code [a_p1 ... a_pm] = Q R}, with the numerical rank k where the largest remaining column norm
 * drops below {@code tol} times the largest initial column norm.
 *
 * <p>Used with the columns being the rows of a constraint matrix A (m x L): then the pivot order
 * picks a maximal set of numerically independent rows, {@link #minNormSolve} gives the minimum-norm
 * solution of {@code A delta = r} with the residual of the dropped rows (the consistency test of
 * {@code Xw = y}), and {@link #leastSquares} solves {@code A' eta ~ t}.
 */
public final class PivotedQr {
    private final int m;
    private final int len;
    private final double[][] q;       // column j: Householder vector below the diagonal, R above
    private final double[] rdiag;
    private final double[] beta;
    private final int[] perm;
    private final int rank;
    private final double scale;

    /**
     * @param vectors the columns (copied; each of length len)
     * @param tol     relative rank tolerance, e.g. 1e-11
     */
    public PivotedQr(double[][] vectors, int len, double tol) {
        this.m = vectors.length;
        this.len = len;
        this.q = new double[m][];
        this.perm = new int[m];
        double[] norms2 = new double[m];
        double maxNorm = 0;
        double[] exact = new double[m];
        for (int j = 0; j < m; j++) {
            q[j] = vectors[j].clone();
            perm[j] = j;
            double nrm = Vectors.norm2(q[j]);
            norms2[j] = nrm * nrm;
            exact[j] = norms2[j];
            maxNorm = Math.max(maxNorm, nrm);
        }
        this.scale = maxNorm;
        int kmax = Math.min(m, len);
        this.rdiag = new double[kmax];
        this.beta = new double[kmax];
        int k = 0;
        for (; k < kmax; k++) {
            // pivot: the column with the largest remaining norm; the norms are downdated after each
            // reflection and recomputed exactly where the downdate has cancelled most of the value
            int best = -1;
            double bestNorm = -1;
            for (int j = k; j < m; j++) {
                if (k > 0) {
                    double top = q[j][k - 1];
                    norms2[j] -= top * top;
                    if (norms2[j] <= 1e-4 * exact[j]) {
                        double s = 0;
                        double[] c = q[j];
                        for (int i = k; i < len; i++) {
                            s += c[i] * c[i];
                        }
                        norms2[j] = s;
                        exact[j] = s;
                    }
                }
                if (norms2[j] > bestNorm) {
                    bestNorm = norms2[j];
                    best = j;
                }
            }
            {
                // the pivot's norm exactly, for the reflector
                double s = 0;
                double[] c = q[best];
                for (int i = k; i < len; i++) {
                    s += c[i] * c[i];
                }
                bestNorm = s;
            }
            if (maxNorm == 0 || Math.sqrt(bestNorm) <= tol * maxNorm) {
                break;
            }
            swap(k, best, norms2, exact);
            double[] c = q[k];
            double alpha = Math.sqrt(bestNorm);
            if (c[k] > 0) {
                alpha = -alpha;
            }
            // v = c[k..] - alpha e_k, stored in c[k..]; H = I - beta v v'
            double v0 = c[k] - alpha;
            c[k] = v0;
            double vv = bestNorm - 2 * alpha * (v0 + alpha) + alpha * alpha;
            // ||v||^2 = ||c||^2 - 2 alpha c_k + alpha^2 with c_k = v0 + alpha
            beta[k] = vv > 0 ? 2 / vv : 0;
            rdiag[k] = alpha;
            // reflect the remaining columns (independent of each other: split among threads when large)
            int from = k + 1;
            int pivot = k;
            if ((double) (m - from) * (len - k) >= REFLECT_PARALLEL_WORK) {
                int chunks = (m - from + REFLECT_CHUNK - 1) / REFLECT_CHUNK;
                java.util.stream.IntStream.range(0, chunks).parallel().forEach(ch -> reflect(pivot,
                        from + ch * REFLECT_CHUNK, Math.min(m, from + (ch + 1) * REFLECT_CHUNK)));
            } else {
                reflect(k, from, m);
            }
        }
        this.rank = k;
    }

    /** Multiply-adds of one reflection step from which it is split among threads. */
    private static final double REFLECT_PARALLEL_WORK = 2e5;
    /** Columns per task of a split reflection step. */
    private static final int REFLECT_CHUNK = 16;

    /** Applies reflector k to the columns {@code [j0, j1)}. */
    private void reflect(int k, int j0, int j1) {
        double[] c = q[k];
        double bk = beta[k];
        for (int j = j0; j < j1; j++) {
            double[] cj = q[j];
            // four partial sums: the dot product is not held up by the latency of each addition
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = k;
            for (; i + 3 < len; i += 4) {
                s0 += c[i] * cj[i];
                s1 += c[i + 1] * cj[i + 1];
                s2 += c[i + 2] * cj[i + 2];
                s3 += c[i + 3] * cj[i + 3];
            }
            for (; i < len; i++) {
                s0 += c[i] * cj[i];
            }
            double s = ((s0 + s1) + (s2 + s3)) * bk;
            for (i = k; i < len; i++) {
                cj[i] -= s * c[i];
            }
        }
    }

    private void swap(int a, int b, double[] norms2, double[] exact) {
        if (a == b) {
            return;
        }
        double tn = norms2[a];
        norms2[a] = norms2[b];
        norms2[b] = tn;
        tn = exact[a];
        exact[a] = exact[b];
        exact[b] = tn;
        double[] t = q[a];
        q[a] = q[b];
        q[b] = t;
        int p = perm[a];
        perm[a] = perm[b];
        perm[b] = p;
    }

    /** Numerical rank. */
    public int rank() {
        return rank;
    }

    /** Largest initial column norm (the scale of the rank tolerance). */
    public double scale() {
        return scale;
    }

    /** Original index of the j-th pivot column; the first {@link #rank()} are independent. */
    public int pivot(int j) {
        return perm[j];
    }

    /** The original indices of the first {@code rank} pivots, sorted. */
    int[] basis() {
        int[] b = new int[rank];
        for (int j = 0; j < rank; j++) {
            b[j] = perm[j];
        }
        java.util.Arrays.sort(b);
        return b;
    }

    /** R entry (i, j) for i <= j in pivoted order. */
    private double r(int i, int j) {
        return i == j ? rdiag[i] : q[j][i];
    }

    /** {@code out = Q [u; 0]} (u of length rank), out of length len. */
    private void applyQ(double[] u, double[] out) {
        java.util.Arrays.fill(out, 0);
        System.arraycopy(u, 0, out, 0, rank);
        for (int k = rank - 1; k >= 0; k--) {
            applyReflector(k, out);
        }
    }

    /** t := Q' t. */
    private void applyQt(double[] t) {
        for (int k = 0; k < rank; k++) {
            applyReflector(k, t);
        }
    }

    private void applyReflector(int k, double[] x) {
        double[] v = q[k];
        double s = v[k] * x[k];
        for (int i = k + 1; i < len; i++) {
            s += v[i] * x[i];
        }
        s *= beta[k];
        x[k] -= s * v[k];
        for (int i = k + 1; i < len; i++) {
            x[i] -= s * v[i];
        }
    }

    /**
     * The minimum-norm {@code delta} (length len) with {@code <a_j, delta> = rhs_j} for the independent
     * columns j; writes into {@code residual} (length m, may be null) {@code <a_j, delta> - rhs_j} for
     * the dropped ones (0 for the kept ones), which measures how far rhs is from being consistent.
     */
    public double[] minNormSolve(double[] rhs, double[] residual) {
        // A = P R' Q' with the columns a_j = rows of A: R' u = P' rhs on the first rank rows
        double[] u = new double[rank];
        for (int i = 0; i < rank; i++) {
            double s = rhs[perm[i]];
            for (int k = 0; k < i; k++) {
                s -= r(k, i) * u[k];
            }
            u[i] = s / rdiag[i];
        }
        double[] delta = new double[len];
        applyQ(u, delta);
        if (residual != null) {
            java.util.Arrays.fill(residual, 0);
            for (int j = rank; j < m; j++) {
                double s = 0;
                for (int k = 0; k < rank; k++) {
                    s += r(k, j) * u[k];
                }
                residual[perm[j]] = s - rhs[perm[j]];
            }
        }
        return delta;
    }

    /**
     * A least-squares solution eta (length m) of {@code sum_j eta_j a_j ~ t}: the basic solution, zero on
     * the dropped columns.
     */
    public double[] leastSquares(double[] t) {
        double[] qt = t.clone();
        applyQt(qt);
        double[] zeta = new double[rank];
        for (int i = rank - 1; i >= 0; i--) {
            double s = qt[i];
            for (int k = i + 1; k < rank; k++) {
                s -= r(i, k) * zeta[k];
            }
            zeta[i] = s / rdiag[i];
        }
        double[] eta = new double[m];
        for (int i = 0; i < rank; i++) {
            eta[perm[i]] = zeta[i];
        }
        return eta;
    }
}
