package org.implicitbias.oracle.certify;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * Certificates for the hard-margin program of a quadratic norm {@code ||w||_D = sqrt(w'Dw)}
 * ({@code D = I}: the l2 max margin, the SVM):
 * <pre>  w_hat = argmin 1/2 w'Dw  subject to  Z w &gt;= 1,</pre>
 * whose direction is the max-margin direction, with margin {@code gamma = 1/||w_hat||_D}. KKT
 * (necessary and sufficient: strictly convex objective, linear constraints):
 * {@code D w = Z'alpha}, {@code alpha >= 0}, {@code Z w >= 1}, {@code alpha_n (<z_n, w> - 1) = 0}.
 * On a support set S (alpha zero off S): {@code w = D^{-1} Z_S' alpha_S} with
 * {@code (Z_S D^{-1} Z_S') alpha_S = 1}, a rational linear system.
 */
public final class MarginCertificates {
    private MarginCertificates() {
    }

    /**
     * Claim: the solution of the support-set system of S is {@code w_hat}.
     * PROVED (EXACT) when {@code alpha_S >= 0} and every margin is >= 1 exactly. REFUTED when the
     * system has no solution or some margin is < 1 (the point is infeasible). When a multiplier is
     * negative, optimality of {@code w_S} is decided exactly with a session: multipliers
     * {@code alpha >= 0} on all points active at {@code w_S} with {@code D w_S = Z_A' alpha} exist
     * (QF_LRA) or not; without a session that case is UNKNOWN.
     *
     * @param z       N x d signed data
     * @param dmat    D (symmetric positive definite) or null for the identity
     * @param support indices of the support vectors
     */
    public static Proof support(BigFraction[][] z, BigFraction[][] dmat, int[] support, Z3Session session) {
        Deadline.current().route("l2 margin support set");
        int d = check(z, dmat);
        for (int s : support) {
            if (s < 0 || s >= z.length) {
                throw new InvalidInputException("support", s, "point indices between 0 and " + (z.length - 1));
            }
        }
        Proof.Builder proof = Proof.of(Certificate.Level.EXACT, text(dmat) + ": the support set " + Arrays.toString(support)
                + " gives the optimum");
        int k = support.length;
        Deadline deadline = Deadline.current();
        String skip = deadline.unaffordable(ExactCost.normalEquations(k, d, ExactCost.rowBits(z)),
                "the exact support-set system of " + k + " support vectors in dimension " + d);
        if (skip != null) {
            return proof.unknown(skip);
        }
        BigFraction[][] zs = new BigFraction[k][];
        BigFraction[][] dinvZs = new BigFraction[k][];
        for (int a = 0; a < k; a++) {
            zs[a] = z[support[a]];
            dinvZs[a] = applyInverse(dmat, zs[a]);
        }
        BigFraction[][] gram = new BigFraction[k][k];
        for (int a = 0; a < k; a++) {
            deadline.check("exact Gram matrix of the support vectors");
            for (int b = 0; b < k; b++) {
                gram[a][b] = RationalAlgebra.dot(zs[a], dinvZs[b]);
            }
        }
        BigFraction[] ones = new BigFraction[k];
        Arrays.fill(ones, BigFraction.ONE);
        RationalAlgebra.LinearSolution sol = RationalAlgebra.solve(gram, ones, null);
        if (!sol.consistent()) {
            return proof.refuted("no combination of the support vectors has margin exactly 1 on all of them");
        }
        BigFraction[] alphaS = sol.x();
        BigFraction[] w = RationalAlgebra.zeros(d);
        BigFraction[] alpha = RationalAlgebra.zeros(z.length);
        for (int a = 0; a < k; a++) {
            w = RationalAlgebra.add(w, RationalAlgebra.scale(alphaS[a], dinvZs[a]));
            alpha[support[a]] = alpha[support[a]].add(alphaS[a]);
        }
        proof.witness("w", w);
        for (int n = 0; n < z.length; n++) {
            BigFraction mg = RationalAlgebra.dot(z[n], w);
            if (mg.compareTo(BigFraction.ONE) < 0) {
                return proof.refuted("the support-set solution violates the margin of point " + n + ": <z_n, w> = "
                        + ExactNumbers.format(mg) + " < 1");
            }
        }
        BigFraction normSq = RationalAlgebra.dot(w, dmat == null ? w : RationalAlgebra.times(dmat, w));
        proof.witness("norm-squared", normSq).witness("gamma-squared", BigFraction.ONE.divide(normSq));
        int negative = -1;
        for (int n = 0; n < z.length; n++) {
            if (Rationals.sgn(alpha[n]) < 0) {
                negative = n;
                break;
            }
        }
        if (negative < 0) {
            proof.witness("alpha", alpha);
            return proof.proved("alpha >= 0 on the support set and all margins >= 1, exactly");
        }
        String why = "multiplier alpha_" + negative + " = " + ExactNumbers.format(alpha[negative]) + " < 0";
        if (session == null) {
            return proof.unknown(why + "; no Z3 session to decide optimality on the full active set");
        }
        SmtOutcome out = session.check(dualQuery(z, dmat, w));
        proof.query(out);
        switch (out.answer()) {
            case SAT -> {
                BigFraction[] al = new BigFraction[z.length];
                for (int n = 0; n < z.length; n++) {
                    al[n] = out.model().get("alpha" + n).lower();
                }
                verifyDual(z, dmat, w, al);
                proof.witness("alpha", al);
                return proof.proved("Z3 LRA: multipliers alpha >= 0 on the active set exist (" + why + ")");
            }
            case UNSAT -> {
                return proof.refuted("w_S is not optimal: D w_S is not a non-negative combination of its active "
                        + "support vectors (Z3 LRA unsat); " + why);
            }
            default -> {
                return proof.unknown(why + "; Z3 answered unknown: " + out.reason());
            }
        }
    }

    /**
     * Claim: {@code w_hat} lies within {@code radius} (l_inf) of the candidate rescaled (exactly) to
     * minimum margin 1. The support set is read off the rescaled candidate (margins within
     * {@code 1e-6} of 1) and passed to {@link #support}; the exact {@code w_hat} then decides
     * (PROVED or REFUTED: the optimum is unique). If the support-set route does not prove, a
     * session decides the claim by a QF_LRA query: the KKT system with the complementarity written
     * as disjunctions {@code alpha_n = 0 or <z_n, w> = 1}, plus the box.
     */
    public static Proof candidate(BigFraction[][] z, BigFraction[][] dmat, double[] candidate, BigFraction radius,
                                  Z3Session session) {
        Deadline.current().route("l2 margin exact KKT");
        int d = check(z, dmat);
        Inputs.vector("candidate", candidate, d);
        Inputs.positive("radius", radius);
        BigFraction[] c = ExactNumbers.ofDoubles(candidate);
        BigFraction m = PolyhedralCertificates.minMargin(z, c);
        Proof.Builder proof = Proof.of(Certificate.Level.EXACT, text(dmat) + " lies within " + ExactNumbers.format(radius)
                + " (l_inf) of the candidate rescaled to minimum margin 1");
        if (Rationals.sgn(m) <= 0) {
            return proof.unknown("the candidate does not separate the data (minimum margin " + Rationals.show(m) + ")");
        }
        BigFraction[] cs = RationalAlgebra.scale(BigFraction.ONE.divide(m), c);
        Box box = Box.around(cs, radius);
        List<Integer> s = new ArrayList<>();
        Deadline deadline = Deadline.current();
        for (int n = 0; n < z.length; n++) {
            deadline.check("exact margins");
            if (RationalAlgebra.dot(z[n], cs).doubleValue() <= 1 + 1e-6) {
                s.add(n);
            }
        }
        Proof bySupport = support(z, dmat, s.stream().mapToInt(Integer::intValue).toArray(), session);
        proof.witness("center", cs);
        if (bySupport.proved()) {
            BigFraction[] w = bySupport.witness("w");
            bySupport.witness().forEach(proof::witness);
            bySupport.queries().forEach(proof::query);
            BigFraction dist = Rationals.maxAbsDifference(w, cs);
            Proof rational = dist.compareTo(radius) <= 0
                    ? proof.proved("exact support-set solution", dist, Proof.Metric.LINF)
                    : proof.refuted("the exact optimum is at l_inf distance " + Rationals.show(dist)
                            + " from the rescaled candidate, more than " + Rationals.show(radius));
            return session == null ? rational : Certificates.crossChecked(rational, session.check(kktBoxQuery(z, dmat, box)));
        }
        if (session == null) {
            return proof.unknown("support set " + s + " read from the candidate does not certify: " + bySupport.reason()
                    + "; no Z3 session to decide");
        }
        SmtOutcome out = session.check(kktBoxQuery(z, dmat, box));
        proof.query(out);
        switch (out.answer()) {
            case SAT -> {
                BigFraction[] w = new BigFraction[d];
                BigFraction[] al = new BigFraction[z.length];
                for (int j = 0; j < d; j++) {
                    w[j] = out.model().get("w" + j).lower();
                }
                for (int n = 0; n < z.length; n++) {
                    al[n] = out.model().get("alpha" + n).lower();
                }
                verifyKkt(z, dmat, w, al);
                proof.witness("w", w).witness("alpha", al);
                return proof.proved("Z3 LRA: an exact KKT point in the box, re-verified in rationals",
                        Rationals.maxAbsDifference(w, cs), Proof.Metric.LINF);
            }
            case UNSAT -> {
                return proof.refuted("Z3 LRA: unsat, the optimum does not lie in the box");
            }
            default -> {
                return proof.unknown("Z3 answered unknown: " + out.reason());
            }
        }
    }

    /**
     * Level BOUNDED for the l2 max-margin direction, at any size: exact decimal sums, no elimination.
     *
     * <p>The unit candidate p has exact margins {@code m_n = <z_n, p>} with least value m > 0, so
     * {@code c_s = p / m} is feasible for the hard margin {@code min 1/2 ||w||^2, Zw >= 1}; any
     * {@code alpha >= 0} gives the dual value {@code sum alpha - 1/2 ||Z'alpha||^2 <= P*}, and the
     * objective's modulus 1 with the optimality of {@code w_hat} gives
     * {@code ||c_s - w_hat|| <= sqrt(2 gap)}. Since {@code ||a/|a| - b/|b||| <= 2 ||a - b|| / |a|},
     * the max-margin direction {@code u* = w_hat / ||w_hat||} is within
     * {@code | ||p|| - 1 | + 2 m sqrt(2 gap) / ||p||} of p in l2, every term enclosed rigorously.
     *
     * @param z         N x d exact signed examples {@code y_n x_n}
     * @param candidate the unit-norm maximiser found in floating point
     * @param alpha     hard-margin multipliers (negative entries are taken as 0)
     */
    public static Proof boundedDirection(BigFraction[][] z, double[] candidate, double[] alpha) {
        int d = check(z, null);
        Inputs.vector("candidate", candidate, d);
        Inputs.vector("alpha", alpha, z.length);
        Proof.Builder proof = Proof.of(Certificate.Level.BOUNDED,
                "the l2 max-margin direction lies within the proven l2 distance of the unit candidate");
        ExactMatrix zm = new ExactMatrix(z);
        BigDecimal[] p = new BigDecimal[d];
        int[] all = new int[d];
        Enclosure normSq = Enclosure.ZERO;
        for (int j = 0; j < d; j++) {
            p[j] = new BigDecimal(candidate[j]);
            all[j] = j;
            normSq = normSq.add(Enclosure.point(p[j].multiply(p[j])));
        }
        Enclosure margin = null;
        for (int n = 0; n < z.length; n++) {
            Enclosure mn = zm.rowDot(n, p, all);
            margin = margin == null ? mn : margin.min(mn);
        }
        if (margin == null || margin.lower().signum() <= 0) {
            return proof.unknown("the candidate does not separate the data (least margin " + margin + ")");
        }
        BigDecimal[] a = new BigDecimal[z.length];
        Enclosure sumAlpha = Enclosure.ZERO;
        for (int n = 0; n < z.length; n++) {
            a[n] = alpha[n] > 0 && Double.isFinite(alpha[n]) ? new BigDecimal(alpha[n]) : BigDecimal.ZERO;
            sumAlpha = sumAlpha.add(Enclosure.point(a[n]));
        }
        Enclosure gSq = Enclosure.ZERO;
        for (int j = 0; j < d; j++) {
            gSq = gSq.add(zm.columnDot(j, a).square());
        }
        Enclosure half = Enclosure.of(new BigFraction(1, 2));
        Enclosure primal = normSq.divide(margin.square()).multiply(half);
        Enclosure dual = sumAlpha.subtract(gSq.multiply(half));
        BigDecimal gap = primal.subtract(dual).upper().max(BigDecimal.ZERO);
        Enclosure norm = normSq.sqrt();
        Enclosure inner = Enclosure.of(2).multiply(Enclosure.point(gap)).sqrt();
        Enclosure bound = norm.subtract(Enclosure.ONE).abs()
                .add(Enclosure.of(2).multiply(margin).multiply(inner).divide(norm));
        proof.witness("gap-upper", Enclosure.point(gap).upperFraction())
                .witness("least-margin-lower", Enclosure.point(margin.lower()).lowerFraction());
        return proof.proved("least margin >= " + margin.lower().round(new MathContext(4)) + ", duality gap <= "
                + gap.round(new MathContext(3, RoundingMode.CEILING))
                + ", ||u - u*||_2 <= | ||u|| - 1 | + 2 m sqrt(2 gap) / ||u||", bound.upperFraction(), Proof.Metric.L2);
    }

    /**
     * Level BOUNDED: the rescaled candidate {@code c_s} (minimum margin exactly 1) is feasible; the
     * multipliers alpha (clipped at 0) give the dual value
     * {@code sum_n alpha_n - 1/2 alpha'Z D^{-1} Z'alpha}; with sigma a certified lower bound on the
     * smallest eigenvalue of D, {@code ||c_s - w_hat||_2^2 <= 2 gap / sigma}. Claim in l2: PROVED when
     * the bound is at most radius, UNKNOWN otherwise.
     */
    public static Proof bounded(BigFraction[][] z, BigFraction[][] dmat, double[] candidate, double[] alpha,
                                BigFraction radius) {
        Deadline.current().route("l2 margin bounded duality gap");
        int d = check(z, dmat);
        Inputs.vector("candidate", candidate, d);
        Inputs.vector("alpha", alpha, z.length);
        Inputs.positive("radius", radius);
        Proof.Builder proof = Proof.of(Certificate.Level.BOUNDED, text(dmat) + " lies within " + ExactNumbers.format(radius)
                + " (l2) of the candidate rescaled to minimum margin 1");
        BigFraction[] c = ExactNumbers.ofDoubles(candidate);
        BigFraction m = PolyhedralCertificates.minMargin(z, c);
        if (Rationals.sgn(m) <= 0) {
            return proof.unknown("the candidate does not separate the data (minimum margin " + Rationals.show(m) + ")");
        }
        BigFraction[] cs = RationalAlgebra.scale(BigFraction.ONE.divide(m), c);
        BigFraction[] al = new BigFraction[z.length];
        for (int n = 0; n < z.length; n++) {
            al[n] = alpha[n] > 0 ? Rationals.simplestNear(alpha[n], new BigFraction(1, 1_000_000_000_000L)) : BigFraction.ZERO;
            if (Rationals.sgn(al[n]) < 0) {
                al[n] = BigFraction.ZERO;
            }
        }
        BigFraction[] g = RationalAlgebra.timesTransposed(z, al, d);
        BigFraction[] dinvG = applyInverse(dmat, g);
        BigFraction sumAlpha = BigFraction.ZERO;
        for (BigFraction v : al) {
            sumAlpha = sumAlpha.add(v);
        }
        BigFraction dual = sumAlpha.subtract(RationalAlgebra.dot(g, dinvG).divide(2));
        BigFraction primal = RationalAlgebra.dot(cs, dmat == null ? cs : RationalAlgebra.times(dmat, cs)).divide(2);
        BigFraction gap = primal.subtract(dual);
        if (Rationals.sgn(gap) < 0) {
            throw new IllegalStateException("negative duality gap: internal error");
        }
        BigFraction sigma = dmat == null ? BigFraction.ONE : PsdCertificate.smallestEigenvalueLowerBound(dmat);
        BigFraction bound = Rationals.rootBounds(gap.multiply(2).divide(sigma), 2)[1];
        proof.witness("w-feasible", cs).witness("alpha", al).witness("primal", primal).witness("dual", dual)
                .witness("gap", gap).witness("sigma", sigma);
        if (bound.compareTo(radius) <= 0) {
            return proof.proved("gap " + Rationals.show(gap) + ", ||c_s - w_hat||_2 <= sqrt(2 gap / sigma)", bound,
                    Proof.Metric.L2);
        }
        return proof.unknown("bound too loose: ||c_s - w_hat||_2 <= " + Rationals.show(bound));
    }

    // ---- queries -------------------------------------------------------------------------------

    /** QF_LRA: alpha >= 0, zero on points inactive at w, with D w = Z'alpha (w fixed). */
    static SmtQuery dualQuery(BigFraction[][] z, BigFraction[][] dmat, BigFraction[] w) {
        int d = w.length;
        String[] alpha = SmtText.names("alpha", z.length);
        SmtQuery.Builder q = new SmtQuery.Builder("margin-support-dual", SmtQuery.QF_LRA,
                "Hard-margin KKT multipliers for a fixed feasible w: alpha >= 0, alpha_n = 0 where <z_n, w> > 1,\n"
                        + "D w = Z'alpha. sat: w is the optimum; unsat: it is not.").declare(alpha);
        BigFraction[] dw = dmat == null ? w : RationalAlgebra.times(dmat, w);
        for (int n = 0; n < z.length; n++) {
            boolean active = RationalAlgebra.dot(z[n], w).equals(BigFraction.ONE);
            q.assertTerm(active ? "(>= " + alpha[n] + " 0)" : "(= " + alpha[n] + " 0)");
        }
        BigFraction[][] zt = RationalAlgebra.transpose(z, d);
        for (int j = 0; j < d; j++) {
            q.assertTerm(SmtText.linear(zt[j], alpha, "=", dw[j]));
        }
        return q.build();
    }

    /** QF_LRA: the hard-margin KKT system (complementarity as disjunctions) with w in the box. */
    static SmtQuery kktBoxQuery(BigFraction[][] z, BigFraction[][] dmat, Box box) {
        int d = box.dimension();
        String[] w = SmtText.names("w", d);
        String[] alpha = SmtText.names("alpha", z.length);
        SmtQuery.Builder q = new SmtQuery.Builder("margin-kkt-box", SmtQuery.QF_LRA,
                "KKT system of argmin 1/2 w'Dw s.t. Zw >= 1: D w = Z'alpha, alpha >= 0, Zw >= 1,\n"
                        + "alpha_n = 0 or <z_n, w> = 1; w in the box " + box.describe() + ".\n"
                        + "sat: the optimum lies in the box; unsat: it does not.").declare(w).declare(alpha);
        for (int n = 0; n < z.length; n++) {
            String margin = SmtText.linear(z[n], w, ">=", BigFraction.ONE);
            q.assertTerm("(>= " + alpha[n] + " 0)");
            q.assertTerm(margin);
            q.assertTerm("(or (= " + alpha[n] + " 0) " + SmtText.linear(z[n], w, "=", BigFraction.ONE) + ")");
        }
        BigFraction[][] zt = RationalAlgebra.transpose(z, d);
        for (int j = 0; j < d; j++) {
            // sum_k D_jk w_k - sum_n z_nj alpha_n = 0
            BigFraction[] coef = new BigFraction[d + z.length];
            String[] vars = new String[d + z.length];
            for (int k = 0; k < d; k++) {
                coef[k] = dmat == null ? (j == k ? BigFraction.ONE : BigFraction.ZERO) : dmat[j][k];
                vars[k] = w[k];
            }
            for (int n = 0; n < z.length; n++) {
                coef[d + n] = zt[j][n].negate();
                vars[d + n] = alpha[n];
            }
            q.assertTerm(SmtText.linear(coef, vars, "=", BigFraction.ZERO));
        }
        q.assertAll(box.assertions(w));
        return q.build();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void verifyDual(BigFraction[][] z, BigFraction[][] dmat, BigFraction[] w, BigFraction[] alpha) {
        verifyKkt(z, dmat, w, alpha);
    }

    private static void verifyKkt(BigFraction[][] z, BigFraction[][] dmat, BigFraction[] w, BigFraction[] alpha) {
        int d = w.length;
        BigFraction[] dw = dmat == null ? w : RationalAlgebra.times(dmat, w);
        if (!Arrays.equals(dw, RationalAlgebra.timesTransposed(z, alpha, d))) {
            throw new IllegalStateException("Z3's multipliers fail D w = Z'alpha exactly: internal error");
        }
        for (int n = 0; n < z.length; n++) {
            BigFraction mg = RationalAlgebra.dot(z[n], w);
            if (Rationals.sgn(alpha[n]) < 0 || mg.compareTo(BigFraction.ONE) < 0
                    || (Rationals.sgn(alpha[n]) > 0 && !mg.equals(BigFraction.ONE))) {
                throw new IllegalStateException("Z3's KKT point fails the exact check at point " + n + ": internal error");
            }
        }
    }

    private static BigFraction[] applyInverse(BigFraction[][] dmat, BigFraction[] g) {
        return dmat == null ? g.clone() : RationalAlgebra.solve(dmat, g, null).x();
    }

    private static String text(BigFraction[][] dmat) {
        return dmat == null ? "argmin ||w||_2 s.t. Zw >= 1" : "argmin w'Dw s.t. Zw >= 1";
    }

    private static int check(BigFraction[][] z, BigFraction[][] dmat) {
        int d = Inputs.matrix("Z", z);
        if (dmat != null) {
            Inputs.positiveDefinite("D", dmat, d);
        }
        return d;
    }
}
