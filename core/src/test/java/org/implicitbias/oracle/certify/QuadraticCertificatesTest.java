package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.time.Duration;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.assertj.core.data.Offset;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QuadraticCertificatesTest {
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
    void minimumL2NormOfOneEquationIsTheExactMidpoint() {
        Proof p = QuadraticCertificates.minBregman(m(new long[] {1, 1}), v(1), v(0, 0), null,
                new double[] {0.5, 0.5}, null, R, session);
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(p.witness("w")).containsExactly(q("1/2"), q("1/2"));
        assertThat(p.witness("lambda")).containsExactly(q("1/2"));
        assertThat(p.distanceBound()).isEqualTo(BigFraction.ZERO);
        assertThat(p.queries()).singleElement().satisfies(o -> assertThat(o.answer()).isEqualTo(SmtOutcome.Answer.SAT));
    }

    @Test
    void diagonalAndFullQuadraticPotentialsGiveTheirClosedForms() {
        // D = diag(1, 2), w0 = 0: D w = lambda (1, 1), w1 + w2 = 1 -> w = (2/3, 1/3), lambda = 2/3.
        Proof diag = QuadraticCertificates.minBregman(m(new long[] {1, 1}), v(1), v(0, 0),
                m(new long[] {1, 0}, new long[] {0, 2}), new double[] {2.0 / 3, 1.0 / 3}, null, R, null);
        assertThat(diag.witness("w")).containsExactly(q("2/3"), q("1/3"));
        assertThat(diag.witness("lambda")).containsExactly(q("2/3"));
        // D = [[2, 1], [1, 3]], w0 = (1, -1): w - w0 = lambda D^{-1}(1, 1) = lambda (2, 1)/5, lambda = 5/3.
        Proof full = QuadraticCertificates.minBregman(m(new long[] {1, 1}), v(1), v(1, -1),
                m(new long[] {2, 1}, new long[] {1, 3}), new double[] {5.0 / 3, -2.0 / 3}, null, R, session);
        assertThat(full.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(full.witness("w")).containsExactly(q("5/3"), q("-2/3"));
        assertThat(full.witness("lambda")).containsExactly(q("5/3"));
    }

    @Test
    void randomInstancesAgreeWithTheFloatingPointClosedFormProjection() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 4; trial++) {
            int n = 3;
            int d = 8;
            BigFraction[][] x = new BigFraction[n][d];
            BigFraction[] y = new BigFraction[n];
            BigFraction[] w0 = new BigFraction[d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] = new BigFraction(rnd.nextInt(-5, 6));
                }
                y[i] = new BigFraction(rnd.nextInt(-9, 10), 4);
            }
            for (int j = 0; j < d; j++) {
                w0[j] = new BigFraction(rnd.nextInt(-3, 4), 3);
            }
            double[] closed = Fixtures.projection(Dataset.exact(x, y), ExactNumbers.toDoubles(w0), null);
            Proof p = QuadraticCertificates.minBregman(x, y, w0, null, closed, null, q("1e-9"), session);
            assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
            double[] exact = ExactNumbers.toDoubles(p.witness("w"));
            for (int j = 0; j < d; j++) {
                assertThat(exact[j]).isCloseTo(closed[j], Offset.offset(1e-10));
            }
        }
    }

    @Test
    void aCandidateOffByOneMillionthIsRefutedAndZ3Agrees() {
        Proof p = QuadraticCertificates.minBregman(m(new long[] {1, 1}), v(1), v(0, 0), null,
                new double[] {0.5 + 1e-6, 0.5}, null, R, session);
        assertThat(p.status()).isEqualTo(Proof.Status.REFUTED);
        assertThat(p.witness("w")).containsExactly(q("1/2"), q("1/2"));
        assertThat(p.queries()).singleElement().satisfies(o -> assertThat(o.answer()).isEqualTo(SmtOutcome.Answer.UNSAT));
    }

    @Test
    void anInfeasibleSystemIsRefuted() {
        Proof p = QuadraticCertificates.minBregman(m(new long[] {1, 1}, new long[] {2, 2}), v(1, 3), v(0, 0), null,
                new double[] {0.5, 0.5}, null, R, null);
        assertThat(p.status()).isEqualTo(Proof.Status.REFUTED);
        assertThat(p.reason()).contains("no solution");
    }

    @Test
    void redundantRowsKeepTheSolutionAndUseThePreferredMultipliers() {
        // The second row repeats the first: lambda is a line, w is still (1/2, 1/2).
        Proof p = QuadraticCertificates.minBregman(m(new long[] {1, 1}, new long[] {2, 2}), v(1, 2), v(0, 0), null,
                new double[] {0.5, 0.5}, new double[] {0.1, 0.2}, R, null);
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.witness("w")).containsExactly(q("1/2"), q("1/2"));
        BigFraction[] lam = p.witness("lambda");
        assertThat(lam[0].add(lam[1].multiply(2))).isEqualTo(q("1/2"));
    }

    @Test
    void boundedLevelGivesADistanceBoundThatContainsTheExactOptimum() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 2;
        int d = 6;
        BigFraction[][] x = new BigFraction[n][d];
        BigFraction[] y = v(1, -2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = new BigFraction(rnd.nextInt(-3, 4));
            }
        }
        BigFraction[] w0 = v(0, 0, 0, 0, 0, 0);
        BigFraction[][] dmat = m(new long[] {2, 1, 0, 0, 0, 0}, new long[] {1, 2, 0, 0, 0, 0}, new long[] {0, 0, 3, 0, 0, 0},
                new long[] {0, 0, 0, 1, 0, 0}, new long[] {0, 0, 0, 0, 1, 0}, new long[] {0, 0, 0, 0, 0, 5});
        Proof exact = QuadraticCertificates.minBregman(x, y, w0, dmat, new double[d], null, q("100"), null);
        double[] truth = ExactNumbers.toDoubles(exact.witness("w"));
        double[] cand = truth.clone();
        cand[2] += 3e-8;
        double[] lam = ExactNumbers.toDoubles(exact.witness("lambda"));
        Proof b = QuadraticCertificates.bounded(x, y, w0, dmat, cand, lam, q("1e-6"));
        assertThat(b.status()).as(b.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(b.level()).isEqualTo(Certificate.Level.BOUNDED);
        assertThat(b.metric()).isEqualTo(Proof.Metric.L2);
        double trueDistance = 0;
        for (int j = 0; j < d; j++) {
            trueDistance += (cand[j] - exact.witness("w")[j].doubleValue()) * (cand[j] - exact.witness("w")[j].doubleValue());
        }
        assertThat(Math.sqrt(trueDistance)).isLessThanOrEqualTo(b.distanceBound().doubleValue());
        // The sigma of this D is certified below its smallest eigenvalue 1.
        assertThat(b.witness("sigma")[0].compareTo(BigFraction.ONE)).isLessThanOrEqualTo(0);
        Proof far = QuadraticCertificates.bounded(x, y, w0, dmat, truth, new double[] {lam[0] + 0.5, lam[1]}, q("1e-6"));
        assertThat(far.status()).isNotEqualTo(Proof.Status.PROVED);
        cand[0] += 1e-3;
        assertThat(QuadraticCertificates.bounded(x, y, w0, dmat, cand, lam, q("1e-6")).status())
                .isNotEqualTo(Proof.Status.PROVED);
    }

    @Test
    void aMatrixThatIsNotPositiveDefiniteIsBadInput() {
        assertThatThrownBy(() -> QuadraticCertificates.minBregman(m(new long[] {1, 1}), v(1), v(0, 0),
                m(new long[] {1, 2}, new long[] {2, 1}), new double[] {0.5, 0.5}, null, R, null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("D:");
        assertThatThrownBy(() -> QuadraticCertificates.minBregman(m(new long[] {1, 1}), v(1), v(0, 0), null,
                new double[] {0.5}, null, R, null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("candidate:");
    }
}
