package org.implicitbias.linalg;

/**
 * A Cholesky factor {@code G = L L'} kept for many solves: the rows of L and the rows of L' (the columns
 * of L) as separate arrays, so that both substitutions subtract whole known unknowns from the rest,
 * {@code b_i -= x_j L[i][j]} along a column for {@code L x = b} and {@code y_k -= x_i L[i][k]} along a row
 * for {@code L' x = y} ({@link Dense#backSubstitution(double[][], int, double[])}): loops over contiguous
 * arrays indexed by the loop variable, which the JIT turns into vector instructions (the dot-product
 * substitutions of {@link Dense#choleskySolve(double[], int, double[])} are sums it cannot reorder). Each
 * unknown is the same sum in the same order on every call. From order
 * {@value Dense#NATIVE_FACTOR_ORDER}, where OpenBLAS loads, the factor is kept in native memory instead
 * and both solves are OpenBLAS's ({@link NativeMatrix#choleskySolve}).
 */
public final class CholeskyFactor implements AutoCloseable {
    private final int m;
    /** {@code rows[i][k] = L[i][k]}, k <= i. */
    private final double[][] rows;
    /** {@code columns[j][i] = L[i][j]}, i >= j (entries below j unused). */
    private final double[][] columns;
    /** The factor in native memory for OpenBLAS's solves; null when the Java ones run. */
    private final NativeMatrix copy;

    private CholeskyFactor(int m, double[][] rows, double[][] columns, NativeMatrix copy) {
        this.m = m;
        this.rows = rows;
        this.columns = columns;
        this.copy = copy;
    }

    /** The factor held in the lower triangle of the row-major m x m array l (as {@link Dense#cholesky} leaves it). */
    public static CholeskyFactor of(double[] l, int m) {
        if (Dense.nativeFactor(m)) {
            return new CholeskyFactor(m, null, null, new NativeMatrix(l, m, m));
        }
        double[][] rows = new double[m][];
        double[][] columns = new double[m][m];
        for (int i = 0; i < m; i++) {
            rows[i] = java.util.Arrays.copyOfRange(l, i * m, i * m + i + 1);
            for (int k = 0; k <= i; k++) {
                columns[k][i] = rows[i][k];
            }
        }
        return new CholeskyFactor(m, rows, columns, null);
    }

    public int size() {
        return m;
    }

    /** Solves {@code L L' x = b} in place (b becomes x). Not for concurrent use on the native route. */
    public void solve(double[] b) {
        if (copy != null) {
            copy.choleskySolve(b);
            return;
        }
        for (int j = 0; j < m; j++) {
            double xj = b[j] / rows[j][j];
            b[j] = xj;
            if (xj != 0) {
                double[] col = columns[j];
                for (int i = j + 1; i < m; i++) {
                    b[i] -= xj * col[i];
                }
            }
        }
        Dense.backSubstitution(rows, m, b);
    }

    /** Frees the native copy of the factor, if any (a factor never closed is freed when collected). */
    @Override
    public void close() {
        if (copy != null) {
            copy.close();
        }
    }
}
