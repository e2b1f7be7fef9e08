package org.implicitbias.oracle.certify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Exact decision of positive semidefiniteness of a rational symmetric matrix S by symmetric
 * Gaussian elimination {@code S = L diag(pivots) L'} (an LDL' factorisation without pivoting).
 *
 * <p>Step k works on the current Schur complement C. If {@code C_kk > 0} it is a pivot and is
 * eliminated. If {@code C_kk < 0}, S is not psd. If {@code C_kk = 0}, S can only be psd when the
 * whole k-th row of C is zero (a 2 x 2 principal minor {@code [[0, b], [b, c]]} with b != 0 has a
 * negative determinant); the row is then skipped with pivot 0. Hence:
 * <ul>
 *   <li>psd: every pivot is >= 0 (the pivots are the witness: {@code S = L diag(pivots) L'});</li>
 *   <li>positive definite: every pivot is > 0;</li>
 *   <li>not psd: a rational vector v with {@code v'Sv < 0} (checked exactly) is the witness.</li>
 * </ul>
 */
public final class PsdCertificate {
    private final boolean psd;
    private final BigFraction[] pivots;
    private final BigFraction[] negativeDirection;
    private final BigFraction quadraticValue;

    public PsdCertificate(boolean psd, BigFraction[] pivots, BigFraction[] negativeDirection,
                          BigFraction quadraticValue) {
        this.psd = psd;
        this.pivots = pivots;
        this.negativeDirection = negativeDirection;
        this.quadraticValue = quadraticValue;
    }

    /** Whether S is positive semidefinite. */
    public boolean psd() {
        return psd;
    }

    /** The pivots {@code diag} of the factorisation, as far as it got. */
    public BigFraction[] pivots() {
        return pivots;
    }

    /** When not psd: v with {@code v'Sv < 0}; null otherwise. */
    public BigFraction[] negativeDirection() {
        return negativeDirection;
    }

    /** When not psd: the exact value {@code v'Sv < 0}. */
    public BigFraction quadraticValue() {
        return quadraticValue;
    }

    /** Whether every pivot is strictly positive (S positive definite). */
    public boolean positiveDefinite() {
        if (!psd) {
            return false;
        }
        for (BigFraction p : pivots) {
            if (Rationals.sgn(p) <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decides whether a symmetric rational matrix is positive semidefinite.
     *
     * @throws org.implicitbias.model.InvalidInputException if S is not square and symmetric
     */
    public static PsdCertificate of(BigFraction[][] s) {
        int n = s.length;
        Inputs.symmetric("S", s, n);
        BigFraction[][] c = new BigFraction[n][];
        for (int i = 0; i < n; i++) {
            c[i] = s[i].clone();
        }
        List<Integer> eliminated = new ArrayList<>();
        BigFraction[] pivots = new BigFraction[n];
        Deadline deadline = Deadline.current();
        for (int k = 0; k < n; k++) {
            deadline.check("LDL' psd decision");
            BigFraction p = c[k][k];
            if (Rationals.sgn(p) < 0) {
                BigFraction[] v = direction(s, eliminated, k, BigFraction.ONE, -1, BigFraction.ZERO);
                return notPsd(s, java.util.Arrays.copyOf(pivots, k), v);
            }
            if (Rationals.sgn(p) == 0) {
                for (int j = k + 1; j < n; j++) {
                    if (Rationals.sgn(c[k][j]) != 0) {
                        // On the span of e_k and e_j (after the eliminated coordinates are
                        // compensated) the form is 2 b t + c_jj for v_k = t, v_j = 1: choose t so it is -1.
                        BigFraction b = c[k][j];
                        BigFraction t = c[j][j].add(BigFraction.ONE).negate().divide(b.multiply(2));
                        BigFraction[] v = direction(s, eliminated, k, t, j, BigFraction.ONE);
                        return notPsd(s, java.util.Arrays.copyOf(pivots, k), v);
                    }
                }
                pivots[k] = BigFraction.ZERO;
                continue;
            }
            pivots[k] = p;
            for (int i = k + 1; i < n; i++) {
                if (Rationals.sgn(c[i][k]) == 0) {
                    continue;
                }
                BigFraction f = c[i][k].divide(p);
                for (int j = k + 1; j < n; j++) {
                    if (Rationals.sgn(c[k][j]) != 0) {
                        c[i][j] = c[i][j].subtract(f.multiply(c[k][j]));
                    }
                }
                c[i][k] = BigFraction.ZERO;
            }
            for (int j = k + 1; j < n; j++) {
                c[k][j] = BigFraction.ZERO;
            }
            eliminated.add(k);
        }
        return new PsdCertificate(true, pivots, null, null);
    }

    /**
     * A vector with {@code v_k = tk}, {@code v_j = tj} (if j >= 0) and the eliminated coordinates P
     * set to {@code -S_PP^{-1} (S_Pk tk + S_Pj tj)}, so that {@code v'Sv} equals the Schur-complement
     * form on (k, j). Zero elsewhere.
     */
    private static BigFraction[] direction(BigFraction[][] s, List<Integer> p, int k, BigFraction tk, int j,
                                           BigFraction tj) {
        int n = s.length;
        BigFraction[] v = RationalAlgebra.zeros(n);
        v[k] = tk;
        if (j >= 0) {
            v[j] = tj;
        }
        if (!p.isEmpty()) {
            int m = p.size();
            BigFraction[][] spp = new BigFraction[m][m];
            BigFraction[] rhs = new BigFraction[m];
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    spp[a][b] = s[p.get(a)][p.get(b)];
                }
                BigFraction r = s[p.get(a)][k].multiply(tk);
                if (j >= 0) {
                    r = r.add(s[p.get(a)][j].multiply(tj));
                }
                rhs[a] = r.negate();
            }
            BigFraction[] sol = RationalAlgebra.solve(spp, rhs, null).x();
            for (int a = 0; a < m; a++) {
                v[p.get(a)] = sol[a];
            }
        }
        return v;
    }

    private static PsdCertificate notPsd(BigFraction[][] s, BigFraction[] pivots, BigFraction[] v) {
        BigFraction q = RationalAlgebra.dot(v, RationalAlgebra.times(s, v));
        if (Rationals.sgn(q) >= 0) {
            throw new ArithmeticException("negative-direction witness failed its exact check: internal error");
        }
        return new PsdCertificate(false, pivots, v, q);
    }

    /** The matrix {@code S - sigma I}. */
    static BigFraction[][] shifted(BigFraction[][] s, BigFraction sigma) {
        int n = s.length;
        BigFraction[][] t = new BigFraction[n][];
        for (int i = 0; i < n; i++) {
            t[i] = s[i].clone();
            t[i][i] = t[i][i].subtract(sigma);
        }
        return t;
    }

    /**
     * A certified lower bound {@code sigma > 0} on the smallest eigenvalue of a symmetric positive
     * definite S: {@code S - sigma I} is shown psd by {@link #of}. Starts just below the
     * floating-point estimate and halves until the exact check passes; returns null if S is not
     * positive definite.
     */
    static BigFraction smallestEigenvalueLowerBound(BigFraction[][] s) {
        if (!of(s).positiveDefinite()) {
            return null;
        }
        int n = s.length;
        double[][] dbl = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dbl[i][j] = s[i][j].doubleValue();
            }
        }
        double est = Double.POSITIVE_INFINITY;
        for (double v : new org.apache.commons.math3.linear.EigenDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(dbl)).getRealEigenvalues()) {
            est = Math.min(est, v);
        }
        BigFraction sigma = est > 0
                ? Rationals.simplestBetween(Rationals.ofShortestDecimal(est * 0.98), Rationals.ofShortestDecimal(est * 0.99))
                : BigFraction.ONE;
        for (int attempt = 0; attempt < 200; attempt++) {
            if (of(shifted(s, sigma)).psd()) {
                return sigma;
            }
            sigma = sigma.divide(2);
        }
        return null;
    }

    /** Equal when every component is, arrays compared by their contents. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof PsdCertificate other
                && psd == other.psd
                && Arrays.equals(pivots, other.pivots)
                && Arrays.equals(negativeDirection, other.negativeDirection)
                && Objects.equals(quadraticValue, other.quadraticValue));
    }

    @Override
    public int hashCode() {
        return Objects.hash(psd, Arrays.hashCode(pivots), Arrays.hashCode(negativeDirection), quadraticValue);
    }

    @Override
    public String toString() {
        return "PsdCertificate[psd=" + psd
                + ", pivots=" + Arrays.toString(pivots)
                + ", negativeDirection=" + Arrays.toString(negativeDirection)
                + ", quadraticValue=" + quadraticValue + "]";
    }
}
