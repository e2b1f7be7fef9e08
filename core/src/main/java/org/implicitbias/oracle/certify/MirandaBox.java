package org.implicitbias.oracle.certify;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * Existence of a zero of a square polynomial system {@code F: R^m -> R^m} in an axis-aligned box
 * B, by the Poincaré–Miranda theorem: if a continuous G satisfies {@code G_a <= 0} on the face
 * {@code z_a = lo_a} of B and {@code G_a >= 0} on the face {@code z_a = hi_a}, for every a, then G
 * has a zero in B.
 *
 * <p>G is the preconditioned system {@code G = Y F} with Y a rational approximation of the inverse
 * Jacobian at the numerical zero (so {@code G(z)} is close to {@code z - z*} and the face signs hold
 * on small boxes); Y is checked nonsingular exactly, so {@code G(z) = 0} iff {@code F(z) = 0}. Each of
 * the 2m sign conditions is decided by Z3 as the unsat answer of a QF_NRA query
 * {@code exists z in the face with G_a > 0} (resp. {@code < 0}); the faces have one free variable
 * fewer than the system, which is what makes them easy for nlsat when the full system is not.
 * Any sat or unknown face leaves the existence unproved (never refuted: the theorem is one-sided).
 */
final class MirandaBox {
    private MirandaBox() {
    }

    /** A square polynomial system in SMT-LIB text with a floating-point evaluator. */
    interface PolynomialSystem {
        /** The m variable names. */
        String[] variables();

        /** The m terms {@code F_k} (zero at a solution). */
        String[] terms();

        /** {@code F(z)} in floating point, for the preconditioner. */
        double[] evaluate(double[] z);
    }

    /** Outcome: proved with the box, or not with the reason; all decided face queries. */
    record Result(boolean proved, String reason, List<SmtOutcome> outcomes) {
    }

    /**
     * Tries to prove that F has a zero in {@code [lo, hi]}; {@code center} is the numerical zero
     * (inside the box) at which the Jacobian is estimated.
     */
    static Result prove(String name, String description, PolynomialSystem f, double[] center, BigFraction[] lo,
                        BigFraction[] hi, Z3Session session) {
        int m = center.length;
        Deadline.current().route("Poincare-Miranda box " + name);
        List<SmtOutcome> outcomes = new ArrayList<>();
        BigFraction[][] y = preconditioner(f, center, lo, hi);
        if (y == null) {
            return new Result(false, "the Jacobian at the numerical zero is singular", outcomes);
        }
        String[] vars = f.variables();
        String[] terms = f.terms();
        for (int a = 0; a < m; a++) {
            for (int side = 0; side < 2; side++) {
                boolean low = side == 0;
                SmtQuery.Builder q = new SmtQuery.Builder(name + "-face-" + a + (low ? "-lower" : "-upper"), SmtQuery.QF_NRA,
                        description + "\nPoincare-Miranda face condition for G = Y F (Y a rational preconditioner): on the face "
                                + vars[a] + " = " + (low ? "lower" : "upper") + " bound, is there a point with G_" + a
                                + (low ? " > 0" : " < 0") + "?\n"
                                + "unsat on all 2m faces: F has a zero in the box (Poincare-Miranda).")
                        .declare(vars);
                for (int b = 0; b < m; b++) {
                    if (b == a) {
                        q.assertTerm("(= " + vars[b] + " " + SmtText.num(low ? lo[b] : hi[b]) + ")");
                    } else {
                        q.assertAll(SmtText.between(vars[b], lo[b], hi[b]));
                    }
                }
                q.assertTerm(SmtText.linear(y[a], terms, low ? ">" : "<", BigFraction.ZERO));
                SmtOutcome out = session.check(q.build());
                outcomes.add(out);
                if (out.answer() != SmtOutcome.Answer.UNSAT) {
                    return new Result(false, "Miranda face condition " + out.query().name() + " answered "
                            + out.answer().smtLib() + (out.reason().isEmpty() ? "" : " (" + out.reason() + ")"), outcomes);
                }
            }
        }
        return new Result(true, "Poincare-Miranda: all " + 2 * m + " face conditions unsat", outcomes);
    }

    /**
     * A rational approximation of {@code J^{-1}} at the centre (central differences with a step of
     * a thousandth of the box), exactly nonsingular; null if the Jacobian is singular.
     */
    private static BigFraction[][] preconditioner(PolynomialSystem f, double[] z, BigFraction[] lo, BigFraction[] hi) {
        int m = z.length;
        double[][] jac = new double[m][m];
        for (int b = 0; b < m; b++) {
            double h = Math.max((hi[b].doubleValue() - lo[b].doubleValue()) / 1000, 1e-300);
            double[] plus = z.clone();
            double[] minus = z.clone();
            plus[b] += h;
            minus[b] -= h;
            double[] fp = f.evaluate(plus);
            double[] fm = f.evaluate(minus);
            for (int a = 0; a < m; a++) {
                jac[a][b] = (fp[a] - fm[a]) / (2 * h);
            }
        }
        RealMatrix inv;
        try {
            inv = new LUDecomposition(new Array2DRowRealMatrix(jac, false)).getSolver().getInverse();
        } catch (SingularMatrixException e) {
            return null;
        }
        BigFraction[][] y = new BigFraction[m][m];
        for (int a = 0; a < m; a++) {
            double scale = 0;
            for (int b = 0; b < m; b++) {
                scale = Math.max(scale, Math.abs(inv.getEntry(a, b)));
            }
            if (!(scale > 0) || !Double.isFinite(scale)) {
                return null;
            }
            for (int b = 0; b < m; b++) {
                y[a][b] = Rationals.simplestNear(inv.getEntry(a, b), Rationals.ofShortestDecimal(scale * 1e-12));
            }
        }
        return RationalAlgebra.rank(y) == m ? y : null;
    }
}
