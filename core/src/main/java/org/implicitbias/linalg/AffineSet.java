package org.implicitbias.linalg;

import java.util.ArrayList;
import java.util.List;
import org.implicitbias.model.Vectors;

/**
 * An affine constraint set {@code {w : A w = b}} reduced to a maximal set of numerically independent
 * rows: every row is scaled to unit Euclidean norm (so the rank test is scale-free), zero rows are
 * dropped when their target is 0 and make the set empty otherwise, and a pivoted QR picks the
 * independent rows. The dropped rows must be consistent: their targets must agree, to within
 * {@link #CONSISTENCY} of the distance scale, with the combination of the kept rows they are.
 */
public final class AffineSet {
    /** Relative rank tolerance of the pivoted QR on unit rows. */
    public static final double RANK_TOL = 1e-11;
    /** Relative tolerance on the targets of dependent rows. */
    public static final double CONSISTENCY = 1e-9;
    /** Size ({@code m^2 d}) from which independence is first tried through the Gram matrix. */
    public static final double GRAM_TEST_WORK = 1e6;

    public final int d;
    /** Original indices of the kept rows. */
    public final int[] kept;
    /** Euclidean norms of the kept rows (the scale undone on the multipliers). */
    public final double[] norms;
    /** Kept unit rows, row-major. */
    public final double[] rows;
    /** The same rows as separate arrays (shared, not to be written): the form of the row kernels of {@link Dense}. */
    public final double[][] unitRows;
    /** Scaled targets of the kept rows. */
    public final double[] rhs;
    /** Null when consistent, else why the set is empty. */
    public final String emptyReason;
    /**
     * The Cholesky factor (lower, m x m row-major) of the Gram matrix {@code U U'} of the kept unit rows when
     * the independence test computed it, else null: the Newton matrix of a constant curvature.
     */
    public final double[] gramFactor;

    private AffineSet(int d, int[] kept, double[] norms, double[] rows, double[][] unitRows, double[] rhs,
                      String emptyReason) {
        this(d, kept, norms, rows, unitRows, rhs, emptyReason, null);
    }

    private AffineSet(int d, int[] kept, double[] norms, double[] rows, double[][] unitRows, double[] rhs,
                      String emptyReason, double[] gramFactor) {
        this.d = d;
        this.kept = kept;
        this.norms = norms;
        this.rows = rows;
        this.unitRows = unitRows;
        this.rhs = rhs;
        this.emptyReason = emptyReason;
        this.gramFactor = gramFactor;
    }

    public int size() {
        return kept.length;
    }

