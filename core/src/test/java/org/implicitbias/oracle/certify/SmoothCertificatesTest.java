package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Potential;
import org.implicitbias.io.Json;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import org.implicitbias.oracle.ReferenceSolver;
import org.junit.jupiter.api.Test;

/**
 * The bounded route against minimisers known independently: closed forms on block-structured
 * constraints (each block sum fixed, so a permutation-symmetric objective is constant on each
 * block, and entropy from w0 rescales w0 on each block), and a random entropy problem solved to 60
 * digits by an independent Newton iteration (mpmath; {@code bounded/entropy_reference.py}). The
 * bound must never be below the true distance, and must be tight for an accurate candidate.
 */
class SmoothCertificatesTest {
    /** Blocks {0,1}, {2,3,4}, {5,6,7,8} of d = 9 coordinates. */
    private static final int[][] BLOCKS = {{0, 1}, {2, 3, 4}, {5, 6, 7, 8}};
    private static final BigFraction[] SUMS = {new BigFraction(3, 2), new BigFraction(-2), new BigFraction(7, 5)};

    private static BigFraction[][] blockRows() {
        BigFraction[][] x = new BigFraction[BLOCKS.length][9];
        for (int b = 0; b < BLOCKS.length; b++) {
            java.util.Arrays.fill(x[b], BigFraction.ZERO);
            for (int j : BLOCKS[b]) {
                x[b][j] = BigFraction.ONE;
            }
        }
        return x;
    }

    /** The minimiser of a permutation-symmetric objective from 0: each block at its mean. */
    private static BigFraction[] blockMeans() {
        BigFraction[] w = new BigFraction[9];
        for (int b = 0; b < BLOCKS.length; b++) {
            for (int j : BLOCKS[b]) {
                w[j] = SUMS[b].divide(BLOCKS[b].length);
            }
        }
        return w;
    }

    private static BigFraction distanceSquared(double[] c, BigFraction[] w) {
        BigFraction s = BigFraction.ZERO;
        for (int j = 0; j < c.length; j++) {
            BigFraction e = new BigFraction(c[j]).subtract(w[j]);
            s = s.add(e.multiply(e));
        }
        return s;
    }

    /** Proved, and the bound is at least the exact distance; returns the bound. */
    private static double assertSound(Proof p, double[] candidate, BigFraction[] truth) {
        assertThat(p.status()).as(p.toString()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.BOUNDED);
        assertThat(p.metric()).isEqualTo(Proof.Metric.L2);
        BigFraction bound = p.distanceBound();
        assertThat(bound.multiply(bound)).as("bound^2 against the exact squared distance")
                .isGreaterThanOrEqualTo(distanceSquared(candidate, truth));
        return bound.doubleValue();
    }

    /** The candidate moved by about {@code size} in random coordinates (seeded). */
    private static double[] perturbed(BigFraction[] truth, double size, long seed) {
        double[] c = ExactNumbers.toDoubles(truth);
        SplittableRandom r = new SplittableRandom(seed);
        for (int j = 0; j < c.length; j++) {
            c[j] += size * r.nextDouble(-1, 1);
        }
        return c;
    }

    private static void checkClosedForm(SmoothObjective f, BigFraction[] truth) {
        BigFraction[] y = SUMS.clone();
        double tight = assertSound(SmoothCertificates.bounded(f, blockRows(), y, false, ExactNumbers.toDoubles(truth)),
                ExactNumbers.toDoubles(truth), truth);
        assertThat(tight).as(f.describe()).isLessThan(1e-13);
        for (double size : new double[] {1e-12, 1e-9, 1e-6}) {
            for (long seed = 1; seed <= 3; seed++) {
                double[] c = perturbed(truth, size, seed);
                double b = assertSound(SmoothCertificates.bounded(f, blockRows(), y, false, c), c, truth);
                assertThat(b).as("%s moved by %s", f.describe(), size).isLessThan(size * 100);
            }
        }
    }

    @Test
    void symmetricPotentialsFromTheOriginReachTheBlockMeans() {
        BigFraction[] zero = RationalAlgebra.zeros(9);
        BigFraction[] means = blockMeans();
        checkClosedForm(SmoothCertificates.bregman(new Potential.Hypentropy(0.5), null, zero), means);
        checkClosedForm(SmoothCertificates.bregman(new Potential.LpPower(1.5), new BigFraction(3, 2), zero), means);
        checkClosedForm(SmoothCertificates.bregman(new Potential.LpPower(3), new BigFraction(3), zero), means);
        checkClosedForm(SmoothCertificates.bregman(new Potential.SquaredLp(4.0 / 3), new BigFraction(4, 3), zero), means);
        checkClosedForm(SmoothObjective.lpDistance(new BigFraction(3), zero), means);
        checkClosedForm(SmoothObjective.lpDistance(new BigFraction(4, 3), zero), means);
    }

    @Test
    void vanishingCurvatureFallsBackToUniformConvexity() {
        // lp-power p = 3 from 0 with a block summing to 0: that block's minimiser is (0, 0), where
        // phi'' = 2|t| vanishes; the bound then comes from 2^(2-p)|a - b|^p monotonicity.
        BigFraction[] sums = {BigFraction.ZERO, new BigFraction(-2), new BigFraction(7, 5)};
        BigFraction[] truth = new BigFraction[9];
        for (int b = 0; b < BLOCKS.length; b++) {
            for (int j : BLOCKS[b]) {
                truth[j] = sums[b].divide(BLOCKS[b].length);
            }
        }
        SmoothObjective f = SmoothCertificates.bregman(new Potential.LpPower(3), new BigFraction(3), RationalAlgebra.zeros(9));
        for (double size : new double[] {0, 1e-12, 1e-8}) {
            double[] c = perturbed(truth, size, 7);
            Proof p = SmoothCertificates.bounded(f, blockRows(), sums, false, c);
            assertThat(p.reason()).contains("uniform convexity");
            assertThat(assertSound(p, c, truth)).isLessThan(1e-3);
        }
    }

