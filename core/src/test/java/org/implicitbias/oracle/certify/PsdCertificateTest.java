package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class PsdCertificateTest {

    @Test
    void positiveDefiniteMatrixHasItsSchurPivots() {
        PsdCertificate c = PsdCertificate.of(m(new long[] {2, -1}, new long[] {-1, 2}));
        assertThat(c.positiveDefinite()).isTrue();
        assertThat(c.pivots()).containsExactly(q("2"), q("3/2"));
    }

    @Test
    void singularPsdMatricesHaveZeroPivots() {
        PsdCertificate c = PsdCertificate.of(m(new long[] {1, 1}, new long[] {1, 1}));
        assertThat(c.psd()).isTrue();
        assertThat(c.positiveDefinite()).isFalse();
        assertThat(c.pivots()).containsExactly(q("1"), q("0"));
        assertThat(PsdCertificate.of(m(new long[] {0, 0}, new long[] {0, 1})).psd()).isTrue();
    }

    @Test
    void indefiniteMatricesComeWithANegativeDirection() {
        for (BigFraction[][] s : List.of(m(new long[] {1, 2}, new long[] {2, 1}), m(new long[] {0, 1}, new long[] {1, 0}),
                m(new long[] {1, 0, 0}, new long[] {0, 0, 3}, new long[] {0, 3, 5}), m(new long[] {4, 2, 0}, new long[] {2, 1, 0},
                        new long[] {0, 0, -1}))) {
            PsdCertificate c = PsdCertificate.of(s);
            assertThat(c.psd()).isFalse();
            BigFraction[] v = c.negativeDirection();
            // Independent evaluation of v'Sv.
            BigFraction value = BigFraction.ZERO;
            for (int i = 0; i < s.length; i++) {
                for (int j = 0; j < s.length; j++) {
                    value = value.add(v[i].multiply(s[i][j]).multiply(v[j]));
                }
            }
            assertThat(value.doubleValue()).isNegative();
        }
    }

    @Test
    void randomGramMatricesAgreeWithFloatingPointEigenvalues() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            int d = 5;
            int rank = 1 + rnd.nextInt(5);
            long[][] b = new long[d][rank];
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < rank; k++) {
                    b[i][k] = rnd.nextInt(-3, 4);
                }
            }
            // S = B B' - shift I with shift = 0 (psd) or a shift far from every eigenvalue.
            long shift = trial % 2 == 0 ? 0 : rnd.nextInt(1, 6);
            BigFraction[][] s = new BigFraction[d][d];
            double[][] sd = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    long t = 0;
                    for (int k = 0; k < rank; k++) {
                        t += b[i][k] * b[j][k];
                    }
                    if (i == j) {
                        t -= shift;
                    }
                    s[i][j] = new BigFraction(t);
                    sd[i][j] = t;
                }
            }
            double min = Double.POSITIVE_INFINITY;
            for (double ev : new EigenDecomposition(new Array2DRowRealMatrix(sd)).getRealEigenvalues()) {
                min = Math.min(min, ev);
            }
            if (Math.abs(min) < 1e-6 && shift != 0) {
                continue;
            }
            assertThat(PsdCertificate.of(s).psd()).as("trial %d, min eigenvalue %s", trial, min).isEqualTo(min > -1e-9);
        }
    }

    @Test
    void nuclearFeasibilityRejectsANonPsdMatrixAndAcceptsAPsdOne() {
        Proof bad = NuclearCertificates.feasible(new BigFraction[][] {v("1/2", "1"), v("1", "1/2")});
        assertThat(bad.status()).isEqualTo(Proof.Status.REFUTED);
        assertThat(bad.witness("v'Wv")[0].doubleValue()).isNegative();
        Proof good = NuclearCertificates.feasible(new BigFraction[][] {v("1/2", "1/4"), v("1/4", "1/2")});
        assertThat(good.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(good.witness("pivots")).containsExactly(q("1/2"), q("3/8"));
        Proof big = NuclearCertificates.feasible(new BigFraction[][] {v("1", "0"), v("0", "1")});
        assertThat(big.status()).isEqualTo(Proof.Status.REFUTED);
        assertThat(big.reason()).contains("trace");
    }

    @Test
    void nuclearMarginBoundsBracketTheDiagonalExample() {
        // X1 = diag(1, 0), X2 = diag(0, 1), y = (1, 1): max min(W11, W22) over psd W with trace <= 1 is 1/2 at I/2.
        List<BigFraction[][]> xs = List.of(m(new long[] {1, 0}, new long[] {0, 0}), m(new long[] {0, 0}, new long[] {0, 1}));
        Proof p = NuclearCertificates.marginBounds(xs, v(1, 1), new double[][] {{0.5 + 1e-9, 1e-10}, {1e-10, 0.5 - 1e-9}},
                new double[] {0.5, 0.5});
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.witness("gamma-lower")[0].doubleValue()).isLessThanOrEqualTo(0.5).isGreaterThan(0.5 - 1e-8);
        assertThat(p.witness("gamma-upper")[0].doubleValue()).isGreaterThanOrEqualTo(0.5).isLessThan(0.5 + 1e-8);
        // A non-psd candidate is repaired into a feasible one before it bounds anything.
        Proof repaired = NuclearCertificates.marginBounds(xs, v(1, 1), new double[][] {{0.5, 0.6}, {0.6, 0.5}},
                new double[] {0.5, 0.5});
        assertThat(repaired.witness("gamma-lower")[0].doubleValue()).isLessThanOrEqualTo(0.5);
        BigFraction[] wf = repaired.witness("W-feasible");
        assertThat(NuclearCertificates.feasible(new BigFraction[][] {{wf[0], wf[1]}, {wf[2], wf[3]}}).status())
                .isEqualTo(Proof.Status.PROVED);
    }
}
