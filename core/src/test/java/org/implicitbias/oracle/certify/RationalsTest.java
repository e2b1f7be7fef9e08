package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

class RationalsTest {

    @Test
    void simplestRationalsAreTheShortestFractionsInTheInterval() {
        assertThat(Rationals.simplestNear(1.0 / 3, q("1e-9"))).isEqualTo(q("1/3"));
        assertThat(Rationals.simplestNear(-0.2499999999, q("1e-9"))).isEqualTo(q("-1/4"));
        assertThat(Rationals.simplestNear(Math.PI, q("1e-3"))).isEqualTo(q("201/64"));
        assertThat(Rationals.simplestNear(Math.PI, q("1e-6"))).isEqualTo(q("355/113"));
        assertThat(Rationals.simplestBetween(q("-1/2"), q("1/3"))).isEqualTo(BigFraction.ZERO);
        assertThat(Rationals.simplestBetween(q("7/2"), q("7/2"))).isEqualTo(q("7/2"));
        assertThat(Rationals.simplestBetween(q("2"), q("3"))).isEqualTo(q("2"));
        // Brute force over small denominators as an independent check.
        SplittableRandom rnd = new SplittableRandom(1);
        for (int t = 0; t < 200; t++) {
            BigFraction lo = new BigFraction(rnd.nextInt(-500, 500), rnd.nextInt(1, 60));
            BigFraction hi = lo.add(new BigFraction(rnd.nextInt(0, 30), rnd.nextInt(50, 900)));
            BigFraction s = Rationals.simplestBetween(lo, hi);
            assertThat(s.compareTo(lo)).isGreaterThanOrEqualTo(0);
            assertThat(s.compareTo(hi)).isLessThanOrEqualTo(0);
            for (long den = 1; den < s.getDenominator().longValue(); den++) {
                BigInteger ceil = Rationals.ceil(lo.multiply(den));
                assertThat(new BigFraction(ceil, BigInteger.valueOf(den)).compareTo(hi))
                        .as("%s has a simpler rational with denominator %d in [%s, %s]", s, den, lo, hi).isGreaterThan(0);
            }
        }
    }

    @Test
    void rootBoundsAreRigorousAndTightAndExactForPerfectPowers() {
        BigFraction[] r = Rationals.rootBounds(BigFraction.TWO, 2);
        assertThat(r[0].multiply(r[0]).compareTo(BigFraction.TWO)).isLessThanOrEqualTo(0);
        assertThat(r[1].multiply(r[1]).compareTo(BigFraction.TWO)).isGreaterThanOrEqualTo(0);
        assertThat(r[1].subtract(r[0]).doubleValue()).isLessThan(1e-50);
        assertThat(Rationals.rootBounds(q("27/8"), 3)).containsExactly(q("3/2"), q("3/2"));
        BigFraction[] c = Rationals.rootBounds(q("1/5"), 7);
        assertThat(Rationals.pow(c[0], 7).compareTo(q("1/5"))).isLessThanOrEqualTo(0);
        assertThat(Rationals.pow(c[1], 7).compareTo(q("1/5"))).isGreaterThanOrEqualTo(0);
        assertThat(c[0].doubleValue()).isCloseTo(Math.pow(0.2, 1.0 / 7), org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void exactSolvesMatchKnownSolutionsAndDetectInconsistency() {
        // [[2, 1], [1, 3]] x = (3, 5) -> x = (4/5, 7/5).
        RationalAlgebra.LinearSolution s = RationalAlgebra.solve(m(new long[] {2, 1}, new long[] {1, 3}), v(3, 5), null);
        assertThat(s.unique()).isTrue();
        assertThat(s.x()).containsExactly(q("4/5"), q("7/5"));
        // Rank-deficient: x + y = 1 twice; the free coordinate takes the preferred value.
        RationalAlgebra.LinearSolution free = RationalAlgebra.solve(m(new long[] {1, 1}, new long[] {2, 2}), v(1, 2), v("1/3", "9"));
        assertThat(free.consistent()).isTrue();
        assertThat(free.rank()).isEqualTo(1);
        assertThat(free.x()).containsExactly(q("-8"), q("9"));
        assertThat(RationalAlgebra.solve(m(new long[] {1, 1}, new long[] {2, 2}), v(1, 3), null).consistent()).isFalse();
        // Random integer systems: A x0 = b reproduces x0.
        SplittableRandom rnd = new SplittableRandom(2);
        for (int t = 0; t < 10; t++) {
            int n = 6;
            BigFraction[][] a = new BigFraction[n][n];
            BigFraction[] x0 = new BigFraction[n];
            for (int i = 0; i < n; i++) {
                x0[i] = new BigFraction(rnd.nextInt(-9, 10), rnd.nextInt(1, 7));
                for (int j = 0; j < n; j++) {
                    a[i][j] = new BigFraction(rnd.nextInt(-5, 6), rnd.nextInt(1, 4));
                }
            }
            BigFraction[] b = RationalAlgebra.times(a, x0);
            RationalAlgebra.LinearSolution sol = RationalAlgebra.solve(a, b, null);
            if (sol.unique()) {
                assertThat(sol.x()).containsExactly(x0);
            }
        }
    }

    @Test
    void integerKernelBasesArePrimitiveAndAnnihilated() {
        BigFraction[][] x = m(new long[] {1, 1, 1, 1}, new long[] {0, 1, 2, 3});
        List<BigInteger[]> k = RationalAlgebra.integerKernelBasis(x, 4);
        assertThat(k).hasSize(2);
        for (BigInteger[] v : k) {
            assertThat(RationalAlgebra.times(x, EntropyCertificates.toFractions(v))).containsOnly(BigFraction.ZERO);
            BigInteger g = BigInteger.ZERO;
            for (BigInteger e : v) {
                g = g.gcd(e);
            }
            assertThat(g).isEqualTo(BigInteger.ONE);
        }
        assertThat(RationalAlgebra.integerKernelBasis(m(new long[] {1, 2}), 2).get(0))
                .containsExactly(BigInteger.valueOf(-2), BigInteger.ONE);
    }

    @Test
    void smtTextIsStrict() {
        assertThat(SmtText.num(q("-1/3"))).isEqualTo("(- (/ 1 3))");
        assertThat(SmtText.num(q("-4"))).isEqualTo("(- 4)");
        assertThat(SmtText.num(q("6/4"))).isEqualTo("(/ 3 2)");
        assertThat(SmtText.linear(v("1/2", "-1/3"), new String[] {"x", "y"}, "<=", q("1/6")))
                .isEqualTo("(<= (+ (* 3 x) (* (- 2) y)) 1)");
        assertThat(SmtText.power("x", 3)).isEqualTo("(* x x x)");
    }
}
