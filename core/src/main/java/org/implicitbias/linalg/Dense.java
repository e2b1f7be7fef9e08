package org.implicitbias.linalg;

import java.util.stream.IntStream;
import org.implicitbias.model.Vectors;

/**
 * Dense linear-algebra kernels of the reference solvers, on row-major {@code double[]} matrices: the
 * symmetric product {@code C = A diag(h) A'} (a weighted syrk), a blocked in-place Cholesky
 * factorisation {@code A = L L'} with its triangular solves, the Frobenius norm of {@code L^{-1}}, and
 * matrix-vector products.
 *
 * <p>Products run along rows of the result: B is first transposed (and scaled) into a copy, so that
 * for each row of A the update {@code C[i, j0..j1) += sum_t A[i, t] B'[t, j0..j1)} reads and writes
 * contiguous memory and is compiled to vector instructions; the terms are taken in blocks of
 * {@value #KB} (their panel of B' stays in cache). Large products split the rows of the result among the
 * threads of the common fork-join pool; every entry is computed by one thread, always over the same
 * terms in the same order, so the result does not depend on the number of threads or on their timing
 * (the same bits on every run).
 *
 * <p>Large symmetric products, Cholesky factorisations (a skipping one when it skips nothing) and the
 * solves with their factors go to OpenBLAS instead ({@link NativeBlas}, one thread, so they too have the same bits for any number of
 * threads) where its natives load; the Java kernels here are the route on every other machine and for
 * small matrices.
 *
 * <p>A matrix {@code M} (rows x cols) with leading dimension {@code ld} has entry (i, j) at
 * {@code m[off + i * ld + j]}. "Lower" means entries with {@code j <= i}; the strict upper triangle of a
 * symmetric matrix is neither read nor written unless a method says so.
 */
public final class Dense {
    /** Block of the summation index. */
    public static final int KB = 128;
    /** Rows of the result per parallel task. */
    public static final int RB = 32;
    /** Column block of the Cholesky factorisation. */
    public static final int NB = 64;
    /** Multiply-adds below which a kernel runs on the calling thread only. */
    public static final double PARALLEL_WORK = 2e6;
    /** The same for matrix-vector products (one pass over the matrix: less work per byte, but long passes). */
    public static final double PARALLEL_PASS = 4e6;

    private Dense() {
    }

    /**
     * Multiply-adds from which {@link #syrk} runs in {@link NativeBlas} (where it loads): about a
     * 260 x 500 Gram matrix, where the native call's copies of its arrays are a small part of its time.
     * Below, and for the problems of the claims' grids, the Java kernels run.
     */
    public static final double NATIVE_PRODUCT_WORK = 1.6e7;
    /**
     * Order from which {@link #cholesky} and the solves with a factor run in {@link NativeBlas} (where it
     * loads; a skipping factorisation there only when it skips nothing, see {@link NativeBlas#cholesky}).
     */
    public static final int NATIVE_FACTOR_ORDER = 256;

    /** Whether factorisations and solves of order m go to {@link NativeBlas}. */
    static boolean nativeFactor(int m) {
        return m >= NATIVE_FACTOR_ORDER && NativeBlas.available();
    }

    private static boolean parallel(double work, int tasks) {
        return tasks > 1 && work >= PARALLEL_WORK;
    }

