package org.implicitbias.model;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The set of global minimisers of a loss with a finite root, {@code G = {w : X w = y}} (optionally
 * intersected with the affine hull {@code sum w = 1} of the simplex), and the Euclidean distance of a
 * point to it.
 *
 * <p>With the thin singular value decomposition {@code A = U S V'} of the constraint matrix A (the rows
 * of X, and a row of ones for the simplex) and the residual {@code r = A w - b}, the projection of w onto
 * G is {@code w - V S^+ U' r} and {@code dist(w, G) = ||S^+ U' r||_2}; a component of r outside the range of
 * A means G is empty (distance infinite). The cheap lower bound {@code ||r||_2 / ||A||_F <= ||r|| / sigma_max
 * <= dist(w, G)} needs one pass over the data and no factorisation.
 */
public final class InterpolatingSet {
    /** Singular values below this fraction of the largest are taken as zero (dependent rows). */
    private static final double RANK_TOL = 1e-12;

    private final double[] a;
    private final double[] b;
    private final int m;
    private final int d;
    private final double frobenius;
    private SingularValueDecomposition svd;

    private InterpolatingSet(double[] a, double[] b, int m, int d) {
        this.a = a;
        this.b = b;
        this.m = m;
        this.d = d;
        double f = 0;
        for (double v : a) {
            f += v * v;
        }
        this.frobenius = Math.sqrt(f);
    }

    /** {@code G = {w : X w = y}} of the data. */
    public static InterpolatingSet of(Dataset data) {
        return of(data, false);
    }

    /** G, intersected with {@code sum w = 1} when {@code simplex}. */
    public static InterpolatingSet of(Dataset data, boolean simplex) {
        int n = data.n();
        int d = data.d();
        int m = n + (simplex ? 1 : 0);
        double[] a = new double[m * d];
        double[] b = new double[m];
        System.arraycopy(data.rowMajor(), 0, a, 0, n * d);
        for (int i = 0; i < n; i++) {
            b[i] = data.y(i);
        }
        if (simplex) {
            java.util.Arrays.fill(a, n * d, m * d, 1.0);
            b[n] = 1;
        }
        return new InterpolatingSet(a, b, m, d);
    }

    /** The residual {@code A w - b}. */
    public double[] residual(double[] w) {
        double[] r = new double[m];
        for (int i = 0; i < m; i++) {
            r[i] = Vectors.dot(a, i * d, w, d) - b[i];
        }
        return r;
    }

    /** {@code ||A w - b||_2 / ||A||_F}, a lower bound on {@code dist(w, G)} (0 when A is 0 and w solves it). */
    public double distanceLowerBound(double[] w) {
        double r = Vectors.norm2(residual(w));
        return r == 0 ? 0 : frobenius == 0 ? Double.POSITIVE_INFINITY : r / frobenius;
    }

    /** {@code dist(w, G)} in l2 (infinite when G is empty). */
    public double distance(double[] w) {
        double[] c = correction(w);
        return c == null ? Double.POSITIVE_INFINITY : Vectors.norm2(c);
    }

    /** The projection of w onto G, or null when G is empty. */
    public double[] projection(double[] w) {
        double[] c = correction(w);
        return c == null ? null : Vectors.subtract(w, c);
    }

    /** {@code V S^+ U' r}, or null when r has a component outside the range of A (G is empty). */
    private double[] correction(double[] w) {
        SingularValueDecomposition s = decomposition();
        double[] r = residual(w);
        double[] sv = s.getSingularValues();
        RealMatrix u = s.getU();
        RealMatrix v = s.getV();
        double top = sv.length == 0 ? 0 : sv[0];
        double[] coef = new double[sv.length];
        double outside = Vectors.norm2(r) * Vectors.norm2(r);
        for (int k = 0; k < sv.length; k++) {
            double ur = 0;
            for (int i = 0; i < m; i++) {
                ur += u.getEntry(i, k) * r[i];
            }
            if (sv[k] > RANK_TOL * top) {
                coef[k] = ur / sv[k];
                outside -= ur * ur;
            }
        }
        // r outside the range of A (inconsistent targets): no point of G, beyond the rounding of r
        if (outside > 1e-18 * Math.max(1, Vectors.norm2(b) * Vectors.norm2(b))) {
            return null;
        }
        double[] c = new double[d];
        for (int j = 0; j < d; j++) {
            double s2 = 0;
            for (int k = 0; k < sv.length; k++) {
                s2 += v.getEntry(j, k) * coef[k];
            }
            c[j] = s2;
        }
        return c;
    }

    /**
     * The component of g orthogonal to the row space of A: {@code g - V V' g} over the right singular vectors
     * of the nonzero singular values. For {@code g = grad f(w)} at a point of G this is the stationarity
     * residual of {@code min_G f}: zero exactly at the KKT points.
     */
    public double[] orthogonalToRows(double[] g) {
        SingularValueDecomposition s = decomposition();
        double[] sv = s.getSingularValues();
        RealMatrix v = s.getV();
        double top = sv.length == 0 ? 0 : sv[0];
        double[] out = g.clone();
        for (int k = 0; k < sv.length; k++) {
            if (!(sv[k] > RANK_TOL * top)) {
                continue;
            }
            double c = 0;
            for (int j = 0; j < d; j++) {
                c += v.getEntry(j, k) * g[j];
            }
            for (int j = 0; j < d; j++) {
                out[j] -= c * v.getEntry(j, k);
            }
        }
        return out;
    }

    private synchronized SingularValueDecomposition decomposition() {
        if (svd == null) {
            double[][] rows = new double[m][d];
            for (int i = 0; i < m; i++) {
                System.arraycopy(a, i * d, rows[i], 0, d);
            }
            svd = new SingularValueDecomposition(new Array2DRowRealMatrix(rows, false));
        }
        return svd;
    }
}
