package org.implicitbias.linalg;

import java.lang.ref.Reference;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * A row-major n x d matrix X copied once into native memory for fused gradient passes that go over it by
 * chunks of consecutive rows: the chunk's products {@code u_k = <x_k, w>}, then, once the caller has turned
 * them into coefficients {@code c_k}, {@code g += sum_k c_k x_k} while the chunk is still in the core's
 * cache. X is read from memory once per pass, as by the Java pass, and both products run vectorised: in
 * this project's fused kernel ({@link FusedPass}), which forms the next chunk's products in the same sweep as
 * this chunk's update, or, where it did not load, in two OpenBLAS {@code dgemv} calls per chunk.
 *
 * <p>Several {@link Cursor}s, one per thread, may pass over disjoint or overlapping rows at once: X is
 * only read, and each cursor owns its scratch. Only created when {@link NativeBlas#available()}; the native
 * memory is freed when the matrix and its cursors are collected (or at once by {@link #close}, after which
 * no cursor may be used).
 */
public final class NativeRows implements AutoCloseable {
    /** Bytes of a cache line. */
    private static final int ALIGNMENT = 64;
    /**
     * Bytes of a transparent huge page (x86-64). A pass streams X through the address-translation cache: on
     * 4 KB pages every 4 KB of X costs a page-table walk, on huge pages every 2 MB. Measured with a plain
     * two-thread streaming sweep over a 2000 x 5000 X, 410-470 passes per second on 4 KB pages against
     * 430-490 on huge pages, interleaved. (numpy asks for huge pages for its large arrays too.)
     */
    static final long HUGE_PAGE = 2L << 20;

    private final int n;
    private final int d;
    /** The native memory; X starts {@link #first} entries into it, at an address that is a multiple of 64. */
    private final DoublePointer matrix;
    private final int first;
    private final boolean fused;
    /** Whether the kernel accepted the advice to back X with huge pages (it may still give 4 KB pages). */
    private final boolean hugePages;

    /**
     * A native copy of the row-major n x d matrix x.
     *
     * @throws IllegalStateException when the native kernels are not in use
     */
    public NativeRows(double[] x, int n, int d) {
        this(x, n, d, true);
    }

    /** As {@link #NativeRows(double[], int, int)}; {@code fusedKernel = false}: the dgemv route always. */
    NativeRows(double[] x, int n, int d, boolean fusedKernel) {
        if (!NativeBlas.available()) {
            throw new IllegalStateException("native kernels not in use: " + NativeBlas.unavailableReason());
        }
        this.n = n;
        this.d = d;
        this.fused = fusedKernel && FusedPass.available();
        long bytes = (long) n * d * Double.BYTES;
        // aligned to a cache line (malloc gives 16 bytes): vector loads that straddle two lines ran the fused
        // pass 10-15% slower (2000 x 5000: 335-357 passes per second against 380-390 aligned); from 2 MB on,
        // to a huge page, and the kernel asked for huge pages before X is written (see HUGE_PAGE; the unused
        // head before the boundary is never touched, so it takes address space, not memory)
        long alignment = fused && bytes >= HUGE_PAGE ? HUGE_PAGE : ALIGNMENT;
        this.matrix = new DoublePointer((long) n * d + alignment / Double.BYTES);
        this.first = (int) ((alignment - matrix.address() % alignment) % alignment / Double.BYTES);
        this.hugePages = alignment == HUGE_PAGE && FusedPass.adviseHugePages(address(), bytes);
        matrix.position(first).put(x, 0, n * d);
    }

    /** Whether the passes run in the fused kernel (else in pairs of dgemv calls). */
    public boolean fused() {
        return fused;
    }

    /**
     * Whether X's memory was advised to be backed by transparent huge pages and the kernel accepted (where
     * huge pages are off, or X is under 2 MB, or the fused kernel's library is not loaded, it is not).
     */
    boolean hugePages() {
        return hugePages;
    }

    /** The native address of X's first entry (valid until {@link #close}). */
    long address() {
        return matrix.address() + (long) first * Double.BYTES;
    }

    /** A cursor whose chunks hold at most {@code maxRows} rows. */
    public Cursor cursor(int maxRows) {
        return new Cursor(maxRows);
    }

    @Override
    public void close() {
        matrix.close();
    }

    /**
     * One thread's pass: {@link #start} at a point w with a gradient buffer g, {@link #predict} the first
     * chunk, then {@link #addRowsAndPredict} for each chunk in turn (its update and the next chunk's
     * products), then {@link #finish}. Not thread-safe.
     */
    public final class Cursor {
        private final int maxRows;
        /** The dgemv route's view of X, point, gradient and chunk vector (null in the fused route). */
        private final DoublePointer rows;
        private final DoublePointer nativePoint;
        private final DoublePointer nativeGradient;
        private final DoublePointer chunk;
        private double[] point;
        private double[] gradient;

        private Cursor(int maxRows) {
            this.maxRows = maxRows;
            boolean blas = !fused;
            this.rows = blas ? new DoublePointer(matrix) : null;
            this.nativePoint = blas ? new DoublePointer(d) : null;
            this.nativeGradient = blas ? new DoublePointer(d) : null;
            this.chunk = blas ? new DoublePointer(maxRows) : null;
        }

        /** Starts a pass at the point w (read until {@link #finish}) with {@code g = 0}, written at finish. */
        public void start(double[] w, double[] g) {
            this.point = w;
            this.gradient = g;
            if (fused) {
                Arrays.fill(g, 0.0);
            } else {
                nativePoint.put(w, 0, d);
                nativeGradient.zero();
            }
        }

        /** {@code u[i] = <x_i, w>} for the rows {@code lo <= i < hi}. */
        public void predict(int lo, int hi, double[] u) {
            check(lo, hi);
            if (fused) {
                FusedPass.sweep(address(), d, point, lo, hi, u, 0, 0, u, gradient);
            } else {
                dgemvPredict(lo, hi, u);
            }
            keepMatrixAlive();
        }

        /**
         * {@code g += sum_k c[k] x_k} for the rows {@code lo <= k < hi}, and {@code u[i] = <x_i, w>} for the
         * next rows {@code next <= i < nextHi} (none when equal).
         */
        public void addRowsAndPredict(int lo, int hi, double[] c, int next, int nextHi, double[] u) {
            check(lo, hi);
            if (nextHi > next) {
                check(next, nextHi);
            }
            if (fused) {
                FusedPass.sweep(address(), d, point, next, nextHi, u, lo, hi, c, gradient);
                keepMatrixAlive();
                return;
            }
            int m = hi - lo;
            rows.position(first + (long) lo * d);
            chunk.put(c, lo, m);
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, m, d,
                    1.0, rows, d, chunk, 1, 1.0, nativeGradient, 1);
            if (nextHi > next) {
                dgemvPredict(next, nextHi, u);
            }
            keepMatrixAlive();
        }

        /**
         * Keeps X's memory from being freed before this point: the kernels see it through a raw address or a
         * view, neither of which keeps its owner reachable, and a collected owner frees it.
         */
        private void keepMatrixAlive() {
            Reference.reachabilityFence(NativeRows.this);
        }

        /** {@code g *= f} for the gradient accumulated so far. */
        public void scaleGradient(double f) {
            if (fused) {
                for (int j = 0; j < d; j++) {
                    gradient[j] *= f;
                }
            } else if (f != 0) {
                openblas_nolapack.cblas_dscal(d, f, nativeGradient, 1);
            } else {
                // OpenBLAS's dscal sets g to zeros for f = 0, NaN included: scaled here, so that a NaN stays one
                double[] v = new double[d];
                nativeGradient.get(v, 0, d);
                for (int j = 0; j < d; j++) {
                    v[j] *= f;
                }
                nativeGradient.put(v, 0, d);
            }
        }

        /** Ends the pass: the gradient buffer given to {@link #start} holds g. */
        public void finish() {
            if (!fused) {
                nativeGradient.get(gradient, 0, d);
            }
            point = null;
            gradient = null;
        }

        private void dgemvPredict(int lo, int hi, double[] u) {
            int m = hi - lo;
            rows.position(first + (long) lo * d);
            // u += X w from zeros: with beta 0, OpenBLAS may scale u by 0, which keeps an earlier NaN
            chunk.zero();
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, m, d,
                    1.0, rows, d, nativePoint, 1, 1.0, chunk, 1);
            chunk.get(u, lo, m);
        }

        private void check(int lo, int hi) {
            int m = hi - lo;
            if (lo < 0 || hi > n || m < 1 || m > maxRows) {
                throw new IllegalArgumentException("rows " + lo + ".." + hi + " of " + n + " in chunks of " + maxRows);
            }
        }
    }
}
