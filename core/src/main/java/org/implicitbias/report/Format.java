package org.implicitbias.report;

import java.util.Locale;

/** Number formatting for legends and titles: short, locale-independent. */
final class Format {
    private Format() {
    }

    /** A number with about {@code digits} significant digits, trailing zeros removed. */
    static String num(double v, int digits) {
        if (v == 0) {
            return "0";
        }
        if (Math.rint(v) == v && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%." + digits + "g", v);
        if (s.contains("e")) {
            int e = s.indexOf('e');
            return stripZeros(s.substring(0, e)) + "e" + Integer.parseInt(s.substring(e + 1));
        }
        return stripZeros(s);
    }

    static String num(double v) {
        return num(v, 5);
    }

    /** {@code (a, b, c)}. */
    static String point(double[] w, int digits) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < w.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(num(w[i], digits));
        }
        return b.append(')').toString();
    }

    static String point(double[] w) {
        return point(w, 5);
    }

    /** The linear equation {@code a1 w1 + a2 w2 + ... = c}, coefficients 1 and 0 written the usual way. */
    static String equation(double[] a, double c) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            double v = a[i];
            if (v == 0) {
                continue;
            }
            String term = "w" + (i + 1);
            double mag = Math.abs(v);
            String coeff = mag == 1 ? "" : num(mag, 4) + " ";
            if (b.length() == 0) {
                b.append(v < 0 ? "-" : "").append(coeff).append(term);
            } else {
                b.append(v < 0 ? " - " : " + ").append(coeff).append(term);
            }
        }
        if (b.length() == 0) {
            b.append('0');
        }
        return b.append(" = ").append(num(c, 6)).toString();
    }

    private static String stripZeros(String s) {
        if (!s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
