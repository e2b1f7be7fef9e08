package org.implicitbias.oracle.certify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Strict SMT-LIB 2.6 term text over the theory of reals, written by hand so that every exported
 * file is standard: numerals without sign or decimal point, negatives as {@code (- n)}, rationals as
 * {@code (/ p q)}, n-ary {@code +} and {@code *}, and powers spelt out as repeated products (the
 * standard Reals theory has no exponentiation).
 */
public final class SmtText {
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private SmtText() {
    }

    /** Checks that a name is a simple SMT-LIB symbol usable as a Real constant. */
    static String symbol(String name) {
        if (!SYMBOL.matcher(name).matches()) {
            throw new IllegalArgumentException("not a simple SMT-LIB symbol: " + name);
        }
        return name;
    }

    /** A rational constant: {@code 3}, {@code (- 3)}, {@code (/ 1 3)}, {@code (- (/ 1 3))}. */
    public static String num(BigFraction value) {
        BigFraction v = value.reduce();
        BigInteger p = v.getNumerator().abs();
        BigInteger q = v.getDenominator();
        String mag = q.equals(BigInteger.ONE) ? p.toString() : "(/ " + p + " " + q + ")";
        return Rationals.sgn(v) < 0 ? "(- " + mag + ")" : mag;
    }

    /** An integer constant. */
    public static String num(BigInteger value) {
        return value.signum() < 0 ? "(- " + value.negate() + ")" : value.toString();
    }

    /** {@code (op a b)}. */
    public static String app(String op, String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no arguments for " + op);
        }
        return "(" + op + " " + String.join(" ", args) + ")";
    }

    /** n-ary sum; "0" for no terms, the term itself for one. */
    public static String sum(List<String> terms) {
        if (terms.isEmpty()) {
            return "0";
        }
        if (terms.size() == 1) {
            return terms.get(0);
        }
        return "(+ " + String.join(" ", terms) + ")";
    }

    /** n-ary product; "1" for no factors, the factor itself for one. */
    public static String product(List<String> factors) {
        if (factors.isEmpty()) {
            return "1";
        }
        if (factors.size() == 1) {
            return factors.get(0);
        }
        return "(* " + String.join(" ", factors) + ")";
    }

    /** {@code t^k} as a repeated product (k >= 0). */
    public static String power(String t, int k) {
        List<String> f = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            f.add(t);
        }
        return product(f);
    }

    /** {@code c * t}, simplified for c = 0, 1, -1. */
    public static String scaled(BigFraction c, String t) {
        if (Rationals.sgn(c) == 0) {
            return "0";
        }
        if ("1".equals(t)) {
            return num(c);
        }
        if (c.equals(BigFraction.ONE)) {
            return t;
        }
        if (c.equals(BigFraction.MINUS_ONE)) {
            return "(- " + t + ")";
        }
        return "(* " + num(c) + " " + t + ")";
    }

    /**
     * The affine term {@code sum_j c_j t_j + k}, skipping zero coefficients.
     */
    public static String affine(BigFraction[] c, String[] t, BigFraction k) {
        List<String> terms = new ArrayList<>();
        for (int j = 0; j < c.length; j++) {
            if (Rationals.sgn(c[j]) != 0) {
                terms.add(scaled(c[j], t[j]));
            }
        }
        if (k != null && Rationals.sgn(k) != 0) {
            terms.add(num(k));
        }
        return sum(terms);
    }

    /**
     * The linear relation {@code sum_j c_j t_j  op  rhs} with denominators cleared: both sides are
     * multiplied by the positive least common multiple of all denominators, so the file carries
     * integer coefficients only (the relation is unchanged).
     *
     * @param op one of {@code = <= >= < >}
     */
    public static String linear(BigFraction[] c, String[] t, String op, BigFraction rhs) {
        BigFraction[] all = Arrays.copyOf(c, c.length + 1);
        all[c.length] = rhs;
        BigFraction l = new BigFraction(Rationals.lcmOfDenominators(all));
        BigFraction[] ci = new BigFraction[c.length];
        for (int j = 0; j < c.length; j++) {
            ci[j] = c[j].multiply(l);
        }
        return "(" + op + " " + affine(ci, t, null) + " " + num(rhs.multiply(l)) + ")";
    }

    /** Conjunction; "true" for none. */
    public static String and(List<String> parts) {
        if (parts.isEmpty()) {
            return "true";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return "(and " + String.join(" ", parts) + ")";
    }

    /** Disjunction; "false" for none. */
    public static String or(List<String> parts) {
        if (parts.isEmpty()) {
            return "false";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return "(or " + String.join(" ", parts) + ")";
    }

    /** {@code lo <= t <= hi} as two atoms. */
    public static List<String> between(String t, BigFraction lo, BigFraction hi) {
        return List.of("(<= " + num(lo) + " " + t + ")", "(<= " + t + " " + num(hi) + ")");
    }

    /** Names {@code prefix0 .. prefix(n-1)}. */
    public static String[] names(String prefix, int n) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = symbol(prefix + i);
        }
        return s;
    }
}
