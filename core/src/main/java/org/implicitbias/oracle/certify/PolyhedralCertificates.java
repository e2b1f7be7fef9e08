package org.implicitbias.oracle.certify;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * Exact certificates for the programs of the polyhedral norms l1 and l_inf, all linear programs
 * ({@link ExactLinearProgram}) on rational data:
 * <ul>
 *   <li>minimum norm {@code argmin_{Xw = y} ||w - w0||}, as
 *       {@code max -sum_j t_j s.t. |w_j - w0_j| <= t_j, Xw = y} (l1) or
 *       {@code max -t s.t. |w_j - w0_j| <= t, Xw = y} (l_inf);</li>
 *   <li>maximum margin {@code gamma = max_{||w|| <= 1} min_n <w, z_n>}, as
 *       {@code max gamma s.t. <z_n, w> >= gamma, |w_j| <= s_j, sum_j s_j <= 1} (l1) or
 *       {@code max gamma s.t. <z_n, w> >= gamma, |w_j| <= 1} (l_inf);</li>
 *   <li>Lemma 10 on data: {@code min_{r in simplex} ||Z'r||_* >= gamma} (the dual norm of l1 is
 *       l_inf and vice versa).</li>
 * </ul>
 * Multiplier conventions of the inputs: for the minimum norm, lambda with
 * {@code X'lambda in subdifferential of ||.||(w - w0)} (so {@code ||X'lambda||_* <= 1}); for the
 * maximum margin, weights r in the simplex on the data points with {@code ||Z'r||_* = gamma}.
 */
public final class PolyhedralCertificates {

    /** The polyhedral norms. */
    public enum PolyhedralNorm {
        L1, LINF;

        /** {@code ||v||}. */
        public BigFraction norm(BigFraction[] v) {
            return this == L1 ? RationalAlgebra.norm1(v) : RationalAlgebra.normInf(v);
        }

        /** The dual norm {@code ||v||_*}. */
        public BigFraction dual(BigFraction[] v) {
            return this == L1 ? RationalAlgebra.normInf(v) : RationalAlgebra.norm1(v);
        }

        String text() {
            return this == L1 ? "l1" : "linf";
        }
    }

    private PolyhedralCertificates() {
    }

    // ---- programs ------------------------------------------------------------------------------

    /** The linear program of {@code argmin_{Xw = y} ||w - w0||}; claim coordinates are w. */
    public static ExactLinearProgram minNormProgram(PolyhedralNorm norm, BigFraction[][] x, BigFraction[] y, BigFraction[] w0) {
        int d = Inputs.matrix("X", x);
        Inputs.vector("y", y, x.length);
        Inputs.vector("w0", w0, d);
        int n = norm == PolyhedralNorm.L1 ? 2 * d : d + 1;
        String[] names = new String[n];
        for (int j = 0; j < d; j++) {
            names[j] = "w" + j;
        }
        if (norm == PolyhedralNorm.L1) {
            for (int j = 0; j < d; j++) {
                names[d + j] = "t" + j;
            }
        } else {
            names[d] = "t";
        }
        BigFraction[][] a = new BigFraction[2 * d][];
        BigFraction[] b = new BigFraction[2 * d];
        for (int j = 0; j < d; j++) {
            int t = norm == PolyhedralNorm.L1 ? d + j : d;
            BigFraction[] plus = RationalAlgebra.zeros(n);
            plus[j] = BigFraction.ONE;
            plus[t] = BigFraction.MINUS_ONE;
            BigFraction[] minus = RationalAlgebra.zeros(n);
            minus[j] = BigFraction.MINUS_ONE;
            minus[t] = BigFraction.MINUS_ONE;
            a[2 * j] = plus;
            b[2 * j] = w0[j];
            a[2 * j + 1] = minus;
            b[2 * j + 1] = w0[j].negate();
        }
        BigFraction[][] e = new BigFraction[x.length][];
        for (int k = 0; k < x.length; k++) {
            e[k] = RationalAlgebra.zeros(n);
            System.arraycopy(x[k], 0, e[k], 0, d);
        }
        BigFraction[] c = RationalAlgebra.zeros(n);
        for (int j = d; j < n; j++) {
            c[j] = BigFraction.MINUS_ONE;
        }
        return new ExactLinearProgram(names, a, b, e, y.clone(), c, range(d));
    }

    /** The linear program of the maximum margin; claim coordinates are w (unit norm at the optimum). */
    public static ExactLinearProgram maxMarginProgram(PolyhedralNorm norm, BigFraction[][] z) {
        int d = Inputs.matrix("Z", z);
        int nPts = z.length;
        boolean l1 = norm == PolyhedralNorm.L1;
        int n = l1 ? 2 * d + 1 : d + 1;
        int gamma = n - 1;
        String[] names = new String[n];
        for (int j = 0; j < d; j++) {
            names[j] = "w" + j;
            if (l1) {
                names[d + j] = "s" + j;
            }
        }
        names[gamma] = "gamma";
        List<BigFraction[]> a = new ArrayList<>();
        List<BigFraction> b = new ArrayList<>();
        for (BigFraction[] zn : z) {
            BigFraction[] row = RationalAlgebra.zeros(n);
            for (int j = 0; j < d; j++) {
                row[j] = zn[j].negate();
            }
            row[gamma] = BigFraction.ONE;
            a.add(row);
            b.add(BigFraction.ZERO);
        }
        for (int j = 0; j < d; j++) {
            BigFraction[] plus = RationalAlgebra.zeros(n);
            BigFraction[] minus = RationalAlgebra.zeros(n);
            plus[j] = BigFraction.ONE;
            minus[j] = BigFraction.MINUS_ONE;
            if (l1) {
                plus[d + j] = BigFraction.MINUS_ONE;
                minus[d + j] = BigFraction.MINUS_ONE;
            }
            a.add(plus);
            b.add(l1 ? BigFraction.ZERO : BigFraction.ONE);
            a.add(minus);
            b.add(l1 ? BigFraction.ZERO : BigFraction.ONE);
        }
        if (l1) {
            BigFraction[] budget = RationalAlgebra.zeros(n);
            for (int j = 0; j < d; j++) {
                budget[d + j] = BigFraction.ONE;
            }
            a.add(budget);
            b.add(BigFraction.ONE);
        }
        BigFraction[] c = RationalAlgebra.zeros(n);
        c[gamma] = BigFraction.ONE;
        assert a.size() == nPts + 2 * d + (l1 ? 1 : 0);
        return new ExactLinearProgram(names, a.toArray(new BigFraction[0][]), b.toArray(new BigFraction[0]),
                new BigFraction[0][], new BigFraction[0], c, range(d));
    }

    // ---- certificates --------------------------------------------------------------------------

    /**
     * Level EXACT: some minimiser of {@code ||w - w0||} over {@code Xw = y} lies within
     * {@code radius} (l_inf) of the candidate; see {@link ExactLinearProgram#certifyCandidate}.
     *
     * @param multipliers candidate lambda (length N) with {@code X'lambda} in the subdifferential, or null
     */
    public static Proof minNorm(PolyhedralNorm norm, BigFraction[][] x, BigFraction[] y, BigFraction[] w0,
                                double[] candidate, double[] multipliers, BigFraction radius, Z3Session session) {
        Deadline.current().route("polyhedral min-norm LP");
        ExactLinearProgram lp = minNormProgram(norm, x, y, w0);
        int d = w0.length;
        Inputs.vector("candidate", candidate, d);
        Inputs.positive("radius", radius);
        double[] xc = new double[lp.variables()];
        double[] diff = new double[d];
        double maxAbs = 0;
        for (int j = 0; j < d; j++) {
            xc[j] = candidate[j];
            diff[j] = candidate[j] - w0[j].doubleValue();
            maxAbs = Math.max(maxAbs, Math.abs(diff[j]));
            if (norm == PolyhedralNorm.L1) {
                xc[d + j] = Math.abs(diff[j]);
            }
        }
        if (norm == PolyhedralNorm.LINF) {
            xc[d] = maxAbs;
        }
        double[] uc = null;
        double[] vc = null;
        if (multipliers != null) {
            Inputs.vector("multipliers", multipliers, x.length);
            double[] g = new double[d];
            for (int k = 0; k < x.length; k++) {
                for (int j = 0; j < d; j++) {
                    g[j] += x[k][j].doubleValue() * multipliers[k];
                }
            }
            uc = new double[2 * d];
            for (int j = 0; j < d; j++) {
                if (norm == PolyhedralNorm.L1) {
                    uc[2 * j] = (1 + g[j]) / 2;
                    uc[2 * j + 1] = (1 - g[j]) / 2;
                } else {
                    uc[2 * j] = Math.max(g[j], 0);
                    uc[2 * j + 1] = Math.max(-g[j], 0);
                }
            }
            vc = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                vc[k] = -multipliers[k];
            }
        }
        ExactLinearProgram.Optimality hint = norm == PolyhedralNorm.L1 ? l1Vertex(x, y, w0, candidate, multipliers) : null;
        Proof p = lp.certifyCandidate(minNormText(norm), xc, uc, vc, hint, Box.around(candidate, radius), session);
        return withLambda(p);
    }

    /**
     * The l1 shortcut: the vertex solves {@code X_F (w_F - w0_F) = y - X w0} on the candidate's
     * support F (at most N columns, largest entries first, independent in floating point), and the
     * multipliers solve {@code X_F' lambda = sign(w_F - w0_F)}: two systems of order N instead of
     * the generic one of order 2d. Returns the LP certificate in the variables (w, t), or null; the
     * caller verifies it exactly before use.
     */
    private static ExactLinearProgram.Optimality l1Vertex(BigFraction[][] x, BigFraction[] y, BigFraction[] w0,
                                                      double[] candidate, double[] multipliers) {
        int n = x.length;
        int d = w0.length;
        Integer[] order = new Integer[d];
        double[] v = new double[d];
        double scale = 0;
        for (int j = 0; j < d; j++) {
            order[j] = j;
            v[j] = candidate[j] - w0[j].doubleValue();
            scale = Math.max(scale, Math.abs(v[j]));
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(Math.abs(v[j]), Math.abs(v[i])));
        List<Integer> support = new ArrayList<>();
        List<double[]> basis = new ArrayList<>();
        for (int j : order) {
            if (Math.abs(v[j]) <= 1e-9 * Math.max(1, scale) || support.size() == n) {
                break;
            }
            double[] col = new double[n];
            for (int a = 0; a < n; a++) {
                col[a] = x[a][j].doubleValue();
            }
            if (independent(basis, col)) {
                support.add(j);
            }
        }
        int k = support.size();
        if (k == 0) {
            return null;
        }
        BigFraction[][] xf = new BigFraction[n][k];
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < k; c++) {
                xf[a][c] = x[a][support.get(c)];
            }
        }
        RationalAlgebra.LinearSolution z = RationalAlgebra.solve(xf, RationalAlgebra.subtract(y, RationalAlgebra.times(x, w0)), null);
        if (!z.unique()) {
            return null;
        }
        BigFraction[][] xft = RationalAlgebra.transpose(xf, k);
        BigFraction[] signs = new BigFraction[k];
        for (int c = 0; c < k; c++) {
            int sg = Rationals.sgn(z.x()[c]);
            if (sg == 0) {
                return null;
            }
            signs[c] = new BigFraction(sg);
        }
        BigFraction[] pref = multipliers == null ? null
                : Rationals.simplestNear(multipliers, new BigFraction(1, 1_000_000_000_000L));
        RationalAlgebra.LinearSolution lam = RationalAlgebra.solve(xft, signs, pref);
        if (!lam.consistent()) {
            return null;
        }
        BigFraction[] w = w0.clone();
        for (int c = 0; c < k; c++) {
            w[support.get(c)] = w0[support.get(c)].add(z.x()[c]);
        }
        BigFraction[] xv = new BigFraction[2 * d];
        BigFraction[] g = RationalAlgebra.timesTransposed(x, lam.x(), d);
        BigFraction[] u = new BigFraction[2 * d];
        for (int j = 0; j < d; j++) {
            xv[j] = w[j];
            xv[d + j] = w[j].subtract(w0[j]).abs();
            u[2 * j] = BigFraction.ONE.add(g[j]).divide(2);
            u[2 * j + 1] = BigFraction.ONE.subtract(g[j]).divide(2);
        }
        BigFraction[] vv = RationalAlgebra.scale(BigFraction.MINUS_ONE, lam.x());
        BigFraction value = RationalAlgebra.norm1(RationalAlgebra.subtract(w, w0)).negate();
        return new ExactLinearProgram.Optimality(xv, u, vv, value);
    }

    private static boolean independent(List<double[]> basis, double[] col) {
        double[] r = col.clone();
        double norm0 = 0;
        for (double c : r) {
            norm0 += c * c;
        }
        norm0 = Math.sqrt(norm0);
        for (int pass = 0; pass < 2; pass++) {
            for (double[] q : basis) {
                double dot = 0;
                for (int i = 0; i < r.length; i++) {
                    dot += q[i] * r[i];
                }
                for (int i = 0; i < r.length; i++) {
                    r[i] -= dot * q[i];
                }
            }
        }
        double norm = 0;
        for (double c : r) {
            norm += c * c;
        }
        norm = Math.sqrt(norm);
        if (norm <= 1e-9 * norm0 || norm0 == 0) {
            return false;
        }
        for (int i = 0; i < r.length; i++) {
            r[i] /= norm;
        }
        basis.add(r);
        return true;
    }

    /**
     * Level EXACT: some maximiser of the {@code norm} margin lies within {@code radius} (l_inf) of
     * the candidate normalised to unit norm; the witness carries the exact margin {@code gamma}.
     *
     * @param z         N x d signed data, rows {@code z_n = y_n x_n}
     * @param candidate a candidate direction (any positive scaling)
     * @param weights   candidate simplex weights r on the points (length N), or null
     */
    public static Proof maxMargin(PolyhedralNorm norm, BigFraction[][] z, double[] candidate, double[] weights,
                                  BigFraction radius, Z3Session session) {
        Deadline.current().route("polyhedral max-margin LP");
        ExactLinearProgram lp = maxMarginProgram(norm, z);
        int d = z[0].length;
        Inputs.vector("candidate", candidate, d);
        Inputs.positive("radius", radius);
        double scale = 0;
        for (double v : candidate) {
            scale = norm == PolyhedralNorm.L1 ? scale + Math.abs(v) : Math.max(scale, Math.abs(v));
        }
        if (scale == 0) {
            throw new InvalidInputException("candidate", "the zero vector", "a non-zero direction");
        }
        double[] w = new double[d];
        double gamma = Double.POSITIVE_INFINITY;
        for (int j = 0; j < d; j++) {
            w[j] = candidate[j] / scale;
        }
        for (BigFraction[] zn : z) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += zn[j].doubleValue() * w[j];
            }
            gamma = Math.min(gamma, s);
        }
        double[] xc = new double[lp.variables()];
        System.arraycopy(w, 0, xc, 0, d);
        if (norm == PolyhedralNorm.L1) {
            for (int j = 0; j < d; j++) {
                xc[d + j] = Math.abs(w[j]);
            }
        }
        xc[xc.length - 1] = gamma;
        double[] uc = null;
        if (weights != null) {
            Inputs.vector("weights", weights, z.length);
            double[] r = simplex(weights);
            double[] g = new double[d];
            for (int k = 0; k < z.length; k++) {
                for (int j = 0; j < d; j++) {
                    g[j] += z[k][j].doubleValue() * r[k];
                }
            }
            uc = new double[lp.inequalities()];
            System.arraycopy(r, 0, uc, 0, z.length);
            double gi = 0;
            for (double v : g) {
                gi = Math.max(gi, Math.abs(v));
            }
            for (int j = 0; j < d; j++) {
                if (norm == PolyhedralNorm.L1) {
                    uc[z.length + 2 * j] = (gi + g[j]) / 2;
                    uc[z.length + 2 * j + 1] = (gi - g[j]) / 2;
                } else {
                    uc[z.length + 2 * j] = Math.max(g[j], 0);
                    uc[z.length + 2 * j + 1] = Math.max(-g[j], 0);
                }
            }
            if (norm == PolyhedralNorm.L1) {
                uc[uc.length - 1] = gi;
            }
        }
        Box box = Box.around(w, radius);
        Proof p = lp.certifyCandidate(maxMarginText(norm), xc, uc, new double[0], box, session);
        return withGamma(p, z.length);
    }

    /**
     * Whether the minimiser of a PROVED {@link #minNorm} certificate is the only one (in w).
     */
    public static Proof minNormUniqueness(PolyhedralNorm norm, BigFraction[][] x, BigFraction[] y, BigFraction[] w0,
                                          Proof proved, Z3Session session) {
        Deadline.current().route("LP uniqueness");
        ExactLinearProgram lp = minNormProgram(norm, x, y, w0);
        return lp.uniqueness(minNormText(norm), certificate(proved), session);
    }

    /**
     * Whether the maximiser of a PROVED {@link #maxMargin} certificate is the only one (in w):
     * decided exactly (strict complementarity in rationals, else Z3 LRA on the optimal face).
     */
    public static Proof maxMarginUniqueness(PolyhedralNorm norm, BigFraction[][] z, Proof proved, Z3Session session) {
        Deadline.current().route("LP uniqueness");
        ExactLinearProgram lp = maxMarginProgram(norm, z);
        return lp.uniqueness(maxMarginText(norm), certificate(proved), session);
    }

    /**
     * Lemma 10 on data: {@code min_{r in simplex} ||Z'r||_* >= gamma}, where {@code ||.||_*} is the
     * dual of {@code norm}.
     *
     * <p>Rational route (when w is given): for {@code u = w/||w||} with {@code min_n <z_n, u> >= gamma},
     * Hölder gives {@code ||Z'r||_* >= <Z'r, u> = sum_n r_n <z_n, u> >= gamma} for every r in the
     * simplex. Z3 route (with a session): the negation
     * {@code exists r >= 0, sum r = 1, ||Z'r||_* < gamma} in QF_LRA; unsat PROVES, sat REFUTES
     * (its r, re-verified exactly, is the witness). Both run when both are available and must agree.
     *
     * @param w a primal point (e.g. the certified maximiser) or null
     */
    public static Proof lemma10(PolyhedralNorm norm, BigFraction[][] z, BigFraction gamma, BigFraction[] w,
                                Z3Session session) {
        int d = Inputs.matrix("Z", z);
        if (gamma == null) {
            throw new InvalidInputException("gamma", null, "a number");
        }
        Proof.Builder proof = Proof.of(Certificate.Level.EXACT, "min over the simplex of ||Z'r||_" + (norm == PolyhedralNorm.L1 ? "inf" : "1")
                + " >= " + ExactNumbers.format(gamma));
        Proof rational = null;
        String note = "no primal point given";
        if (w != null) {
            Inputs.vector("w", w, d);
            BigFraction nw = norm.norm(w);
            if (Rationals.sgn(nw) > 0) {
                BigFraction[] u = RationalAlgebra.scale(BigFraction.ONE.divide(nw), w);
                BigFraction margin = minMargin(z, u);
                proof.witness("u", u).witness("margin", margin);
                if (margin.compareTo(gamma) >= 0) {
                    rational = proof.proved("Hölder with the unit-norm point u: min_n <z_n, u> = "
                            + ExactNumbers.format(margin) + " >= gamma");
                } else {
                    note = "the given point has margin " + Rationals.show(margin) + " < gamma";
                }
            } else {
                note = "the given point is zero";
            }
        }
        if (session == null) {
            return rational != null ? rational : proof.unknown(note + "; no Z3 session to decide");
        }
        SmtOutcome out = session.check(lemma10Negation(norm, z, gamma));
        if (rational != null) {
            return Certificates.crossCheckedNegated(rational, out);
        }
        proof.query(out);
        switch (out.answer()) {
            case UNSAT -> {
                return proof.proved("Z3 LRA: no r in the simplex has ||Z'r||_* < gamma (unsat)");
            }
            case SAT -> {
                BigFraction[] r = new BigFraction[z.length];
                for (int k = 0; k < z.length; k++) {
                    SmtOutcome.ModelValue mv = out.model().get("r" + k);
                    r[k] = mv.lower();
                }
                BigFraction value = norm.dual(RationalAlgebra.timesTransposed(z, r, d));
                if (value.compareTo(gamma) >= 0) {
                    throw new IllegalStateException("Z3's counter-example fails the exact check: internal error");
                }
                proof.witness("r", r).witness("dual-norm", value);
                return proof.refuted("r in the simplex with ||Z'r||_* = " + ExactNumbers.format(value) + " < gamma");
            }
            default -> {
                return proof.unknown(note + "; Z3 answered unknown: " + out.reason());
            }
        }
    }

    /**
     * Level BOUNDED: an interval for the maximum margin from a primal and a dual candidate, with no
     * linear program solved: {@code gamma_lo = min_n <z_n, c/||c||>} (c at its exact double value) and
     * {@code gamma_hi = ||Z'r||_*} for the weights clipped at 0 and normalised to the simplex
     * (weak duality, Lemma 10). Always PROVED unless the inputs are degenerate.
     */
    public static Proof marginBounds(PolyhedralNorm norm, BigFraction[][] z, double[] candidate, double[] weights) {
        Deadline.current().route("polyhedral margin bounds");
        int d = Inputs.matrix("Z", z);
        Inputs.vector("candidate", candidate, d);
        Inputs.vector("weights", weights, z.length);
        Proof.Builder proof = Proof.of(Certificate.Level.BOUNDED, "the " + norm.text() + " maximum margin lies in [gamma-lower, gamma-upper]");
        BigFraction[] c = ExactNumbers.ofDoubles(candidate);
        BigFraction nc = norm.norm(c);
        if (Rationals.sgn(nc) == 0) {
            throw new InvalidInputException("candidate", "the zero vector", "a non-zero direction");
        }
        BigFraction lo = minMargin(z, RationalAlgebra.scale(BigFraction.ONE.divide(nc), c));
        BigFraction[] r = new BigFraction[z.length];
        BigFraction sum = BigFraction.ZERO;
        for (int k = 0; k < z.length; k++) {
            r[k] = weights[k] > 0 ? ExactNumbers.ofDouble(weights[k]) : BigFraction.ZERO;
            sum = sum.add(r[k]);
        }
        if (Rationals.sgn(sum) == 0) {
            throw new InvalidInputException("weights", "no positive weight", "weights with a positive entry");
        }
        r = RationalAlgebra.scale(BigFraction.ONE.divide(sum), r);
        BigFraction hi = norm.dual(RationalAlgebra.timesTransposed(z, r, d));
        if (lo.compareTo(hi) > 0) {
            throw new IllegalStateException("margin lower bound exceeds the dual bound: internal error");
        }
        proof.witness("gamma-lower", lo).witness("gamma-upper", hi).witness("r", r);
        return proof.proved("weak duality: gap " + Rationals.show(hi.subtract(lo)));
    }

    // ---- helpers -------------------------------------------------------------------------------

    static SmtQuery lemma10Negation(PolyhedralNorm norm, BigFraction[][] z, BigFraction gamma) {
        int d = z[0].length;
        int n = z.length;
        String[] r = SmtText.names("r", n);
        SmtQuery.Builder q = new SmtQuery.Builder("lemma10-negation", SmtQuery.QF_LRA,
                "Lemma 10 on data, negated: exists r in the simplex with ||Z'r||_" + (norm == PolyhedralNorm.L1 ? "inf" : "1")
                        + " < gamma = " + ExactNumbers.format(gamma) + ".\n"
                        + "unsat: min over the simplex of the dual norm is >= gamma; sat: it is not.").declare(r);
        BigFraction[] ones = new BigFraction[n];
        for (int k = 0; k < n; k++) {
            q.assertTerm("(>= " + r[k] + " 0)");
            ones[k] = BigFraction.ONE;
        }
        q.assertTerm(SmtText.linear(ones, r, "=", BigFraction.ONE));
        BigFraction[][] zt = RationalAlgebra.transpose(z, d);
        if (norm == PolyhedralNorm.L1) {
            // dual l_inf: -gamma < (Z'r)_j < gamma for every j
            for (int j = 0; j < d; j++) {
                q.assertTerm(SmtText.linear(zt[j], r, "<", gamma));
                q.assertTerm(SmtText.linear(RationalAlgebra.scale(BigFraction.MINUS_ONE, zt[j]), r, "<", gamma));
            }
        } else {
            // dual l1: a_j >= |(Z'r)_j|, sum a_j < gamma
            String[] av = SmtText.names("a", d);
            q.declare(av);
            for (int j = 0; j < d; j++) {
                BigFraction[] coef = new BigFraction[n + 1];
                String[] vars = new String[n + 1];
                BigFraction[] neg = new BigFraction[n + 1];
                for (int k = 0; k < n; k++) {
                    coef[k] = zt[j][k];
                    neg[k] = zt[j][k].negate();
                    vars[k] = r[k];
                }
                coef[n] = BigFraction.MINUS_ONE;
                neg[n] = BigFraction.MINUS_ONE;
                vars[n] = av[j];
                q.assertTerm(SmtText.linear(coef, vars, "<=", BigFraction.ZERO));
                q.assertTerm(SmtText.linear(neg, vars, "<=", BigFraction.ZERO));
            }
            BigFraction[] onesD = new BigFraction[d];
            java.util.Arrays.fill(onesD, BigFraction.ONE);
            q.assertTerm(SmtText.linear(onesD, av, "<", gamma));
        }
        return q.build();
    }

    static BigFraction minMargin(BigFraction[][] z, BigFraction[] u) {
        Deadline deadline = Deadline.current();
        BigFraction m = null;
        for (BigFraction[] zn : z) {
            deadline.check("exact margins");
            BigFraction s = RationalAlgebra.dot(zn, u);
            if (m == null || s.compareTo(m) < 0) {
                m = s;
            }
        }
        return m;
    }

    private static ExactLinearProgram.Optimality certificate(Proof proved) {
        if (!proved.proved() || proved.witness("x") == null || proved.witness("u") == null) {
            throw new IllegalArgumentException("a PROVED linear-program certificate with x, u and v is required");
        }
        BigFraction[] v = proved.witness("v");
        return new ExactLinearProgram.Optimality(proved.witness("x"), proved.witness("u"),
                v == null ? new BigFraction[0] : v, proved.witness("value")[0]);
    }

    private static Proof withGamma(Proof p, int points) {
        BigFraction[] x = p.witness("x");
        if (x == null) {
            return p;
        }
        java.util.Map<String, BigFraction[]> w = new java.util.LinkedHashMap<>(p.witness());
        w.put("gamma", new BigFraction[] {x[x.length - 1]});
        BigFraction[] u = p.witness("u");
        if (u != null) {
            w.put("r", java.util.Arrays.copyOf(u, points));
        }
        return new Proof(p.status(), p.level(), p.claim(), p.reason(), w, p.distanceBound(), p.metric(), p.queries());
    }

    private static Proof withLambda(Proof p) {
        BigFraction[] v = p.witness("v");
        if (v == null) {
            return p;
        }
        java.util.Map<String, BigFraction[]> w = new java.util.LinkedHashMap<>(p.witness());
        w.put("lambda", RationalAlgebra.scale(BigFraction.MINUS_ONE, v));
        return new Proof(p.status(), p.level(), p.claim(), p.reason(), w, p.distanceBound(), p.metric(), p.queries());
    }

    private static String minNormText(PolyhedralNorm norm) {
        return "argmin_{Xw = y} ||w - w0||_" + (norm == PolyhedralNorm.L1 ? "1" : "inf");
    }

    private static String maxMarginText(PolyhedralNorm norm) {
        return "argmax_{||w||_" + (norm == PolyhedralNorm.L1 ? "1" : "inf") + " <= 1} min_n <w, z_n>";
    }

    private static double[] simplex(double[] weights) {
        double s = 0;
        double[] r = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            r[k] = Math.max(weights[k], 0);
            s += r[k];
        }
        if (s == 0) {
            throw new InvalidInputException("weights", "no positive weight", "weights with a positive entry");
        }
        for (int k = 0; k < weights.length; k++) {
            r[k] /= s;
        }
        return r;
    }

    private static int[] range(int d) {
        int[] r = new int[d];
        for (int j = 0; j < d; j++) {
            r[j] = j;
        }
        return r;
    }
}
