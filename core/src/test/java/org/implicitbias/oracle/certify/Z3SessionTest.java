package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.InvalidInputException;
import org.junit.jupiter.api.Test;

class Z3SessionTest {

    static SmtQuery linear() {
        return new SmtQuery.Builder("two-lines", SmtQuery.QF_LRA, "x + y = 1/3, x = 2y")
                .declare("x", "y").assertTerm("(= (+ x y) (/ 1 3))").assertTerm("(= x (* 2 y))").build();
    }

    /** Eight coupled cubic equations: far beyond a millisecond for nlsat. */
    static SmtQuery hard() {
        SmtQuery.Builder b = new SmtQuery.Builder("coupled-cubics", SmtQuery.QF_NRA, "a hard polynomial system");
        int n = 8;
        for (int i = 0; i < n; i++) {
            b.declare("x" + i);
        }
        for (int i = 0; i < n; i++) {
            b.assertTerm("(= (+ (* x" + i + " x" + i + " x" + i + ") (* x" + (i + 1) % n + " x" + (i + 2) % n + " x" + (i + 3) % n
                    + ") (- 3)) (* " + (i + 2) + " x" + (i + 4) % n + " x" + (i + 5) % n + "))");
        }
        return b.build();
    }

    @Test
    void linearModelsAreExactRationals() {
        try (Z3Session s = Z3Session.open(Duration.ofSeconds(5))) {
            SmtOutcome out = s.check(linear());
            assertThat(out.answer()).isEqualTo(SmtOutcome.Answer.SAT);
            assertThat(out.model().get("x").exact()).isTrue();
            assertThat(out.model().get("x").lower()).isEqualTo(q("2/9"));
            assertThat(out.model().get("y").lower()).isEqualTo(q("1/9"));
        }
    }

    @Test
    void algebraicModelsAreRationalEnclosures() {
        SmtQuery sqrt2 = new SmtQuery.Builder("sqrt-two", SmtQuery.QF_NRA, "x^2 = 2, x > 0").declare("x")
                .assertTerm("(= (* x x) 2)").assertTerm("(> x 0)").build();
        try (Z3Session s = Z3Session.open(Duration.ofSeconds(5))) {
            SmtOutcome.ModelValue x = s.check(sqrt2).model().get("x");
            assertThat(x.exact()).isFalse();
            assertThat(x.lower().multiply(x.lower()).compareTo(BigFraction.TWO)).isLessThan(0);
            assertThat(x.upper().multiply(x.upper()).compareTo(BigFraction.TWO)).isGreaterThan(0);
            assertThat(x.upper().subtract(x.lower()).doubleValue()).isLessThan(1e-25);
        }
    }

    @Test
    void closeIsIdempotentAndTheOpenCountReturns() {
        int before = Z3Session.openSessions();
        Z3Session s = Z3Session.open(Duration.ofSeconds(1));
        assertThat(Z3Session.openSessions()).isEqualTo(before + 1);
        s.close();
        s.close();
        assertThat(s.isClosed()).isTrue();
        assertThat(Z3Session.openSessions()).isEqualTo(before);
        assertThatThrownBy(() -> s.check(linear())).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aSessionRefusesUseFromAnotherThread() throws InterruptedException {
        try (Z3Session s = Z3Session.open(Duration.ofSeconds(1))) {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    s.check(linear());
                } catch (Throwable e) {
                    seen.set(e);
                }
            });
            t.start();
            t.join();
            assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to thread");
            assertThat(s.check(linear()).answer()).isEqualTo(SmtOutcome.Answer.SAT);
        }
    }

    @Test
    void aTinyTimeoutOnAHardQueryIsUnknownWithZ3sReason() {
        try (Z3Session s = Z3Session.open(Duration.ofMillis(1))) {
            SmtOutcome out = s.check(hard());
            assertThat(out.answer()).isEqualTo(SmtOutcome.Answer.UNKNOWN);
            assertThat(out.reason()).containsAnyOf("timeout", "canceled");
            assertThat(out.model()).isEmpty();
            assertThat(out.toSmtLib()).contains("(set-info :status unknown)");
        }
    }

    @Test
    void aTimeoutInsideACertificateNeverBecomesAProof() {
        double[] c = PowerCertificatesTest.minNormOnExample4Line(4.0 / 3);
        try (Z3Session s = Z3Session.open(Duration.ofMillis(1))) {
            Proof p = PowerCertificates.box(PowerCertificates.Program.MIN_NORM, q("4/3"),
                    m(new long[] {1, 1, 1}, new long[] {1, 2, 0}), v(1, 10), v(0, 0, 0), c, q("5e-10"), s);
            // The box query times out; the Poincare-Miranda fallback stops at its first face that is not unsat.
            assertThat(p.queries().get(0).answer()).isEqualTo(SmtOutcome.Answer.UNKNOWN);
            assertThat(p.queries()).extracting(SmtOutcome::answer).doesNotContain(SmtOutcome.Answer.SAT)
                    .contains(SmtOutcome.Answer.UNKNOWN);
            assertThat(p.status()).isEqualTo(Proof.Status.UNKNOWN);
            assertThat(p.reason()).contains("timeout");
            assertThat(p.distanceBound()).isNull();
        }
    }

    @Test
    void timeoutsOutsideTheSupportedRangeAreBadInput() {
        assertThatThrownBy(() -> Z3Session.open(Duration.ZERO)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("timeout:");
    }
}
