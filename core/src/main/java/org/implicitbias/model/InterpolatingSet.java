package org.implicitbias.model;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The set of global minimisers of a loss with a finite root, {@code G = {w : X w = y}} (optionally
 * intersected with the affine hull {@code sum w = 1} of the simplex), and the Euclidean distance of a
 * point to it.
 *
 * <p>With the residual {@code r = A w - b} of the constraint matrix A (the rows of X, and a row of ones for
 * the simplex), the projection of w onto G is {@code w - A^+ r} and {@code dist(w, G) = ||A^+ r||_2}; a
 * component of r outside the range of A means G is empty (distance infinite). Two factorisations, chosen
 * once per set:
 * <ul>
 * <li>rows clearly independent (the usual case, fewer examples than dimensions): the Cholesky factor L of
 *     the Gram matrix {@code K = A A'} (m x m, {@code m^2 d / 2} multiply-adds), with
 *     {@code A^+ r = A' K^{-1} r}. Used when {@code ||K||_F ||L^{-1}||_F^2}, an upper bound on the condition
 *     number {@code kappa(A)^2}, is at most {@value #GRAM_CONDITION}: the distances then carry a relative
 *     error of at most about {@code kappa^2 eps <= 1e-6}, far below any use made of them;</li>
 * <li>otherwise the thin singular value decomposition {@code A = U S V'}: {@code A^+ r = V S^+ U' r}, singular
 *     values below {@value #RANK_TOL} of the largest taken as zero (dependent rows).</li>
 * </ul>
 * The cheap lower bound {@code ||r||_2 / ||A||_F <= ||r|| / sigma_max <= dist(w, G)} needs one pass over the
 * data and no factorisation.
 */
public final class InterpolatingSet {
    /** Singular values below this fraction of the largest are taken as zero (dependent rows). */
    private static final double RANK_TOL = 1e-12;
    /** Largest bound on {@code kappa(A)^2} for which the Gram matrix's Cholesky factor is used. */
    private static final double GRAM_CONDITION = 1e10;
    /** Gram products larger than this ({@code m^2 d}) are split among threads. */
    private static final double PARALLEL_GRAM = 1e7;

    private final double[] a;
    private final double[] b;
    private final int m;
    private final int d;
    private final double frobenius;
    private SingularValueDecomposition svd;
    /** The Cholesky factor of {@code A A'} (lower, m x m row-major) when the rows are clearly independent. */
    private double[] gramFactor;
    private boolean factorised;

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
        double[] r = residual(w);
        double[] l = gram();
        if (l != null) {
            return Vectors.multiplyTransposed(a, m, d, choleskySolve(l, r));
        }
        SingularValueDecomposition s = decomposition();
        double[] sv = s.getSingularValues();
        RealMatrix u = s.getU();
        RealMatrix v = s.getV();
        double top = sv.length == 0 ? 0 : sv[0];
        double[] coef = new double[sv.length];
        // the component of r outside the range of A, formed as r - U_k U_k' r (not as ||r||^2 - ||U_k' r||^2,
        // which cancels to the rounding of ||r||^2 when w is far from G)
        double[] outside = r.clone();
        for (int k = 0; k < sv.length; k++) {
            double ur = 0;
            for (int i = 0; i < m; i++) {
                ur += u.getEntry(i, k) * r[i];
            }
            if (sv[k] > RANK_TOL * top) {
                coef[k] = ur / sv[k];
                for (int i = 0; i < m; i++) {
                    outside[i] -= ur * u.getEntry(i, k);
                }
            }
        }
        // r outside the range of A (inconsistent targets): no point of G, beyond the rounding of r
        if (Vectors.norm2(outside) > 1e-9 * Math.max(1, Math.max(Vectors.norm2(b), Vectors.norm2(r)))) {
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
        double[] l = gram();
        if (l != null) {
            double[] along = Vectors.multiplyTransposed(a, m, d, choleskySolve(l, Vectors.multiply(a, m, d, g)));
            return Vectors.subtract(g, along);
        }
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

    /** The Cholesky factor of {@code A A'} when the rows are clearly independent (see the class comment), else null. */
    private synchronized double[] gram() {
        if (!factorised) {
            factorised = true;
            gramFactor = m <= d ? clearlyIndependent() : null;
        }
        return gramFactor;
    }

    private double[] clearlyIndependent() {
        double[] k = new double[m * m];
        java.util.stream.IntStream rows = java.util.stream.IntStream.range(0, m);
        if ((double) m * m * d > PARALLEL_GRAM) {
            rows = rows.parallel();
        }
        rows.forEach(i -> {
            for (int j = 0; j <= i; j++) {
                k[i * m + j] = Vectors.dot(a, i * d, a, j * d, d);
            }
        });
        double frob = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                frob += (i == j ? 1 : 2) * k[i * m + j] * k[i * m + j];
            }
        }
        frob = Math.sqrt(frob);
        // in place: the lower triangle becomes L
        for (int j = 0; j < m; j++) {
            double s = k[j * m + j];
            for (int q = 0; q < j; q++) {
                s -= k[j * m + q] * k[j * m + q];
            }
            if (!(s > 0) || !Double.isFinite(s)) {
                return null;
            }
            double ljj = Math.sqrt(s);
            k[j * m + j] = ljj;
            for (int i = j + 1; i < m; i++) {
                double t = k[i * m + j];
                for (int q = 0; q < j; q++) {
                    t -= k[i * m + q] * k[j * m + q];
                }
                k[i * m + j] = t / ljj;
            }
        }
        // ||L^{-1}||_F^2 = sum of the squared entries of L^{-1}, column by column (forward substitution)
        double inv = 0;
        double[] x = new double[m];
        for (int c = 0; c < m; c++) {
            java.util.Arrays.fill(x, 0);
            for (int i = c; i < m; i++) {
                double t = i == c ? 1 : 0;
                for (int q = c; q < i; q++) {
                    t -= k[i * m + q] * x[q];
                }
                x[i] = t / k[i * m + i];
                inv += x[i] * x[i];
            }
        }
        return frob * inv <= GRAM_CONDITION ? k : null;
    }

    /** {@code (L L')^{-1} r} with the factor of {@link #gram()}. */
    private double[] choleskySolve(double[] l, double[] r) {
        double[] x = r.clone();
        for (int i = 0; i < m; i++) {
            double t = x[i];
            for (int q = 0; q < i; q++) {
                t -= l[i * m + q] * x[q];
            }
            x[i] = t / l[i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double t = x[i];
            for (int q = i + 1; q < m; q++) {
                t -= l[q * m + i] * x[q];
            }
            x[i] = t / l[i * m + i];
        }
        return x;
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