    /**
     * @param a       row-major m x d
     * @param b       targets
     * @param names   how to name row i in a reason (e.g. "row 3 of X")
     * @param anchor  a point whose residual {@code b - A anchor} sets the distance scale (w0)
     */
    public static AffineSet of(double[] a, int m, int d, double[] b, java.util.function.IntFunction<String> names,
                        double[] anchor) {
        List<Integer> nonzero = new ArrayList<>();
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) {
            norms[i] = Vectors.norm2(a, i * d, d);
            if (norms[i] == 0) {
                if (b[i] != 0) {
                    return empty(d, names.apply(i) + " is zero but its target is " + b[i]
                            + ", so no w satisfies it");
                }
            } else {
                nonzero.add(i);
            }
        }
        int mz = nonzero.size();
        double[][] unit = new double[mz][];
        double[] rhs = new double[mz];
        for (int k = 0; k < mz; k++) {
            int i = nonzero.get(k);
            unit[k] = new double[d];
            for (int j = 0; j < d; j++) {
                unit[k][j] = a[i * d + j] / norms[i];
            }
            rhs[k] = (b[i] - Vectors.dot(a, i * d, anchor, d)) / norms[i];
        }
        if (mz == 0) {
            return new AffineSet(d, new int[0], new double[0], new double[0], new double[0][], new double[0], null);
        }
        if (mz <= d && (double) mz * mz * d >= GRAM_TEST_WORK) {
            double[] flat = new double[mz * d];
            for (int k = 0; k < mz; k++) {
                System.arraycopy(unit[k], 0, flat, k * d, d);
            }
            double[] factor = clearlyIndependent(flat, mz, d);
            if (factor != null) {
                // the pivoted QR would keep every row (each of its pivots is at least sigma_min): no row to
                // drop, so no consistency to check
                int[] kept = new int[mz];
                double[] keptNorms = new double[mz];
                double[] keptRhs = new double[mz];
                for (int k = 0; k < mz; k++) {
                    int i = nonzero.get(k);
                    kept[k] = i;
                    keptNorms[k] = norms[i];
                    keptRhs[k] = b[i] / norms[i];
                }
                return new AffineSet(d, kept, keptNorms, flat, unit, keptRhs, null, factor);
            }
        }
        PivotedQr qr = new PivotedQr(unit, d, RANK_TOL);
        double[] residual = new double[mz];
        double[] delta = qr.minNormSolve(rhs, residual);
        double scale = Math.max(1, Math.max(Vectors.normInf(rhs), Vectors.norm2(delta)));
        int worst = -1;
        for (int k = 0; k < mz; k++) {
            if (Math.abs(residual[k]) > CONSISTENCY * scale && (worst < 0 || Math.abs(residual[k]) > Math.abs(residual[worst]))) {
                worst = k;
            }
        }
        int rank = qr.rank();
        int[] basisLocal = qr.basis();
        if (worst >= 0) {
            int i = nonzero.get(worst);
            StringBuilder others = new StringBuilder();
            for (int q = 0; q < basisLocal.length && q < 8; q++) {
                others.append(q == 0 ? "" : ", ").append(nonzero.get(basisLocal[q]));
            }
            if (basisLocal.length > 8) {
                others.append(", ...");
            }
            return empty(d, "the targets are not in the range of the constraint matrix: " + names.apply(i)
                    + " is a combination of rows [" + others + "] (rank " + rank + ") but its target misses that"
                    + " combination by " + String.format("%.3e", Math.abs(residual[worst]) * norms[i]));
        }
        int[] kept = new int[rank];
        double[] keptNorms = new double[rank];
        double[] rows = new double[rank * d];
        double[][] keptRows = new double[rank][];
        double[] keptRhs = new double[rank];
        for (int q = 0; q < rank; q++) {
            int local = basisLocal[q];
            int i = nonzero.get(local);
            kept[q] = i;
            keptNorms[q] = norms[i];
            keptRows[q] = unit[local];
            System.arraycopy(unit[local], 0, rows, q * d, d);
            keptRhs[q] = b[i] / norms[i];
        }
        return new AffineSet(d, kept, keptNorms, rows, keptRows, keptRhs, null);
    }

    /**
     * Whether the m unit rows U (row-major, m <= d) are independent by a wide margin, the question being
     * whether {@code sigma_min(U)} exceeds {@code 1e3 RANK_TOL}. The Cholesky factor L of the Gram matrix
     * {@code G = U U'} (blocked, {@link Dense}) answers it in two ways:
     * <ul>
     *   <li>first an estimate: {@code lambda_min(G) = 1 / ||G^{-1}||_2 >= 1 / ||G^{-1}||_1}, with
     *       {@code ||G^{-1}||_1} from {@link Dense#inverseOneNormEstimate} ({@code 12 m^2} multiply-adds).
     *       The rows are taken as clearly independent when that estimate of the lower bound clears
     *       {@code (1e3 RANK_TOL)^2} by a factor {@value #ESTIMATE_MARGIN}, far more than the estimator's
     *       error, which is a small factor;</li>
     *   <li>otherwise the bound {@code lambda_min(G) >= 1 / ||L^{-1}||_F^2 - e}, where e bounds the
     *       rounding of G and of its factorisation ({@code 8 (m + d + 2) m} units in the last place, since
     *       {@code ||G|| <= m}), with {@code ||L^{-1}||_F} computed ({@code m^3 / 6} multiply-adds).</li>
     * </ul>
     * Either way every pivot of the pivoted QR (at least sigma_min) would be far above the rank tolerance,
     * and the QR would keep every row. Costs {@code m^2 d / 2 + m^3 / 6} multiply-adds before the test.
     *
     * @return the Cholesky factor of G (lower, row-major) when the rows are clearly independent, else null
     */
    public static double[] clearlyIndependent(double[] u, int m, int d) {
        double[] g = new double[m * m];
        Dense.syrk(u, m, d, null, g, null);
        if (Dense.cholesky(g, m, -1) >= 0) {
            return null;
        }
        double rounding = 8.0 * (m + d + 2) * m * Math.ulp(1.0);
        double needed = 1e3 * RANK_TOL;
        double estimate = Dense.inverseOneNormEstimate(g, m);
        if (Double.isFinite(estimate) && 1 / estimate - rounding > ESTIMATE_MARGIN * needed * needed) {
            return g;
        }
        double f = Dense.inverseFrobenius(g, m, new double[m * m]);
        double bound = 1 / (f * f) - rounding;
        return Double.isFinite(f) && bound > needed * needed ? g : null;
    }

    /** How far the estimated smallest eigenvalue of the Gram matrix must clear the needed one. */
    static final double ESTIMATE_MARGIN = 1e8;

    private static AffineSet empty(int d, String reason) {
        return new AffineSet(d, new int[0], new double[0], new double[0], new double[0][], new double[0], reason);
    }

    /** Multipliers of the kept unit rows mapped to the original rows (0 on dropped rows). */
    public double[] originalMultipliers(double[] lambda, int m) {
        double[] out = new double[m];
        for (int q = 0; q < kept.length; q++) {
            out[kept[q]] = lambda[q] / norms[q];
        }
        return out;
    }
}
