package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * Interval arithmetic against independent truths: published decimal expansions of the constants
 * (log 2, e, sqrt 2, asinh 1 = log(1 + sqrt 2), 2^(1/3)), exact identities, and inclusion of the
 * exact results of rational operations.
 */
class EnclosureTest {
    // Decimal expansions (OEIS A002162, A001113, A002193, A091648, A002580), 50 digits.
    private static final BigDecimal LOG_2 = new BigDecimal("0.69314718055994530941723212145817656807550013436025");
    private static final BigDecimal E = new BigDecimal("2.7182818284590452353602874713526624977572470936999");
    private static final BigDecimal SQRT_2 = new BigDecimal("1.4142135623730950488016887242096980785696718753769");
    private static final BigDecimal ASINH_1 = new BigDecimal("0.88137358701954302523260932497979230902816032826163");
    private static final BigDecimal CBRT_2 = new BigDecimal("1.2599210498948731647672106072782283505702514647015");
    /** The constants above are exact to 49 decimals; the enclosures must hold them within that. */
    private static final BigDecimal SLACK = new BigDecimal("1e-49");

    private static void assertEncloses(Enclosure e, BigDecimal truth) {
        assertThat(e.lower().subtract(SLACK)).as("lower end of " + e).isLessThanOrEqualTo(truth);
        assertThat(e.upper().add(SLACK)).as("upper end of " + e).isGreaterThanOrEqualTo(truth);
        assertThat(e.width()).as("width of " + e).isLessThan(new BigDecimal("1e-35"));
    }

    @Test
    void constantsAreEnclosedTightly() {
        assertEncloses(Enclosure.of(2).log(), LOG_2);
        assertEncloses(Enclosure.ONE.exp(), E);
        assertEncloses(Enclosure.of(2).sqrt(), SQRT_2);
        assertEncloses(Enclosure.ONE.asinh(), ASINH_1);
        assertEncloses(Enclosure.ONE.negate().asinh(), ASINH_1.negate());
        assertEncloses(Enclosure.of(2).pow(Enclosure.of(new BigFraction(1, 3))), CBRT_2);
        // log(1/2) = -log 2 and exp(-1) = 1/e exercise the negative branches.
        assertEncloses(Enclosure.of(0.5).log(), LOG_2.negate());
        assertEncloses(Enclosure.of(-1).exp().multiply(Enclosure.ONE.exp()), BigDecimal.ONE);
    }

    @Test
    void exactIdentitiesHold() {
        assertThat(Enclosure.ONE.log()).isEqualTo(Enclosure.ZERO);
        assertThat(Enclosure.ZERO.exp()).isEqualTo(Enclosure.ONE);
        assertThat(Enclosure.of(4).sqrt().contains(BigDecimal.valueOf(2))).isTrue();
        assertThat(Enclosure.of(8).pow(Enclosure.of(new BigFraction(1, 3))).contains(BigDecimal.valueOf(2))).isTrue();
        assertThat(Enclosure.of(1024).log().divide(Enclosure.of(2).log()).contains(BigDecimal.TEN)).isTrue();
        // 0^e = 0 for e > 0; a power of an interval reaching 0
        assertThat(Enclosure.ZERO.pow(Enclosure.of(0.5))).isEqualTo(Enclosure.ZERO);
        assertThat(Enclosure.of(BigDecimal.ZERO, BigDecimal.valueOf(4)).pow(Enclosure.of(0.5)).contains(BigDecimal.valueOf(2))).isTrue();
    }

    @Test
    void rationalOperationsContainTheExactResult() {
        Enclosure third = Enclosure.of(new BigFraction(1, 3));
        assertThat(third.width()).isPositive();
        assertThat(third.multiply(Enclosure.of(3)).contains(BigDecimal.ONE)).isTrue();
        assertThat(Enclosure.ONE.divide(Enclosure.of(7)).multiply(Enclosure.of(7)).contains(BigDecimal.ONE)).isTrue();
        // exact decimal fractions stay points
        assertThat(Enclosure.of(new BigFraction(3, 8)).width()).isZero();
        Enclosure x = Enclosure.of(new BigDecimal("-1"), new BigDecimal("2"));
        assertThat(x.square().lower()).isZero();
        assertThat(x.square().upper()).isEqualByComparingTo("4");
        assertThat(x.multiply(x).lower()).isEqualByComparingTo("-2");
        assertThatThrownBy(() -> Enclosure.ONE.divide(x)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> x.log()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void logAndExpAreInverseAndMatchTheLibraryOnRandomArguments() {
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 200; k++) {
            double v = Math.exp(r.nextDouble(-20, 20));
            Enclosure l = Enclosure.of(v).log();
            // Math.log is within one ulp of the truth: the enclosure must meet [log - ulp, log + ulp].
            double m = Math.log(v);
            assertThat(l.lower().doubleValue()).isLessThanOrEqualTo(m + 2 * Math.ulp(m));
            assertThat(l.upper().doubleValue()).isGreaterThanOrEqualTo(m - 2 * Math.ulp(m));
            assertThat(l.exp().contains(v)).as("exp(log %s)", v).isTrue();
            double t = r.nextDouble(-30, 30);
            assertThat(Enclosure.of(t).exp().log().contains(t)).as("log(exp %s)", t).isTrue();
            double a = r.nextDouble(-1e3, 1e3);
            double s = Math.sinh(Enclosure.of(a).asinh().mid());
            assertThat(Math.abs(s - a)).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(a)));
        }
    }
}
