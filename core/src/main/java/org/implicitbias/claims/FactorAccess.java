package org.implicitbias.claims;

import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.optim.FactorizedGradientDescent;
import org.implicitbias.optim.IterativeMethod;

/** Reads the current factor U of a factorized method as exact rationals. */
final class FactorAccess {
    private FactorAccess() {
    }

    /** The m x k factor U of {@code W = U U'} (exact values of its doubles), or null when the method has none. */
    static BigFraction[][] factor(IterativeMethod method, int m) {
        if (!(method instanceof FactorizedGradientDescent f) || !f.isSymmetric()) {
            return null;
        }
        int k = f.rank();
        double[] u = f.u();
        BigFraction[][] out = new BigFraction[m][k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = ExactNumbers.ofDouble(u[i * k + j]);
            }
        }
        return out;
    }
}
