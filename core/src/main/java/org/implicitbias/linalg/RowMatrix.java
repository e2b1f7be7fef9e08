package org.implicitbias.linalg;

/**
 * A row-major m x d matrix taken through many matrix-vector products (the passes of an iterative solver),
 * held flat and as separate row arrays. Large matrices go to OpenBLAS's {@code dgemv} where it loads
 * ({@link NativeBlas}); otherwise the Java row kernels of {@link Dense} run on the row arrays. The choice
 * is made once, from the size, so every pass of a solve takes the same route and each product has the
 * same bits on every run and for any number of threads.
 */
public final class RowMatrix {
    /** Entries from which the passes run in {@link NativeBlas}: about 256 x 1024. */
    public static final int NATIVE_ENTRIES = 1 << 18;

    private final double[] flat;
    private final double[][] rows;
    private final int m;
    private final int d;
    private final boolean nativePasses;

    /**
     * @param flat the matrix, row-major (read only; not copied)
     * @param rows the same rows as separate arrays (read only; not copied)
     */
    public RowMatrix(double[] flat, double[][] rows, int m, int d) {
        this.flat = flat;
        this.rows = rows;
        this.m = m;
        this.d = d;
        this.nativePasses = m * (double) d >= NATIVE_ENTRIES && NativeBlas.available();
    }

    /** {@code y = A x}. */
    public void multiply(double[] x, double[] y) {
        if (nativePasses) {
            NativeBlas.multiply(flat, m, d, x, y);
        } else {
            Dense.multiply(rows, m, d, x, y);
        }
    }

    /** {@code out = base + A' r} ({@code base == null}: 0). */
    public void multiplyTransposed(double[] r, double[] base, double[] out) {
        if (nativePasses) {
            NativeBlas.multiplyTransposed(flat, m, d, r, base, out);
        } else {
            Dense.multiplyTransposed(rows, m, d, r, base, out);
        }
    }

    /** The number of rows, m. */
    public int rows() {
        return m;
    }
}
