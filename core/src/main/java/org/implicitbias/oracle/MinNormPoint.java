package org.implicitbias.oracle;

import org.implicitbias.linalg.Dense;
import java.util.Arrays;
import org.implicitbias.model.Vectors;

/**
 * Wolfe's algorithm for the point of smallest Euclidean norm in the convex hull of {@code p_1..p_N}:
 * {@code min_{r in simplex} ||P' r||_2}. It keeps a corral S of affinely independent points whose
 * affine hull's min-norm point lies in their relative interior, adds the point most violating
 * {@code <x, p_n> >= ||x||^2}, and when the affine minimiser leaves the simplex, moves to the boundary
 * and drops points. The Gram matrix of the lifted points {@code (p_i, 1)}, i in S, is kept as an
 * updated Cholesky factor: {@code G = K_SS + 1 1'} is positive definite exactly when S is affinely
 * independent, and the affine minimiser is {@code G^{-1} 1 / (1' G^{-1} 1)}.
 *
 * <p>Large problems with fewer points than dimensions ({@code N d >= }{@value #GRAM_WORK}, {@code N <= d})
 * first form the Gram matrix {@code K = P P'} (one blocked product) and run in its terms: the
 * products {@code <x, p_n>} are {@code (K r)_n}, {@code ||x||^2 = r' K r} and the new row of the factor
 * is read off K, so a major iteration costs {@code N |S|} instead of {@code 2 N d}; x itself is formed once,
 * at the end.
 *
 * <p>On exit {@code min_n <x, p_n> >= ||x||^2 - tol}: x is the min-norm point, and by duality
 * {@code ||x|| = max_{||w||_2 <= 1} min_n <w, p_n>} when positive (the l2 max margin).
 */
final class MinNormPoint {
    /** Result: the weights r (simplex), the point x = P' r, the corral, major iterations. */
    static final class Result {
        private final double[] r;
        private final double[] x;
        private final int[] corral;
        private final int iterations;

        Result(double[] r, double[] x, int[] corral, int iterations) {
            this.r = r;
            this.x = x;
            this.corral = corral;
            this.iterations = iterations;
        }

        public double[] r() {
            return r;
        }

        public double[] x() {
            return x;
        }

        public int[] corral() {
            return corral;
        }

        public int iterations() {
            return iterations;
        }

        @Override
        public String toString() {
            return "Result[r=" + Arrays.toString(r)
                    + ", x=" + Arrays.toString(x)
                    + ", corral=" + Arrays.toString(corral)
                    + ", iterations=" + iterations + "]";
        }
    }

    private final double[] p;
    /** The points as columns (d x n, row-major): {@code P x} is then a sum of contiguous rows, which vectorises. */
    private final double[] pt;
    private final int n;
    private final int d;
    private final double[] norms2;
    /** The points as rows: the combinations {@code P' r} add them up (null in the Gram mode). */
    private final double[][] rows;
    /** The rows of the full Gram matrix {@code P P'} (N x N) in the Gram mode, else null. */
    private final double[][] gram;

    /** Size {@code N d} from which the Gram mode is used (when {@code N <= d}). */
    static final double GRAM_WORK = 1 << 16;