    @Test
    void entropyRescalesTheStartOnEachBlock() {
        // argmin sum w log(w/w0) - w + w0 with sum_B w = s_B > 0: w = w0 s_B / sum_B w0.
        BigFraction[] sums = {new BigFraction(3, 2), new BigFraction(2), new BigFraction(7, 5)};
        BigFraction[] w0 = new BigFraction[9];
        for (int j = 0; j < 9; j++) {
            w0[j] = new BigFraction(j + 1, 4);
        }
        BigFraction[] truth = new BigFraction[9];
        for (int b = 0; b < BLOCKS.length; b++) {
            BigFraction total = BigFraction.ZERO;
            for (int j : BLOCKS[b]) {
                total = total.add(w0[j]);
            }
            for (int j : BLOCKS[b]) {
                truth[j] = w0[j].multiply(sums[b]).divide(total);
            }
        }
        SmoothObjective f = SmoothCertificates.bregman(new Potential.Entropy(), null, w0);
        double[] c = ExactNumbers.toDoubles(truth);
        assertThat(assertSound(SmoothCertificates.bounded(f, blockRows(), sums, false, c), c, truth)).isLessThan(1e-13);
        double[] moved = perturbed(truth, 1e-8, 5);
        assertSound(SmoothCertificates.bounded(f, blockRows(), sums, false, moved), moved, truth);
    }

    @Test
    void signConstraintsHoldCoordinatesAtZero() {
        // psi = 1/2 |w|^2 (lp-power, p = 2) on the simplex from w0 = (1, 0, -5): the Euclidean
        // projection of w0 onto the simplex, (1, 0, 0).
        BigFraction[] w0 = Exact.v(1, 0, -5);
        BigFraction[] truth = Exact.v(1, 0, 0);
        SmoothObjective f = SmoothCertificates.bregman(new Potential.LpPower(2), BigFraction.TWO, w0);
        BigFraction[][] ones = {Exact.v(1, 1, 1)};
        BigFraction[] one = Exact.v(1);
        for (double[] c : new double[][] {{1, 0, 0}, {1 - 1e-10, 1e-13, 0}, {1, 3e-13, -1e-14}}) {
            double b = assertSound(SmoothCertificates.bounded(f, ones, one, true, c), c, truth);
            assertThat(b).isLessThan(1e-9);
        }
    }

    @Test
    void failuresAreUnknownNeverAFalseBound() {
        SmoothObjective entropy = SmoothCertificates.bregman(new Potential.Entropy(), null, Exact.v(1, 1, 1));
        BigFraction[][] dependent = {Exact.v(1, 1, 0), Exact.v(2, 2, 0)};
        Proof rank = SmoothCertificates.bounded(entropy, dependent, Exact.v(1, 2), false, new double[] {0.5, 0.5, 1});
        assertThat(rank.status()).isEqualTo(Proof.Status.UNKNOWN);
        assertThat(rank.reason()).contains("full row rank");
        Proof domain = SmoothCertificates.bounded(entropy, new BigFraction[][] {Exact.v(1, 1, 1)}, Exact.v(1), false,
                new double[] {1.5, -0.5, 0});
        assertThat(domain.status()).isEqualTo(Proof.Status.UNKNOWN);
        assertThat(domain.reason()).contains("domain");
    }

    @Test
    void randomEntropyProblemIsBoundedTightlyAgainstAnIndependentHighPrecisionSolution() throws IOException {
        JsonNode json;
        try (InputStream in = SmoothCertificatesTest.class.getResourceAsStream("/bounded/entropy-20x60.json")) {
            json = Json.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "entropy-20x60.json");
        }
        int n = json.get("X").size();
        int d = json.get("X").get(0).size();
        BigFraction[][] x = new BigFraction[n][d];
        BigFraction[] y = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = ExactNumbers.ofDecimal(new BigDecimal(json.get("X").get(i).get(j).asText()));
            }
            y[i] = ExactNumbers.ofDecimal(new BigDecimal(json.get("y").get(i).asText()));
        }
        double[] w0 = new double[d];
        List<BigDecimal> star = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            w0[j] = json.get("w0").get(j).asDouble();
            star.add(new BigDecimal(json.get("w-star").get(j).asText()));
        }
        Dataset data = Dataset.exact(x, y);
        Reference ref = new Reference.MinBregman(new Potential.Entropy(), false);
        Outcome solved = new ReferenceSolver().solve(ref, data, w0);
        Certificate c = new Certifier().certify(solved, ref, data, w0).certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.BOUNDED);
        assertThat(c.details().get("distance-metric")).isEqualTo("l2");
        double bound = Double.parseDouble(c.details().get("distance-bound"));
        assertThat(bound).isLessThanOrEqualTo(1e-9);
        BigDecimal dist2 = BigDecimal.ZERO;
        double[] point = c.point();
        for (int j = 0; j < d; j++) {
            BigDecimal e = new BigDecimal(point[j]).subtract(star.get(j));
            dist2 = dist2.add(e.multiply(e));
        }
        double dist = dist2.sqrt(MathContext.DECIMAL64).doubleValue();
        assertThat(bound).as("proven bound against the distance to the 60-digit solution").isGreaterThanOrEqualTo(dist);
    }
}
