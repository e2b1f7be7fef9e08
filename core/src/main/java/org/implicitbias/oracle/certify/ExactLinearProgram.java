package org.implicitbias.oracle.certify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;

/**
 * A linear program with exact rational data, in the form
 * <pre>
 *   primal:  maximise c'x  subject to  A x &lt;= b,  E x = f   (x free)
 *   dual:    minimise b'u + f'v  subject to  A'u + E'v = c,  u &gt;= 0
 * </pre>
 * and its exact optimality certificates. A pair (x, u, v) with x primal feasible, (u, v) dual
 * feasible and {@code c'x = b'u + f'v} proves x optimal (weak duality); all four conditions are
 * checked in rationals.
 *
 * <p>Some coordinates of x (the "claim coordinates", e.g. the w part of (w, t)) carry the claims
 * about a candidate; the others are auxiliary.
 */
public final class ExactLinearProgram {
    private final String[] names;
    private final BigFraction[][] a;
    private final BigFraction[] b;
    private final BigFraction[][] e;
    private final BigFraction[] f;
    private final BigFraction[] c;
    private final int[] claimCoordinates;

    /** An exact primal-dual pair and its common objective value. */
    public static final class Optimality {
        private final BigFraction[] x;
        private final BigFraction[] u;
        private final BigFraction[] v;
        private final BigFraction value;

        public Optimality(BigFraction[] x, BigFraction[] u, BigFraction[] v, BigFraction value) {
            this.x = x;
            this.u = u;
            this.v = v;
            this.value = value;
        }

        public BigFraction[] x() {
            return x;
        }

        public BigFraction[] u() {
            return u;
        }

        public BigFraction[] v() {
            return v;
        }

        public BigFraction value() {
            return value;
        }