    MinNormPoint(double[] points, int n, int d) {
        this.p = points;
        this.n = n;
        this.d = d;
        this.norms2 = new double[n];
        if (n <= d && (double) n * d >= GRAM_WORK) {
            this.pt = null;
            this.rows = null; // x is formed once, at the end, from the points as they came
            double[] k = new double[n * n];
            Dense.syrk(points, n, d, null, k, null);
            this.gram = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    gram[i][j] = k[i * n + j];
                    gram[j][i] = k[i * n + j];
                }
                norms2[i] = gram[i][i];
            }
            return;
        }
        this.gram = null;
        this.rows = Dense.rowArrays(points, n, d);
        this.pt = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                pt[j * n + i] = points[i * d + j];
            }
        }
        for (int i = 0; i < n; i++) {
            norms2[i] = Vectors.dot(rows[i], rows[i]);
        }
    }

    Result solve() {
        int cap = Math.min(n, d + 1);
        double[][] l = new double[cap][cap];
        int[] s = new int[cap];
        double[] lam = new double[cap];
        double maxNorm = 0;
        int first = 0;
        for (int i = 0; i < n; i++) {
            maxNorm = Math.max(maxNorm, Math.sqrt(norms2[i]));
            if (norms2[i] < norms2[first]) {
                first = i;
            }
        }
        // u = L^{-1} 1, kept up to date as rows join the factor (one dot product each) and recomputed
        // after a removal: the affine minimiser is then one back substitution
        double[] u = new double[cap];
        double[] alpha = new double[cap];
        int size;
        if (gram != null && n <= cap && factorCorral(l, s, allPoints(s), n, u)) {
            size = shrinkToCorral(l, s, lam, u, alpha);
        } else {
            s[0] = first;
            lam[0] = 1;
            l[0][0] = Math.sqrt(norms2[first] + 1);
            u[0] = 1 / l[0][0];
            size = 1;
        }
        double[] x = gram == null ? rows[first].clone() : null;
        double[] v = new double[n];
        double[] row = new double[cap];
        int it = 0;
        int maxIt = 50 * n + 1000;
        for (; it < maxIt; it++) {
            double xx;
            if (gram == null) {
                xx = Vectors.dot(x, x);
                Dense.multiplyTransposed(pt, d, n, x, null, v); // v = P x
            } else {
                Dense.selectedCombination(gram, s, lam, size, v, n); // v = P x = K r
                xx = 0;
                for (int q = 0; q < size; q++) {
                    xx += lam[q] * v[s[q]];
                }
            }
            int j = -1;
            double vmin = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (v[i] < vmin) {
                    vmin = v[i];
                    j = i;
                }
            }
            double tol = 1e-14 * maxNorm * Math.sqrt(xx) + 1e-300;
            if (xx - vmin <= tol || contains(s, size, j) || size == cap) {
                break;
            }
            // extend the factor with the lifted point j
            if (gram == null) {
                Dense.selectedDots(p, d, s, size, p, j * d, row);
            } else {
                for (int q = 0; q < size; q++) {
                    row[q] = gram[s[q]][j];
                }
            }
            for (int q = 0; q < size; q++) {
                row[q] += 1;
            }
            for (int q = 0; q < size; q++) {
                row[q] = (row[q] - Vectors.dot(l[q], 0, row, q)) / l[q][q];
            }
            double piv = norms2[j] + 1 - Vectors.dot(row, 0, row, size);
            if (!(piv > 1e-13 * (norms2[j] + 1))) {
                break; // affinely dependent on the corral: no progress possible in floating point
            }
            System.arraycopy(row, 0, l[size], 0, size);
            l[size][size] = Math.sqrt(piv);
            u[size] = (1 - Vectors.dot(row, 0, u, size)) / l[size][size];
            s[size] = j;
            lam[size] = 0;
            size = minorCycles(l, size + 1, u, alpha, s, lam);
            if (gram == null) {
                Dense.selectedCombination(rows, s, lam, size, x, d);
            }
        }
        if (gram != null) {
            x = new double[d];
            for (int q = 0; q < size; q++) {
                Vectors.axpy(lam[q], p, s[q] * d, x, d);
            }
        }
        double[] r = new double[n];
        for (int q = 0; q < size; q++) {
            r[s[q]] = lam[q];
        }
        int[] corral = Arrays.copyOf(s, size);
        Arrays.sort(corral);
        return new Result(r, x, corral, it);
    }

    /**
     * Wolfe's minor cycles on the corral of the given size, whose weights lam are positive and sum to 1:
     * while the affine minimiser of the corral leaves the simplex, move from lam towards it until a weight
     * reaches zero and drop the points whose weights did. Returns the corral's new size; lam then holds
     * the affine minimiser's weights, all positive.
     */
    private static int minorCycles(double[][] l, int size, double[] u, double[] alpha, int[] s, double[] lam) {
        while (true) {
            affineMinimiser(l, size, u, alpha);
            double amin = Double.POSITIVE_INFINITY;
            for (int q = 0; q < size; q++) {
                amin = Math.min(amin, alpha[q]);
            }
            if (amin > 0) {
                System.arraycopy(alpha, 0, lam, 0, size);
                return size;
            }
            double theta = 1;
            for (int q = 0; q < size; q++) {
                if (alpha[q] <= 0) {
                    theta = Math.min(theta, lam[q] / (lam[q] - alpha[q]));
                }
            }
            int drop = -1;
            for (int q = 0; q < size; q++) {
                lam[q] = (1 - theta) * lam[q] + theta * alpha[q];
                if (alpha[q] <= 0 && (drop < 0 || lam[q] < lam[drop])) {
                    drop = q;
                }
            }
            // drop every weight that reached zero (at least the blocking one)
            for (int q = size - 1; q >= 0; q--) {
                if (q == drop || lam[q] <= 0) {
                    remove(l, size, q, s, lam);
                    size--;
                }
            }
            Arrays.fill(u, 0, size, 1.0);
            Dense.forwardSubstitution(l, size, u);
            scaleToUnitSum(lam, size);
        }
    }

    /** {@code s[i] = i} for every point; returns s. */
    private int[] allPoints(int[] s) {
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        return s;
    }

    /**
     * Makes the first {@code size} points of {@code pick} the corral, factorised from scratch (Gram mode):
     * {@code G = K_SS + 1 1'} by one blocked factorisation into l, with {@code u = L^{-1} 1}. True when the
     * lifted points are affinely independent by the margin the one-at-a-time build asks of each new point
     * (every pivot above {@code sqrt(1e-13 (|p_i|^2 + 1))}); false otherwise, leaving nothing the other
     * start does not overwrite. {@code pick} may be s itself.
     */
    private boolean factorCorral(double[][] l, int[] s, int[] pick, int size, double[] u) {
        double[] g = new double[size * size];
        for (int a = 0; a < size; a++) {
            double[] ka = gram[pick[a]];
            for (int b = 0; b <= a; b++) {
                g[a * size + b] = ka[pick[b]] + 1;
            }
        }
        if (Dense.cholesky(g, size, -1) >= 0) {
            return false;
        }
        for (int a = 0; a < size; a++) {
            double piv = g[a * size + a];
            if (!(piv * piv > 1e-13 * (norms2[pick[a]] + 1))) {
                return false;
            }
        }
        for (int a = 0; a < size; a++) {
            System.arraycopy(g, a * size, l[a], 0, a + 1);
            s[a] = pick[a];
            u[a] = 1;
        }
        Dense.forwardSubstitution(l, size, u);
        return true;
    }

    /** Rounds of {@link #shrinkToCorral} before it hands over to the minor cycles. */
    static final int SHRINK_ROUNDS = 8;

    /**
     * The start from every point at once (Gram mode, {@code N <= d + 1}, every point already factorised as
     * the corral by {@link #factorCorral}): the points the affine minimiser gives no positive weight are
     * dropped all at once and the rest factorised again, until the affine minimiser's weights are all
     * positive, which makes the remaining points a corral with those weights. A handful of factorisations
     * replaces the {@code |S|} major iterations of {@code N |S|} each of the one-at-a-time build: far less
     * work when most points are support points, as in separable data with more dimensions than examples.
     * Points dropped wrongly are added back by the major cycles, whose optimality test decides the result
     * as for any start. When {@value #SHRINK_ROUNDS} rounds do not find a corral, or a reduced set does
     * not factorise, Wolfe's minor cycles take over from equal weights on the last factorised set (a point
     * inside its simplex). Returns the corral's size; lam then holds its weights.
     */
    private int shrinkToCorral(double[][] l, int[] s, double[] lam, double[] u, double[] alpha) {
        int size = n;
        int[] keep = new int[n];
        for (int round = 0; round < SHRINK_ROUNDS; round++) {
            affineMinimiser(l, size, u, alpha);
            int kept = 0;
            for (int q = 0; q < size; q++) {
                if (alpha[q] > 0) {
                    keep[kept++] = s[q];
                }
            }
            if (kept == size) {
                System.arraycopy(alpha, 0, lam, 0, size);
                return size;
            }
            int[] before = Arrays.copyOf(s, size);
            if (!factorCorral(l, s, keep, kept, u)) {
                // the last set that factorised, again (it did before, so it does now: same numbers)
                factorCorral(l, s, before, before.length, u);
                break;
            }
            size = kept;
        }
        Arrays.fill(lam, 0, size, 1.0 / size);
        return minorCycles(l, size, u, alpha, s, lam);
    }

    private static boolean contains(int[] s, int size, int j) {
        for (int q = 0; q < size; q++) {
            if (s[q] == j) {
                return true;
            }
        }
        return false;
    }

    /** {@code alpha = G^{-1} 1 / (1' G^{-1} 1)} from {@code u = L^{-1} 1}: {@code G^{-1} 1 = L'^{-1} u}. */
    private static void affineMinimiser(double[][] l, int size, double[] u, double[] alpha) {
        System.arraycopy(u, 0, alpha, 0, size);
        Dense.backSubstitution(l, size, alpha);
        scaleToUnitSum(alpha, size);
    }

    /** Divides the first size entries of v by their sum. */
    private static void scaleToUnitSum(double[] v, int size) {
        double sum = 0;
        for (int q = 0; q < size; q++) {
            sum += v[q];
        }
        for (int q = 0; q < size; q++) {
            v[q] /= sum;
        }
    }

    /** Deletes row and column q of the factored matrix: shift rows up, then a rank-one update of the tail. */
    private static void remove(double[][] l, int size, int q, int[] s, double[] lam) {
        double[] x = new double[size];
        for (int i = q + 1; i < size; i++) {
            x[i] = l[i][q];
        }
        for (int i = q; i < size - 1; i++) {
            double[] src = l[i + 1];
            double[] dst = l[i];
            System.arraycopy(src, 0, dst, 0, q);
            System.arraycopy(src, q + 1, dst, q, i - q + 1);
            s[i] = s[i + 1];
            lam[i] = lam[i + 1];
        }
        Arrays.fill(l[size - 1], 0);
        // tail block rows q..size-2, columns q..size-2: L L' + x x' (x shifted by one)
        for (int k = q; k < size - 1; k++) {
            double xk = x[k + 1];
            double lkk = l[k][k];
            double rr = Math.hypot(lkk, xk);
            double c = rr / lkk;
            double sn = xk / lkk;
            l[k][k] = rr;
            for (int i = k + 1; i < size - 1; i++) {
                l[i][k] = (l[i][k] + sn * x[i + 1]) / c;
                x[i + 1] = c * x[i + 1] - sn * l[i][k];
            }
        }
    }
}
