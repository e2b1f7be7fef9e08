package org.implicitbias.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * A row-major n x d matrix X copied once into native memory for fused passes that go over it by chunks of
 * consecutive rows: first the chunk's products {@code u_k = <x_k, w>} ({@code dgemv}), then, once the
 * caller has turned them into coefficients {@code c_k}, {@code g += sum_k c_k x_k} ({@code dgemv} on the
 * transpose) while the chunk is still in the core's cache. X is read from memory once per pass, as by the
 * Java pass, but both products run in OpenBLAS's vectorised kernels.
 *
 * <p>Several {@link Cursor}s, one per thread, may pass over disjoint or overlapping rows at once: X is
 * only read, and each cursor owns its point, its chunk's vectors and its gradient. Only created when
 * {@link NativeBlas#available()}; the native memory is freed when the matrix and its cursors are collected
 * (or at once by {@link #close}, after which no cursor may be used).
 */
public final class NativeRows implements AutoCloseable {
    private final int n;
    private final int d;
    private final DoublePointer matrix;

    /**
     * A native copy of the row-major n x d matrix x.
     *
     * @throws IllegalStateException when the native kernels are not in use
     */
    public NativeRows(double[] x, int n, int d) {
        if (!NativeBlas.available()) {
            throw new IllegalStateException("native kernels not in use: " + NativeBlas.unavailableReason());
        }
        this.n = n;
        this.d = d;
        this.matrix = new DoublePointer((long) n * d);
        matrix.put(x, 0, n * d);
    }

    /** A cursor whose chunks hold at most {@code maxRows} rows. */
    public Cursor cursor(int maxRows) {
        return new Cursor(maxRows);
    }

    @Override
    public void close() {
        matrix.close();
    }

    /** One thread's pass: its point w, its gradient g, the vectors of its current chunk. Not thread-safe. */
    public final class Cursor {
        private final int maxRows;
        private final DoublePointer rows = new DoublePointer(matrix);
        private final DoublePointer w = new DoublePointer(d);
        private final DoublePointer g = new DoublePointer(d);
        private final DoublePointer chunk;

        private Cursor(int maxRows) {
            this.maxRows = maxRows;
            this.chunk = new DoublePointer(maxRows);
        }

        /** Starts a pass at the point w: {@code g = 0}. */
        public void start(double[] point) {
            w.put(point, 0, d);
            g.zero();
        }

        /** {@code u[offset + k] = <x_{lo + k}, w>} for the rows {@code lo <= lo + k < hi}. */
        public void predict(int lo, int hi, double[] u, int offset) {
            int m = select(lo, hi);
            // u += X w from zeros: with beta 0, OpenBLAS may scale u by 0, which keeps an earlier NaN
            chunk.zero();
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, m, d,
                    1.0, rows, d, w, 1, 1.0, chunk, 1);
            chunk.get(u, offset, m);
        }

        /** {@code g += sum_k c[offset + k] x_{lo + k}} for the rows {@code lo <= lo + k < hi}. */
        public void addRows(int lo, int hi, double[] c, int offset) {
            int m = select(lo, hi);
            chunk.put(c, offset, m);
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, m, d,
                    1.0, rows, d, chunk, 1, 1.0, g, 1);
        }

        /** {@code g *= f}. */
        public void scaleGradient(double f) {
            if (f != 0) {
                openblas_nolapack.cblas_dscal(d, f, g, 1);
                return;
            }
            // OpenBLAS's dscal sets g to zeros for f = 0, NaN included: scaled here, so that a NaN stays one
            double[] v = new double[d];
            g.get(v, 0, d);
            for (int j = 0; j < d; j++) {
                v[j] *= f;
            }
            g.put(v, 0, d);
        }

        /** Copies g into out. */
        public void gradient(double[] out) {
            g.get(out, 0, d);
        }

        private int select(int lo, int hi) {
            int m = hi - lo;
            if (lo < 0 || hi > n || m < 1 || m > maxRows) {
                throw new IllegalArgumentException("rows " + lo + ".." + hi + " of " + n + " in chunks of " + maxRows);
            }
            rows.position((long) lo * d);
            return m;
        }
    }
}
