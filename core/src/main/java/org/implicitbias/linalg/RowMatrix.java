package org.implicitbias.linalg;

/**
 * A row-major m x d matrix taken through many matrix-vector products (the passes of an iterative solver),
 * held flat and, when the caller has them, as separate row arrays. Large matrices are copied once into
 * native memory and go to OpenBLAS's {@code dgemv} where it loads ({@link NativeBlas},
 * {@link NativeMatrix}); otherwise the Java kernels of {@link Dense} run, on the row arrays when given.
 * The choice is made once, from the size, so every pass of a solve takes the same route and each product
 * has the same bits on every run and for any number of threads. {@link #close} frees the native copy; not
 * for concurrent use.
 */
public final class RowMatrix implements AutoCloseable {
    /** Entries from which the passes run in {@link NativeBlas}: about 256 x 1024. */
    public static final int NATIVE_ENTRIES = 1 << 18;

    private final double[][] rows;
    private final int m;
    private final int d;
    /** The native copy, or null when the Java kernels run. */
    private final NativeMatrix copy;

    /** The matrix, row-major: the Java route's operand when there are no row arrays. */
    private final double[] flat;

    /**
     * @param flat the matrix, row-major (read only; copied for the native route)
     * @param rows the same rows as separate arrays (read only; not copied), or null: then the Java route
     *             runs the row-major kernels of {@link Dense} on flat
     */
    public RowMatrix(double[] flat, double[][] rows, int m, int d) {
        this.flat = flat;
        this.rows = rows;
        this.m = m;
        this.d = d;
        this.copy = m * (double) d >= NATIVE_ENTRIES && NativeBlas.available() ? new NativeMatrix(flat, m, d) : null;
    }

    /** {@code y = A x}. */
    public void multiply(double[] x, double[] y) {
        if (copy != null) {
            copy.multiply(x, y);
        } else if (rows != null) {
            Dense.multiply(rows, m, d, x, y);
        } else {
            Dense.multiply(flat, m, d, x, y);
        }
    }

    /** {@code out = base + A' r} ({@code base == null}: 0). */
    public void multiplyTransposed(double[] r, double[] base, double[] out) {
        if (copy != null) {
            copy.multiplyTransposed(r, base, out);
        } else if (rows != null) {
            Dense.multiplyTransposed(rows, m, d, r, base, out);
        } else {
            Dense.multiplyTransposed(flat, m, d, r, base, out);
        }
    }

    /** The number of rows, m. */
    public int rows() {
        return m;
    }

    /** Frees the native copy, if any. */
    @Override
    public void close() {
        if (copy != null) {
            copy.close();
        }
    }
}
