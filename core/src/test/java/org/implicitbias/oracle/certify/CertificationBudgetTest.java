package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import org.implicitbias.oracle.ReferenceSolver;
import org.junit.jupiter.api.Test;

/**
 * The time budget of a certification: the {@link Deadline} stops the exact loops, the cost gate skips
 * routes that cannot finish, the level reached before stays, and a generous budget changes nothing on
 * small programs (their exact optima worked out by hand).
 */
class CertificationBudgetTest {
    private static final ReferenceSolver SOLVER = new ReferenceSolver();
    private static final Reference ENTROPY = new Reference.MinBregman(new Potential.Entropy(), false);

    /** Unit Gaussian rows, y = X w+ with w+ in [1/2, 3/2]^d: G meets w > 0; start w0 = 1. */
    private static Dataset positiveRegression(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        double[] planted = new double[d];
        for (int j = 0; j < d; j++) {
            planted[j] = 0.5 + r.nextDouble();
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian();
                norm += x[i][j] * x[i][j];
            }
            for (int j = 0; j < d; j++) {
                x[i][j] /= Math.sqrt(norm);
                y[i] += x[i][j] * planted[j];
            }
        }
        return Dataset.of(x, y);
    }

    private static double[] ones(int d) {
        double[] w = new double[d];
        Arrays.fill(w, 1);
        return w;
    }

    private static BigFraction[][] gaussian(int m, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BigFraction[][] a = new BigFraction[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = ExactNumbers.ofDouble(r.nextGaussian() / Math.sqrt(n));
            }
        }
        return a;
    }

    @Test
    void anInstalledDeadlineStopsBareissEliminationSoonAfterItPasses() {
        // 50 x 100 exact values of doubles: about a second of elimination on this kind of machine
        BigFraction[][] a = gaussian(50, 100, 1);
        BigFraction[] b = RationalAlgebra.zeros(50);
        long start = System.nanoTime();
        try (Deadline.Scope scope = Deadline.after(Duration.ofMillis(30)).route("test").install()) {
            assertThatThrownBy(() -> RationalAlgebra.solve(a, b, null))
                    .isInstanceOf(BudgetExhaustedException.class)
                    .hasMessageStartingWith("time budget of 0.03 s exhausted in test (")
                    .satisfies(e -> assertThat(((BudgetExhaustedException) e).where())
                            .isIn("Bareiss elimination", "clearing denominators"));
        }
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(0.5);
        assertThat(Deadline.current().bounded()).as("the scope is closed").isFalse();
    }

    @Test
    void scopesNestAndRestoreAndNoneNeverExpires() {
        Deadline outer = Deadline.after(Duration.ofSeconds(60));
        try (Deadline.Scope a = outer.install()) {
            try (Deadline.Scope b = Deadline.after(Duration.ofSeconds(30)).install()) {
                assertThat(Deadline.current().budget()).isEqualTo(Duration.ofSeconds(30));
            }
            assertThat(Deadline.current()).isSameAs(outer);
        }
        assertThat(Deadline.current()).isSameAs(Deadline.none());
        Deadline.none().check("anything");
        assertThat(Deadline.none().unaffordable(1e12, "anything")).isNull();
        assertThat(Deadline.after(Duration.ofSeconds(1)).unaffordable(10, "ten seconds of work"))
                .startsWith("not attempted: ten seconds of work is estimated at 10 s, more than the ")
                .endsWith(" s left of the certification budget of 1 s");
    }

    @Test
    void budgetsOutsideAMillisecondToADayAreRejectedNamingTheField() {
        for (double bad : new double[] {0, -1, 1e-4, 86_401, Double.NaN}) {
            assertThatThrownBy(() -> Deadline.ofSeconds("budget.certify", bad))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("budget.certify: got ")
                    .hasMessageEndingWith("expected a time budget in seconds between 0.001 and 86400");
        }
        assertThatThrownBy(() -> new Certifier().withBudget(Duration.ZERO)).isInstanceOf(InvalidInputException.class);
        assertThat(Deadline.ofSeconds("x", 2.5)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void aQueryAfterTheDeadlineIsNeverStarted() throws InterruptedException {
        Deadline d = Deadline.after(Duration.ofMillis(1)).route("test");
        Thread.sleep(5);
        SmtQuery q = new SmtQuery.Builder("q", SmtQuery.QF_LRA, "x > 0").declare("x").build();
        try (Z3Session s = Z3Session.open(Duration.ofSeconds(10)); Deadline.Scope scope = d.install()) {
            assertThatThrownBy(() -> s.check(q)).isInstanceOf(BudgetExhaustedException.class)
                    .hasMessageContaining("before the SMT query q");
        }
    }

    @Test
    void aTinyBudgetOnLongExactWorkReturnsAtOnceWithTheTimeoutAndThePreviousLevel() {
        Dataset data = positiveRegression(50, 400, 3);
        Outcome o = SOLVER.solve(ENTROPY, data, ones(400));
        int sessions = Z3Session.openSessions();
        long start = System.nanoTime();
        // one millisecond: gone before the first check (the exact copy of X alone takes longer)
        Certificate c = new Certifier().withBudget(Duration.ofMillis(1)).certify(o, ENTROPY, data, ones(400)).certificate();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(2);
        // The bounded route runs first and is not stopped by the budget; the exact route after it is.
        assertThat(c.level()).isEqualTo(Certificate.Level.BOUNDED);
        assertThat(c.details().get("certification")).startsWith("proved: ");
        assertThat(c.details().get("certification-stronger")).startsWith("unknown: time budget of 0.001 s exhausted in entropy exact (");
        assertThat(c.details().get("certify-budget-seconds")).isEqualTo("0.001");
        assertThat(Z3Session.openSessions()).as("sessions left open").isEqualTo(sessions);
    }

    @Test
    void theLevelProvedBeforeTheBudgetRanOutIsKept() throws InterruptedException {
        // l2 projection, proved EXACT by hand: w = (1/3, 1/6, 5/6) (see CertifierTest); certified again
        // within a deadline that has already passed, the level and the exact point stay
        Dataset d = Dataset.exact(new BigFraction[][] {{BigFraction.ONE, BigFraction.ONE, BigFraction.ZERO},
            {BigFraction.ZERO, BigFraction.ONE, BigFraction.ONE}}, new BigFraction[] {new BigFraction(1, 2), BigFraction.ONE});
        Reference ref = new Reference.MinDistance(new Norm.L2());
        BigFraction[] w0 = {BigFraction.ONE, BigFraction.ZERO, BigFraction.ZERO};
        Certifier certifier = new Certifier();
        Certificate exact = certifier.certify(SOLVER.solve(ref, d, new double[] {1, 0, 0}), ref, d, w0).certificate();
        assertThat(exact.level()).isEqualTo(Certificate.Level.EXACT);
        Deadline passed = Deadline.after(Duration.ofMillis(1));
        Thread.sleep(5);
        Certificate again = certifier.certify(exact, d, w0, passed).certificate();
        assertThat(again.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(again.point()).containsExactly(1.0 / 3, 1.0 / 6, 5.0 / 6);
        assertThat(again.details().get("certification")).startsWith("unknown: time budget of 0.001 s exhausted in ");
    }

    @Test
    void routesThatCannotFinishAreNotStartedAndSaySo() {
        // 20 x 100: the SMT box needs two kernel bases of X, 2 x 81 eliminations, about 10 s
        Dataset data = positiveRegression(20, 100, 3);
        Outcome o = SOLVER.solve(ENTROPY, data, ones(100));
        long start = System.nanoTime();
        Certificate c = new Certifier().withBudget(Duration.ofSeconds(3)).certify(o, ENTROPY, data, ones(100)).certificate();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(3);
        assertThat(c.level()).isEqualTo(Certificate.Level.BOUNDED);
        assertThat(c.details().get("certification-main"))
                .startsWith("unknown: not attempted: the substitution of Xw = y and the integer kernel basis of the 20 x 100 matrix X is estimated at ")
                .contains(" s left of the certification budget of 3 s");
    }

    @Test
    void aGenerousBudgetReachesTheExactOptimaOfSmallPrograms() {
        // Example 2: log w in span([1, 2]) and w1 + 2 w2 = 1 from w0 = (1, 1) give w1^2 = w2, w = (1/2, 1/4)
        Dataset ex2 = Dataset.exact(new BigFraction[][] {{BigFraction.ONE, BigFraction.TWO}}, new BigFraction[] {BigFraction.ONE});
        Certifier generous = new Certifier().withBudget(Duration.ofSeconds(600));
        Certificate c = generous.certify(SOLVER.solve(ENTROPY, ex2, ones(2)), ENTROPY, ex2, ones(2)).certificate();
        assertThat(c.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(c.details().get("exact-w")).isEqualTo("1/2, 1/4");
        assertThat(c.details().get("certify-budget-seconds")).isEqualTo("600");
        // minimum l2 norm on X = [1 2 3], y = 6: w = X'(XX')^{-1} y = (3/7, 6/7, 9/7)
        Dataset row = Dataset.exact(new BigFraction[][] {{BigFraction.ONE, BigFraction.TWO, new BigFraction(3)}},
                new BigFraction[] {new BigFraction(6)});
        Reference minNorm = new Reference.MinNorm(new Norm.L2());
        Certificate m = generous.certify(SOLVER.solve(minNorm, row, new double[3]), minNorm, row, new double[3]).certificate();
        assertThat(m.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(m.details().get("exact-w")).isEqualTo("3/7, 6/7, 9/7");
    }

    @Test
    void theCostModelFollowsTheWorkOfAnElimination() {
        // the model is monotone in every size and quadratic in the bit length at large bit lengths
        assertThat(ExactCost.elimination(20, 101, 60)).isLessThan(ExactCost.elimination(40, 101, 60));
        assertThat(ExactCost.elimination(20, 101, 60)).isLessThan(ExactCost.elimination(20, 201, 60));
        double r = ExactCost.elimination(20, 101, 6000) / ExactCost.elimination(20, 101, 3000);
        assertThat(r).isBetween(3.5, 4.0);
        // the kernel basis is one elimination per free column and one more: 81 for 20 x 100
        assertThat(ExactCost.kernelBasis(20, 100, 60) / ExactCost.elimination(20, 101, 60)).isEqualTo(81.0);
        // the bit length of the integer rows of 3/4 and 1/2: 3 * (4/4) and 1 * (4/2), at most 2 bits, + 1
        assertThat(ExactCost.rowBits(new BigFraction[][] {{new BigFraction(3, 4), new BigFraction(1, 2)}})).isEqualTo(3);
    }
}
