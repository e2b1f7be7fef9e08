package org.implicitbias.oracle.certify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * Level SMT certificates for the l_p programs with a rational exponent {@code p = a/b > 1}
 * (lowest terms) on rational data:
 * <ul>
 *   <li>{@link Program#MIN_NORM}: {@code argmin_{Xw = y} ||w - w0||_p};</li>
 *   <li>{@link Program#MIN_BREGMAN_LP_POWER}: {@code argmin_{Xw = y} D_psi(w, w0)} for
 *       {@code psi = (1/p) ||w||_p^p};</li>
 *   <li>{@link Program#MIN_BREGMAN_SQUARED_LP}: {@code argmin_{Xw = y} D_psi(w, w0)} for
 *       {@code psi = 1/2 ||w||_p^2}, p in (1, 2], encoded for {@code w0 = 0 = argmin psi} only, where it has the
 *       same minimiser as the minimum l_p norm (psi is an increasing function of the norm).</li>
 * </ul>
 *
 * <p>Let {@code phi(h) = sign(h) |h|^{1/(p-1)}}, the inverse of the link
 * {@code h = sign(v) |v|^{p-1}} of {@code (1/p) ||v||_p^p}; phi is strictly increasing. The KKT
 * conditions (sufficient and necessary; the objectives are strictly convex and differentiable)
 * are, with a multiplier {@code lambda in R^N}:
 * <ul>
 *   <li>minimum norm: {@code sign(v)|v|^{p-1} = X' lambda} for {@code v = w - w0} (the positive
 *       factor {@code ||v||_p^{1-p}} of the norm's gradient is absorbed into lambda), so
 *       {@code w = w0 + phi(X' lambda)};</li>
 *   <li>lp-power: {@code link(w) = link(w0) + X' lambda}, so {@code w = phi(c0 + X' lambda)} with
 *       {@code c0 = sign(w0)|w0|^{p-1}};</li>
 * </ul>
 * and {@code X w = y}. Hence the query has the N multipliers as variables (plus auxiliary roots
 * where {@code 1/(p-1)} is not an integer), N polynomial equations, and a LINEAR box on
 * {@code h = c0 + X' lambda} that is the preimage under phi of the box on w: nlsat handles linear
 * boxes far better than polynomial ones. Writing {@code m = a - b} (so {@code 1/(p-1) = b/m}):
 * <ul>
 *   <li>m = 1: {@code phi(h) = h^b} for odd b, {@code ite(h >= 0, h^b, -h^b)} for even b;</li>
 *   <li>m > 1: an auxiliary root s per coordinate, {@code s^m = h} for odd m (the unique real
 *       root), or {@code s >= 0, s^m = |h|} for even m; then {@code phi(h) = +-s^b}.</li>
 * </ul>
 * The box preimage has irrational ends in general; it is bracketed by rational inner and outer
 * boxes (exact integer power comparisons). The inner box is tried first: sat proves that a KKT
 * point, hence the unique minimiser, lies in the requested box. On unsat the outer box is tried:
 * unsat there refutes the claim.
 */
public final class PowerCertificates {

    /** The program being certified. */
    public enum Program { MIN_NORM, MIN_BREGMAN_LP_POWER, MIN_BREGMAN_SQUARED_LP }

    private PowerCertificates() {
    }

    /**
     * Decides whether the optimum lies within {@code radius} (l_inf) of the candidate.
     *
     * @param program   which l_p program
     * @param p         the exponent, a rational > 1 (and <= 2 for squared-lp)
     * @param x         N x d data
     * @param y         targets
     * @param w0        reference point (zero for squared-lp)
     * @param candidate floating-point candidate
     * @param radius    claimed l_inf accuracy, > 0
     * @param session   the Z3 session
     */
    public static Proof box(Program program, BigFraction p, BigFraction[][] x, BigFraction[] y, BigFraction[] w0,
                            double[] candidate, BigFraction radius, Z3Session session) {
        Deadline.current().route("lp SMT box");
        int d = Inputs.matrix("X", x);
        int n = x.length;
        Inputs.vector("y", y, n);
        Inputs.vector("w0", w0, d);
        Inputs.vector("candidate", candidate, d);
        Inputs.positive("radius", radius);
        if (p == null || p.compareTo(BigFraction.ONE) <= 0) {
            throw new InvalidInputException("p", p, "a rational number > 1");
        }
        if (program == Program.MIN_BREGMAN_SQUARED_LP) {
            if (p.compareTo(BigFraction.TWO) > 0) {
                throw new InvalidInputException("p", ExactNumbers.format(p), "a rational number in (1, 2] for squared-lp");
            }
            if (!RationalAlgebra.isZero(w0)) {
                throw new InvalidInputException("w0", "a non-zero vector",
                        "the zero vector (squared-lp certificates are encoded from w0 = argmin psi = 0)");
            }
        }
        Exponent e = new Exponent(p);
        Box box = Box.around(candidate, radius);
        String claim = describe(program, p) + " lies " + box.describe();
        Proof.Builder proof = Proof.of(Certificate.Level.SMT, claim);
        proof.witness("box-lower", box.lower()).witness("box-upper", box.upper());
        boolean shifted = program != Program.MIN_BREGMAN_LP_POWER;
        // Preimage of the w-box under w = (shifted ? w0 : 0) + phi(h): rational inner and outer boxes on h.
        BigFraction[] innerLo = new BigFraction[d];
        BigFraction[] innerHi = new BigFraction[d];
        BigFraction[] outerLo = new BigFraction[d];
        BigFraction[] outerHi = new BigFraction[d];
        for (int i = 0; i < d; i++) {
            BigFraction off = shifted ? w0[i] : BigFraction.ZERO;
            BigFraction[] lo = e.phiInverse(box.lower()[i].subtract(off));
            BigFraction[] hi = e.phiInverse(box.upper()[i].subtract(off));
            if (lo[1].compareTo(hi[0]) >= 0) {
                return proof.unknown("the box is too thin to separate its preimage bounds in coordinate " + i);
            }
            BigFraction sliver = hi[0].subtract(lo[1]).divide(1_000_000);
            innerLo[i] = Rationals.simplestBetween(lo[1], lo[1].add(sliver));
            innerHi[i] = Rationals.simplestBetween(hi[0].subtract(sliver), hi[0]);
            outerLo[i] = Rationals.simplestBetween(lo[0].subtract(sliver), lo[0]);
            outerHi[i] = Rationals.simplestBetween(hi[1], hi[1].add(sliver));
        }
        SmtOutcome inner = session.check(query(program, e, x, y, w0, innerLo, innerHi, "inner", box),
                session.firstAttemptBudget());
        proof.query(inner);
        if (inner.answer() == SmtOutcome.Answer.SAT) {
            BigFraction[][] lam = modelLambda(inner, n);
            return proved(proof, e, x, w0, shifted, lam[0], lam[1], inner, box, radius,
                    "Z3 nlsat: sat, an exact KKT point lies in the box (the unique minimiser)");
        }
        if (inner.answer() == SmtOutcome.Answer.UNKNOWN) {
            return miranda(proof, program, e, x, y, w0, innerLo, innerHi, candidate, box, radius, session,
                    "Z3 answered unknown on the box query: " + inner.reason());
        }
        SmtOutcome outer = session.check(query(program, e, x, y, w0, outerLo, outerHi, "outer", box));
        proof.query(outer);
        switch (outer.answer()) {
            case UNSAT -> {
                return proof.refuted("Z3 nlsat: unsat on a box containing the requested one, no KKT point lies in it");
            }
            case SAT -> {
                return proof.unknown("the KKT point lies in the outer but not the inner rational box: "
                        + "it sits on the boundary of the requested box up to " + Rationals.show(radius.divide(1_000_000)));
            }
            default -> {
                return proof.unknown("Z3 answered unknown: " + outer.reason());
            }
        }
    }

    /**
     * Fallback when nlsat cannot settle the box query: a Poincaré–Miranda proof ({@link MirandaBox})
     * on a box of multipliers whose image under {@code h = c0 + X'lambda} lies in the inner box.
     * Applies when phi is a polynomial (m = 1) and the link constants are rational; it can only
     * prove, never refute.
     */
    private static Proof miranda(Proof.Builder proof, Program program, Exponent e, BigFraction[][] x, BigFraction[] y,
                                 BigFraction[] w0, BigFraction[] innerLo, BigFraction[] innerHi, double[] candidate,
                                 Box box, BigFraction radius, Z3Session session, String why) {
        int d = w0.length;
        int n = x.length;
        boolean shifted = program != Program.MIN_BREGMAN_LP_POWER;
        BigFraction[] c0 = new BigFraction[d];
        for (int i = 0; i < d; i++) {
            c0[i] = shifted ? BigFraction.ZERO : e.rationalRoot(w0[i]);
            if (c0[i] == null) {
                return proof.unknown(why + "; no Miranda fallback with irrational link constants");
            }
        }
        if (e.m != 1) {
            return proof.unknown(why + "; no Miranda fallback with auxiliary roots (1/(p-1) not an integer)");
        }
        // Numerical multipliers: least squares of X'lambda = phi^{-1}(c - off) - c0.
        double[][] xt = new double[d][n];
        double[] g = new double[d];
        double q = e.p.doubleValue() - 1;
        for (int i = 0; i < d; i++) {
            for (int a = 0; a < n; a++) {
                xt[i][a] = x[a][i].doubleValue();
            }
            double v = candidate[i] - (shifted ? w0[i].doubleValue() : 0);
            g[i] = Math.signum(v) * Math.pow(Math.abs(v), q) - c0[i].doubleValue();
        }
        double[] lam;
        try {
            lam = new org.apache.commons.math3.linear.QRDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(xt, false))
                    .getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(g, false)).toArray();
        } catch (org.apache.commons.math3.linear.SingularMatrixException ex) {
            return proof.unknown(why + "; X has no full row rank for the Miranda fallback");
        }
        double rho = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            double h = c0[i].doubleValue();
            double spread = 0;
            for (int a = 0; a < n; a++) {
                h += xt[i][a] * lam[a];
                spread += Math.abs(xt[i][a]);
            }
            double slack = Math.min(h - innerLo[i].doubleValue(), innerHi[i].doubleValue() - h);
            if (spread > 0) {
                rho = Math.min(rho, slack / spread);
            } else if (slack < 0) {
                rho = -1;
            }
        }
        if (!(rho > 0) || !Double.isFinite(rho)) {
            return proof.unknown(why + "; the candidate's multipliers do not map inside the box");
        }
        BigFraction r = Rationals.simplestBetween(Rationals.ofShortestDecimal(rho * 0.4), Rationals.ofShortestDecimal(rho * 0.5));
        BigFraction[] lo = new BigFraction[n];
        BigFraction[] hi = new BigFraction[n];
        for (int a = 0; a < n; a++) {
            BigFraction c = Rationals.simplestNear(lam[a], r.divide(100));
            lo[a] = c.subtract(r);
            hi[a] = c.add(r);
        }
        // Exact check that the multiplier box maps into the inner box on h.
        for (int i = 0; i < d; i++) {
            BigFraction hl = c0[i];
            BigFraction hh = c0[i];
            for (int a = 0; a < n; a++) {
                BigFraction xa = x[a][i];
                hl = hl.add(xa.multiply(Rationals.sgn(xa) >= 0 ? lo[a] : hi[a]));
                hh = hh.add(xa.multiply(Rationals.sgn(xa) >= 0 ? hi[a] : lo[a]));
            }
            if (hl.compareTo(innerLo[i]) < 0 || hh.compareTo(innerHi[i]) > 0) {
                return proof.unknown(why + "; the Miranda box does not map inside the requested box");
            }
        }
        MirandaBox.Result res = MirandaBox.prove("lp-kkt-miranda", describe(program, e.p)
                + ": KKT equations sum_i X_ai phi(c0_i + (X'lam)_i) = rhs_a on a box of multipliers lam",
                system(program, e, x, y, w0, c0), lam, lo, hi, session);
        res.outcomes().forEach(proof::query);
        if (!res.proved()) {
            return proof.unknown(why + "; " + res.reason());
        }
        return proved(proof, e, x, w0, shifted, lo, hi, null, box, radius,
                "Z3 nlsat on the Poincare-Miranda faces: an exact KKT point lies in the box (the unique minimiser); " + why);
    }

    /** The KKT equations in the multipliers, {@code F_a = sum_i X_ai phi(c0_i + (X'lam)_i) - rhs_a}, for m = 1. */
    private static MirandaBox.PolynomialSystem system(Program program, Exponent e, BigFraction[][] x, BigFraction[] y,
                                                      BigFraction[] w0, BigFraction[] c0) {
        int d = w0.length;
        int n = x.length;
        boolean shifted = program != Program.MIN_BREGMAN_LP_POWER;
        String[] lam = SmtText.names("lam", n);
        String[] phi = new String[d];
        for (int i = 0; i < d; i++) {
            BigFraction[] col = new BigFraction[n];
            for (int a = 0; a < n; a++) {
                col[a] = x[a][i];
            }
            phi[i] = e.phiTerm(SmtText.affine(col, lam, c0[i]), null, null, null, null);
        }
        String[] terms = new String[n];
        double[] rhs = new double[n];
        for (int a = 0; a < n; a++) {
            BigFraction r = shifted ? y[a].subtract(RationalAlgebra.dot(x[a], w0)) : y[a];
            rhs[a] = r.doubleValue();
            BigFraction[] coef = java.util.Arrays.copyOf(x[a], d + 1);
            coef[d] = r.negate();
            String[] t = java.util.Arrays.copyOf(phi, d + 1);
            t[d] = "1";
            terms[a] = SmtText.affine(coef, t, null);
        }
        double[][] xd = new double[n][d];
        double[] c0d = new double[d];
        for (int i = 0; i < d; i++) {
            c0d[i] = c0[i].doubleValue();
            for (int a = 0; a < n; a++) {
                xd[a][i] = x[a][i].doubleValue();
            }
        }
        return new MirandaBox.PolynomialSystem() {
            @Override
            public String[] variables() {
                return lam;
            }

            @Override
            public String[] terms() {
                return terms;
            }

            @Override
            public double[] evaluate(double[] l) {
                double[] f = new double[n];
                for (int a = 0; a < n; a++) {
                    f[a] = -rhs[a];
                }
                for (int i = 0; i < d; i++) {
                    double h = c0d[i];
                    for (int a = 0; a < n; a++) {
                        h += xd[a][i] * l[a];
                    }
                    double ph = Math.signum(h) * Math.pow(Math.abs(h), e.b);
                    for (int a = 0; a < n; a++) {
                        f[a] += xd[a][i] * ph;
                    }
                }
                return f;
            }
        };
    }

    private static BigFraction[][] modelLambda(SmtOutcome out, int n) {
        BigFraction[] lo = new BigFraction[n];
        BigFraction[] hi = new BigFraction[n];
        for (int a = 0; a < n; a++) {
            SmtOutcome.ModelValue mv = out.model().get("lam" + a);
            lo[a] = mv.lower();
            hi[a] = mv.upper();
        }
        return new BigFraction[][] {lo, hi};
    }

    /**
     * PROVED with rigorous enclosures of the minimiser: {@code h = c0 + X'lambda} over the multiplier
     * enclosure [lamLo, lamHi] by interval arithmetic, then phi (increasing) with rigorous rational
     * root bounds. {@code model} supplies the irrational link constants when present (else null).
     */
    private static Proof proved(Proof.Builder proof, Exponent e, BigFraction[][] x, BigFraction[] w0, boolean shifted,
                                BigFraction[] lamLo, BigFraction[] lamHi, SmtOutcome model, Box box, BigFraction radius,
                                String summary) {
        int d = w0.length;
        int n = x.length;
        proof.witness("lambda-lower", lamLo).witness("lambda-upper", lamHi);
        BigFraction[] wl = new BigFraction[d];
        BigFraction[] wu = new BigFraction[d];
        BigFraction bound = BigFraction.ZERO;
        for (int i = 0; i < d; i++) {
            BigFraction hl;
            BigFraction hh;
            if (shifted) {
                hl = BigFraction.ZERO;
                hh = BigFraction.ZERO;
            } else {
                BigFraction rational = e.rationalRoot(w0[i]);
                SmtOutcome.ModelValue c0 = rational != null ? new SmtOutcome.ModelValue(rational, rational)
                        : model.model().get("c" + i);
                hl = c0.lower();
                hh = c0.upper();
            }
            for (int a = 0; a < n; a++) {
                BigFraction xa = x[a][i];
                if (Rationals.sgn(xa) > 0) {
                    hl = hl.add(xa.multiply(lamLo[a]));
                    hh = hh.add(xa.multiply(lamHi[a]));
                } else if (Rationals.sgn(xa) < 0) {
                    hl = hl.add(xa.multiply(lamHi[a]));
                    hh = hh.add(xa.multiply(lamLo[a]));
                }
            }
            BigFraction off = shifted ? w0[i] : BigFraction.ZERO;
            wl[i] = off.add(e.phi(hl)[0]);
            wu[i] = off.add(e.phi(hh)[1]);
            bound = max(bound, wl[i].subtract(box.center()[i]).abs());
            bound = max(bound, wu[i].subtract(box.center()[i]).abs());
        }
        proof.witness("w-lower", wl).witness("w-upper", wu);
        return proof.proved(summary, bound.compareTo(radius) < 0 ? bound : radius, Proof.Metric.LINF);
    }

    static SmtQuery query(Program program, Exponent e, BigFraction[][] x, BigFraction[] y, BigFraction[] w0,
                          BigFraction[] hLo, BigFraction[] hHi, String which, Box box) {
        int d = w0.length;
        int n = x.length;
        boolean shifted = program != Program.MIN_BREGMAN_LP_POWER;
        String[] lam = SmtText.names("lam", n);
        SmtQuery.Builder q = new SmtQuery.Builder("lp-kkt-box-" + which, SmtQuery.QF_NRA,
                describe(program, e.p) + ": KKT point in the " + which
                        + " rational preimage of the box " + box.describe() + ".\n"
                        + "Variables: the multipliers lam (and auxiliary roots). With h = "
                        + (shifted ? "X' lam" : "c0 + X' lam, c0 = sign(w0)|w0|^(p-1)")
                        + ", the KKT point is w = " + (shifted ? "w0 + " : "") + "phi(h), phi(h) = sign(h)|h|^(1/(p-1)).\n"
                        + "The box is asserted on h (phi is increasing); Xw = y gives N polynomial equations.\n"
                        + "sat: the unique minimiser lies in the box; unsat: it does not.")
                .declare(lam);
        List<String> phiTerms = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            // h_i = c0_i + sum_a X_ai lam_a
            BigFraction[] col = new BigFraction[n];
            for (int a = 0; a < n; a++) {
                col[a] = x[a][i];
            }
            String c0 = null;
            BigFraction c0Rational = BigFraction.ZERO;
            if (!shifted) {
                c0Rational = e.rationalRoot(w0[i]);
                if (c0Rational == null) {
                    c0 = "c" + i;
                    q.declare(c0);
                    q.assertAll(e.defineLinkConstant(c0, w0[i]));
                    c0Rational = BigFraction.ZERO;
                }
            }
            String h = SmtText.affine(col, lam, c0Rational);
            if (c0 != null) {
                h = "(+ " + c0 + " " + h + ")";
            }
            q.assertAll(SmtText.between(h, hLo[i], hHi[i]));
            phiTerms.add(e.phiTerm(h, "s" + i, hLo[i], hHi[i], q));
        }
        String[] phi = phiTerms.toArray(new String[0]);
        for (int a = 0; a < n; a++) {
            BigFraction rhs = shifted ? y[a].subtract(RationalAlgebra.dot(x[a], w0)) : y[a];
            q.assertTerm(SmtText.linear(x[a], phi, "=", rhs));
        }
        return q.build();
    }

    private static String describe(Program program, BigFraction p) {
        String ps = ExactNumbers.format(p);
        switch (program) {
            case MIN_NORM -> {
                return "argmin_{Xw = y} ||w - w0||_p, p = " + ps;
            }
            case MIN_BREGMAN_LP_POWER -> {
                return "argmin_{Xw = y} D_psi(w, w0), psi = (1/p)||w||_p^p, p = " + ps;
            }
            default -> {
                return "argmin_{Xw = y} 1/2 ||w||_p^2, p = " + ps;
            }
        }
    }

    private static BigFraction max(BigFraction a, BigFraction b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The exponent {@code p = a/b} with {@code m = a - b}: {@code phi(h) = sign(h)|h|^{b/m}}. */
    static final class Exponent {
        final BigFraction p;
        final int b;
        final int m;

        Exponent(BigFraction p) {
            this.p = p.reduce();
            BigInteger num = this.p.getNumerator();
            BigInteger den = this.p.getDenominator();
            if (num.bitLength() > 10 || den.bitLength() > 10) {
                throw new InvalidInputException("p", ExactNumbers.format(p), "a fraction with numerator and denominator below 1024");
            }
            this.b = den.intValueExact();
            this.m = num.intValueExact() - b;
        }

        /** Rigorous bounds {@code [lower, upper]} of {@code phi(h) = sign(h)|h|^{b/m}}. */
        BigFraction[] phi(BigFraction h) {
            BigFraction[] r = Rationals.rootBounds(Rationals.pow(h.abs(), b), m);
            return Rationals.sgn(h) >= 0 ? r : new BigFraction[] {r[1].negate(), r[0].negate()};
        }

        /** Rigorous bounds of {@code phi^{-1}(v) = sign(v)|v|^{m/b}}. */
        BigFraction[] phiInverse(BigFraction v) {
            BigFraction[] r = Rationals.rootBounds(Rationals.pow(v.abs(), m), b);
            return Rationals.sgn(v) >= 0 ? r : new BigFraction[] {r[1].negate(), r[0].negate()};
        }

        /** {@code c0 = sign(w0)|w0|^{m/b}} when it is rational, else null. */
        BigFraction rationalRoot(BigFraction w0) {
            BigFraction[] r = phiInverse(w0);
            return r[0].equals(r[1]) ? r[0] : null;
        }

        /** Assertions defining the irrational constant {@code c = sign(w0)|w0|^{m/b}}, with implied bounds. */
        List<String> defineLinkConstant(String c, BigFraction w0) {
            List<String> out = new ArrayList<>();
            BigFraction target = Rationals.pow(w0.abs(), m);
            if (b % 2 == 1) {
                // c^b = sign(w0) |w0|^m has exactly one real root.
                out.add("(= " + SmtText.power(c, b) + " " + SmtText.num(Rationals.sgn(w0) < 0 ? target.negate() : target) + ")");
            } else {
                out.add(Rationals.sgn(w0) < 0 ? "(<= " + c + " 0)" : "(>= " + c + " 0)");
                out.add("(= " + SmtText.power(c, b) + " " + SmtText.num(target) + ")");
            }
            BigFraction[] r = phiInverse(w0);
            out.addAll(SmtText.between(c, r[0], r[1]));
            return out;
        }

        /**
         * The term {@code phi(h)}, declaring an auxiliary root {@code s} when {@code m > 1}; h ranges
         * over {@code [lo, hi]}, which gives implied rational bounds on s.
         */
        String phiTerm(String h, String s, BigFraction lo, BigFraction hi, SmtQuery.Builder q) {
            if (m == 1) {
                return signedPower(h, b, h);
            }
            if (q == null) {
                throw new IllegalStateException("an auxiliary root needs a query to declare it");
            }
            q.declare(s);
            if (m % 2 == 1) {
                q.assertTerm("(= " + SmtText.power(s, m) + " " + h + ")");
                BigFraction[] l = signedRoot(lo, m);
                BigFraction[] u = signedRoot(hi, m);
                q.assertAll(SmtText.between(s, l[0], u[1]));
                return signedPower(s, b, s);
            }
            q.assertTerm("(>= " + s + " 0)");
            q.assertTerm("(= " + SmtText.power(s, m) + " (ite (>= " + h + " 0) " + h + " (- " + h + ")))");
            return signedPower(s, b, h);
        }

        /** {@code sign(signOf) |t|^k} for t with the sign of signOf. */
        private static String signedPower(String t, int k, String signOf) {
            String pow = SmtText.power(t, k);
            if (k % 2 == 1 && t.equals(signOf)) {
                return pow;
            }
            return "(ite (>= " + signOf + " 0) " + pow + " (- " + pow + "))";
        }

        private static BigFraction[] signedRoot(BigFraction v, int k) {
            BigFraction[] r = Rationals.rootBounds(v.abs(), k);
            return Rationals.sgn(v) >= 0 ? r : new BigFraction[] {r[1].negate(), r[0].negate()};
        }
    }
}
