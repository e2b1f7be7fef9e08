package org.implicitbias.io;

/**
 * The shape of the data matrices of a matrix problem ({@code Xs}): each example is a
 * {@code rows x cols} matrix {@code X_n}, stored as the row-major flattened row of the data set, so
 * that {@code <W, X_n> = sum_ij W_ij (X_n)_ij} is the linear model's prediction.
 */
public record MatrixShape(int rows, int cols) {
    public MatrixShape {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("matrix shape " + rows + " x " + cols);
        }
    }

    /** Whether the matrices are square. */
    public boolean square() {
        return rows == cols;
    }

    @Override
    public String toString() {
        return rows + " x " + cols;
    }
}
