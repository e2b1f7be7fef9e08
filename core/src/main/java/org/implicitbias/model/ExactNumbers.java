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

    /** The exact rational value of a finite double. */
    public static BigFraction ofDouble(double value) {
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("not a finite double: " + value);
        }
        return ofDecimal(new BigDecimal(value));
    }

    /** Canonical text form: {@code "p"} for integers, {@code "p/q"} otherwise. */
    public static String format(BigFraction value) {
        BigFraction r = value.reduce();
        return r.getDenominator().equals(BigInteger.ONE)
                ? r.getNumerator().toString()
                : r.getNumerator() + "/" + r.getDenominator();
    }

    /** Converts a vector of exact numbers to doubles (each rounded to nearest). */
    public static double[] toDoubles(BigFraction[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i].doubleValue();
        }
        return out;
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
