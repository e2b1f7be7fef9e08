package org.implicitbias.io;

/**
 * What the reading of an algorithm or reference needs to know about the data: the number of
 * examples N, the dimension d of w, and the matrix shape for matrix problems (null otherwise).
 */
public record Dimensions(int n, int d, MatrixShape matrix) {
    public Dimensions {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("dimensions " + n + " x " + d);
        }
        if (matrix != null && matrix.rows() * matrix.cols() != d) {
            throw new IllegalArgumentException("matrix shape " + matrix + " does not flatten to d = " + d);
        }
    }
}
