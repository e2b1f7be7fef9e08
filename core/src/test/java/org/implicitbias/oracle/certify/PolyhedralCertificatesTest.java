package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.certify.PolyhedralCertificates.PolyhedralNorm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolyhedralCertificatesTest {
    private static final BigFraction R = q("1e-9");
    // Soudry et al.'s toy set: support vectors (0.5, 1.5), (1.5, 0.5) labelled +1 and their
    // negatives labelled -1 give the same signed points z_n = y_n x_n.
    private static final BigFraction[][] TOY = {v("0.5", "1.5"), v("1.5", "0.5"), v("0.5", "1.5"), v("1.5", "0.5")};

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
    void l1MinimumNormOfAOneRowSystemIsTheSparseVertexWithItsHalfMultiplier() {
        // min ||w||_1 s.t. w1 + 2 w2 = 2: w = (0, 1); X'lambda = (lambda, 2 lambda) in d|.|(0, 1) gives lambda = 1/2.
        Proof p = PolyhedralCertificates.minNorm(PolyhedralNorm.L1, m(new long[] {1, 2}), v(2), v(0, 0),
                new double[] {1e-12, 1 - 5e-13}, new double[] {0.5}, R, null);
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.level()).isEqualTo(Certificate.Level.EXACT);
        assertThat(p.witness("w")).containsExactly(q("0"), q("1"));
        assertThat(p.witness("lambda")).containsExactly(q("1/2"));
        assertThat(p.witness("value")).containsExactly(q("-1"));
    }

    @Test
    void linfMinimumNormIsTheEqualCoordinatePointAndZ3Agrees() {
        // min ||w||_inf s.t. w1 + 2 w2 = 3: w = (1, 1); lambda = 1/3 (X'lambda = (1/3, 2/3) has l1 norm 1).
        Proof p = PolyhedralCertificates.minNorm(PolyhedralNorm.LINF, m(new long[] {1, 2}), v(3), v(0, 0),
                new double[] {1, 1}, new double[] {1.0 / 3}, R, session);
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.witness("w")).containsExactly(q("1"), q("1"));
        assertThat(p.witness("lambda")).containsExactly(q("1/3"));
        assertThat(p.queries()).singleElement().satisfies(o -> assertThat(o.answer()).isEqualTo(SmtOutcome.Answer.SAT));
    }

    @Test
    void randomL1MinimumNormMatchesAnIndependentFloatingPointSimplexExactly() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 5; trial++) {
            int n = 3;
            int d = 7;
            BigFraction[][] x = new BigFraction[n][d];
            BigFraction[] y = new BigFraction[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] = new BigFraction(rnd.nextInt(-4, 5));
                }
                y[i] = new BigFraction(rnd.nextInt(-6, 7));
            }
            BigFraction[] w0 = new BigFraction[d];
            for (int j = 0; j < d; j++) {
                w0[j] = new BigFraction(rnd.nextInt(-2, 3), 2);
            }
            double[] sol = simplexL1(x, y, w0);
            Proof p = PolyhedralCertificates.minNorm(PolyhedralNorm.L1, x, y, w0, sol, null, q("1e-7"), session);
            assertThat(p.status()).as("trial %d: %s", trial, p).isEqualTo(Proof.Status.PROVED);
            BigFraction value = p.witness("value")[0].negate();
            double expected = 0;
            for (int j = 0; j < d; j++) {
                expected += Math.abs(sol[j] - w0[j].doubleValue());
            }
            assertThat(value.doubleValue()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-8));
        }
    }

    @Test
    void aPerturbedCandidateIsRefutedByTheExactLinearDecision() {
        Proof p = PolyhedralCertificates.minNorm(PolyhedralNorm.L1, m(new long[] {1, 2}), v(2), v(0, 0),
                new double[] {1e-6, 1}, new double[] {0.5}, R, session);
        assertThat(p.status()).isEqualTo(Proof.Status.REFUTED);
        assertThat(p.queries()).singleElement().satisfies(o -> assertThat(o.answer()).isEqualTo(SmtOutcome.Answer.UNSAT));
    }

    @Test
    void aWrongSupportSetIsRefutedBecauseItsMultiplierIsNegative() {
        // The vertex w = (2, 0) of {w1 + 2 w2 = 2} is feasible but not l1-minimal. Its active rows:
        // 0 (w0 - t0 <= 0), 2 and 3 (|w1| <= t1 with t1 = 0). The multiplier of row 3 is -1/2.
        ExactLinearProgram lp = PolyhedralCertificates.minNormProgram(PolyhedralNorm.L1, m(new long[] {1, 2}), v(2), v(0, 0));
        Proof withoutZ3 = lp.certifyVertex("l1", new int[] {0, 2, 3}, null);
        assertThat(withoutZ3.status()).isEqualTo(Proof.Status.UNKNOWN);
        assertThat(withoutZ3.reason()).contains("-1/2 < 0");
        Proof withZ3 = lp.certifyVertex("l1", new int[] {0, 2, 3}, session);
        assertThat(withZ3.status()).isEqualTo(Proof.Status.REFUTED);
        // The right support set (w = (0, 1): rows 0, 1 and 2) is proved.
        Proof right = lp.certifyVertex("l1", new int[] {0, 1, 2}, session);
        assertThat(right.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(right.witness("w")).containsExactly(q("0"), q("1"));
    }

    @Test
    void aMultiplierWithTheWrongSignFailsTheExactDualCheck() {
        BigFraction[][] x = m(new long[] {1, 2});
        ExactLinearProgram lp = PolyhedralCertificates.minNormProgram(PolyhedralNorm.L1, x, v(2), v(0, 0));
        Proof p = PolyhedralCertificates.minNorm(PolyhedralNorm.L1, x, v(2), v(0, 0), new double[] {0, 1},
                new double[] {0.5}, R, null);
        BigFraction[] u = p.witness("u");
        BigFraction[] vv = p.witness("v");
        assertThat(lp.certificateViolation(p.witness("x"), u, vv)).isNull();
        int positive = 0;
        while (Rationals.sgn(u[positive]) <= 0) {
            positive++;
        }
        u[positive] = u[positive].negate();
        assertThat(lp.certificateViolation(p.witness("x"), u, vv)).startsWith("dual: multiplier");
        vv[0] = vv[0].negate();
        assertThat(lp.certificateViolation(p.witness("x"), p.witness("u"), vv)).startsWith("dual: dual equation");
    }

    @Test
    void toyMaxMarginsAreExactAndUniqueInL1AndLinf() {
        Proof l1 = PolyhedralCertificates.maxMargin(PolyhedralNorm.L1, TOY, new double[] {1, 1}, null, R, session);
        assertThat(l1.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(l1.witness("w")).containsExactly(q("1/2"), q("1/2"));
        assertThat(l1.witness("gamma")).containsExactly(q("1"));
        Proof linf = PolyhedralCertificates.maxMargin(PolyhedralNorm.LINF, TOY, new double[] {3, 3}, null, R, session);
        assertThat(linf.witness("w")).containsExactly(q("1"), q("1"));
        assertThat(linf.witness("gamma")).containsExactly(q("2"));
        assertThat(PolyhedralCertificates.maxMarginUniqueness(PolyhedralNorm.L1, TOY, l1, session).status())
                .isEqualTo(Proof.Status.PROVED);
        assertThat(PolyhedralCertificates.maxMarginUniqueness(PolyhedralNorm.LINF, TOY, linf, session).status())
                .isEqualTo(Proof.Status.PROVED);
    }

    @Test
    void aNonUniqueLinfMaximiserIsReportedWithASecondOptimum() {
        // One point z = (1, 0): every w = (1, s), |s| <= 1, attains the l_inf margin 1.
        BigFraction[][] z = {v(1, 0)};
        Proof p = PolyhedralCertificates.maxMargin(PolyhedralNorm.LINF, z, new double[] {1, 0.25}, new double[] {1}, R, session);
        assertThat(p.status()).isEqualTo(Proof.Status.PROVED);
        assertThat(p.witness("gamma")).containsExactly(q("1"));
        Proof u = PolyhedralCertificates.maxMarginUniqueness(PolyhedralNorm.LINF, z, p, session);
        assertThat(u.status()).isEqualTo(Proof.Status.REFUTED);
        BigFraction[] other = u.witness("second-optimum");
        assertThat(other[0]).isEqualTo(q("1"));
        assertThat(other[1]).isNotEqualTo(p.witness("w")[1]);
        assertThat(other[1].abs().compareTo(BigFraction.ONE)).isLessThanOrEqualTo(0);
    }

    @Test
    void lemma10HoldsAtTheCertifiedMarginAndFailsJustAboveIt() {
        for (PolyhedralNorm norm : PolyhedralNorm.values()) {
            Proof mm = PolyhedralCertificates.maxMargin(norm, TOY, new double[] {1, 1}, null, R, session);
            BigFraction gamma = mm.witness("gamma")[0];
            Proof holds = PolyhedralCertificates.lemma10(norm, TOY, gamma, mm.witness("w"), session);
            assertThat(holds.status()).as(norm + ": " + holds).isEqualTo(Proof.Status.PROVED);
            assertThat(holds.queries()).singleElement()
                    .satisfies(o -> assertThat(o.answer()).isEqualTo(SmtOutcome.Answer.UNSAT));
            Proof above = PolyhedralCertificates.lemma10(norm, TOY, gamma.add(q("1/100")), null, session);
            assertThat(above.status()).isEqualTo(Proof.Status.REFUTED);
            BigFraction[] r = above.witness("r");
            BigFraction dualNorm = norm.dual(RationalAlgebra.timesTransposed(TOY, r, 2));
            assertThat(dualNorm.compareTo(gamma.add(q("1/100")))).isLessThan(0);
        }
    }

    @Test
    void marginBoundsBracketTheExactMargin() {
        Proof b = PolyhedralCertificates.marginBounds(PolyhedralNorm.L1, TOY, new double[] {0.5625, 0.4375},
                new double[] {0.3, 0.2, 0.2, 0.3});
        assertThat(b.level()).isEqualTo(Certificate.Level.BOUNDED);
        assertThat(b.witness("gamma-lower")[0].compareTo(BigFraction.ONE)).isLessThanOrEqualTo(0);
        assertThat(b.witness("gamma-upper")[0].compareTo(BigFraction.ONE)).isGreaterThanOrEqualTo(0);
        // (9/16, 7/16) has l1 norm 1 and margins 15/16 and 17/16; r normalises to (3, 2, 2, 3)/10.
        assertThat(b.witness("gamma-lower")[0]).isEqualTo(q("15/16"));
    }

    /** min sum t s.t. -t <= w - w0 <= t, Xw = y, by Commons Math's floating-point simplex (w = w0 + p - m, p, m >= 0). */
    private static double[] simplexL1(BigFraction[][] x, BigFraction[] y, BigFraction[] w0) {
        int n = x.length;
        int d = w0.length;
        double[] obj = new double[2 * d];
        java.util.Arrays.fill(obj, 1);
        Collection<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[2 * d];
            double rhs = y[i].doubleValue();
            for (int j = 0; j < d; j++) {
                row[j] = x[i][j].doubleValue();
                row[d + j] = -x[i][j].doubleValue();
                rhs -= x[i][j].doubleValue() * w0[j].doubleValue();
            }
            cons.add(new LinearConstraint(row, Relationship.EQ, rhs));
        }
        PointValuePair pv = new SimplexSolver(1e-9, 10, 1e-12).optimize(new MaxIter(10_000),
                new LinearObjectiveFunction(obj, 0), new LinearConstraintSet(cons), GoalType.MINIMIZE,
                new NonNegativeConstraint(true));
        double[] s = pv.getPoint();
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = w0[j].doubleValue() + s[j] - s[d + j];
        }
        return w;
    }

}
