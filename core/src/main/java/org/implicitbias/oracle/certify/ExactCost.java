package org.implicitbias.oracle.certify;

import java.math.BigInteger;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Estimates, in seconds, of the exact work of the certificate routes, so that a route that cannot
 * finish within the remaining budget is skipped ({@link Deadline#unaffordable}) instead of started.
 *
 * <p>Model of one fraction-free (Bareiss) elimination of an m x w integer matrix whose rows have at
 * most b bits after clearing denominators: at pivot step k (k = 0 .. r - 1, r = min(m, w)) each of
 * the {@code (m - k - 1)(w - k - 1)} updates multiplies two minors of about {@code (k + 1) b} bits and
 * divides by one (Hadamard's bound), at cost {@code A + C ((k + 1) b / 64)^2} seconds (schoolbook
 * products of 64-bit words, plus the allocation of the results):
 * {@code T = sum_k (m - k - 1)(w - k - 1) (A + C ((k + 1) b / 64)^2)}. The constants were fitted on
 * {@link RationalAlgebra#solve} over the exact values of Gaussian doubles (b about 60) from 10 x 50
 * to 50 x 100 on a 2-core machine; the model errs on the high side by up to about 2 for the smaller
 * sizes. An estimate only decides whether a route starts; the {@link Deadline} bounds it either way.
 */
final class ExactCost {
    /** Seconds per update, besides the arithmetic (allocation of the results). */
    static final double PER_UPDATE = 2e-7;
    /** Seconds per (64-bit word)^2 of the schoolbook products of one update. */
    static final double PER_WORD_SQUARED = 4e-8;

    private ExactCost() {
    }

    /**
     * The largest bit length of an entry of the integer rows of A (each row times the least common
     * multiple of its denominators), as {@link RationalAlgebra#solve} forms them; at least 1.
     */
    static int rowBits(BigFraction[][] a) {
        int bits = 1;
        Deadline deadline = Deadline.current();
        for (BigFraction[] row : a) {
            deadline.check("estimating the exact cost");
            BigInteger l = lcmOfDenominators(row);
            int lb = l.bitLength();
            for (BigFraction v : row) {
                if (v.getNumerator().signum() != 0) {
                    bits = Math.max(bits, v.getNumerator().bitLength() + lb - v.getDenominator().bitLength() + 1);
                }
            }
        }
        return bits;
    }

    /**
     * The least common multiple of the denominators of a row; when they are all powers of two (the
     * exact values of doubles) it is the largest of them, found without a gcd.
     */
    private static BigInteger lcmOfDenominators(BigFraction[] row) {
        BigInteger max = BigInteger.ONE;
        for (BigFraction v : row) {
            BigInteger den = v.getDenominator();
            if (den.getLowestSetBit() != den.bitLength() - 1) {
                return Rationals.lcmOfDenominators(row);
            }
            if (den.bitLength() > max.bitLength()) {
                max = den;
            }
        }
        return max;
    }

    /** Seconds of one Bareiss elimination of an m x w matrix of b-bit integer rows (model above). */
    static double elimination(int m, int w, int bits) {
        int r = Math.min(m, w);
        double t = 0;
        for (int k = 0; k < r; k++) {
            double updates = (double) (m - k - 1) * (w - k - 1);
            double words = (k + 1) * (double) bits / 64;
            t += updates * (PER_UPDATE + PER_WORD_SQUARED * words * words);
        }
        return t;
    }

    /**
     * Seconds of the {@code 1 + (w - rank)} eliminations of {@link RationalAlgebra#integerKernelBasis}
     * (or of {@link AffineSpace#of}) of an m x w matrix of rank {@code min(m, w)}.
     */
    static double kernelBasis(int m, int w, int bits) {
        int free = Math.max(0, w - Math.min(m, w));
        return (1 + free) * elimination(m, w + 1, bits);
    }

    /**
     * Seconds of the Gram matrix {@code X X'} of an m x w matrix of b-bit rows and one elimination of
     * the m x m result (entries of about {@code 2b + log2 w} bits), the normal equations of the
     * quadratic routes.
     */
    static double normalEquations(int m, int w, int bits) {
        double words = bits / 64.0;
        double gram = 0.5 * m * (double) m * w * (PER_UPDATE + PER_WORD_SQUARED * words * words);
        int gramBits = 2 * bits + 32 - Integer.numberOfLeadingZeros(Math.max(1, w));
        return gram + elimination(m, m + 1, gramBits);
    }
}
