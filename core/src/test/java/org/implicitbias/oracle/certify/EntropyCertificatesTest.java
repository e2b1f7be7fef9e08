package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.time.Duration;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.InvalidInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EntropyCertificatesTest {
    // Example 2 of the paper: X = [[1, 2]], y = [1], w0 = (1, 1); the minimiser is (1/2, 1/4).
    private static final BigFraction[][] X = m(new long[] {1, 2});
    private static final BigFraction[] Y = v(1);
    private static final BigFraction[] W0 = v(1, 1);
    private static final BigFraction R = q("1e-9");
    private static Z3Session session;

    @BeforeAll
    static void open() {
        session = Z3Session.open(Duration.ofSeconds(20));
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void example2IsCertifiedExactlyThroughTheMonomialIdentity() {
        Proof p = EntropyCertificates.certify(X, Y, W0, new double[] {0.5000000002, 0.2499999999}, R, session);
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(p.witness("w")).containsExactly(q("1/2"), q("1/4"));
        // ker [1, 2] is spanned by (-2, 1): w1^2 = w2.
        assertThat(p.witness("kernel-0")).containsExactly(q("-2"), q("1"));
        assertThat(p.distanceBound().doubleValue()).isLessThanOrEqualTo(2.1e-10);
        assertThat(p.queries()).isEmpty();
    }

    @Test
    void example2BoxIsSatisfiableAndPerturbedBoxesAreNot() {
        Proof p = EntropyCertificates.box(X, Y, W0, new double[] {0.5000000002, 0.2499999999}, R, session);
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.SMT);
        assertThat(p.witness("w-lower")[0].compareTo(q("1/2"))).isLessThanOrEqualTo(0);
        assertThat(p.witness("w-upper")[0].compareTo(q("1/2"))).isGreaterThanOrEqualTo(0);
        Proof off = EntropyCertificates.certify(X, Y, W0, new double[] {0.5 + 1e-6, 0.25}, R, session);
        assertThat(off.status()).isEqualTo(Proof.Status.REFUTED);
        assertThat(off.level()).isEqualTo(Certificate.Level.SMT);
    }

    @Test
    void anIrrationalMinimiserIsNotExactButIsProvedInItsBox() {
        // X = [[1, 2, 3]], y = 1, w0 = 1: w = (mu, mu^2, mu^3) with mu + 2 mu^2 + 3 mu^3 = 1 (irrational).
        double lo = 0;
        double hi = 1;
        for (int it = 0; it < 200; it++) {
            double mid = (lo + hi) / 2;
            if (mid + 2 * mid * mid + 3 * mid * mid * mid > 1) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double mu = (lo + hi) / 2;
        double[] truth = {mu, mu * mu, mu * mu * mu};
        BigFraction[][] x = m(new long[] {1, 2, 3});
        BigFraction[] w0 = v(1, 1, 1);
        Proof exact = EntropyCertificates.exact(x, Y, w0, truth, R);
        assertThat(exact.status()).isEqualTo(Proof.Status.UNKNOWN);
        Proof p = EntropyCertificates.certify(x, Y, w0, truth, R, session);
        assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.SMT);
        for (int i = 0; i < 3; i++) {
            assertThat(p.witness("w-lower")[i].doubleValue()).isLessThanOrEqualTo(truth[i] + 1e-15);
            assertThat(p.witness("w-upper")[i].doubleValue()).isGreaterThanOrEqualTo(truth[i] - 1e-15);
        }
        double[] off = truth.clone();
        off[2] += 1e-6;
        assertThat(EntropyCertificates.box(x, Y, w0, off, R, session).status()).isEqualTo(Proof.Status.REFUTED);
    }

    @Test
    void twoConstraintsAndANonUniformReferencePointAreProved() {
        // X = [[1, 1, 1, 1], [0, 1, 2, 3]], w0 = (1, 2, 1, 1/2): w_i = w0_i exp(l1 + l2 i); Newton on (l1, l2).
        BigFraction[][] x = m(new long[] {1, 1, 1, 1}, new long[] {0, 1, 2, 3});
        BigFraction[] w0 = v("1", "2", "1", "1/2");
        BigFraction[] y = v("3", "4");
        double[] w0d = {1, 2, 1, 0.5};
        double l1 = 0;
        double l2 = 0;
        for (int it = 0; it < 100; it++) {
            double f1 = -3;
            double f2 = -4;
            double j11 = 0;
            double j12 = 0;
            double j22 = 0;
            for (int i = 0; i < 4; i++) {
                double w = w0d[i] * Math.exp(l1 + l2 * i);
                f1 += w;
                f2 += i * w;
                j11 += w;
                j12 += i * w;
                j22 += i * i * w;
            }
            double det = j11 * j22 - j12 * j12;
            l1 -= (j22 * f1 - j12 * f2) / det;
            l2 -= (-j12 * f1 + j11 * f2) / det;
        }
        double[] truth = new double[4];
        for (int i = 0; i < 4; i++) {
            truth[i] = w0d[i] * Math.exp(l1 + l2 * i);
        }
        Proof p = EntropyCertificates.certify(x, y, w0, truth, q("1e-9"), session);
        assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.SMT);
    }

    @Test
    void aNonPositiveReferencePointIsBadInput() {
        assertThatThrownBy(() -> EntropyCertificates.certify(X, Y, v(1, 0), new double[] {0.5, 0.25}, R, session))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("w0[1]:");
    }
}
