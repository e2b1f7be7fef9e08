package org.implicitbias.oracle.certify;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;

/**
 * Exact rational helpers of the certification layer: turning floating-point candidates into short
 * rationals, and rigorous rational bounds on irrational quantities (square roots, real b-th roots).
 *
 * <p>Rationalisation never enters a proof as an assumption: a rationalised candidate is only a
 * guess, which the certificates then verify exactly. Bounds, in contrast, are rigorous: every
 * returned enclosure is checked by exact integer arithmetic before it is returned.
 */
public final class Rationals {
    private Rationals() {
    }

    /** Exact value of a decimal literal of a double as printed by {@link Double#toString} (e.g. 1e-9 -> 1/10^9). */
    public static BigFraction ofShortestDecimal(double value) {
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("not a finite double: " + value);
        }
        return ExactNumbers.ofDecimal(BigDecimal.valueOf(value));
    }

    /**
     * The simplest rational (smallest denominator, then smallest absolute numerator) in the closed
     * interval {@code [lo, hi]}, by the continued-fraction (Stern-Brocot) recursion.
     *
     * @throws IllegalArgumentException if {@code lo > hi}
     */
    public static BigFraction simplestBetween(BigFraction lo, BigFraction hi) {
        if (lo.compareTo(hi) > 0) {
            throw new IllegalArgumentException("empty interval [" + lo + ", " + hi + "]");
        }
        if (sgn(lo) <= 0 && sgn(hi) >= 0) {
            return BigFraction.ZERO;
        }
        if (sgn(hi) < 0) {
            return simplestPositive(hi.negate(), lo.negate()).negate();
        }
        return simplestPositive(lo, hi);
    }

    /** The simplest rational within {@code radius} of {@code value} (radius >= 0). */
    public static BigFraction simplestNear(BigFraction value, BigFraction radius) {
        return simplestBetween(value.subtract(radius), value.add(radius));
    }

    /** The simplest rational within {@code radius} of the exact value of a double. */
    public static BigFraction simplestNear(double value, BigFraction radius) {
        return simplestNear(ExactNumbers.ofDouble(value), radius);
    }

    /** Coordinate-wise {@link #simplestNear(double, BigFraction)}. */
    public static BigFraction[] simplestNear(double[] values, BigFraction radius) {
        BigFraction[] out = new BigFraction[values.length];
        Deadline deadline = Deadline.current();
        for (int i = 0; i < values.length; i++) {
            deadline.check("simplest rationals");
            out[i] = simplestNear(values[i], radius);
        }
        return out;
    }

    // 0 < lo <= hi. Iterative form of: simplest(l, h) = fl(l) if integer in range, else
    // fl + 1 / simplest(1 / (h - fl), 1 / (l - fl)).
    private static BigFraction simplestPositive(BigFraction lo, BigFraction hi) {
        // Continued-fraction expansion shared by both ends; the convergents p/q are built as we go.
        BigInteger p0 = BigInteger.ONE;
        BigInteger q0 = BigInteger.ZERO;
        BigInteger p1 = BigInteger.ZERO;
        BigInteger q1 = BigInteger.ONE;
        BigFraction l = lo;
        BigFraction h = hi;
        while (true) {
            BigInteger fl = floor(l);
            BigInteger a;
            boolean last;
            if (new BigFraction(fl).equals(l)) {
                a = fl;
                last = true;
            } else if (new BigFraction(fl.add(BigInteger.ONE)).compareTo(h) <= 0) {
                a = fl.add(BigInteger.ONE);
                last = true;
            } else {
                a = fl;
                last = false;
            }
            BigInteger p2 = a.multiply(p0).add(p1);
            BigInteger q2 = a.multiply(q0).add(q1);
            if (last) {
                return new BigFraction(p2, q2);
            }
            p1 = p0;
            q1 = q0;
            p0 = p2;
            q0 = q2;
            BigFraction fa = new BigFraction(a);
            BigFraction nl = BigFraction.ONE.divide(h.subtract(fa));
            BigFraction nh = BigFraction.ONE.divide(l.subtract(fa));
            l = nl;
            h = nh;
        }
    }

    /** Sign of a rational: -1, 0 or 1. */
    public static int sgn(BigFraction x) {
        return x.getNumerator().signum() * x.getDenominator().signum();
    }

    /** Floor of a rational. */
    public static BigInteger floor(BigFraction x) {
        BigInteger[] qr = x.getNumerator().divideAndRemainder(x.getDenominator());
        BigInteger q = qr[0];
        // BigFraction keeps the denominator positive, so a negative remainder means rounding toward zero went up.
        if (qr[1].signum() < 0) {
            q = q.subtract(BigInteger.ONE);
        }
        return q;
    }

    /** Ceiling of a rational. */
    public static BigInteger ceil(BigFraction x) {
        return floor(x.negate()).negate();
    }

    /** {@code x^k} for an integer k >= 0 (exact). */
    public static BigFraction pow(BigFraction x, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("negative exponent " + k);
        }
        return new BigFraction(x.getNumerator().pow(k), x.getDenominator().pow(k));
    }

    /**
     * A rational upper bound {@code U >= sqrt(x)} (x >= 0) with relative excess below about 1e-30,
     * verified exactly ({@code U^2 >= x}).
     */
    public static BigFraction sqrtUpper(BigFraction x) {
        return rootBounds(x, 2)[1];
    }

    /**
     * Rigorous rational bounds {@code L <= x^(1/b) <= U} for a rational {@code x >= 0} and an integer
     * {@code b >= 1}: both are checked exactly ({@code L^b <= x <= U^b}). When x is a perfect b-th
     * power of a rational, {@code L = U} is that rational root.
     */
    public static BigFraction[] rootBounds(BigFraction x, int b) {
        if (sgn(x) < 0 || b < 1) {
            throw new IllegalArgumentException("root of " + x + " of order " + b);
        }
        if (sgn(x) == 0 || b == 1) {
            return new BigFraction[] {x, x};
        }
        BigInteger rn = exactRoot(x.getNumerator(), b);
        BigInteger rd = exactRoot(x.getDenominator(), b);
        if (rn != null && rd != null) {
            BigFraction r = new BigFraction(rn, rd);
            return new BigFraction[] {r, r};
        }
        // Approximate in BigDecimal, then widen by a few units in the last place until the
        // exact integer comparisons hold.
        int digits = 60;
        MathContext mc = new MathContext(digits, RoundingMode.HALF_EVEN);
        BigDecimal xd = new BigDecimal(x.getNumerator()).divide(new BigDecimal(x.getDenominator()), mc);
        BigDecimal r = nthRoot(xd, b, mc);
        BigDecimal ulp = r.ulp().multiply(BigDecimal.TEN.pow(3));
        BigFraction lower = ExactNumbers.ofDecimal(r.subtract(ulp));
        BigFraction upper = ExactNumbers.ofDecimal(r.add(ulp));
        for (int attempt = 0; attempt < 200 && pow(upper, b).compareTo(x) < 0; attempt++) {
            upper = upper.add(upper.subtract(lower));
        }
        for (int attempt = 0; attempt < 200 && (sgn(lower) > 0 && pow(lower, b).compareTo(x) > 0); attempt++) {
            lower = lower.subtract(upper.subtract(lower));
        }
        if (sgn(lower) < 0) {
            lower = BigFraction.ZERO;
        }
        if (pow(upper, b).compareTo(x) < 0 || pow(lower, b).compareTo(x) > 0) {
            throw new ArithmeticException("could not bracket the root of order " + b + " of " + x);
        }
        return new BigFraction[] {lower, upper};
    }

    /** The integer b-th root of n >= 0 if n is a perfect b-th power, else null. */
    static BigInteger exactRoot(BigInteger n, int b) {
        if (n.signum() == 0 || n.equals(BigInteger.ONE)) {
            return n;
        }
        BigInteger r = integerRoot(n, b);
        return r.pow(b).equals(n) ? r : null;
    }

    /** floor(n^(1/b)) for n >= 0 by Newton's method on integers. */
    static BigInteger integerRoot(BigInteger n, int b) {
        if (n.signum() == 0) {
            return n;
        }
        if (b == 2) {
            return n.sqrt();
        }
        BigInteger bb = BigInteger.valueOf(b);
        // Start above the root: 2^(ceil(bits/b)).
        BigInteger x = BigInteger.ONE.shiftLeft(n.bitLength() / b + 1);
        while (true) {
            BigInteger y = bb.subtract(BigInteger.ONE).multiply(x).add(n.divide(x.pow(b - 1))).divide(bb);
            if (y.compareTo(x) >= 0) {
                return x;
            }
            x = y;
        }
    }

    private static BigDecimal nthRoot(BigDecimal x, int b, MathContext mc) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        double guess = Math.pow(x.doubleValue(), 1.0 / b);
        BigDecimal r;
        if (Double.isFinite(guess) && guess > 0) {
            r = new BigDecimal(guess, mc);
        } else {
            r = BigDecimal.ONE;
        }
        BigDecimal bd = BigDecimal.valueOf(b);
        BigDecimal bm1 = BigDecimal.valueOf(b - 1L);
        MathContext wide = new MathContext(mc.getPrecision() + 10, RoundingMode.HALF_EVEN);
        for (int i = 0; i < 400; i++) {
            BigDecimal next = bm1.multiply(r).add(x.divide(r.pow(b - 1, wide), wide)).divide(bd, wide);
            if (next.subtract(r).abs().compareTo(r.ulp().multiply(BigDecimal.TEN)) <= 0
                    && next.round(mc).compareTo(r.round(mc)) == 0) {
                return next.round(mc);
            }
            r = next;
        }
        return r.round(mc);
    }

    /** Least common multiple of the denominators of the given rationals (1 for none). */
    public static BigInteger lcmOfDenominators(BigFraction... values) {
        BigInteger l = BigInteger.ONE;
        for (BigFraction v : values) {
            BigInteger den = v.getDenominator();
            l = l.divide(l.gcd(den)).multiply(den);
        }
        return l;
    }

    /** Max-norm {@code max_i |a_i - b_i|} of a difference. */
    public static BigFraction maxAbsDifference(BigFraction[] a, BigFraction[] b) {
        BigFraction m = BigFraction.ZERO;
        for (int i = 0; i < a.length; i++) {
            BigFraction t = a[i].subtract(b[i]).abs();
            if (t.compareTo(m) > 0) {
                m = t;
            }
        }
        return m;
    }

    /** {@code max_i |a_i - b_i|} with b given as exact doubles. */
    public static BigFraction maxAbsDifference(BigFraction[] a, double[] b) {
        return maxAbsDifference(a, ExactNumbers.ofDoubles(b));
    }

    /** Short decimal rendering for messages (not exact). */
    public static String show(BigFraction x) {
        return String.format(java.util.Locale.ROOT, "%.6g", x.doubleValue());
    }
}
