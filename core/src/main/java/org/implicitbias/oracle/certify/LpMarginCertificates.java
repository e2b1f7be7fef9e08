package org.implicitbias.oracle.certify;

import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * Level BOUNDED certificates for the l_p maximum margin with a rational exponent {@code p = a/b > 1}
 * (lowest terms), {@code gamma = max_{||w||_p <= 1} min_n <w, z_n>}, on rational data.
 *
 * <p>Weak duality (Lemma 10): for every r in the simplex and every w with {@code ||w||_p <= 1},
 * {@code min_n <w, z_n> <= <w, Z'r> <= ||Z'r||_q}, {@code q = p/(p - 1)}, by Hölder. A primal
 * candidate c gives {@code gamma >= min_n <z_n, c> / ||c||_p}. The norms are irrational in general;
 * they are enclosed by exact root bounds: {@code |v_i|^{a/b} = (|v_i|^a)^{1/b}} and
 * {@code ||v||_p = (sum_i |v_i|^{a/b})^{b/a}}, each bound checked by integer powers
 * ({@link Rationals#rootBounds}).
 */
public final class LpMarginCertificates {
    private LpMarginCertificates() {
    }

    /**
     * An interval {@code [gamma-lower, gamma-upper]} for the l_p maximum margin from a primal
     * candidate (at its exact double values) and candidate weights r (clipped at 0, normalised to
     * the simplex exactly). PROVED with both ends as witnesses.
     *
     * @param p         the exponent, a rational > 1
     * @param z         N x d signed data, rows {@code z_n = y_n x_n}
     * @param candidate a non-zero direction
     * @param weights   weights on the points with a positive entry
     */
    public static Proof marginBounds(BigFraction p, BigFraction[][] z, double[] candidate, double[] weights) {
        Deadline.current().route("lp margin bounds");
        int d = Inputs.matrix("Z", z);
        Inputs.vector("candidate", candidate, d);
        Inputs.vector("weights", weights, z.length);
        if (p == null || p.compareTo(BigFraction.ONE) <= 0) {
            throw new InvalidInputException("p", p, "a rational number > 1");
        }
        BigFraction q = p.divide(p.subtract(BigFraction.ONE));
        Proof.Builder proof = Proof.of(Certificate.Level.BOUNDED, "the l_p maximum margin, p = " + ExactNumbers.format(p)
                + ", lies in [gamma-lower, gamma-upper]");
        if (p.getNumerator().bitLength() > 10 || p.getDenominator().bitLength() > 10) {
            return proof.unknown("p = " + ExactNumbers.format(p) + " has a numerator or denominator above 1023: "
                    + "the exact powers are too large");
        }
        BigFraction[] c = ExactNumbers.ofDoubles(candidate);
        BigFraction[] cn = normBounds(c, p);
        if (Rationals.sgn(cn[1]) == 0) {
            throw new InvalidInputException("candidate", "the zero vector", "a non-zero direction");
        }
        BigFraction m = PolyhedralCertificates.minMargin(z, c);
        // m / ||c||_p >= m / upper when m >= 0, >= m / lower when m < 0 (lower > 0 as c != 0).
        BigFraction lo = Rationals.sgn(m) >= 0 ? m.divide(cn[1]) : m.divide(cn[0]);
        BigFraction[] r = new BigFraction[z.length];
        BigFraction sum = BigFraction.ZERO;
        for (int n = 0; n < z.length; n++) {
            r[n] = weights[n] > 0 ? ExactNumbers.ofDouble(weights[n]) : BigFraction.ZERO;
            sum = sum.add(r[n]);
        }
        if (Rationals.sgn(sum) == 0) {
            throw new InvalidInputException("weights", "no positive weight", "weights with a positive entry");
        }
        r = RationalAlgebra.scale(BigFraction.ONE.divide(sum), r);
        BigFraction hi = normBounds(RationalAlgebra.timesTransposed(z, r, d), q)[1];
        if (lo.compareTo(hi) > 0) {
            throw new IllegalStateException("margin lower bound exceeds the dual bound: internal error");
        }
        proof.witness("gamma-lower", lo).witness("gamma-upper", hi).witness("r", r);
        return proof.proved("Hölder and weak duality with exact root bounds: gap " + Rationals.show(hi.subtract(lo)));
    }

    /** Rigorous {@code [L, U]} with {@code L <= ||v||_p <= U} for a rational p > 1. */
    static BigFraction[] normBounds(BigFraction[] v, BigFraction p) {
        int a = p.getNumerator().intValueExact();
        int b = p.getDenominator().intValueExact();
        BigFraction lo = BigFraction.ZERO;
        BigFraction hi = BigFraction.ZERO;
        for (BigFraction x : v) {
            if (Rationals.sgn(x) == 0) {
                continue;
            }
            BigFraction[] t = Rationals.rootBounds(Rationals.pow(x.abs(), a), b);
            lo = lo.add(t[0]);
            hi = hi.add(t[1]);
        }
        return new BigFraction[] {
            Rationals.rootBounds(Rationals.pow(lo, b), a)[0],
            Rationals.rootBounds(Rationals.pow(hi, b), a)[1]
        };
    }
}