    private static boolean nonNegative(double[] h) {
        if (h == null) {
            return true;
        }
        for (double v : h) {
            if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ symmetric products

    /**
     * Lower triangle of {@code C = A diag(h) A'} for a row-major m x d matrix A ({@code h == null}: the
     * identity), written into c (m x m, leading dimension m). Costs {@code m^2 d / 2} multiply-adds.
     *
     * @param scratch unused (kept for callers that pass a buffer; the scaled rows are formed while
     *                transposing, see {@link #transposeScaled})
     */
    public static void syrk(double[] a, int m, int d, double[] h, double[] c, double[] scratch) {
        if (0.5 * m * (double) m * d >= NATIVE_PRODUCT_WORK && nonNegative(h) && NativeBlas.available()) {
            NativeBlas.syrk(a, m, d, h, c);
        } else {
            javaSyrk(a, m, d, h, c);
        }
    }

    /** {@link #syrk} by the Java kernels, whatever the size. */
    static void javaSyrk(double[] a, int m, int d, double[] h, double[] c) {
        double[][] bt = transposeScaled(a, 0, d, m, 0, d, h);
        lowerProductTransposed(a, 0, d, bt, m, 0, d, 1, false, c, 0, m);
    }

    /** {@code out[i, j] = a[i, j] * h[j]} for a row-major m x d matrix. */
    public static void scaleColumns(double[] a, int m, int d, double[] h, double[] out) {
        for (int i = 0; i < m; i++) {
            int off = i * d;
            for (int j = 0; j < d; j++) {
                out[off + j] = a[off + j] * h[j];
            }
        }
    }

    /**
     * The transpose of columns {@code [t0, t1)} of the first n rows of B (leading dimension ldb), each
     * column t scaled by {@code h[t]} when h is given: {@code bt[t - t0][j] = B[j, t] h[t]}. The
     * product kernels read B this way, so that their innermost loops run along contiguous memory in both
     * operands and the JIT turns them into vector instructions.
     */
    public static double[][] transposeScaled(double[] b, int bOff, int ldb, int n, int t0, int t1, double[] h) {
        int k = Math.max(0, t1 - t0);
        double[][] bt = new double[k][n];
        // 8 x 8 blocks: both the reads and the writes stay within a few cache lines
        for (int j0 = 0; j0 < n; j0 += 8) {
            int j1 = Math.min(n, j0 + 8);
            for (int s0 = 0; s0 < k; s0 += 8) {
                int s1 = Math.min(k, s0 + 8);
                for (int j = j0; j < j1; j++) {
                    int src = bOff + j * ldb + t0;
                    for (int s = s0; s < s1; s++) {
                        double v = b[src + s];
                        bt[s][j] = h == null ? v : v * h[t0 + s];
                    }
                }
            }
        }
        return bt;
    }

    /**
     * For {@code j <= i < n}:
     * {@code C[i, j] = (accumulate ? C[i, j] : 0) + sign * sum_{t0 <= t < t1} A[i, t] B[j, t]}. A, B and C
     * may be the same array as long as the entries written are not among those read (as in the trailing
     * update of a factorisation): B is copied (transposed) before anything is written.
     */
    public static void lowerProduct(double[] a, int aOff, int lda, double[] b, int bOff, int ldb, int n, int t0, int t1,
                             double sign, boolean accumulate, double[] c, int cOff, int ldc) {
        if (n <= 0) {
            return;
        }
        double[][] bt = transposeScaled(b, bOff, ldb, n, t0, t1, null);
        lowerProductTransposed(a, aOff, lda, bt, n, t0, t1, sign, accumulate, c, cOff, ldc);
    }

    /**
     * {@link #lowerProduct} with B given transposed: {@code B[j, t] = bt[t - t0][j]}.
     *
     * <p>Order of the sums, fixed by the shape alone: for each block of {@value #KB} terms in order, the
     * terms are summed four at a time, {@code s += (x_t b_t + x_{t+1} b_{t+1}) + (x_{t+2} b_{t+2} +
     * x_{t+3} b_{t+3})} with {@code x = sign A[i, .]}, then one at a time for the remainder of the block,
     * and the block's sum s is added to {@code C[i, j]}.
     * Rows are split among threads in blocks of {@value #RB}; every entry is summed by one thread in this
     * order, so the result has the same bits for any number of threads. {@code sign} must be a power of
     * two (or 0, or -1 times one) so that scaling the factors is exact.
     */
    public static void lowerProductTransposed(double[] a, int aOff, int lda, double[][] bt, int n, int t0, int t1,
                                       double sign, boolean accumulate, double[] c, int cOff, int ldc) {
        if (n <= 0) {
            return;
        }
        int blocks = (n + RB - 1) / RB;
        double work = 0.5 * n * (double) n * Math.max(0, t1 - t0);
        if (parallel(work, blocks)) {
            // heaviest (lowest) row blocks first
            IntStream.range(0, blocks).parallel().forEach(q -> lowerBlock(a, aOff, lda, bt, n, t0, t1, sign,
                    accumulate, c, cOff, ldc, blocks - 1 - q));
        } else {
            for (int q = 0; q < blocks; q++) {
                lowerBlock(a, aOff, lda, bt, n, t0, t1, sign, accumulate, c, cOff, ldc, q);
            }
        }
    }

    /** Columns of the result handled together: their rows of B' (a panel of KB x JB) stay in cache. */
    public static final int JB = 256;

    /** Rows {@code [q RB, (q+1) RB)} of {@link #lowerProductTransposed}. */
    private static void lowerBlock(double[] a, int aOff, int lda, double[][] bt, int n, int t0, int t1,
                                   double sign, boolean accumulate, double[] c, int cOff, int ldc, int q) {
        int r0 = q * RB;
        int r1 = Math.min(n, r0 + RB);
        if (!accumulate) {
            for (int i = r0; i < r1; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + i + 1, 0.0);
            }
        }
        double[] acc = new double[r1];
        for (int k0 = t0; k0 < t1; k0 += KB) {
            int k1 = Math.min(t1, k0 + KB);
            for (int j0 = 0; j0 < r1; j0 += JB) {
                int j1 = Math.min(r1, j0 + JB);
                for (int i = Math.max(r0, j0); i < r1; i++) {
                    int jEnd = Math.min(j1, i + 1);
                    rowSums(a, aOff + i * lda, bt, t0, k0, k1, j0, jEnd, sign, acc);
                    int ci = cOff + i * ldc;
                    for (int j = j0; j < jEnd; j++) {
                        c[ci + j] += acc[j];
                    }
                }
            }
        }
    }

    /**
     * {@code acc[j] = sum_{t in [k0, k1)} (sign a[ai + t]) bt[t - t0][j]} for j in [j0, j1), in the order of
     * {@link #lowerProductTransposed}. The loops run along j with every array indexed by j itself, the form
     * the JIT vectorises.
     */
    private static void rowSums(double[] a, int ai, double[][] bt, int t0, int k0, int k1, int j0, int j1,
                                double sign, double[] acc) {
        java.util.Arrays.fill(acc, j0, j1, 0.0);
        int t = k0;
        for (; t + 3 < k1; t += 4) {
            double x0 = sign * a[ai + t];
            double x1 = sign * a[ai + t + 1];
            double x2 = sign * a[ai + t + 2];
            double x3 = sign * a[ai + t + 3];
            double[] b0 = bt[t - t0];
            double[] b1 = bt[t - t0 + 1];
            double[] b2 = bt[t - t0 + 2];
            double[] b3 = bt[t - t0 + 3];
            for (int j = j0; j < j1; j++) {
                acc[j] += (x0 * b0[j] + x1 * b1[j]) + (x2 * b2[j] + x3 * b3[j]);
            }
        }
        for (; t < k1; t++) {
            double x0 = sign * a[ai + t];
            double[] b0 = bt[t - t0];
            for (int j = j0; j < j1; j++) {
                acc[j] += x0 * b0[j];
            }
        }
    }

    // ------------------------------------------------------------------ Cholesky

    /**
     * In-place Cholesky {@code A = L L'} of the lower triangle of the m x m matrix a (leading dimension m;
     * the strict upper triangle is ignored and left as it was), by blocks of {@value #NB} columns: each
     * diagonal block is factorised, the rows below it solved against it, and the trailing matrix updated
     * with {@link #lowerProduct}.
     *
     * @param skipBelow negative: strict, stop at the first pivot that is not positive; otherwise a pivot
     *                  {@code <= skipBelow} (or not finite) is replaced by {@code 1e64} and its column below
     *                  set to zero, so that a solve ignores that row (a dependent row of an interior-point
     *                  normal matrix)
     * @return strict: the index of the failing pivot, or -1 when A is numerically positive definite;
     *         skipping: the number of pivots replaced
     */
    public static int cholesky(double[] a, int m, double skipBelow) {
        if (nativeFactor(m)) {
            int viaBlas = NativeBlas.cholesky(a, m, skipBelow);
            if (viaBlas != NativeBlas.LEFT_TO_JAVA) {
                return viaBlas;
            }
        }
        return javaCholesky(a, m, skipBelow);
    }

    /** {@link #cholesky} by the Java kernels, whatever the order. */
    static int javaCholesky(double[] a, int m, double skipBelow) {
        int skipped = 0;
        boolean[] skippedColumn = null; // allocated at the first skipped pivot
        for (int j0 = 0; j0 < m; j0 += NB) {
            int j1 = Math.min(m, j0 + NB);
            // diagonal block (columns before j0 are already subtracted by the trailing updates)
            for (int j = j0; j < j1; j++) {
                int rj = j * m;
                double s = a[rj + j] - dot(a, rj + j0, a, rj + j0, j - j0);
                double ljj;
                boolean skip;
                if (skipBelow < 0) {
                    if (!(s > 0) || !Double.isFinite(s)) {
                        return j;
                    }
                    skip = false;
                } else {
                    skip = !(s > skipBelow) || !Double.isFinite(s);
                }
                if (skip) {
                    skipped++;
                    if (skippedColumn == null) {
                        skippedColumn = new boolean[m];
                    }
                    skippedColumn[j] = true;
                    a[rj + j] = 1e64;
                    for (int i = j + 1; i < m; i++) {
                        a[i * m + j] = 0;
                    }
                    continue;
                }
                ljj = Math.sqrt(s);
                a[rj + j] = ljj;
                for (int i = j + 1; i < j1; i++) {
                    int ri = i * m;
                    a[ri + j] = (a[ri + j] - dot(a, ri + j0, a, rj + j0, j - j0)) / ljj;
                }
            }
            if (j1 == m) {
                break;
            }
            // panel: rows below the block, each solved against the block's factor
            int rows = m - j1;
            int jb = j1 - j0;
            int chunk = 4 * RB;
            int tasks = (rows + chunk - 1) / chunk;
            int jStart = j0;
            int jEnd = j1;
            boolean[] skips = skippedColumn;
            if (parallel(0.5 * rows * (double) jb * jb, tasks)) {
                IntStream.range(0, tasks).parallel().forEach(q -> panelRows(a, m, jStart, jEnd, jEnd + q * chunk,
                        Math.min(m, jEnd + (q + 1) * chunk), skips));
            } else {
                panelRows(a, m, j0, j1, j1, m, skippedColumn);
            }
            // trailing update: A22 -= L21 L21'
            lowerProduct(a, j1 * m, m, a, j1 * m, m, rows, j0, j1, -1, true, a, j1 * m + j1, m);
        }
        return skipBelow < 0 ? -1 : skipped;
    }

    /**
     * Rows {@code [i0, i1)} of the panel below the diagonal block {@code [j0, j1)}: each row x solves
     * {@code x L11' = a} against the block's factor, {@code x_j = (a_j - sum_{j0 <= k < j} l_jk x_k) / l_jj};
     * skipped columns stay 0. The rows are transposed first so that each step {@code x_j -= l_jk x_k} runs
     * along the rows, a loop over contiguous memory the JIT turns into vector instructions; the terms are
     * subtracted four at a time, {@code x_j -= (l_jk x_k + l_j(k+1) x_(k+1)) + (l_j(k+2) x_(k+2) +
     * l_j(k+3) x_(k+3))}, then one at a time, in the same order for every row.
     */
    private static void panelRows(double[] a, int m, int j0, int j1, int i0, int i1, boolean[] skippedColumn) {
        int rows = i1 - i0;
        int jb = j1 - j0;
        double[][] cols = new double[jb][rows];
        for (int i = 0; i < rows; i++) {
            int ri = (i0 + i) * m + j0;
            for (int k = 0; k < jb; k++) {
                cols[k][i] = a[ri + k];
            }
        }
        for (int j = 0; j < jb; j++) {
            double[] x = cols[j];
            if (skippedColumn != null && skippedColumn[j0 + j]) {
                java.util.Arrays.fill(x, 0.0);
                continue;
            }
            int rj = (j0 + j) * m + j0;
            int k = 0;
            for (; k + 3 < j; k += 4) {
                double l0 = a[rj + k];
                double l1 = a[rj + k + 1];
                double l2 = a[rj + k + 2];
                double l3 = a[rj + k + 3];
                double[] x0 = cols[k];
                double[] x1 = cols[k + 1];
                double[] x2 = cols[k + 2];
                double[] x3 = cols[k + 3];
                for (int i = 0; i < rows; i++) {
                    x[i] -= (l0 * x0[i] + l1 * x1[i]) + (l2 * x2[i] + l3 * x3[i]);
                }
            }
            for (; k < j; k++) {
                double l0 = a[rj + k];
                double[] x0 = cols[k];
                for (int i = 0; i < rows; i++) {
                    x[i] -= l0 * x0[i];
                }
            }
            double inv = a[rj + j];
            for (int i = 0; i < rows; i++) {
                x[i] /= inv;
            }
        }
        for (int i = 0; i < rows; i++) {
            int ri = (i0 + i) * m + j0;
            for (int k = 0; k < jb; k++) {
                a[ri + k] = cols[k][i];
            }
        }
    }

    /**
     * Solves {@code L L' x = b} in place (b becomes x) with the factor of {@link #cholesky}; in
     * {@link NativeBlas} from order {@value #NATIVE_FACTOR_ORDER} where it loads.
     */
    public static void choleskySolve(double[] l, int m, double[] b) {
        if (nativeFactor(m)) {
            try (NativeMatrix factor = new NativeMatrix(l, m, m)) {
                factor.choleskySolve(b);
            }
            return;
        }
        forwardSubstitution(l, m, b);
        backSubstitution(l, m, b);
    }

    /** {@code b := L^{-1} b} (rows of L in order, dot products along them). */
    public static void forwardSubstitution(double[] l, int m, double[] b) {
        for (int i = 0; i < m; i++) {
            int ri = i * m;
            b[i] = (b[i] - dot(l, ri, b, 0, i)) / l[ri + i];
        }
    }

    /** {@code b := L'^{-1} b}, also along the rows of L: {@code x_i} is final once rows below are done. */
    public static void backSubstitution(double[] l, int m, double[] b) {
        for (int i = m - 1; i >= 0; i--) {
            int ri = i * m;
            double xi = b[i] / l[ri + i];
            b[i] = xi;
            for (int k = 0; k < i; k++) {
                b[k] -= xi * l[ri + k];
            }
        }
    }

    /**
     * Factorises the symmetric positive semidefinite m x m matrix k (lower triangle), adding the smallest
     * multiple of the identity, from {@code 1e-14 * max diag} upward by factors of 10, that makes it
     * factorise; the factor goes to l (k is not changed).
     *
     * @return the shift added (0 when none was needed)
     */
    public static double regularisedCholesky(double[] k, double[] l, int m) {
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(k[i * m + i]));
        }
        copyLower(k, l, m);
        if (cholesky(l, m, -1) < 0) {
            return 0;
        }
        double shift = Math.max(maxDiag, Double.MIN_NORMAL) * 1e-14;
        for (int attempt = 0; attempt < 40; attempt++, shift *= 10) {
            copyLower(k, l, m);
            for (int i = 0; i < m; i++) {
                l[i * m + i] += shift;
            }
            if (cholesky(l, m, -1) < 0) {
                return shift;
            }
        }
        throw new IllegalStateException("matrix of order " + m + " does not factorise even with a shift of "
                + shift + " (non-finite entries?)");
    }

    /** Copies the lower triangle of the m x m matrix src into dst. */
    public static void copyLower(double[] src, double[] dst, int m) {
        for (int i = 0; i < m; i++) {
            System.arraycopy(src, i * m, dst, i * m, i + 1);
        }
    }

    /**
     * An estimate of {@code ||G^{-1}||_1} for {@code G = L L'} from its Cholesky factor l (m x m, lower,
     * row-major), by Hager's method as refined by Higham (the estimator of LAPACK's condition numbers):
     * a few solves with G climb the convex function {@code x -> ||G^{-1} x||_1} over the unit 1-norm ball
     * from {@code x = 1/m}, and the alternating vector {@code x_i = (-1)^i (1 + i/(m-1))} guards against the
     * rare matrices where that climb stops early. The result never exceeds {@code ||G^{-1}||_1} (each
     * candidate is {@code ||G^{-1} x||_1} for some x with {@code ||x||_1 <= 1}) and is almost always within
     * a factor 3 of it; it is an estimate, not a bound. Costs at most 12 solves, {@code 12 m^2}
     * multiply-adds, against {@code m^3 / 3} for {@link #inverseFrobenius}.
     */
    public static double inverseOneNormEstimate(double[] l, int m) {
        if (nativeFactor(m)) {
            try (NativeMatrix factor = new NativeMatrix(l, m, m)) {
                return oneNormEstimate(m, factor::choleskySolve);
            }
        }
        return oneNormEstimate(m, b -> choleskySolve(l, m, b));
    }

    /** {@link #inverseOneNormEstimate} with the solves {@code b := G^{-1} b} given. */
    private static double oneNormEstimate(int m, java.util.function.Consumer<double[]> solve) {
        if (m == 0) {
            return 0;
        }
        double[] x = new double[m];
        java.util.Arrays.fill(x, 1.0 / m);
        double[] y = x.clone();
        solve.accept(y);
        double estimate = Vectors.norm1(y);
        int previous = -1;
        for (int it = 0; it < 5; it++) {
            double[] z = new double[m];
            for (int i = 0; i < m; i++) {
                z[i] = y[i] >= 0 ? 1 : -1;
            }
            solve.accept(z); // G is symmetric: G^{-T} = G^{-1}
            int best = 0;
            for (int i = 1; i < m; i++) {
                if (Math.abs(z[i]) > Math.abs(z[best])) {
                    best = i;
                }
            }
            if (Math.abs(z[best]) <= Vectors.dot(z, x) || best == previous) {
                break;
            }
            previous = best;
            java.util.Arrays.fill(x, 0.0);
            x[best] = 1;
            System.arraycopy(x, 0, y, 0, m);
            solve.accept(y);
            double next = Vectors.norm1(y);
            if (next <= estimate) {
                break;
            }
            estimate = next;
        }
        double[] alt = new double[m];
        for (int i = 0; i < m; i++) {
            alt[i] = (i % 2 == 0 ? 1 : -1) * (1 + (m == 1 ? 0 : i / (double) (m - 1)));
        }
        solve.accept(alt);
        return Math.max(estimate, 2 * Vectors.norm1(alt) / (3.0 * m));
    }

    /**
     * {@code ||L^{-1}||_F} for the lower-triangular factor l (m x m, nonzero diagonal), by solving
     * {@code L X = I} for blocks of columns of X (independent, so they run in parallel); x is m * m scratch.
     * An upper bound of {@code ||L^{-1}||_2 = 1 / sigma_min(L)}.
     */
    public static double inverseFrobenius(double[] l, int m, double[] x) {
        int blocks = (m + NB - 1) / NB;
        double[] partial = new double[blocks];
        if (parallel(m * (double) m * m / 6, blocks)) {
            IntStream.range(0, blocks).parallel().forEach(q -> partial[q] = inverseColumns(l, m, x, q));
        } else {
            for (int q = 0; q < blocks; q++) {
                partial[q] = inverseColumns(l, m, x, q);
            }
        }
        double s = 0;
        for (double p : partial) {
            s += p;
        }
        return Math.sqrt(s);
    }

    /**
     * Columns {@code [q NB, (q+1) NB)} of {@code X = L^{-1}} (rows of x at the same columns; X[i, j] = 0 for
     * i < j), by forward substitution with the block as right-hand sides; returns their sum of squares.
     */
    private static double inverseColumns(double[] l, int m, double[] x, int q) {
        int j0 = q * NB;
        int j1 = Math.min(m, j0 + NB);
        double ss = 0;
        for (int i = j0; i < m; i++) {
            int xi = i * m;
            int li = i * m;
            int w = Math.min(j1, i + 1) - j0; // columns j0..j0+w-1 can be nonzero in row i
            for (int j = j0; j < j0 + w; j++) {
                x[xi + j] = i == j ? 1 : 0;
            }
            for (int k = j0; k < i; k++) {
                double lik = l[li + k];
                if (lik == 0) {
                    continue;
                }
                int xk = k * m;
                int wk = Math.min(j1, k + 1) - j0;
                for (int j = j0; j < j0 + wk; j++) {
                    x[xi + j] -= lik * x[xk + j];
                }
            }
            double inv = 1 / l[li + i];
            for (int j = j0; j < j0 + w; j++) {
                double v = x[xi + j] * inv;
                x[xi + j] = v;
                ss += v * v;
            }
        }
        return ss;
    }

    /**
     * Solves {@code A x = b} in place (a is destroyed, b becomes x) for a square row-major n x n matrix by
     * Gaussian elimination with partial pivoting (the row of the largest remaining entry of each column);
     * the elimination runs along rows.
     *
     * @return false (b then undefined) when a pivot is zero or not finite: A is singular to working precision
     */
    public static boolean luSolve(double[] a, int n, double[] b) {
        for (int j = 0; j < n; j++) {
            int piv = j;
            double best = Math.abs(a[j * n + j]);
            for (int i = j + 1; i < n; i++) {
                double v = Math.abs(a[i * n + j]);
                if (v > best) {
                    best = v;
                    piv = i;
                }
            }
            if (!(best > 0) || !Double.isFinite(best)) {
                return false;
            }
            if (piv != j) {
                for (int c = j; c < n; c++) {
                    double t = a[j * n + c];
                    a[j * n + c] = a[piv * n + c];
                    a[piv * n + c] = t;
                }
                double t = b[j];
                b[j] = b[piv];
                b[piv] = t;
            }
            double d = a[j * n + j];
            int rj = j * n;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double f = a[ri + j] / d;
                if (f == 0) {
                    continue;
                }
                for (int c = j + 1; c < n; c++) {
                    a[ri + c] -= f * a[rj + c];
                }
                b[i] -= f * b[j];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            int ri = i * n;
            double v = b[i] - dot(a, ri + i + 1, b, i + 1, n - i - 1);
            b[i] = v / a[ri + i];
        }
        return true;
    }

    // ------------------------------------------------------------------ matrix-vector products

    /**
     * {@code y = A x} for a row-major m x d matrix A: four rows at a time, rows split among threads when
     * large. Each {@code y_i} is the same sum in the same order however the rows are split.
     */
    public static void multiply(double[] a, int m, int d, double[] x, double[] y) {
        overRowBlocks(m, d, (r0, r1) -> multiplyRows(a, d, x, y, r0, r1));
    }

    /** Rows {@code [r0, r1)} of a pass over the rows of a matrix. */
    @FunctionalInterface
    private interface RowRange {
        void run(int r0, int r1);
    }

    /**
     * Runs a pass over m rows of length d: in blocks of {@code 4 RB} rows split among threads when the
     * matrix is large, else all at once. Each row is handled by one call, whatever the split.
     */
    private static void overRowBlocks(int m, int d, RowRange pass) {
        int tasks = (m + 4 * RB - 1) / (4 * RB);
        if (tasks > 1 && m * (double) d >= PARALLEL_PASS) {
            IntStream.range(0, tasks).parallel().forEach(q -> pass.run(q * 4 * RB, Math.min(m, (q + 1) * 4 * RB)));
        } else {
            pass.run(0, m);
        }
    }

    private static void multiplyRows(double[] a, int d, double[] x, double[] y, int r0, int r1) {
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            int a0 = i * d;
            int a1 = a0 + d;
            int a2 = a1 + d;
            int a3 = a2 + d;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double u0 = 0;
            double u1 = 0;
            double u2 = 0;
            double u3 = 0;
            int t = 0;
            for (; t + 1 < d; t += 2) {
                double xt = x[t];
                double xu = x[t + 1];
                s0 += a[a0 + t] * xt;
                s1 += a[a1 + t] * xt;
                s2 += a[a2 + t] * xt;
                s3 += a[a3 + t] * xt;
                u0 += a[a0 + t + 1] * xu;
                u1 += a[a1 + t + 1] * xu;
                u2 += a[a2 + t + 1] * xu;
                u3 += a[a3 + t + 1] * xu;
            }
            if (t < d) {
                double xt = x[t];
                s0 += a[a0 + t] * xt;
                s1 += a[a1 + t] * xt;
                s2 += a[a2 + t] * xt;
                s3 += a[a3 + t] * xt;
            }
            y[i] = s0 + u0;
            y[i + 1] = s1 + u1;
            y[i + 2] = s2 + u2;
            y[i + 3] = s3 + u3;
        }
        for (; i < r1; i++) {
            y[i] = dot(a, i * d, x, 0, d);
        }
    }

    /**
     * {@code out = base + A' r} for a row-major m x d matrix A ({@code base == null}: 0), rows with
     * {@code r_i = 0} skipped; columns split among threads when large, each column summed over the rows in
     * order.
     */
    public static void multiplyTransposed(double[] a, int m, int d, double[] r, double[] base, double[] out) {
        if (base == null) {
            java.util.Arrays.fill(out, 0, d, 0.0);
        } else {
            System.arraycopy(base, 0, out, 0, d);
        }
        int width = KB;
        int tasks = (d + width - 1) / width;
        if (tasks > 1 && m * (double) d >= PARALLEL_PASS) {
            IntStream.range(0, tasks).parallel().forEach(q -> transposedColumns(a, m, d, r, out, q * width,
                    Math.min(d, (q + 1) * width)));
        } else {
            transposedColumns(a, m, d, r, out, 0, d);
        }
    }

    private static void transposedColumns(double[] a, int m, int d, double[] r, double[] out, int c0, int c1) {
        for (int i = 0; i < m; i++) {
            double ri = r[i];
            if (ri == 0) {
                continue;
            }
            int off = i * d;
            for (int j = c0; j < c1; j++) {
                out[j] += ri * a[off + j];
            }
        }
    }

    /** The rows of a row-major m x d matrix as separate arrays (a copy), the form of the row kernels below. */
    public static double[][] rowArrays(double[] a, int m, int d) {
        double[][] rows = new double[m][];
        for (int i = 0; i < m; i++) {
            rows[i] = java.util.Arrays.copyOfRange(a, i * d, (i + 1) * d);
        }
        return rows;
    }

    /**
     * {@code y = A x} for A given by its m rows of length d: four rows at a time with four sums each
     * ({@link Vectors#dot4}), rows split among threads when large. Each {@code y_i} is the same sum in the
     * same order however the rows are split.
     */
    public static void multiply(double[][] rows, int m, int d, double[] x, double[] y) {
        overRowBlocks(m, d, (r0, r1) -> multiplyRows(rows, d, x, y, r0, r1));
    }

    private static void multiplyRows(double[][] rows, int d, double[] x, double[] y, int r0, int r1) {
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            Vectors.dot4(rows[i], rows[i + 1], rows[i + 2], rows[i + 3], x, d, y, i);
        }
        for (; i < r1; i++) {
            y[i] = Vectors.dot(rows[i], 0, x, d);
        }
    }

    /**
     * {@code out = base + A' r} for A given by its m rows of length d ({@code base == null}: 0): the rows
     * added four at a time ({@link Vectors#axpy4}, rows with four zero coefficients skipped), on the
     * calling thread, each column summed over the rows in order. Every array is indexed by the loop
     * variable itself, the form the JIT turns into vector instructions.
     */
    public static void multiplyTransposed(double[][] rows, int m, int d, double[] r, double[] base, double[] out) {
        if (base == null) {
            java.util.Arrays.fill(out, 0, d, 0.0);
        } else {
            System.arraycopy(base, 0, out, 0, d);
        }
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            double r0 = r[i];
            double r1 = r[i + 1];
            double r2 = r[i + 2];
            double r3 = r[i + 3];
            if (r0 != 0 || r1 != 0 || r2 != 0 || r3 != 0) {
                Vectors.axpy4(r0, rows[i], r1, rows[i + 1], r2, rows[i + 2], r3, rows[i + 3], out, d);
            }
        }
        for (; i < m; i++) {
            if (r[i] != 0) {
                Vectors.axpy(r[i], rows[i], 0, out, d);
            }
        }
    }

    /**
     * {@code out[q] = <A[rows[q]], x>} for q < count (selected rows of a row-major matrix with d columns),
     * four rows at a time.
     */
    public static void selectedDots(double[] a, int d, int[] rows, int count, double[] x, int xOff, double[] out) {
        int chunk = 4 * RB;
        int tasks = (count + chunk - 1) / chunk;
        if (tasks > 1 && count * (double) d >= PARALLEL_PASS) {
            IntStream.range(0, tasks).parallel().forEach(t -> selectedDots(a, d, rows, t * chunk,
                    Math.min(count, (t + 1) * chunk), x, xOff, out));
        } else {
            selectedDots(a, d, rows, 0, count, x, xOff, out);
        }
    }

    private static void selectedDots(double[] a, int d, int[] rows, int from, int to, double[] x, int xOff,
                                     double[] out) {
        int q = from;
        for (; q + 4 <= to; q += 4) {
            int a0 = rows[q] * d;
            int a1 = rows[q + 1] * d;
            int a2 = rows[q + 2] * d;
            int a3 = rows[q + 3] * d;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int t = 0; t < d; t++) {
                double xt = x[xOff + t];
                s0 += a[a0 + t] * xt;
                s1 += a[a1 + t] * xt;
                s2 += a[a2 + t] * xt;
                s3 += a[a3 + t] * xt;
            }
            out[q] = s0;
            out[q + 1] = s1;
            out[q + 2] = s2;
            out[q + 3] = s3;
        }
        for (; q < to; q++) {
            out[q] = dot(a, rows[q] * d, x, xOff, d);
        }
    }

    /**
     * {@code out = sum_q c[q] rows[pick[q]]} for q < count over the first len entries, four rows at a time.
     * The rows are separate arrays, all indexed by the loop variable itself: the form the JIT turns into
     * vector instructions (offsets into one flat array run at half the speed).
     */
    public static void selectedCombination(double[][] rows, int[] pick, double[] c, int count, double[] out, int len) {
        int tasks = (len + KB - 1) / KB;
        if (tasks > 1 && count * (double) len >= PARALLEL_PASS) {
            IntStream.range(0, tasks).parallel().forEach(t -> selectedCombination(rows, pick, c, count, out, t * KB,
                    Math.min(len, (t + 1) * KB)));
        } else {
            selectedCombination(rows, pick, c, count, out, 0, len);
        }
    }

    /** Entries {@code [t0, t1)} of {@link #selectedCombination(double[][], int[], double[], int, double[], int)}. */
    private static void selectedCombination(double[][] rows, int[] pick, double[] c, int count, double[] out,
                                            int t0, int t1) {
        java.util.Arrays.fill(out, t0, t1, 0.0);
        int q = 0;
        for (; q + 4 <= count; q += 4) {
            double[] a0 = rows[pick[q]];
            double[] a1 = rows[pick[q + 1]];
            double[] a2 = rows[pick[q + 2]];
            double[] a3 = rows[pick[q + 3]];
            double c0 = c[q];
            double c1 = c[q + 1];
            double c2 = c[q + 2];
            double c3 = c[q + 3];
            for (int t = t0; t < t1; t++) {
                out[t] += (c0 * a0[t] + c1 * a1[t]) + (c2 * a2[t] + c3 * a3[t]);
            }
        }
        for (; q < count; q++) {
            double cq = c[q];
            double[] aq = rows[pick[q]];
            for (int t = t0; t < t1; t++) {
                out[t] += cq * aq[t];
            }
        }
    }

    /** {@code sum_j a[offA + j] * b[offB + j]} for j < len, as {@link Vectors#dot(double[], int, double[], int, int)}. */
    public static double dot(double[] a, int offA, double[] b, int offB, int len) {
        return Vectors.dot(a, offA, b, offB, len);
    }

    // ------------------------------------------------------------------ small factors kept as rows

    /**
     * Solves {@code L L' x = b} in place for a factor kept as rows {@code l[i][0..i]} (as grown and shrunk
     * by {@link MinNormPoint}); both substitutions run along the rows.
     */
    public static void choleskySolve(double[][] l, int m, double[] b) {
        forwardSubstitution(l, m, b);
        backSubstitution(l, m, b);
    }

    /** {@code b := L^{-1} b} for a factor kept as rows (dot products along them). */
    public static void forwardSubstitution(double[][] l, int m, double[] b) {
        for (int i = 0; i < m; i++) {
            b[i] = (b[i] - dot(l[i], 0, b, 0, i)) / l[i][i];
        }
    }

    /** {@code b := L'^{-1} b} for a factor kept as rows: each unknown, once final, is taken off the rest of its row. */
    public static void backSubstitution(double[][] l, int m, double[] b) {
        for (int i = m - 1; i >= 0; i--) {
            double[] li = l[i];
            double xi = b[i] / li[i];
            b[i] = xi;
            for (int k = 0; k < i; k++) {
                b[k] -= xi * li[k];
            }
        }
    }
}
