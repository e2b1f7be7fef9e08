package org.implicitbias.oracle.certify;

import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.InvalidInputException;

/** Shape and value checks of certificate inputs; failures name the field, the value and the expectation. */
final class Inputs {
    private Inputs() {
    }

    /** Checks a non-empty rectangular rational matrix and returns its column count. */
    static int matrix(String field, BigFraction[][] m) {
        if (m == null || m.length == 0) {
            throw new InvalidInputException(field, m == null ? null : "[]", "a matrix with at least one row");
        }
        int n = m[0] == null ? 0 : m[0].length;
        if (n == 0) {
            throw new InvalidInputException(field + "[0]", "[]", "a row with at least one entry");
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != n) {
                throw new InvalidInputException(field + "[" + i + "]",
                        m[i] == null ? null : m[i].length + " entries", n + " entries like " + field + "[0]");
            }
            for (int j = 0; j < n; j++) {
                if (m[i][j] == null) {
                    throw new InvalidInputException(field + "[" + i + "][" + j + "]", null, "a number");
                }
            }
        }
        return n;
    }

    /** Checks a square symmetric rational matrix of order n. */
    static void symmetric(String field, BigFraction[][] m, int n) {
        if (matrix(field, m) != n || m.length != n) {
            throw new InvalidInputException(field, m.length + " x " + m[0].length, n + " x " + n);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (!m[i][j].equals(m[j][i])) {
                    throw new InvalidInputException(field + "[" + i + "][" + j + "]", m[i][j],
                            "the symmetric entry " + field + "[" + j + "][" + i + "] = " + m[j][i]);
                }
            }
        }
    }

    /**
     * Checks a symmetric positive definite rational matrix of order n: symmetric entry by entry and
     * every pivot of its exact LDL' factorisation positive.
     */
    static void positiveDefinite(String field, BigFraction[][] m, int n) {
        symmetric(field, m, n);
        if (!PsdCertificate.of(m).positiveDefinite()) {
            throw new InvalidInputException(field, "a matrix with a pivot <= 0 in its exact LDL' factorisation",
                    "a symmetric positive definite matrix");
        }
    }

    static void vector(String field, BigFraction[] v, int n) {
        if (v == null || v.length != n) {
            throw new InvalidInputException(field, v == null ? null : v.length + " entries", n + " entries");
        }
        for (int i = 0; i < n; i++) {
            if (v[i] == null) {
                throw new InvalidInputException(field + "[" + i + "]", null, "a number");
            }
        }
    }

    static void vector(String field, double[] v, int n) {
        if (v == null || v.length != n) {
            throw new InvalidInputException(field, v == null ? null : v.length + " entries", n + " entries");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                throw new InvalidInputException(field + "[" + i + "]", v[i], "a finite number");
            }
        }
    }

    static void positive(String field, BigFraction v) {
        if (v == null || Rationals.sgn(v) <= 0) {
            throw new InvalidInputException(field, v, "a number > 0");
        }
    }

    static void positive(String field, BigFraction[] v) {
        for (int i = 0; i < v.length; i++) {
            if (Rationals.sgn(v[i]) <= 0) {
                throw new InvalidInputException(field + "[" + i + "]", v[i], "a number > 0");
            }
        }
    }
}
