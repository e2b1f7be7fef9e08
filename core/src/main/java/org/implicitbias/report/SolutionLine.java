package org.implicitbias.report;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Vectors;

/**
 * The interpolating set {@code G = {w : Xw = y}} of a regression data set whose X (N x d) has rank
 * {@code d - 1}, written as the line {@code G = {p + t v : t real}}: {@code p = X^+ y} is the
 * least-l2-norm solution and {@code v} a unit vector spanning {@code ker X} (sign chosen so that
 * its first non-zero entry is positive), both from the SVD of X.
 */
public final class SolutionLine {
    private final double[] point;
    private final double[] direction;

    /** Relative size below which a singular value counts as zero. */
    private static final double RANK_TOLERANCE = 1e-12;

    public SolutionLine(double[] point, double[] direction) {
        point = point.clone();
        direction = direction.clone();
        this.point = point;
        this.direction = direction;
    }

    /**
     * G for data with rank {@code d - 1} and consistent targets.
     *
     * @throws InvalidInputException if the rank of X is not {@code d - 1} or {@code Xw = y} has no solution
     */
    public static SolutionLine of(Dataset data) {
        int n = data.n();
        int d = data.d();
        RealMatrix x = new Array2DRowRealMatrix(data.matrix());
        // the SVD needs at least as many rows as columns for a full right basis: pad with zero rows
        RealMatrix padded = x;
        if (n < d) {
            padded = new Array2DRowRealMatrix(d, d);
            padded.setSubMatrix(data.matrix(), 0, 0);
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(padded);
        double[] s = svd.getSingularValues();
        double cut = RANK_TOLERANCE * s[0];
        int rank = 0;
        for (double v : s) {
            if (v > cut) {
                rank++;
            }
        }
        if (rank != d - 1) {
            throw new InvalidInputException("X", "rank " + rank,
                    "rank " + (d - 1) + " (d - 1) so that G = {Xw = y} is a line");
        }
        double[] dir = svd.getV().getColumn(d - 1);
        int first = 0;
        while (first < d - 1 && Math.abs(dir[first]) < 1e-14) {
            first++;
        }
        if (dir[first] < 0) {
            dir = Vectors.scaled(-1, dir);
        }
        double[] p = svd.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(
                padded.getRowDimension() == n ? data.y() : pad(data.y(), d))).toArray();
        // least-squares solve gives the pseudo-inverse solution; it interpolates only if y is consistent
        double[] r = Vectors.subtract(Vectors.multiply(data.rowMajor(), n, d, p), data.y());
        if (Vectors.norm2(r) > 1e-9 * Math.max(1, Vectors.norm2(data.y()))) {
            throw new InvalidInputException("y", java.util.Arrays.toString(data.y()),
                    "targets reachable by Xw (the system Xw = y has no solution)");
        }
        return new SolutionLine(p, dir);
    }

    private static double[] pad(double[] y, int d) {
        double[] out = new double[d];
        System.arraycopy(y, 0, out, 0, y.length);
        return out;
    }

    /** {@code p + t v}. */
    public double[] at(double t) {
        double[] w = point.clone();
        Vectors.axpy(t, direction, w);
        return w;
    }

    /** The coordinate of w along G, {@code <w - p, v>} (for w in G, {@code w = p + t v} with this t). */
    public double coordinate(double[] w) {
        return Vectors.dot(Vectors.subtract(w, point), direction);
    }

    /** P, the least-l2-norm point of G. */
    public double[] point() {
        return point.clone();
    }

    /** V, unit-length, {@code X v = 0}. */
    public double[] direction() {
        return direction.clone();
    }

    /** Equal when every component is, arrays compared by their contents. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof SolutionLine other
                && Arrays.equals(point, other.point)
                && Arrays.equals(direction, other.direction));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(point), Arrays.hashCode(direction));
    }

    @Override
    public String toString() {
        return "SolutionLine[point=" + Arrays.toString(point)
                + ", direction=" + Arrays.toString(direction) + "]";
    }
}
