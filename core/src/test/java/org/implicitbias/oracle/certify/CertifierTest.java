package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import org.implicitbias.oracle.ReferenceSolver;
import org.junit.jupiter.api.Test;

/**
 * The certifier on the paper's examples and hand-solved programs: every expected point, margin
 * and level below is worked out by hand (or by a bisection written here), never read off the code.
 */
class CertifierTest {
    private static final ReferenceSolver SOLVER = new ReferenceSolver();

    private static Dataset data(String[][] x, String... y) {
        BigFraction[][] m = new BigFraction[x.length][];
        for (int i = 0; i < x.length; i++) {
            m[i] = new BigFraction[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                m[i][j] = ExactNumbers.parse("X", x[i][j]);
            }
        }
        BigFraction[] t = new BigFraction[y.length];
        for (int i = 0; i < y.length; i++) {
            t[i] = ExactNumbers.parse("y", y[i]);
        }
        return Dataset.exact(m, t);
    }

    private static Certifier.Certified certify(Reference ref, Dataset d, double[] w0) {
        int before = Z3Session.openSessions();
        Outcome o = SOLVER.solve(ref, d, w0);
        Certifier.Certified c = new Certifier().certify(o, ref, d, w0);
        assertThat(Z3Session.openSessions()).as("sessions left open").isEqualTo(before);
        return c;
    }

    /** The same certificate with its point moved by {@code delta} in coordinate 0. */
    private static Certificate perturbed(Certificate c, double delta) {
        double[] w = c.point();
        w[0] += delta;
        return new Certificate(c.reference(), c.level(), w, c.value(), c.dualValue(), c.multipliers(), c.residuals(),
                c.details(), c.margin().orElse(null));
    }

    @Test
    void l2MinimumNormOnRationalDataIsExactWithTheClosedFormPoint() {
        // v = w - w0 = X'(XX')^{-1}(y - X w0) with XX' = [[2, 1], [1, 2]], y - X w0 = (-1/2, 1):
        // (XX')^{-1}(-1/2, 1) = (-2/3, 5/6), v = (-2/3, 1/6, 5/6), w = (1/3, 1/6, 5/6).
        Dataset d = data(new String[][] {{"1", "1", "0"}, {"0", "1", "1"}}, "1/2", "1");
        Certificate c = certify(new Reference.MinDistance(new Norm.L2()), d, new double[] {1, 0, 0}).certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(c.details().get("exact-w")).isEqualTo("1/3, 1/6, 5/6");
        assertThat(c.point()).containsExactly(1.0 / 3, 1.0 / 6, 5.0 / 6);
        assertThat(c.details().get("certification")).startsWith("proved:");
        assertThat(Double.parseDouble(c.details().get("distance-bound"))).isLessThan(1e-15);
    }

    @Test
    void quadraticPotentialMinimumIsExact() {
        // min 1/2 w'Dw, D = diag(1, 2), w1 + w2 = 1: Dw = lambda (1, 1) gives w = lambda (1, 1/2), lambda = 2/3.
        Dataset d = data(new String[][] {{"1", "1"}}, "1");
        Reference ref = new Reference.MinBregman(new QuadraticPotential(new double[][] {{1, 0}, {0, 2}}), false);
        Certificate c = certify(ref, d, new double[] {0, 0}).certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(c.details().get("exact-w")).isEqualTo("2/3, 1/3");
    }