        /** Equal when every component is, arrays compared by their contents. */
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Optimality other
                    && Arrays.equals(x, other.x)
                    && Arrays.equals(u, other.u)
                    && Arrays.equals(v, other.v)
                    && Objects.equals(value, other.value));
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(x), Arrays.hashCode(u), Arrays.hashCode(v), value);
        }

        @Override
        public String toString() {
            return "Optimality[x=" + Arrays.toString(x)
                    + ", u=" + Arrays.toString(u)
                    + ", v=" + Arrays.toString(v)
                    + ", value=" + value + "]";
        }
    }

    /**
     * @param names            SMT names of the primal variables (simple symbols, not starting with "du"/"dv")
     * @param a                inequality rows (m x n; may have no rows)
     * @param b                inequality right-hand sides
     * @param e                equality rows (k x n; may have no rows)
     * @param f                equality right-hand sides
     * @param c                objective (maximised)
     * @param claimCoordinates indices of x that claims about a candidate refer to
     */
    public ExactLinearProgram(String[] names, BigFraction[][] a, BigFraction[] b, BigFraction[][] e, BigFraction[] f,
                         BigFraction[] c, int[] claimCoordinates) {
        int n = c.length;
        if (names.length != n || a.length != b.length || e.length != f.length) {
            throw new IllegalArgumentException("inconsistent linear program dimensions");
        }
        for (BigFraction[] row : a) {
            if (row.length != n) {
                throw new IllegalArgumentException("inequality row of length " + row.length + ", expected " + n);
            }
        }
        for (BigFraction[] row : e) {
            if (row.length != n) {
                throw new IllegalArgumentException("equality row of length " + row.length + ", expected " + n);
            }
        }
        this.names = names.clone();
        this.a = a;
        this.b = b;
        this.e = e;
        this.f = f;
        this.c = c;
        this.claimCoordinates = claimCoordinates.clone();
    }

    public int variables() {
        return c.length;
    }

    public int inequalities() {
        return a.length;
    }

    public int equalities() {
        return e.length;
    }

    // ---- exact verification --------------------------------------------------------------------

    /** Null if x is primal feasible, else the first violated constraint. */
    public String primalViolation(BigFraction[] x) {
        BigFraction[] ax = RationalAlgebra.times(a, x);
        for (int i = 0; i < a.length; i++) {
            BigFraction s = ax[i];
            if (s.compareTo(b[i]) > 0) {
                return "inequality " + i + " violated by " + Rationals.show(s.subtract(b[i]));
            }
        }
        BigFraction[] ex = RationalAlgebra.times(e, x);
        for (int k = 0; k < e.length; k++) {
            BigFraction s = ex[k];
            if (!s.equals(f[k])) {
                return "equality " + k + " violated by " + Rationals.show(s.subtract(f[k]));
            }
        }
        return null;
    }

    /** Null if (u, v) is dual feasible, else the first violated condition. */
    public String dualViolation(BigFraction[] u, BigFraction[] v) {
        for (int i = 0; i < u.length; i++) {
            if (Rationals.sgn(u[i]) < 0) {
                return "multiplier u_" + i + " = " + ExactNumbers.format(u[i]) + " < 0";
            }
        }
        BigFraction[] g = RationalAlgebra.add(RationalAlgebra.timesTransposed(a, u, c.length),
                RationalAlgebra.timesTransposed(e, v, c.length));
        for (int j = 0; j < c.length; j++) {
            if (!g[j].equals(c[j])) {
                return "dual equation " + j + " (A'u + E'v = c) off by " + Rationals.show(g[j].subtract(c[j]));
            }
        }
        return null;
    }

    /** Null if (x, u, v) is an optimal primal-dual pair, else the first failed condition. */
    public String certificateViolation(BigFraction[] x, BigFraction[] u, BigFraction[] v) {
        String p = primalViolation(x);
        if (p != null) {
            return "primal: " + p;
        }
        String d = dualViolation(u, v);
        if (d != null) {
            return "dual: " + d;
        }
        BigFraction pv = RationalAlgebra.dot(c, x);
        BigFraction dv = RationalAlgebra.dot(b, u).add(RationalAlgebra.dot(f, v));
        if (!pv.equals(dv)) {
            return "objectives differ: primal " + Rationals.show(pv) + ", dual " + Rationals.show(dv);
        }
        return null;
    }

    /** Rows of A active at x (exactly). */
    public int[] activeRows(BigFraction[] x) {
        List<Integer> act = new ArrayList<>();
        BigFraction[] ax = RationalAlgebra.times(a, x);
        for (int i = 0; i < a.length; i++) {
            if (ax[i].equals(b[i])) {
                act.add(i);
            }
        }
        return act.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The claim coordinates of x. */
    public BigFraction[] claimPart(BigFraction[] x) {
        BigFraction[] w = new BigFraction[claimCoordinates.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = x[claimCoordinates[k]];
        }
        return w;
    }

    // ---- reconstruction from floating-point candidates -----------------------------------------

    /** Outcome of {@link #reconstruct}: the certificate, or the reason it could not be built. */
    public record Reconstruction(Optimality certificate, String failure) {
    }

    /**
     * Builds an exact vertex certificate from floating-point candidates. The primal point solves the
     * equalities plus the inequalities whose candidate slack is at most {@code activeTolerance}
     * (added in order of slack while linearly independent, the independence judged in floating
     * point); free coordinates take short rationals near the candidate. The dual solves
     * {@code A_J'u_J + E'v = c} on the rows J active at that exact point where the candidate
     * multiplier exceeds {@code dualTolerance} (then on all active rows). Everything is verified
     * exactly afterwards; the tolerances only guide the guess.
     */
    public Reconstruction reconstruct(double[] xc, double[] uc, double[] vc, double activeTolerance,
                                      double dualTolerance) {
        int n = c.length;
        BigFraction[] pref = Rationals.simplestNear(xc, new BigFraction(1, 1_000_000_000_000L));
        // Candidate slacks in floating point.
        double[] slack = new double[a.length];
        Integer[] order = new Integer[a.length];
        Deadline deadline = Deadline.current();
        for (int i = 0; i < a.length; i++) {
            deadline.check("candidate slacks");
            double s = b[i].doubleValue();
            double scale = 1 + Math.abs(s);
            for (int j = 0; j < n; j++) {
                double aij = a[i][j].doubleValue();
                s -= aij * xc[j];
                scale += Math.abs(aij * xc[j]);
            }
            slack[i] = s / scale;
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> slack[i]));
        IndependentRows basis = new IndependentRows(n);
        List<BigFraction[]> rows = new ArrayList<>();
        List<BigFraction> rhs = new ArrayList<>();
        for (int k = 0; k < e.length; k++) {
            basis.add(e[k]);
            rows.add(e[k]);
            rhs.add(f[k]);
        }
        for (Integer i : order) {
            deadline.check("active set selection");
            if (slack[i] > activeTolerance || basis.rank() == n) {
                break;
            }
            if (basis.add(a[i])) {
                rows.add(a[i]);
                rhs.add(b[i]);
            }
        }
        RationalAlgebra.LinearSolution sol = RationalAlgebra.solve(rows.toArray(new BigFraction[0][]),
                rhs.toArray(new BigFraction[0]), pref);
        if (!sol.consistent()) {
            return new Reconstruction(null, "the near-active constraints are inconsistent");
        }
        BigFraction[] x = sol.x();
        String pv = primalViolation(x);
        if (pv != null) {
            return new Reconstruction(null, "reconstructed vertex is infeasible: " + pv);
        }
        int[] active = activeRows(x);
        List<Integer> support = new ArrayList<>();
        for (int i : active) {
            if (uc == null || uc[i] > dualTolerance) {
                support.add(i);
            }
        }
        Optimality cert = dualOn(x, support.stream().mapToInt(Integer::intValue).toArray(), uc, vc);
        if (cert == null && uc != null) {
            cert = dualOn(x, active, uc, vc);
        }
        if (cert == null) {
            return new Reconstruction(null, "no dual solution on the active rows verifies");
        }
        return new Reconstruction(cert, null);
    }

    /** Solves {@code A_J'u_J + E'v = c} (u zero off J) and returns the verified certificate, or null. */
    Optimality dualOn(BigFraction[] x, int[] j, double[] uc, double[] vc) {
        int n = c.length;
        int unknowns = j.length + e.length;
        BigFraction[][] m = new BigFraction[n][unknowns];
        BigFraction[] pref = new BigFraction[unknowns];
        BigFraction tiny = new BigFraction(1, 1_000_000_000_000L);
        for (int col = 0; col < j.length; col++) {
            for (int r = 0; r < n; r++) {
                m[r][col] = a[j[col]][r];
            }
            pref[col] = uc == null ? BigFraction.ZERO : Rationals.simplestNear(uc[j[col]], tiny);
        }
        for (int k = 0; k < e.length; k++) {
            for (int r = 0; r < n; r++) {
                m[r][j.length + k] = e[k][r];
            }
            pref[j.length + k] = vc == null ? BigFraction.ZERO : Rationals.simplestNear(vc[k], tiny);
        }
        RationalAlgebra.LinearSolution sol = RationalAlgebra.solve(m, c, pref);
        if (!sol.consistent()) {
            return null;
        }
        BigFraction[] u = RationalAlgebra.zeros(a.length);
        for (int col = 0; col < j.length; col++) {
            u[j[col]] = sol.x()[col];
        }
        BigFraction[] v = Arrays.copyOfRange(sol.x(), j.length, unknowns);
        if (certificateViolation(x, u, v) != null) {
            return null;
        }
        return new Optimality(x, u, v, RationalAlgebra.dot(c, x));
    }

    /** Floating-point incremental orthogonalisation, to pick linearly independent rows. */
    private static final class IndependentRows {
        private final int n;
        private final List<double[]> q = new ArrayList<>();

        IndependentRows(int n) {
            this.n = n;
        }

        int rank() {
            return q.size();
        }

        boolean add(BigFraction[] row) {
            double[] r = new double[n];
            double norm0 = 0;
            for (int j = 0; j < n; j++) {
                r[j] = row[j].doubleValue();
                norm0 += r[j] * r[j];
            }
            norm0 = Math.sqrt(norm0);
            if (norm0 == 0) {
                return false;
            }
            for (int pass = 0; pass < 2; pass++) {
                for (double[] v : q) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        dot += v[j] * r[j];
                    }
                    for (int j = 0; j < n; j++) {
                        r[j] -= dot * v[j];
                    }
                }
            }
            double norm = 0;
            for (int j = 0; j < n; j++) {
                norm += r[j] * r[j];
            }
            norm = Math.sqrt(norm);
            if (norm <= 1e-9 * norm0) {
                return false;
            }
            for (int j = 0; j < n; j++) {
                r[j] /= norm;
            }
            q.add(r);
            return true;
        }
    }

    // ---- SMT queries (QF_LRA) -----------------------------------------------------------------

    private SmtQuery.Builder primalDual(String name, String description) {
        SmtQuery.Builder q = new SmtQuery.Builder(name, SmtQuery.QF_LRA, description).declare(names);
        String[] u = SmtText.names("du", a.length);
        String[] v = SmtText.names("dv", e.length);
        q.declare(u).declare(v);
        addPrimal(q);
        for (String ui : u) {
            q.assertTerm("(>= " + ui + " 0)");
        }
        addDualStationarity(q, u, v);
        return q;
    }

    /** Dual feasibility's equations {@code A'u + E'v = c}, one per primal variable, over the declared u and v. */
    private void addDualStationarity(SmtQuery.Builder q, String[] u, String[] v) {
        for (int j = 0; j < c.length; j++) {
            BigFraction[] coef = new BigFraction[a.length + e.length];
            String[] vars = new String[a.length + e.length];
            for (int i = 0; i < a.length; i++) {
                coef[i] = a[i][j];
                vars[i] = u[i];
            }
            for (int k = 0; k < e.length; k++) {
                coef[a.length + k] = e[k][j];
                vars[a.length + k] = v[k];
            }
            q.assertTerm(SmtText.linear(coef, vars, "=", c[j]));
        }
    }

    private void addPrimal(SmtQuery.Builder q) {
        for (int i = 0; i < a.length; i++) {
            q.assertTerm(SmtText.linear(a[i], names, "<=", b[i]));
        }
        for (int k = 0; k < e.length; k++) {
            q.assertTerm(SmtText.linear(e[k], names, "=", f[k]));
        }
    }

    /** {@code c'x - b'u - f'v >= 0} (with weak duality: equality, so x and (u, v) are optimal). */
    private String zeroGap() {
        BigFraction[] coef = new BigFraction[c.length + a.length + e.length];
        String[] vars = new String[coef.length];
        String[] u = SmtText.names("du", a.length);
        String[] v = SmtText.names("dv", e.length);
        for (int j = 0; j < c.length; j++) {
            coef[j] = c[j];
            vars[j] = names[j];
        }
        for (int i = 0; i < a.length; i++) {
            coef[c.length + i] = b[i].negate();
            vars[c.length + i] = u[i];
        }
        for (int k = 0; k < e.length; k++) {
            coef[c.length + a.length + k] = f[k].negate();
            vars[c.length + a.length + k] = v[k];
        }
        return SmtText.linear(coef, vars, ">=", BigFraction.ZERO);
    }

    /**
     * QF_LRA: exists an optimal primal-dual pair whose claim coordinates lie in the box. Sat iff
     * some optimal solution lies in the box.
     */
    public SmtQuery optimalInBoxQuery(String name, String programText, Box box) {
        SmtQuery.Builder q = primalDual(name, programText + ": an optimal solution in the box " + box.describe()
                + ".\nPrimal feasibility, dual feasibility (A'u + E'v = c, u >= 0) and c'x >= b'u + f'v (zero gap).\n"
                + "sat: an optimal solution lies in the box; unsat: none does.");
        q.assertTerm(zeroGap());
        String[] w = new String[claimCoordinates.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = names[claimCoordinates[k]];
        }
        q.assertAll(box.assertions(w));
        return q.build();
    }

    /**
     * QF_LRA: exist multipliers {@code u >= 0}, zero off the rows active at x, and v with
     * {@code A'u + E'v = c}. For a feasible x, sat iff x is optimal (KKT conditions of an LP are
     * necessary and sufficient).
     */
    public SmtQuery dualOnActiveSetQuery(String name, String programText, BigFraction[] x) {
        int[] active = activeRows(x);
        boolean[] isActive = new boolean[a.length];
        for (int i : active) {
            isActive[i] = true;
        }
        SmtQuery.Builder q = new SmtQuery.Builder(name, SmtQuery.QF_LRA, programText
                + ": dual multipliers for a given feasible point x (complementary slackness: u = 0 on inactive rows).\n"
                + "sat: x is optimal; unsat: x is not optimal.");
        String[] u = SmtText.names("du", a.length);
        String[] v = SmtText.names("dv", e.length);
        q.declare(u).declare(v);
        for (int i = 0; i < a.length; i++) {
            q.assertTerm(isActive[i] ? "(>= " + u[i] + " 0)" : "(= " + u[i] + " 0)");
        }
        addDualStationarity(q, u, v);
        return q.build();
    }

    /**
     * QF_LRA: exists a feasible x with {@code c'x >= value} whose claim coordinates differ from those
     * of {@code xStar}. With value the optimum, unsat iff the optimal solution is unique in the
     * claim coordinates.
     */
    public SmtQuery otherOptimumQuery(String name, String programText, BigFraction value, BigFraction[] xStar) {
        SmtQuery.Builder q = new SmtQuery.Builder(name, SmtQuery.QF_LRA, programText
                + ": another optimal solution (objective >= the certified optimum " + ExactNumbers.format(value)
                + ") that differs from the certified one in some claim coordinate.\n"
                + "sat: the maximiser is not unique; unsat: it is unique.").declare(names);
        addPrimal(q);
        q.assertTerm(SmtText.linear(c, names, ">=", value));
        List<String> differ = new ArrayList<>();
        for (int k : claimCoordinates) {
            differ.add("(< " + names[k] + " " + SmtText.num(xStar[k]) + ")");
            differ.add("(> " + names[k] + " " + SmtText.num(xStar[k]) + ")");
        }
        q.assertTerm(SmtText.or(differ));
        return q.build();
    }

    /** Reads x (and u, v when present) from a sat model of one of the queries; exact for QF_LRA. */
    BigFraction[] modelVector(SmtOutcome out, String prefix, int count, String[] explicitNames) {
        BigFraction[] out2 = new BigFraction[count];
        for (int i = 0; i < count; i++) {
            String key = explicitNames != null ? explicitNames[i] : prefix + i;
            SmtOutcome.ModelValue mv = out.model().get(key);
            if (mv == null || !mv.exact()) {
                throw new IllegalStateException("linear model value of " + key + " is not an exact rational");
            }
            out2[i] = mv.lower();
        }
        return out2;
    }

    BigFraction[] modelPrimal(SmtOutcome out) {
        return modelVector(out, null, c.length, names);
    }

    BigFraction[] modelU(SmtOutcome out) {
        return modelVector(out, "du", a.length, null);
    }

    BigFraction[] modelV(SmtOutcome out) {
        return modelVector(out, "dv", e.length, null);
    }

    String name(int j) {
        return names[j];
    }

    int[] claimCoordinates() {
        return claimCoordinates.clone();
    }

    BigFraction objective(BigFraction[] x) {
        return RationalAlgebra.dot(c, x);
    }

    /**
     * Solves the rows S of A as equalities together with E; returns the unique point, or null if
     * they are inconsistent or do not determine a point.
     */
    RationalAlgebra.LinearSolution vertex(int[] rowsOfA) {
        BigFraction[][] m = new BigFraction[rowsOfA.length + e.length][];
        BigFraction[] r = new BigFraction[m.length];
        for (int k = 0; k < rowsOfA.length; k++) {
            m[k] = a[rowsOfA[k]];
            r[k] = b[rowsOfA[k]];
        }
        for (int k = 0; k < e.length; k++) {
            m[rowsOfA.length + k] = e[k];
            r[rowsOfA.length + k] = f[k];
        }
        if (m.length == 0) {
            return new RationalAlgebra.LinearSolution(RationalAlgebra.zeros(c.length), 0, java.util.stream.IntStream
                    .range(0, c.length).toArray(), new int[0]);
        }
        return RationalAlgebra.solve(m, r, null);
    }

    // ---- certification procedures --------------------------------------------------------------

    /**
     * Claim: some optimal solution has its claim coordinates within the box around the candidate.
     *
     * <p>First an exact vertex certificate is reconstructed from the candidates (level EXACT,
     * rationals only); when it verifies and lies in the box the claim is PROVED. With a session the
     * claim is also decided by the QF_LRA query {@link #optimalInBoxQuery} (an exact decision: the
     * simplex method over the rationals), which confirms the rational proof, or decides when the
     * reconstruction failed: sat gives an exact optimal pair from the model (re-verified in
     * rationals), unsat REFUTES the claim. Without a session a failed reconstruction is UNKNOWN.
     */
    public Proof certifyCandidate(String programText, double[] xc, double[] uc, double[] vc, Box box,
                                  Z3Session session) {
        return certifyCandidate(programText, xc, uc, vc, null, box, session);
    }

    /**
     * As {@link #certifyCandidate(String, double[], double[], double[], Box, Z3Session)}, trying first
     * an exact certificate built by a program-specific shortcut (used only if it verifies exactly).
     */
    Proof certifyCandidate(String programText, double[] xc, double[] uc, double[] vc, Optimality hint, Box box,
                           Z3Session session) {
        Proof.Builder proof = Proof.of(org.implicitbias.oracle.Certificate.Level.EXACT, programText + ": an optimal solution lies " + box.describe());
        Deadline deadline = Deadline.current().route("exact LP vertex");
        // the vertex (up to n rows of A and E) and its dual (n rows), the second dual on all active rows
        String skip = hint != null ? null : deadline.unaffordable(3 * ExactCost.elimination(c.length, c.length + 1,
                Math.max(ExactCost.rowBits(a), ExactCost.rowBits(e))), "the exact vertex and dual reconstruction of a linear program with "
                + c.length + " variables and " + (a.length + e.length) + " constraints");
        if (skip != null) {
            return proof.unknown(skip);
        }
        double activeTol = Math.max(1e-7, 100 * box.radius().doubleValue());
        Reconstruction r = hint != null && certificateViolation(hint.x(), hint.u(), hint.v()) == null
                ? new Reconstruction(hint, null)
                : reconstruct(xc, uc, vc, activeTol, 1e-9);
        Proof rational = null;
        String failure = r.failure();
        if (r.certificate() != null) {
            Optimality cert = r.certificate();
            BigFraction[] w = claimPart(cert.x());
            BigFraction dist = Rationals.maxAbsDifference(w, box.center());
            proof.witness("w", w).witness("x", cert.x()).witness("u", cert.u()).witness("v", cert.v())
                    .witness("value", cert.value());
            if (dist.compareTo(box.radius()) <= 0) {
                rational = proof.proved("exact primal-dual pair with equal objectives", dist, Proof.Metric.LINF);
            } else {
                failure = "the reconstructed optimal vertex is at distance " + Rationals.show(dist)
                        + " from the candidate";
            }
        }
        if (session == null) {
            return rational != null ? rational : proof.unknown(failure + "; no Z3 session to decide the claim");
        }
        SmtOutcome out = session.check(optimalInBoxQuery("lp-optimum-in-box", programText, box));
        if (rational != null) {
            return Certificates.crossChecked(rational, out);
        }
        proof.query(out);
        switch (out.answer()) {
            case SAT -> {
                BigFraction[] x = modelPrimal(out);
                BigFraction[] u = modelU(out);
                BigFraction[] v = modelV(out);
                String bad = certificateViolation(x, u, v);
                if (bad != null) {
                    throw new IllegalStateException("Z3's linear model fails the exact check (" + bad + "): internal error");
                }
                BigFraction[] w = claimPart(x);
                BigFraction dist = Rationals.maxAbsDifference(w, box.center());
                proof.witness("w", w).witness("x", x).witness("u", u).witness("v", v).witness("value", objective(x));
                return proof.proved("Z3 LRA: sat; its model is an exact optimal pair in the box, re-verified in rationals ("
                        + failure + ")", dist, Proof.Metric.LINF);
            }
            case UNSAT -> {
                return proof.refuted("Z3 LRA: unsat, no optimal solution lies in the box");
            }
            default -> {
                return proof.unknown(failure + "; Z3 answered unknown: " + out.reason());
            }
        }
    }

    /**
     * Claim: the point defined by the rows S of A (as equalities, with E) is an optimal solution.
     * REFUTED when S is inconsistent, does not determine a point, or gives an infeasible point.
     * PROVED (EXACT) when the multipliers on S are dual feasible. Otherwise (a negative multiplier,
     * or a degenerate S) a session decides exactly whether any multipliers on the point's active set
     * exist ({@link #dualOnActiveSetQuery}); without one the answer is UNKNOWN.
     */
    public Proof certifyVertex(String programText, int[] rowsOfA, Z3Session session) {
        Proof.Builder proof = Proof.of(org.implicitbias.oracle.Certificate.Level.EXACT, programText + ": the point with active constraints "
                + Arrays.toString(rowsOfA) + " is optimal");
        for (int i : rowsOfA) {
            if (i < 0 || i >= a.length) {
                throw new org.implicitbias.model.InvalidInputException("support", i,
                        "row indices between 0 and " + (a.length - 1));
            }
        }
        RationalAlgebra.LinearSolution sol = vertex(rowsOfA);
        if (!sol.consistent()) {
            return proof.refuted("the constraints of the support set are inconsistent");
        }
        if (!sol.unique()) {
            return proof.refuted("the support set does not determine a point (rank " + sol.rank() + " < " + c.length + ")");
        }
        BigFraction[] x = sol.x();
        proof.witness("w", claimPart(x)).witness("x", x);
        String pv = primalViolation(x);
        if (pv != null) {
            return proof.refuted("the point is infeasible: " + pv);
        }
        Optimality cert = dualOn(x, rowsOfA, null, null);
        if (cert != null) {
            proof.witness("u", cert.u()).witness("v", cert.v()).witness("value", cert.value());
            Proof rational = proof.proved("exact primal-dual pair with equal objectives");
            return session == null ? rational
                    : Certificates.crossChecked(rational, session.check(dualOnActiveSetQuery("lp-vertex-dual", programText, x)));
        }
        String why = supportMultiplierFailure(rowsOfA);
        if (session == null) {
            return proof.unknown(why + "; no Z3 session to decide optimality on the full active set");
        }
        SmtOutcome out = session.check(dualOnActiveSetQuery("lp-vertex-dual", programText, x));
        proof.query(out);
        switch (out.answer()) {
            case SAT -> {
                BigFraction[] u = modelU(out);
                BigFraction[] v = modelV(out);
                String bad = certificateViolation(x, u, v);
                if (bad != null) {
                    throw new IllegalStateException("Z3's linear model fails the exact check (" + bad + "): internal error");
                }
                proof.witness("u", u).witness("v", v).witness("value", objective(x));
                return proof.proved("Z3 LRA: multipliers on the full active set exist (" + why + ")");
            }
            case UNSAT -> {
                return proof.refuted("the point is not optimal: no multipliers u >= 0 on its active set satisfy "
                        + "A'u + E'v = c (Z3 LRA unsat); on the support set: " + why);
            }
            default -> {
                return proof.unknown(why + "; Z3 answered unknown: " + out.reason());
            }
        }
    }

    private String supportMultiplierFailure(int[] rowsOfA) {
        int n = c.length;
        int unknowns = rowsOfA.length + e.length;
        BigFraction[][] m = new BigFraction[n][unknowns];
        for (int col = 0; col < rowsOfA.length; col++) {
            for (int r = 0; r < n; r++) {
                m[r][col] = a[rowsOfA[col]][r];
            }
        }
        for (int k = 0; k < e.length; k++) {
            for (int r = 0; r < n; r++) {
                m[r][rowsOfA.length + k] = e[k][r];
            }
        }
        RationalAlgebra.LinearSolution sol = RationalAlgebra.solve(m, c, null);
        if (!sol.consistent()) {
            return "c is not a combination of the support rows";
        }
        for (int col = 0; col < rowsOfA.length; col++) {
            if (Rationals.sgn(sol.x()[col]) < 0) {
                return "the multiplier of constraint " + rowsOfA[col] + " is " + ExactNumbers.format(sol.x()[col]) + " < 0";
            }
        }
        return "the multipliers on the support set are not unique and the chosen ones fail";
    }

    /**
     * Claim: the optimal solution is unique in the claim coordinates. PROVED (EXACT, rationals only)
     * when the rows with a strictly positive multiplier, with E, have rank n: by complementary
     * slackness every optimal x satisfies them as equalities. Otherwise decided with a session by
     * {@link #otherOptimumQuery}: unsat PROVES uniqueness, sat REFUTES it with a second optimal
     * solution (re-verified exactly) as witness.
     */
    public Proof uniqueness(String programText, Optimality cert, Z3Session session) {
        String bad = certificateViolation(cert.x(), cert.u(), cert.v());
        if (bad != null) {
            throw new IllegalArgumentException("not an optimal certificate: " + bad);
        }
        Proof.Builder proof = Proof.of(org.implicitbias.oracle.Certificate.Level.EXACT, programText + ": the optimal solution is unique");
        proof.witness("w", claimPart(cert.x())).witness("value", cert.value());
        List<BigFraction[]> rows = new ArrayList<>(Arrays.asList(e));
        for (int i = 0; i < a.length; i++) {
            if (Rationals.sgn(cert.u()[i]) > 0) {
                rows.add(a[i]);
            }
        }
        Proof rational = null;
        if (!rows.isEmpty() && RationalAlgebra.rank(rows.toArray(new BigFraction[0][])) == c.length) {
            rational = proof.proved("strict complementarity: the rows with positive multipliers determine x");
        }
        if (session == null) {
            return rational != null ? rational
                    : proof.unknown("the rows with positive multipliers do not determine x; no Z3 session to decide");
        }
        SmtOutcome out = session.check(otherOptimumQuery("lp-other-optimum", programText, cert.value(), cert.x()));
        if (rational != null) {
            // sat of this query means "not unique", the opposite polarity of crossChecked's convention.
            return Certificates.crossCheckedNegated(rational, out);
        }
        proof.query(out);
        switch (out.answer()) {
            case UNSAT -> {
                return proof.proved("Z3 LRA: no other optimal solution (unsat)");
            }
            case SAT -> {
                BigFraction[] x2 = modelPrimal(out);
                String pv = primalViolation(x2);
                if (pv != null || objective(x2).compareTo(cert.value()) < 0
                        || Arrays.equals(claimPart(x2), claimPart(cert.x()))) {
                    throw new IllegalStateException("Z3's second optimum fails the exact check: internal error");
                }
                proof.witness("second-optimum", claimPart(x2));
                return proof.refuted("another optimal solution exists (Z3 LRA sat, re-verified in rationals)");
            }
            default -> {
                return proof.unknown("Z3 answered unknown: " + out.reason());
            }
        }
    }
}
