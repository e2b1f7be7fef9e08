package org.implicitbias.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

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
        out.zero(); // y += A x from zeros (beta 0 may scale an earlier NaN by 0: NativeBlas's gemv)
        openblas.cblas_dgemv(openblas.CblasRowMajor, openblas.CblasNoTrans, rows, cols, 1.0, matrix, cols, in, 1,
                1.0, out, 1);
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
        openblas.cblas_dgemv(openblas.CblasRowMajor, openblas.CblasTrans, rows, cols, 1.0, matrix, cols, in, 1,
                1.0, out, 1);
        out.get(result, 0, cols);
    }

    /**
     * Solves {@code L L' x = b} in place (b becomes x), this matrix being the lower-triangular factor L
     * (square, row-major): two triangular solves ({@code dtrsv}).
     */
    void choleskySolve(double[] b) {
        in.put(b, 0, rows);
        openblas.cblas_dtrsv(openblas.CblasRowMajor, openblas.CblasLower, openblas.CblasNoTrans, openblas.CblasNonUnit,
                rows, matrix, rows, in, 1);
        openblas.cblas_dtrsv(openblas.CblasRowMajor, openblas.CblasLower, openblas.CblasTrans, openblas.CblasNonUnit,
                rows, matrix, rows, in, 1);
        in.get(b, 0, rows);
    }

    @Override
    public void close() {
        matrix.close();
        in.close();
        out.close();
    }
}
