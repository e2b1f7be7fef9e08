package org.implicitbias.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

class ExactNumbersTest {
    /** The independent truth: the double's exact decimal expansion (BigDecimal(double) is exact), as p / 10^s. */
    private static BigFraction viaDecimal(double v) {
        BigDecimal b = new BigDecimal(v);
        return b.scale() <= 0 ? new BigFraction(b.toBigIntegerExact())
                : new BigFraction(b.unscaledValue(), BigInteger.TEN.pow(b.scale()));
    }

    private static void assertExact(double v) {
        BigFraction f = ExactNumbers.ofDouble(v);
        BigFraction truth = viaDecimal(v);
        assertThat(f.getNumerator()).as("numerator of %s", v).isEqualTo(truth.getNumerator());
        assertThat(f.getDenominator()).as("denominator of %s", v).isEqualTo(truth.getDenominator());
        assertThat(ExactNumbers.toDouble(f)).isEqualTo(v == 0 ? 0.0 : v);
    }

    @Test
    void doublesConvertToTheirExactReducedFractions() {
        double[] special = {0.0, -0.0, 1, -1, 0.5, 0.1, -0.1, 3, 1e-9, 1e9, 1e300, -1e-300, Double.MAX_VALUE,
                Double.MIN_NORMAL, Double.MIN_VALUE, -Double.MIN_VALUE, 3 * Double.MIN_VALUE, Math.nextDown(Double.MIN_NORMAL),
                Math.ulp(1.0), 1 + Math.ulp(1.0), 1L << 53, (1L << 53) + 2.0, 12345678.125};
        for (double v : special) {
            assertExact(v);
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 2000; k++) {
            double any = Double.longBitsToDouble(r.nextLong());
            if (Double.isFinite(any)) {
                assertExact(any);
            }
            assertExact(r.nextDouble() * 2 - 1);
        }
        assertThat(ExactNumbers.ofDouble(0.0)).isEqualTo(BigFraction.ZERO);
    }
}
