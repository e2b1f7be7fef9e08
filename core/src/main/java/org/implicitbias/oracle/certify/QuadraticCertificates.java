package org.implicitbias.oracle.certify;

import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * Certificates for the quadratic programs {@code argmin_{Xw = y} 1/2 (w - w0)' D (w - w0)} with D
 * symmetric positive definite: the minimum-Bregman point of the quadratic potential
 * {@code psi = 1/2 w'Dw} from w0, and with {@code D = I} the minimum-l2-distance point
 * {@code argmin_{Xw = y} ||w - w0||_2}.
 *
 * <p>KKT conditions (necessary and sufficient: the objective is strictly convex, the constraints
 * affine): {@code D (w - w0) = X' lambda} and {@code X w = y}. On rational data the solution is
 * rational. Multipliers follow the convention {@code grad f(w) = X' lambda}.
 */
public final class QuadraticCertificates {
    private static final BigFraction TINY = new BigFraction(1, 1_000_000_000_000L);

    private QuadraticCertificates() {
    }

    /**
     * Level EXACT: solves the KKT system in rationals, verifies it, and compares the exact optimum
     * with the candidate.
     *
     * <p>Claim: the optimum lies within {@code radius} (l_inf) of the candidate. PROVED with the
     * exact optimum {@code w}, multipliers {@code lambda} and the exact l_inf distance as bound;
     * REFUTED if the exact optimum is farther, or if {@code Xw = y} has no solution. With a session,
     * the claim is also decided as a QF_LRA query (the KKT system plus the box) and the answers
     * must agree.
     *
     * @param x           N x d data
     * @param y           targets (length N)
     * @param w0          reference point (length d)
     * @param dmat        D (d x d, symmetric positive definite), or null for the identity
     * @param candidate   floating-point candidate optimum (length d)
     * @param multipliers floating-point candidate multipliers (length N) or null; they only select
     *                    the solution when the multipliers are not unique (X without full row rank)
     * @param radius      claimed l_inf accuracy of the candidate, > 0
     * @param session     Z3 session for the cross-check, or null for rationals only
     */
    public static Proof minBregman(BigFraction[][] x, BigFraction[] y, BigFraction[] w0, BigFraction[][] dmat,
                                   double[] candidate, double[] multipliers, BigFraction radius,
                                   Z3Session session) {
        int d = check(x, y, w0, dmat, candidate, multipliers, radius);
        int n = x.length;
        Box box = Box.around(candidate, radius);
        Proof.Builder proof = Proof.of(Certificate.Level.EXACT, claim(dmat, box));
        Deadline deadline = Deadline.current().route("quadratic exact KKT");
        boolean diagonal = dmat == null || isDiagonal(dmat);
        int bits = ExactCost.rowBits(x);
        String skip = deadline.unaffordable(diagonal ? ExactCost.normalEquations(n, d, bits)
                        : ExactCost.elimination(d + n, d + n + 1, Math.max(bits, ExactCost.rowBits(dmat))),
                diagonal ? "the exact normal equations of the " + n + " x " + d + " matrix X"
                        : "the exact " + (d + n) + " x " + (d + n) + " KKT system");
        if (skip != null) {
            return proof.unknown(skip);
        }
        BigFraction[] lamPref = multipliers == null ? null : Rationals.simplestNear(multipliers, TINY);
        BigFraction[] w;
        BigFraction[] lambda;
        if (diagonal) {
            BigFraction[] dinv = inverseDiagonal(dmat, d);
            BigFraction[][] k = RationalAlgebra.gram(x, dmat == null ? null : dinv);
            BigFraction[] rhs = RationalAlgebra.subtract(y, RationalAlgebra.times(x, w0));
            RationalAlgebra.LinearSolution sol = RationalAlgebra.solve(k, rhs, lamPref);
            if (!sol.consistent()) {
                return proof.refuted("Xw = y has no solution (rank of X is " + RationalAlgebra.rank(x) + ")");
            }
            lambda = sol.x();
            BigFraction[] g = RationalAlgebra.timesTransposed(x, lambda, d);
            w = new BigFraction[d];
            for (int j = 0; j < d; j++) {
                w[j] = w0[j].add(g[j].multiply(dinv[j]));
            }
        } else {
            // Full KKT system [[D, -X'], [X, 0]] [w; lambda] = [D w0; y].
            BigFraction[][] kkt = new BigFraction[d + n][d + n];
            BigFraction[] rhs = new BigFraction[d + n];
            BigFraction[] dw0 = RationalAlgebra.times(dmat, w0);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    kkt[i][j] = dmat[i][j];
                }
                for (int a = 0; a < n; a++) {
                    kkt[i][d + a] = x[a][i].negate();
                }
                rhs[i] = dw0[i];
            }
            for (int a = 0; a < n; a++) {
                for (int j = 0; j < d; j++) {
                    kkt[d + a][j] = x[a][j];
                }
                for (int b = 0; b < n; b++) {
                    kkt[d + a][d + b] = BigFraction.ZERO;
                }
                rhs[d + a] = y[a];
            }
            BigFraction[] pref = new BigFraction[d + n];
            System.arraycopy(ExactNumbers.ofDoubles(candidate), 0, pref, 0, d);
            for (int a = 0; a < n; a++) {
                pref[d + a] = lamPref == null ? BigFraction.ZERO : lamPref[a];
            }
            RationalAlgebra.LinearSolution sol = RationalAlgebra.solve(kkt, rhs, pref);
            if (!sol.consistent()) {
                return proof.refuted("Xw = y has no solution (rank of X is " + RationalAlgebra.rank(x) + ")");
            }
            w = java.util.Arrays.copyOfRange(sol.x(), 0, d);
            lambda = java.util.Arrays.copyOfRange(sol.x(), d, d + n);
        }
        verifyKkt(x, y, w0, dmat, w, lambda);
        proof.witness("w", w).witness("lambda", lambda);
        BigFraction dist = Rationals.maxAbsDifference(w, box.center());
        proof.witness("distance", dist);
        Proof result = dist.compareTo(radius) <= 0
                ? proof.proved("KKT system D(w - w0) = X'lambda, Xw = y holds exactly", dist, Proof.Metric.LINF)
                : proof.refuted("the exact optimum is at l_inf distance " + Rationals.show(dist)
                        + " from the candidate, more than " + Rationals.show(radius));
        if (session != null) {
            SmtOutcome out = session.check(kktBoxQuery(x, y, w0, dmat, box));
            result = Certificates.crossChecked(result, out);
        }
        return result;
    }

    /**
     * Level BOUNDED: rigorous primal and dual values in rationals, without solving the KKT system.
     *
     * <p>The candidate (rounded to a short rational within {@code radius/1000}) is projected exactly
     * onto {@code Xw = y} (Euclidean projection), giving a feasible point {@code w_f} and an upper
     * bound {@code P(w_f)}; the multipliers (rounded; least squares from the candidate if absent)
     * give the dual value {@code g(lambda) = lambda'(y - X w0) - 1/2 lambda' X D^{-1} X' lambda <= P(w*)}.
     * With {@code sigma} a certified lower bound on the smallest eigenvalue of D (exact LDL' of
     * {@code D - sigma I}), strong convexity gives {@code ||w_f - w*||_2^2 <= 2 (P(w_f) - g) / sigma}.
     *
     * <p>Claim: the optimum lies within {@code radius} of the candidate in l2. PROVED when
     * {@code ||c - w_f||_2 + sqrt(2 gap / sigma) <= radius} (rational upper bounds of the roots);
     * REFUTED when the matching lower bound exceeds the radius; UNKNOWN otherwise.
     */
    public static Proof bounded(BigFraction[][] x, BigFraction[] y, BigFraction[] w0, BigFraction[][] dmat,
                                double[] candidate, double[] multipliers, BigFraction radius) {
        int d = check(x, y, w0, dmat, candidate, multipliers, radius);
        String claim = "argmin_{Xw = y} 1/2 (w - w0)'D(w - w0) lies within " + ExactNumbers.format(radius)
                + " (l2) of the candidate";
        Proof.Builder proof = Proof.of(Certificate.Level.BOUNDED, claim);
        BigFraction[] c = ExactNumbers.ofDoubles(candidate);
        BigFraction[] cr = Rationals.simplestNear(candidate, radius.divide(1000));
        String skip = Deadline.current().route("quadratic bounded duality gap").unaffordable(
                ExactCost.normalEquations(x.length, d, ExactCost.rowBits(x)),
                "the exact projection onto Xw = y of the " + x.length + " x " + d + " matrix X");
        if (skip != null) {
            return proof.unknown(skip);
        }
        // Exact Euclidean projection of cr onto Xw = y: w_f = cr + X' mu, (X X') mu = y - X cr.
        BigFraction[][] gram = RationalAlgebra.gram(x, null);
        RationalAlgebra.LinearSolution mu = RationalAlgebra.solve(gram, RationalAlgebra.subtract(y, RationalAlgebra.times(x, cr)), null);
        if (!mu.consistent()) {
            return proof.refuted("Xw = y has no solution (rank of X is " + RationalAlgebra.rank(x) + ")");
        }
        BigFraction[] wf = RationalAlgebra.add(cr, RationalAlgebra.timesTransposed(x, mu.x(), d));
        if (!java.util.Arrays.equals(RationalAlgebra.times(x, wf), y)) {
            throw new IllegalStateException("exact projection is not feasible: internal error");
        }
        double[] lamD = multipliers != null ? multipliers : leastSquaresMultipliers(x, w0, dmat, candidate);
        BigFraction[] lambda = Rationals.simplestNear(lamD, TINY);
        BigFraction[] g = RationalAlgebra.timesTransposed(x, lambda, d);
        BigFraction[] m = applyInverse(dmat, g, d);
        BigFraction dual = RationalAlgebra.dot(lambda, RationalAlgebra.subtract(y, RationalAlgebra.times(x, w0)))
                .subtract(RationalAlgebra.dot(g, m).divide(2));
        BigFraction[] diff = RationalAlgebra.subtract(wf, w0);
        BigFraction primal = RationalAlgebra.dot(diff, dmat == null ? diff : RationalAlgebra.times(dmat, diff)).divide(2);
        BigFraction gap = primal.subtract(dual);
        if (Rationals.sgn(gap) < 0) {
            throw new IllegalStateException("negative duality gap: internal error");
        }
        BigFraction sigma = sigma(dmat, d);
        if (sigma == null) {
            throw new InvalidInputException("D", "a matrix that is not positive definite", "a positive definite matrix");
        }
        BigFraction distSq = gap.multiply(2).divide(sigma);
        BigFraction offSq = RationalAlgebra.dot(RationalAlgebra.subtract(c, wf), RationalAlgebra.subtract(c, wf));
        BigFraction[] distRoot = Rationals.rootBounds(distSq, 2);
        BigFraction[] offRoot = Rationals.rootBounds(offSq, 2);
        BigFraction upper = offRoot[1].add(distRoot[1]);
        BigFraction lower = offRoot[0].subtract(distRoot[1]);
        proof.witness("w-feasible", wf).witness("lambda", lambda).witness("primal", primal).witness("dual", dual)
                .witness("gap", gap).witness("sigma", sigma);
        if (upper.compareTo(radius) <= 0) {
            return proof.proved("gap " + Rationals.show(gap) + ", ||w_f - w*||_2 <= sqrt(2 gap / sigma)", upper,
                    Proof.Metric.L2);
        }
        if (lower.compareTo(radius) > 0) {
            return proof.refuted("the optimum is at l2 distance at least " + Rationals.show(lower)
                    + " from the candidate");
        }
        return proof.unknown("bounds too loose: l2 distance between " + Rationals.show(lower) + " and "
                + Rationals.show(upper));
    }

    /**
     * QF_LRA query: exists (w, lambda) with {@code Xw = y}, {@code D(w - w0) = X'lambda} and w in the
     * box. Sat iff the (unique) optimum lies in the box.
     */
    static SmtQuery kktBoxQuery(BigFraction[][] x, BigFraction[] y, BigFraction[] w0, BigFraction[][] dmat, Box box) {
        int d = w0.length;
        int n = x.length;
        String[] w = SmtText.names("w", d);
        String[] lam = SmtText.names("lam", n);
        SmtQuery.Builder q = new SmtQuery.Builder("quadratic-kkt-box", SmtQuery.QF_LRA,
                "KKT system of argmin_{Xw = y} 1/2 (w - w0)'D(w - w0): Xw = y, D(w - w0) = X'lambda,\n"
                        + "with w in the box " + box.describe() + ".\n"
                        + "sat: the optimum lies in the box; unsat: it does not.")
                .declare(w).declare(lam);
        for (int a = 0; a < n; a++) {
            q.assertTerm(SmtText.linear(x[a], w, "=", y[a]));
        }
        for (int i = 0; i < d; i++) {
            // sum_j D_ij w_j - sum_a X_ai lam_a = (D w0)_i
            BigFraction[] coef = new BigFraction[d + n];
            String[] vars = new String[d + n];
            BigFraction rhs = BigFraction.ZERO;
            for (int j = 0; j < d; j++) {
                BigFraction dij = dmat == null ? (i == j ? BigFraction.ONE : BigFraction.ZERO) : dmat[i][j];
                coef[j] = dij;
                vars[j] = w[j];
                rhs = rhs.add(dij.multiply(w0[j]));
            }
            for (int a = 0; a < n; a++) {
                coef[d + a] = x[a][i].negate();
                vars[d + a] = lam[a];
            }
            q.assertTerm(SmtText.linear(coef, vars, "=", rhs));
        }
        q.assertAll(box.assertions(w));
        return q.build();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String claim(BigFraction[][] dmat, Box box) {
        return (dmat == null ? "argmin_{Xw = y} ||w - w0||_2" : "argmin_{Xw = y} 1/2 (w - w0)'D(w - w0)") + " lies "
                + box.describe();
    }

    private static int check(BigFraction[][] x, BigFraction[] y, BigFraction[] w0, BigFraction[][] dmat,
                             double[] candidate, double[] multipliers, BigFraction radius) {
        int d = Inputs.matrix("X", x);
        Inputs.vector("y", y, x.length);
        Inputs.vector("w0", w0, d);
        Inputs.vector("candidate", candidate, d);
        if (multipliers != null) {
            Inputs.vector("multipliers", multipliers, x.length);
        }
        Inputs.positive("radius", radius);
        if (dmat != null) {
            Inputs.positiveDefinite("D", dmat, d);
        }
        return d;
    }

    private static boolean isDiagonal(BigFraction[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (i != j && Rationals.sgn(m[i][j]) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static BigFraction[] inverseDiagonal(BigFraction[][] dmat, int d) {
        BigFraction[] inv = new BigFraction[d];
        for (int j = 0; j < d; j++) {
            inv[j] = dmat == null ? BigFraction.ONE : BigFraction.ONE.divide(dmat[j][j]);
        }
        return inv;
    }

    /** {@code D^{-1} g} exactly. */
    private static BigFraction[] applyInverse(BigFraction[][] dmat, BigFraction[] g, int d) {
        if (dmat == null) {
            return g.clone();
        }
        if (isDiagonal(dmat)) {
            BigFraction[] out = new BigFraction[d];
            for (int j = 0; j < d; j++) {
                out[j] = g[j].divide(dmat[j][j]);
            }
            return out;
        }
        return RationalAlgebra.solve(dmat, g, null).x();
    }

    private static BigFraction sigma(BigFraction[][] dmat, int d) {
        if (dmat == null) {
            return BigFraction.ONE;
        }
        if (isDiagonal(dmat)) {
            BigFraction s = dmat[0][0];
            for (int j = 1; j < d; j++) {
                if (dmat[j][j].compareTo(s) < 0) {
                    s = dmat[j][j];
                }
            }
            return s;
        }
        return PsdCertificate.smallestEigenvalueLowerBound(dmat);
    }

    private static void verifyKkt(BigFraction[][] x, BigFraction[] y, BigFraction[] w0, BigFraction[][] dmat,
                                  BigFraction[] w, BigFraction[] lambda) {
        int d = w.length;
        BigFraction[] diff = RationalAlgebra.subtract(w, w0);
        BigFraction[] lhs = dmat == null ? diff : RationalAlgebra.times(dmat, diff);
        if (!java.util.Arrays.equals(lhs, RationalAlgebra.timesTransposed(x, lambda, d))
                || !java.util.Arrays.equals(RationalAlgebra.times(x, w), y)) {
            throw new IllegalStateException("exact KKT solution fails its own check: internal error");
        }
    }

    /** Least-squares multipliers of {@code D(c - w0) = X' lambda} in floating point. */
    private static double[] leastSquaresMultipliers(BigFraction[][] x, BigFraction[] w0, BigFraction[][] dmat,
                                                    double[] c) {
        int d = c.length;
        int n = x.length;
        double[][] xt = new double[d][n];
        for (int a = 0; a < n; a++) {
            for (int j = 0; j < d; j++) {
                xt[j][a] = x[a][j].doubleValue();
            }
        }
        double[] r = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double dij = dmat == null ? (i == j ? 1 : 0) : dmat[i][j].doubleValue();
                s += dij * (c[j] - w0[j].doubleValue());
            }
            r[i] = s;
        }
        try {
            return new QRDecomposition(new Array2DRowRealMatrix(xt, false)).getSolver()
                    .solve(new ArrayRealVector(r, false)).toArray();
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            // Rank-deficient X: lambda = 0 is still dual feasible (any lambda is), only weaker.
            return new double[n];
        }
    }
}