    @Test
    void entropyWithAnIrrationalMinimiserIsProvedInABoxOfWidthOneBillionth() {
        // X = [1 2 3], w0 = 1: log w in span(X') gives w = (t, t^2, t^3) with t + 2t^2 + 3t^3 = 3.
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 200; i++) {
            double t = (lo + hi) / 2;
            if (t + 2 * t * t + 3 * t * t * t < 3) {
                lo = t;
            } else {
                hi = t;
            }
        }
        double t = (lo + hi) / 2;
        Dataset d = data(new String[][] {{"1", "2", "3"}}, "3");
        Certificate c = certify(new Reference.MinBregman(new Potential.Entropy(), false), d, new double[] {1, 1, 1})
                .certificate();
        assertThat(c.level()).as(c.details().toString()).isEqualTo(Certificate.Level.SMT);
        assertThat(Double.parseDouble(c.details().get("box-width"))).isLessThanOrEqualTo(1e-9);
        assertThat(c.details().get("z3-answers")).contains("sat");
        // The point is the midpoint of the proven enclosure, good to the last bits.
        assertThat(Double.parseDouble(c.details().get("distance-bound"))).isLessThan(1e-15);
        double[] w = c.point();
        assertThat(w[0]).isCloseTo(t, within(1e-15));
        assertThat(w[1]).isCloseTo(t * t, within(1e-15));
        assertThat(w[2]).isCloseTo(t * t * t, within(1e-15));
    }

    @Test
    void squaredLpFromZeroIsProvedWithTheRationalExponentRecovered() {
        Dataset d = data(new String[][] {{"1", "1", "1"}, {"1", "2", "0"}}, "1", "10");
        Certificate c = certify(new Reference.MinBregman(new Potential.SquaredLp(4.0 / 3), false), d, new double[3])
                .certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.SMT);
        assertThat(c.details().get("p")).isEqualTo("4/3");
        // Example 4 of the paper reports (2.30045e-4, 4.999885, -4.000115).
        assertThat(c.point()[1]).isCloseTo(4.999885, within(1e-6));
    }

    @Test
    void l1MaximumMarginOnAHandSolvedSetIsExactAndUnique() {
        // z1 = (2, 0), z2 = (0, 1): max min(2a, b) over |a| + |b| <= 1 is at 2a = b, a = 1/3, gamma = 2/3;
        // the face {a >= 1/3, b >= 2/3, |a| + |b| <= 1} is that single point.
        Dataset d = data(new String[][] {{"2", "0"}, {"0", "-1"}}, "1", "-1");
        Certificate c = certify(new Reference.MaxMargin(new Norm.L1()), d, null).certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(c.details().get("exact-w")).isEqualTo("1/3, 2/3");
        assertThat(c.details().get("gamma-exact")).isEqualTo("2/3");
        assertThat(c.details().get("uniqueness")).startsWith("unique (exact)");
    }

    @Test
    void l1MaximumMarginWithAnEdgeOfMaximisersRecordsThatItIsNotUnique() {
        // z = (1, 1) twice: every w >= 0 with w1 + w2 = 1 has margin 1 = max_{||w||_1 <= 1} <w, (1, 1)>.
        Dataset d = data(new String[][] {{"1", "1"}, {"-1", "-1"}}, "1", "-1");
        Certificate c = certify(new Reference.MaxMargin(new Norm.L1()), d, null).certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(c.details().get("gamma-exact")).isEqualTo("1");
        assertThat(c.details().get("uniqueness")).startsWith("not unique (exact)");
    }

    @Test
    void soudryToySetL2MaxMarginIsExactOnItsSupportSet() {
        // w_hat = (1/2, 1/2) has margin exactly 1 on all four points; ||w_hat||^2 = 1/2, gamma^2 = 2.
        Dataset d = data(new String[][] {{"0.5", "1.5"}, {"1.5", "0.5"}, {"-0.5", "-1.5"}, {"-1.5", "-0.5"}},
                "1", "1", "-1", "-1");
        Certificate c = certify(new Reference.MaxMargin(new Norm.L2()), d, null).certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(c.details().get("w-hat-exact")).isEqualTo("1/2, 1/2");
        assertThat(c.details().get("gamma-squared-exact")).isEqualTo("2");
        assertThat(Double.parseDouble(c.details().get("distance-bound"))).isLessThan(1e-15);
    }

    @Test
    void l3MaxMarginOnTheSoudrySetGetsARigorousIntervalAroundTwoToTheTwoThirds() {
        // By the swap symmetry w = (t, t), 2 t^3 = 1, margin 2t = 2^(2/3); r = 1/4 on each point gives
        // Z'r = (1, 1) with ||(1, 1)||_{3/2} = 2^(2/3): primal equals dual.
        Dataset d = data(new String[][] {{"0.5", "1.5"}, {"1.5", "0.5"}, {"-0.5", "-1.5"}, {"-1.5", "-0.5"}},
                "1", "1", "-1", "-1");
        Certificate c = certify(new Reference.MaxMargin(new Norm.Lp(3)), d, null).certificate();
        double gamma = Math.cbrt(4);
        assertThat(c.level()).isEqualTo(Certificate.Level.BOUNDED);
        assertThat(c.details().get("p")).isEqualTo("3");
        assertThat(Double.parseDouble(c.details().get("gamma-lower"))).isLessThanOrEqualTo(gamma).isGreaterThan(gamma - 1e-9);
        assertThat(Double.parseDouble(c.details().get("gamma-upper"))).isGreaterThanOrEqualTo(gamma).isLessThan(gamma + 1e-9);
    }

    @Test
    void nuclearMarginGetsARigorousIntervalAroundTheHandSolvedValue() {
        // z1 = diag(1, 0), z2 = diag(0, 1): max min(W11, W22) over psd W with trace <= 1 is 1/2.
        Dataset d = data(new String[][] {{"1", "0", "0", "0"}, {"0", "0", "0", "-1"}}, "1", "-1");
        Certificate c = certify(new Reference.MaxMarginNuclear(2), d, null).certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.BOUNDED);
        assertThat(Double.parseDouble(c.details().get("gamma-lower"))).isLessThanOrEqualTo(0.5);
        assertThat(Double.parseDouble(c.details().get("gamma-upper"))).isGreaterThanOrEqualTo(0.5)
                .isLessThan(0.5 + 1e-9);
        assertThat(c.details().get("point-feasible")).startsWith("proved");
    }

    @Test
    void pointsMovedByOneMillionthAreNeverRaised() {
        Certifier certifier = new Certifier();
        Dataset ex4 = data(new String[][] {{"1", "1", "1"}, {"1", "2", "0"}}, "1", "10");
        Dataset ex2 = data(new String[][] {{"1", "2"}}, "1");
        Object[][] cases = {
            {new Reference.MinNorm(new Norm.L2()), ex4, new double[3]},
            {new Reference.MinNorm(new Norm.Lp(4.0 / 3)), ex4, new double[3]},
            {new Reference.MinNorm(new Norm.L1()), ex4, new double[3]},
            {new Reference.MinBregman(new Potential.Entropy(), false), ex2, new double[] {1, 1}},
        };
        for (Object[] k : cases) {
            Reference ref = (Reference) k[0];
            Dataset d = (Dataset) k[1];
            double[] w0 = (double[]) k[2];
            Certificate good = SOLVER.solve(ref, d, w0).certificate();
            Certificate moved = perturbed(good, 1e-6);
            Certificate c = certifier.certify(moved, d, ExactNumbers.ofDoubles(w0)).certificate();
            assertThat(c.point()).as("the point is left as given").containsExactly(moved.point());
            if (c.level() == Certificate.Level.BOUNDED) {
                // The smooth programs' bounded route proves an honest bound, which covers the move;
                // the box routes at radius 5e-10 refute the moved point.
                assertThat(Double.parseDouble(c.details().get("distance-bound"))).as(ref.toString()).isGreaterThanOrEqualTo(1e-6);
                assertThat(c.details().get("certification-main")).as(ref.toString()).startsWith("refuted: ");
            } else {
                assertThat(c.level()).as(ref + ": " + c.details()).isEqualTo(Certificate.Level.NUMERIC);
                assertThat(c.details().get("certification")).as(ref.toString()).startsWith("refuted: ");
            }
        }
    }

    @Test
    void aTimedOutQueryLeavesTheLevelWithTheReason() {
        // Example 4 with a one-millisecond budget per query: nlsat cannot settle the box in time.
        Dataset d = data(new String[][] {{"1", "1", "1"}, {"1", "2", "0"}}, "1", "10");
        Reference ref = new Reference.MinNorm(new Norm.Lp(4.0 / 3));
        Outcome o = SOLVER.solve(ref, d, new double[3]);
        Certifier.Certified c = new Certifier(Duration.ofMillis(1), Certifier.DEFAULT_RADIUS)
                .certify(o, ref, d, new double[3]);
        // Z3's timeout never leaves the reference numeric: the bounded route stands, and says why no stronger
        // one did. (On a fast machine nlsat may settle the box within the millisecond: then it is SMT.)
        assertThat(c.certificate().level()).isIn(Certificate.Level.BOUNDED, Certificate.Level.SMT);
        assertThat(c.certificate().details().get("certification")).startsWith("proved: ");
        if (c.certificate().level() == Certificate.Level.BOUNDED) {
            assertThat(c.certificate().details().get("certification-main")).startsWith("unknown: ");
            assertThat(c.certificate().details().get("z3-answers")).contains("unknown");
        }
    }

    @Test
    void queriesAboveTheLengthLimitAreNotAttemptedAndTheRationalVerdictStands() {
        Dataset d = data(new String[][] {{"1", "1", "0"}, {"0", "1", "1"}}, "1/2", "1");
        Reference ref = new Reference.MinDistance(new Norm.L2());
        Outcome o = SOLVER.solve(ref, d, new double[] {1, 0, 0});
        long start = System.nanoTime();
        Certifier.Certified c = new Certifier(Duration.ofSeconds(5), Certifier.DEFAULT_RADIUS, 50)
                .certify(o, ref, d, new double[] {1, 0, 0});
        assertThat((System.nanoTime() - start) * 1e-9).isLessThan(5);
        assertThat(c.certificate().level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(c.certificate().details().get("certification")).contains("not attempted");
        assertThat(c.certificate().details().get("z3-answers")).isEqualTo("unknown");
    }

    @Test
    void hypentropyIsBoundedAndSaysThatNoStrongerRouteApplies() {
        Dataset d = data(new String[][] {{"1", "1", "1"}, {"1", "2", "0"}}, "1", "10");
        Certificate c = certify(new Reference.MinBregman(new Potential.Hypentropy(1), false), d, new double[3])
                .certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.BOUNDED);
        assertThat(Double.parseDouble(c.details().get("distance-bound"))).isLessThan(1e-12);
        assertThat(c.details().get("certification-stronger")).startsWith("none: ");
    }

    @Test
    void theQuietEntryReturnsTheOriginalOnFailureAndNeverThrows() {
        Dataset d = data(new String[][] {{"1", "2"}}, "1");
        Reference ref = new Reference.MinBregman(new Potential.Entropy(), false);
        Outcome o = SOLVER.solve(ref, d, new double[] {1, 1});
        // A start of the wrong length is bad input for the certification layer: the level stays.
        Certificate wrong = Certifier.certifyQuietly(o.certificate(), d, new double[] {1, 1, 1});
        assertThat(wrong.level()).isEqualTo(o.certificate().level());
        assertThat(Certifier.certifyQuietly(o, ref, d, new double[] {1, 1}).certificate().level())
                .isEqualTo(Certificate.Level.EXACT);
        Outcome infeasible = new Outcome.Infeasible("no point");
        assertThat(Certifier.certifyQuietly(infeasible, ref, d, new double[] {1, 1})).isSameAs(infeasible);
        Outcome other = Certifier.certifyQuietly(o, new Reference.MinDistance(new Norm.L2()), d, new double[] {1, 1});
        assertThat(other).isSameAs(o);
    }

    @Test
    void theRationalMeantByAStoredDoubleIsTheSimplestThatRoundsToIt() {
        assertThat(Certifier.intended(4.0 / 3)).isEqualTo(new BigFraction(4, 3));
        assertThat(Certifier.intended(0.1)).isEqualTo(new BigFraction(1, 10));
        assertThat(Certifier.intended(1.5)).isEqualTo(new BigFraction(3, 2));
        assertThat(Certifier.intended(3)).isEqualTo(new BigFraction(3));
    }
}
