package org.implicitbias.oracle.certify;

import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;

/** Test shorthand for exact matrices and vectors written as strings ("1/3", "-2", "0.5"). */
final class Exact {
    private Exact() {
    }

    static BigFraction q(String s) {
        return ExactNumbers.parse("test", s);
    }

    static BigFraction q(long p, long r) {
        return new BigFraction(p, r);
    }

    static BigFraction[] v(String... s) {
        BigFraction[] out = new BigFraction[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = q(s[i]);
        }
        return out;
    }

    static BigFraction[] v(long... s) {
        BigFraction[] out = new BigFraction[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = new BigFraction(s[i]);
        }
        return out;
    }

    static BigFraction[][] m(long[]... rows) {
        BigFraction[][] out = new BigFraction[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v(rows[i]);
        }
        return out;
    }

    static double[] doubles(BigFraction[] x) {
        return ExactNumbers.toDoubles(x);
    }
}
