package org.implicitbias.oracle;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Vectors;

/**
 * The solution set of a max-margin program {@code gamma = max_{||w|| <= 1} min_n <w, z_n>}: the
 * margin gamma, one maximiser, the support set, the dual weights and the optimal face.
 *
 * <p>Duality (Lemma 10 of the paper): {@code gamma = min_{r in simplex} ||Z' r||_*}; the weights
 * {@link #dualWeights()} are such an r, and {@link #dualValue()} is {@code ||Z' r||_*} as computed.
 *
 * <p>The optimal set is always {@code F = {w : ||w|| <= 1, <w, z_n> >= gamma for all n}} (for the
 * nuclear program also {@code W psd}); it is a single point for strictly convex norms (l2, lp,
 * quadratic) and may be a face of positive dimension for l1, linf and nuclear. The support set lists
 * the examples with {@code <w, z_n> = gamma} on the whole face (those with positive dual weight).
 */
public final class MarginFace {
    private final Norm norm;
    private final boolean psd;
    private final int n;
    private final int d;
    private final double[] z;
    private final double gamma;
    private final double[] maximiser;
    private final int[] support;
    private final double[] dualWeights;
    private final double dualValue;
    private final boolean unique;
    private final String faceDescription;

    /**
     * @param norm            the norm of the program ({@code Nuclear(k, k)} for the psd program)
     * @param psd             whether w is a row-major symmetric matrix restricted to the psd cone
     * @param z               the signed examples {@code z_n = y_n x_n}, N x d row-major (copied)
     * @param gamma           the certified margin
     * @param maximiser       a maximiser with {@code ||w|| = 1}
     * @param support         indices n with {@code <w, z_n> = gamma} on the optimal face
     * @param dualWeights     r in the simplex with {@code ||Z' r||_* = gamma}
     * @param dualValue       the dual objective at r: {@code ||Z' r||_*}, or {@code lambda_max(sum r_n z_n)} for psd
     * @param unique          whether the maximiser is unique
     * @param faceDescription which constraints are active on the face, in words
     */
    public MarginFace(Norm norm, boolean psd, int n, int d, double[] z, double gamma, double[] maximiser,
                      int[] support, double[] dualWeights, double dualValue, boolean unique, String faceDescription) {
        this.norm = Objects.requireNonNull(norm, "norm");
        this.psd = psd;
        this.n = n;
        this.d = d;
        if (z.length != n * d || maximiser.length != d || dualWeights.length != n) {
            throw new IllegalArgumentException("shapes: z " + z.length + ", w " + maximiser.length + ", r "
                    + dualWeights.length + " for N = " + n + ", d = " + d);
        }
        this.z = z.clone();
        this.gamma = gamma;
        this.maximiser = maximiser.clone();
        this.support = support.clone();
        this.dualWeights = dualWeights.clone();
        this.dualValue = dualValue;
        this.unique = unique;
        this.faceDescription = faceDescription;
    }

    public Norm norm() {
        return norm;
    }

    /** The certified maximal margin gamma. */
    public double gamma() {
        return gamma;
    }

    /** A copy of a unit-norm maximiser. */
    public double[] maximiser() {
        return maximiser.clone();
    }

    /** Indices of the support vectors (sorted). */
    public int[] support() {
        return support.clone();
    }

    /** A copy of the dual weights r (in the simplex). */
    public double[] dualWeights() {
        return dualWeights.clone();
    }

    /**
     * The dual objective at the stored r ({@code ||Z' r||_*}; for the psd program
     * {@code lambda_max(sum_n r_n y_n X_n)}): equals gamma by duality, up to the certificate's gap.
     */
    public double dualValue() {
        return dualValue;
    }

    /** Whether the maximiser is unique (then every optimal direction is {@link #maximiser()}). */
    public boolean unique() {
        return unique;
    }

    /** The active constraints of the optimal face, in words. */
    public String faceDescription() {
        return faceDescription;
    }

    /** {@code min_n <w, z_n>}. */
    public double margin(double[] w) {
        check(w);
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, Vectors.dot(z, i * d, w, d));
        }
        return m;
    }

    /**
     * {@code gamma - min_n <w, z_n> / ||w||}: how far the normalised margin of w falls short of the
     * maximum (non-negative up to rounding; 0 exactly on optimal directions). For w = 0 it is gamma.
     */
    public double marginGap(double[] w) {
        check(w);
        double nw = norm.value(w);
        if (nw == 0) {
            return gamma;
        }
        return gamma - margin(w) / nw;
    }

    /**
     * Whether w lies in the optimal face {@code {||w|| <= 1, <w, z_n> >= gamma for all n}} (and, for
     * the psd program, {@code w psd}), each condition up to {@code tol}. To test a direction, pass
     * {@code w / ||w||}.
     */
    public boolean inOptimalFace(double[] w, double tol) {
        check(w);
        if (!(norm.value(w) <= 1 + tol)) {
            return false;
        }
        if (psd && minEigenvalue(w) < -tol) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!(Vectors.dot(z, i * d, w, d) >= gamma - tol)) {
                return false;
            }
        }
        return true;
    }

    private double minEigenvalue(double[] w) {
        int k = (int) Math.round(Math.sqrt(d));
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = 0.5 * (w[i * k + j] + w[j * k + i]);
            }
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(m, false)).getRealEigenvalues();
        return Arrays.stream(ev).min().orElse(0);
    }

    private void check(double[] w) {
        if (w.length != d) {
            throw new IllegalArgumentException("w has " + w.length + " entries, expected " + d);
        }
    }

    @Override
    public String toString() {
        return "MarginFace[" + norm.name() + ", gamma " + gamma + ", support " + Arrays.toString(support)
                + (unique ? ", unique" : ", face: " + faceDescription) + "]";
    }
}
