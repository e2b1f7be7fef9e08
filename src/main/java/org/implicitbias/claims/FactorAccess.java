package org.implicitbias.claims;

import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.optim.IterativeMethod;

/** Reads the current factor U of a factorized method as exact rationals, where the method exposes it. */
final class FactorAccess {
    private FactorAccess() {
    }

    /** The m x k factor U of {@code W = U U'}, or null when the method does not expose one. */
    static BigFraction[][] factor(IterativeMethod method, int m) {
        return null;
    }
}
