package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.time.Duration;
import org.apache.commons.math3.fraction.BigFraction;
import org.assertj.core.data.Offset;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.oracle.certify.PowerCertificates.Program;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PowerCertificatesTest {
    // Example 4: X = [[1, 1, 1], [1, 2, 0]], y = (1, 10), w0 = 0; G = (1/3, 29/6, -25/6) + t (-2, 1, 1).
    private static final BigFraction[][] X = m(new long[] {1, 1, 1}, new long[] {1, 2, 0});
    private static final BigFraction[] Y = v(1, 10);
    private static final BigFraction[] ZERO = v(0, 0, 0);
    /** Half of the box width 1e-9. */
    private static final BigFraction HALF_WIDTH = q("5e-10");
    private static Z3Session session;

    @BeforeAll
    static void open() {
        session = Z3Session.open(Duration.ofSeconds(30));
    }

    @AfterAll
    static void close() {
        session.close();
    }

    @Test
    void example4MinimumL43NormIsProvedWithinABoxOfWidthOneBillionth() {
        double[] truth = minNormOnExample4Line(4.0 / 3);
        Proof p = PowerCertificates.box(Program.MIN_NORM, q("4/3"), X, Y, ZERO, truth, HALF_WIDTH, session);
        assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.SMT);
        assertThat(p.distanceBound().compareTo(HALF_WIDTH)).isLessThanOrEqualTo(0);
        BigFraction[] lo = p.witness("w-lower");
        BigFraction[] hi = p.witness("w-upper");
        BigFraction[] boxLo = p.witness("box-lower");
        BigFraction[] boxHi = p.witness("box-upper");
        double[] reported = {2.30045e-4, 4.999885, -4.000115};
        for (int i = 0; i < 3; i++) {
            assertThat(boxHi[i].subtract(boxLo[i])).isEqualTo(q("1e-9"));
            assertThat(lo[i].compareTo(boxLo[i])).isGreaterThanOrEqualTo(0);
            assertThat(hi[i].compareTo(boxHi[i])).isLessThanOrEqualTo(0);
            assertThat(lo[i].add(hi[i]).doubleValue() / 2).isCloseTo(reported[i], Offset.offset(1e-6));
        }
        double norm = 0;
        for (int i = 0; i < 3; i++) {
            norm += Math.pow(Math.abs(lo[i].add(hi[i]).doubleValue() / 2), 4.0 / 3);
        }
        assertThat(Math.pow(norm, 0.75)).isCloseTo(7.583650625, Offset.offset(1e-9));
    }

    @Test
    void example4WithOneCoordinateOffByOneMillionthIsRefuted() {
        double[] c = minNormOnExample4Line(4.0 / 3);
        c[0] += 1e-6;
        Proof p = PowerCertificates.box(Program.MIN_NORM, q("4/3"), X, Y, ZERO, c, HALF_WIDTH, session);
        assertThat(p.status()).isEqualTo(Proof.Status.REFUTED);
        assertThat(p.queries()).extracting(SmtOutcome::answer).containsExactly(SmtOutcome.Answer.UNSAT, SmtOutcome.Answer.UNSAT);
    }

    @Test
    void squaredLpFromZeroHasTheMinimumNormSolution() {
        double[] truth = minNormOnExample4Line(4.0 / 3);
        Proof p = PowerCertificates.box(Program.MIN_BREGMAN_SQUARED_LP, q("4/3"), X, Y, ZERO, truth, HALF_WIDTH, session);
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThatThrownBy(() -> PowerCertificates.box(Program.MIN_BREGMAN_SQUARED_LP, q("4/3"), X, Y, v(1, 0, 0), truth,
                HALF_WIDTH, session)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("w0:");
    }

    @Test
    void otherExponentsUseSignedPowersAndAuxiliaryRoots() {
        // p = 3/2: phi(h) = h|h| (even b); p = 3: phi(h) = sign(h)|h|^(1/2) with an auxiliary root.
        for (String p : new String[] {"3/2", "3"}) {
            double[] truth = minNormOnExample4Line(q(p).doubleValue());
            Proof proof = PowerCertificates.box(Program.MIN_NORM, q(p), X, Y, ZERO, truth, q("1e-9"), session);
            assertThat(proof.status()).as(p + ": " + proof).isEqualTo(Proof.Status.PROVED);
        }
    }

    @Test
    void lpPowerBregmanFromARationalLinkPointIsProved() {
        // psi = (3/4)||w||_{4/3}^{4/3}, w0 = (8, 1, -1): link(w0) = (2, 1, -1); w = (link(w0) + X'lambda)^3.
        double[] truth = lpPowerOnExample4(new double[] {2, 1, -1});
        Proof p = PowerCertificates.box(Program.MIN_BREGMAN_LP_POWER, q("4/3"), X, Y, v(8, 1, -1), truth, q("1e-9"), session);
        assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.queries().get(0).query().variables()).containsExactly("lam0", "lam1");
    }

    @Test
    void anIrrationalLinkPointThatZ3CannotSettleInTimeStaysUnknown() {
        // w0 = (2, 1, 1): link(w0)_0 = 2^(1/3) enters as an auxiliary root c0^3 = 2; nlsat does not settle
        // this query within the short timeout, and the answer must stay UNKNOWN.
        double[] truth = lpPowerOnExample4(new double[] {Math.cbrt(2), 1, 1});
        try (Z3Session quick = Z3Session.open(Duration.ofMillis(300))) {
            Proof p = PowerCertificates.box(Program.MIN_BREGMAN_LP_POWER, q("4/3"), X, Y, v(2, 1, 1), truth, q("1e-9"), quick);
            assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.UNKNOWN);
            assertThat(p.reason()).contains("timeout");
            assertThat(p.queries()).singleElement().satisfies(o -> {
                assertThat(o.answer()).isEqualTo(SmtOutcome.Answer.UNKNOWN);
                assertThat(o.query().variables()).contains("c0");
            });
            assertThat(p.distanceBound()).isNull();
        }
    }

    /** KKT point w = (c0 + X'lambda)^3 of the 4/3-power Bregman problem on Example 4's data, by damped Newton. */
    private static double[] lpPowerOnExample4(double[] c0) {
        double[] lam = {0, 0};
        for (int it = 0; it < 200; it++) {
            double[] h = {c0[0] + lam[0] + lam[1], c0[1] + lam[0] + 2 * lam[1], c0[2] + lam[0]};
            double[] w = {h[0] * h[0] * h[0], h[1] * h[1] * h[1], h[2] * h[2] * h[2]};
            double[] f = {w[0] + w[1] + w[2] - 1, w[0] + 2 * w[1] - 10};
            double[] dw = {3 * h[0] * h[0], 3 * h[1] * h[1], 3 * h[2] * h[2]};
            double j00 = dw[0] + dw[1] + dw[2];
            double j01 = dw[0] + 2 * dw[1];
            double j11 = dw[0] + 4 * dw[1];
            double det = j00 * j11 - j01 * j01;
            lam[0] -= 0.5 * (j11 * f[0] - j01 * f[1]) / det;
            lam[1] -= 0.5 * (-j01 * f[0] + j00 * f[1]) / det;
        }
        double[] h = {c0[0] + lam[0] + lam[1], c0[1] + lam[0] + 2 * lam[1], c0[2] + lam[0]};
        double[] truth = {h[0] * h[0] * h[0], h[1] * h[1] * h[1], h[2] * h[2] * h[2]};
        assertThat(truth[0] + truth[1] + truth[2]).isCloseTo(1, Offset.offset(1e-12));
        assertThat(truth[0] + 2 * truth[1]).isCloseTo(10, Offset.offset(1e-12));
        return truth;
    }

    @Test
    void whenNlsatStallsOnTheBoxThePoincareMirandaFacesProveIt() {
        // A random 2 x 6 instance on which nlsat does not settle even the unboxed cubic system.
        BigFraction[][] x = m(new long[] {-3, -1, 2, 2, -1, 2}, new long[] {-1, 1, 3, -3, 3, -3});
        BigFraction[] y = v(-1, -4);
        double[][] xd = {{-3, -1, 2, 2, -1, 2}, {-1, 1, 3, -3, 3, -3}};
        double[] yd = {-1, -4};
        double[] lam = {-0.1, -0.2};
        for (int it = 0; it < 100; it++) {
            double[] f = {-yd[0], -yd[1]};
            double[][] j = new double[2][2];
            for (int i = 0; i < 6; i++) {
                double h = xd[0][i] * lam[0] + xd[1][i] * lam[1];
                for (int a = 0; a < 2; a++) {
                    f[a] += xd[a][i] * h * h * h;
                    for (int b = 0; b < 2; b++) {
                        j[a][b] += xd[a][i] * 3 * h * h * xd[b][i];
                    }
                }
            }
            double det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
            lam[0] -= (j[1][1] * f[0] - j[0][1] * f[1]) / det;
            lam[1] -= (-j[1][0] * f[0] + j[0][0] * f[1]) / det;
        }
        double[] truth = new double[6];
        for (int i = 0; i < 6; i++) {
            double h = xd[0][i] * lam[0] + xd[1][i] * lam[1];
            truth[i] = h * h * h;
        }
        BigFraction[] zero = RationalAlgebra.zeros(6);
        Proof p = PowerCertificates.box(Program.MIN_NORM, q("4/3"), x, y, zero, truth, HALF_WIDTH, session);
        assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.reason()).contains("Poincare-Miranda");
        assertThat(p.queries()).hasSize(5);
        for (int i = 0; i < 6; i++) {
            assertThat(p.witness("w-lower")[i].doubleValue()).isLessThanOrEqualTo(truth[i] + 1e-15);
            assertThat(p.witness("w-upper")[i].doubleValue()).isGreaterThanOrEqualTo(truth[i] - 1e-15);
        }
        double[] off = truth.clone();
        off[2] += 1e-6;
        Proof wrong = PowerCertificates.box(Program.MIN_NORM, q("4/3"), x, y, zero, off, HALF_WIDTH, session);
        assertThat(wrong.status()).isNotEqualTo(Proof.Status.PROVED);
    }

    @Test
    void exponentsAtMostOneAreBadInput() {
        assertThatThrownBy(() -> PowerCertificates.box(Program.MIN_NORM, q("1"), X, Y, ZERO, new double[3], HALF_WIDTH, session))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("p:");
    }

    /**
     * The minimiser of ||w||_p on Example 4's line, by bisection on the derivative
     * sum_i n_i sign(w_i)|w_i|^(p-1) (increasing in t), in plain doubles.
     */
    static double[] minNormOnExample4Line(double p) {
        double[] a = {1.0 / 3, 29.0 / 6, -25.0 / 6};
        double[] n = {-2, 1, 1};
        double lo = -10;
        double hi = 10;
        for (int it = 0; it < 200; it++) {
            double mid = (lo + hi) / 2;
            double g = 0;
            for (int i = 0; i < 3; i++) {
                double w = a[i] + mid * n[i];
                g += n[i] * Math.signum(w) * Math.pow(Math.abs(w), p - 1);
            }
            if (g > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double t = (lo + hi) / 2;
        return new double[] {a[0] + t * n[0], a[1] + t * n[1], a[2] + t * n[2]};
    }
}
