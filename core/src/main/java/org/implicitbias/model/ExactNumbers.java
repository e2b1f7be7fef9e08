package org.implicitbias.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Exact reading and writing of the numbers that appear in problem, spec and counterexample files.
 *
 * <p>A number is either a decimal literal ({@code "0.1"}, {@code "-3"}, {@code "1e-3"}), read as the
 * exact decimal it spells, or a fraction {@code "p/q"} of two integers. Every double is also a
 * rational, so {@link #ofDouble(double)} converts without loss.
 */
public final class ExactNumbers {
    private ExactNumbers() {
    }

    /**
     * Parses an exact number.
     *
     * @param field the field being read, for the error message
     * @param text  {@code "p/q"} or a decimal literal
     * @throws InvalidInputException if the text is neither, or has a zero denominator
     */
    public static BigFraction parse(String field, String text) {
        String s = text == null ? "" : text.trim();
        try {
            int slash = s.indexOf('/');
            if (slash >= 0) {
                BigInteger num = new BigInteger(s.substring(0, slash).trim());
                BigInteger den = new BigInteger(s.substring(slash + 1).trim());
                if (den.signum() == 0) {
                    throw new InvalidInputException(field, text, "a fraction with a non-zero denominator");
                }
                return new BigFraction(num, den);
            }
            return ofDecimal(new BigDecimal(s));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException(field, text, "a number, e.g. 0.25, \"1/3\" or \"-2.5e-3\"");
        }
    }

    /** The exact value of a decimal. */
    public static BigFraction ofDecimal(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        int scale = v.scale();
        if (scale <= 0) {
            return new BigFraction(v.toBigIntegerExact());
        }
        return new BigFraction(v.unscaledValue(), BigInteger.TEN.pow(scale));
    }

    /**
     * The exact rational value of a finite double, read off its bits: {@code value = m 2^k} with m an odd
     * integer of at most 53 bits (subnormals have {@code k = -1074} before the trailing zeros of m are moved
     * into k), so the fraction {@code m 2^k} or {@code m / 2^-k} is already in lowest terms. (The same value
     * as the double's exact decimal expansion, without forming its up to 767 digits.)
     */
    public static BigFraction ofDouble(double value) {
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("not a finite double: " + value);
        }
        if (value == 0) {
            return BigFraction.ZERO;
        }
        long bits = Double.doubleToRawLongBits(value);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long m = bits & 0x000f_ffff_ffff_ffffL;
        int k;
        if (biased == 0) {
            k = -1074;
        } else {
            m |= 1L << 52;
            k = biased - 1075;
        }
        int zeros = Long.numberOfTrailingZeros(m);
        m >>= zeros;
        k += zeros;
        BigInteger num = BigInteger.valueOf(value < 0 ? -m : m);
        return k >= 0 ? new BigFraction(num.shiftLeft(k)) : new BigFraction(num, BigInteger.ONE.shiftLeft(-k));
    }

    /** Canonical text form: {@code "p"} for integers, {@code "p/q"} otherwise. */
    public static String format(BigFraction value) {
        BigFraction r = value.reduce();
        return r.getDenominator().equals(BigInteger.ONE)
                ? r.getNumerator().toString()
                : r.getNumerator() + "/" + r.getDenominator();
    }

    /** Converts a vector of exact numbers to doubles (each rounded to nearest, see {@link #toDouble}). */
    public static double[] toDoubles(BigFraction[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = toDouble(values[i]);
        }
        return out;
    }

    /**
     * The double nearest to {@code p/q} (ties to even), the same double {@link Double#parseDouble} gives for
     * a decimal's text, so that a number read exactly and one read as a double agree. (A quotient of the
     * two rounded integers, as {@link BigFraction#doubleValue()} forms it, can be one unit off when p or q
     * exceeds 2^53.) Method: the integer quotient of {@code p 2^s / q} with 55 or 56 bits and a sticky bit
     * for a non-zero remainder rounds correctly to 53 bits, and scaling by {@code 2^-s} is exact outside
     * the subnormal range, where the quotient is formed as a decimal (exactly when it terminates, else to
     * 1100 digits) and rounded by {@link Double#parseDouble}.
     */
    public static double toDouble(BigFraction value) {
        BigInteger p = value.getNumerator();
        BigInteger q = value.getDenominator();
        if (q.signum() < 0) {
            p = p.negate();
            q = q.negate();
        }
        if (p.signum() == 0) {
            return 0.0;
        }
        if (q.equals(BigInteger.ONE)) {
            return p.doubleValue(); // BigInteger rounds to nearest
        }
        boolean negative = p.signum() < 0;
        BigInteger a = p.abs();
        int shift = 55 - (a.bitLength() - q.bitLength());
        BigInteger[] qr = (shift >= 0 ? a.shiftLeft(shift) : a).divideAndRemainder(shift >= 0 ? q : q.shiftLeft(-shift));
        long m = qr[0].longValueExact();
        if (qr[1].signum() != 0) {
            m |= 1;
        }
        double v = Math.scalb((double) m, -shift);
        if (!(Math.abs(v) >= Double.MIN_NORMAL) || Double.isInfinite(v)) {
            BigDecimal num = new BigDecimal(p);
            BigDecimal den = new BigDecimal(q);
            BigDecimal quotient;
            try {
                quotient = num.divide(den);
            } catch (ArithmeticException e) {
                quotient = num.divide(den, new java.math.MathContext(1100));
            }
            return Double.parseDouble(quotient.toString());
        }
        return negative ? -v : v;
    }

    /** Exact rational vector of a double vector. */
    public static BigFraction[] ofDoubles(double[] values) {
        BigFraction[] out = new BigFraction[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ofDouble(values[i]);
        }
        return out;
    }
}
