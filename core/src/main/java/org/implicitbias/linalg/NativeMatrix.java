package org.implicitbias.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * A row-major matrix copied once into native memory for many OpenBLAS calls: a call on a Java array
 * copies the whole array across the native boundary and back (for a 600 x 1000 matrix, 0.1-0.3 ms, three
 * times the product itself), a call here copies only its vectors. Used for the passes of
 * {@link RowMatrix} and the solves with a kept {@link CholeskyFactor}.
 *
 * <p>Only created when {@link NativeBlas#available()}; not for concurrent use (its vectors are shared
 * scratch). {@link #close} frees the native memory at once; a matrix never closed is freed when collected.
 */
final class NativeMatrix implements AutoCloseable {
    private final int rows;
    private final int cols;
    private final DoublePointer matrix;
    private final DoublePointer in;
    private final DoublePointer out;

    /** A copy of the first {@code rows * cols} entries of a. */
    NativeMatrix(double[] a, int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.matrix = new DoublePointer((long) rows * cols);
        matrix.put(a, 0, rows * cols);
        int longest = Math.max(rows, cols);
        this.in = new DoublePointer(longest);
        this.out = new DoublePointer(longest);
    }

    /** {@code y = A x}. */
    void multiply(double[] x, double[] y) {
        in.put(x, 0, cols);
        // y += A x from zeros: with beta 0, OpenBLAS may scale y by 0, which keeps an earlier NaN as NaN
        out.zero();
        openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, rows, cols,
                1.0, matrix, cols, in, 1, 1.0, out, 1);
        out.get(y, 0, rows);
    }

    /** {@code out = base + A' r} ({@code base == null}: 0). */
    void multiplyTransposed(double[] r, double[] base, double[] result) {
        in.put(r, 0, rows);
        if (base != null) {
            out.put(base, 0, cols);
        } else {
            out.zero();
        }
        openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, rows, cols,
                1.0, matrix, cols, in, 1, 1.0, out, 1);
        out.get(result, 0, cols);
    }

    /**
     * Solves {@code L L' x = b} in place (b becomes x), this matrix being the lower-triangular factor L
     * (square, row-major): two triangular solves ({@code dtrsv}).
     */
    void choleskySolve(double[] b) {
        in.put(b, 0, rows);
        openblas_nolapack.cblas_dtrsv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasLower,
                openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNonUnit, rows, matrix, rows, in, 1);
        openblas_nolapack.cblas_dtrsv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasLower,
                openblas_nolapack.CblasTrans, openblas_nolapack.CblasNonUnit, rows, matrix, rows, in, 1);
        in.get(b, 0, rows);
    }

    /** Columns of a block step of {@link #cholesky}. */
    static final int FACTOR_BLOCK = 64;

    /**
     * In-place Cholesky {@code A = L L'} of the lower triangle of this square matrix (the strict upper
     * triangle is not touched), by blocks of {@value #FACTOR_BLOCK} columns: each diagonal block is
     * factorised by the Java kernel ({@link Dense#javaCholesky}, strict), the rows below it solved against
     * it ({@code dtrsm}) and the trailing matrix updated ({@code dsyrk}). BLAS alone: LAPACK's library,
     * three times the size, would cost a load of its own.
     *
     * @return -1 when A is numerically positive definite, else the index of the first pivot that is not
     *         positive (or not finite)
     */
    int cholesky() {
        int m = rows;
        double[] block = new double[FACTOR_BLOCK * FACTOR_BLOCK];
        // views into the matrix (they own no memory)
        DoublePointer view = new DoublePointer(matrix);
        DoublePointer below = new DoublePointer(matrix);
        DoublePointer trailing = new DoublePointer(matrix);
        for (int k0 = 0; k0 < m; k0 += FACTOR_BLOCK) {
            int k1 = Math.min(m, k0 + FACTOR_BLOCK);
            int b = k1 - k0;
            for (int i = 0; i < b; i++) {
                view.position((long) (k0 + i) * m + k0).get(block, i * b, i + 1);
            }
            int pivot = Dense.javaCholesky(block, b, -1);
            for (int i = 0; i < b; i++) {
                view.position((long) (k0 + i) * m + k0).put(block, i * b, i + 1);
            }
            if (pivot >= 0) {
                return k0 + pivot;
            }
            if (k1 < m) {
                view.position((long) k0 * m + k0);
                below.position((long) k1 * m + k0);
                trailing.position((long) k1 * m + k1);
                // L21 = A21 L11'^{-1}, then A22 -= L21 L21'
                openblas_nolapack.cblas_dtrsm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasRight,
                        openblas_nolapack.CblasLower, openblas_nolapack.CblasTrans, openblas_nolapack.CblasNonUnit,
                        m - k1, b, 1.0, view, m, below, m);
                openblas_nolapack.cblas_dsyrk(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasLower,
                        openblas_nolapack.CblasNoTrans, m - k1, b, -1.0, below, m, 1.0, trailing, m);
            }
        }
        return -1;
    }

    /** The diagonal of this square matrix. */
    double[] diagonal() {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = matrix.get((long) i * cols + i);
        }
        return out;
    }

    /** Copies the matrix back into the first {@code rows * cols} entries of a. */
    void copyTo(double[] a) {
        matrix.get(a, 0, rows * cols);
    }

    @Override
    public void close() {
        matrix.close();
        in.close();
        out.close();
    }
}
