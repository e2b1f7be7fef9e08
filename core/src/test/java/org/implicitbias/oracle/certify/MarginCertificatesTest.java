package org.implicitbias.oracle.certify;

import org.implicitbias.oracle.Certificate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.time.Duration;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MarginCertificatesTest {
    // Soudry et al.'s toy set as signed points; the l2 max-margin direction is (1, 1)/sqrt 2.
    private static final BigFraction[][] TOY = {v("0.5", "1.5"), v("1.5", "0.5"), v("0.5", "1.5"), v("1.5", "0.5")};
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
    void toySupportSetGivesTheHardMarginSolutionExactly() {
        // Gram [[5/2, 3/2], [3/2, 5/2]] alpha = 1 -> alpha = (1/4, 1/4), w = (1/2, 1/2), gamma^2 = 1/||w||^2 = 2.
        Proof p = MarginCertificates.support(TOY, null, new int[] {0, 1}, null);
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(p.witness("w")).containsExactly(q("1/2"), q("1/2"));
        assertThat(p.witness("alpha")).containsExactly(q("1/4"), q("1/4"), q("0"), q("0"));
        assertThat(p.witness("gamma-squared")).containsExactly(q("2"));
    }

    @Test
    void aCandidateInAnyScalingIsCertifiedAgainstTheRescaledOptimum() {
        Proof p = MarginCertificates.candidate(TOY, null, new double[] {0.7071067811865476, 0.7071067811865476}, q("1e-12"), session);
        assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.witness("w")).containsExactly(q("1/2"), q("1/2"));
        assertThat(p.queries()).extracting(SmtOutcome::answer).containsOnly(SmtOutcome.Answer.SAT);
    }

    @Test
    void aPerturbedDirectionIsRefuted() {
        Proof p = MarginCertificates.candidate(TOY, null, new double[] {1 + 1e-6, 1}, R, session);
        assertThat(p.status()).isEqualTo(Proof.Status.REFUTED);
        assertThat(p.queries()).extracting(SmtOutcome::answer).containsOnly(SmtOutcome.Answer.UNSAT);
    }

    @Test
    void aWrongSupportSetIsRefutedBecauseItsSolutionIsInfeasible() {
        // With z = (2, 2) added, S = {0, 2} gives alpha = (1, -3/8) and w = (-1/4, 3/4), whose margin on
        // (1.5, 0.5) is 0 < 1.
        BigFraction[][] z = {v("0.5", "1.5"), v("1.5", "0.5"), v("2", "2")};
        Proof p = MarginCertificates.support(z, null, new int[] {0, 2}, session);
        assertThat(p.status()).isEqualTo(Proof.Status.REFUTED);
        assertThat(p.witness("w")).containsExactly(q("-1/4"), q("3/4"));
        assertThat(p.reason()).contains("point 1").contains("= 0 < 1");
    }

    @Test
    void aNegativeMultiplierOnADegenerateSupportIsDecidedExactlyByZ3() {
        // z = (1, 0), (1, 3), (1, 1): w_hat = (1, 0) with all three margins 1. On S = {1, 2}
        // alpha_S = (-1/2, 3/2), yet w_S = w_hat: alpha = (1, 0, 0) works on the full active set.
        BigFraction[][] z = {v(1, 0), v(1, 3), v(1, 1)};
        Proof withoutZ3 = MarginCertificates.support(z, null, new int[] {1, 2}, null);
        assertThat(withoutZ3.status()).isEqualTo(Proof.Status.UNKNOWN);
        assertThat(withoutZ3.reason()).contains("-1/2 < 0");
        Proof withZ3 = MarginCertificates.support(z, null, new int[] {1, 2}, session);
        assertThat(withZ3.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(withZ3.witness("w")).containsExactly(q("1"), q("0"));
        BigFraction[] alpha = withZ3.witness("alpha");
        for (BigFraction a : alpha) {
            assertThat(Rationals.sgn(a)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aQuadraticNormMovesTheSupportSetAndTheOptimum() {
        // D = diag(1, 4): on S = {z1, z2} alpha = (11/8, -1/8) < 0; on S = {z1}: w = D^{-1} z1 / (z1'D^{-1}z1)
        // = (8/13, 6/13), margin on z2 = 15/13 >= 1.
        BigFraction[][] d = m(new long[] {1, 0}, new long[] {0, 4});
        BigFraction[][] z = {v("0.5", "1.5"), v("1.5", "0.5")};
        Proof p = MarginCertificates.candidate(z, d, new double[] {8 * 3.0 / 13, 6 * 3.0 / 13}, q("1e-12"), session);
        assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.witness("w")).containsExactly(q("8/13"), q("6/13"));
        assertThat(p.witness("alpha")).containsExactly(q("16/13"), q("0"));
    }

    @Test
    void boundedLevelBoundsTheDistanceToTheKnownOptimum() {
        double[] cand = {0.5 + 2e-9, 0.5 - 1e-9};
        // The gap is first order in the candidate's error, so the bound is of order sqrt(1e-9).
        Proof p = MarginCertificates.bounded(TOY, null, cand, new double[] {0.25, 0.25, 0, 0}, q("1e-4"));
        assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.BOUNDED);
        BigFraction[] cs = p.witness("w-feasible");
        double dist = Math.hypot(cs[0].doubleValue() - 0.5, cs[1].doubleValue() - 0.5);
        assertThat(dist).isLessThanOrEqualTo(p.distanceBound().doubleValue());
        Proof poorDual = MarginCertificates.bounded(TOY, null, cand, new double[] {0.1, 0.1, 0, 0}, q("1e-4"));
        assertThat(poorDual.status()).isEqualTo(Proof.Status.UNKNOWN);
    }
    @Test
    void theDirectionBoundHoldsAgainstTheClosedFormAndIsTightForAnAccurateCandidate() {
        // z = (1, 0), (0, 1): w_hat = (1, 1) with alpha = (1, 1); the direction is (1, 1)/sqrt 2.
        BigFraction[][] z = {Exact.v(1, 0), Exact.v(0, 1)};
        double s = Math.sqrt(0.5);
        Proof tight = MarginCertificates.boundedDirection(z, new double[] {s, s}, new double[] {1, 1});
        assertThat(tight.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(tight.metric()).isEqualTo(Proof.Metric.L2);
        assertThat(tight.distanceBound().doubleValue()).isLessThan(1e-7);
        for (double[] c : new double[][] {{0.8, 0.6}, {0.6, 0.8}, {0.75, 0.66}}) {
            double truth = Math.hypot(c[0] - s, c[1] - s);
            Proof p = MarginCertificates.boundedDirection(z, c, new double[] {1, 1});
            assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
            assertThat(p.distanceBound().doubleValue()).as("bound for %s", java.util.Arrays.toString(c)).isGreaterThanOrEqualTo(truth);
        }
        // a candidate that does not separate proves nothing
        Proof none = MarginCertificates.boundedDirection(z, new double[] {1, -0.1}, new double[] {1, 1});
        assertThat(none.status()).isEqualTo(Proof.Status.UNKNOWN);
    }
}
