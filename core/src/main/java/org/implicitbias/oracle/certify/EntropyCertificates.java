package org.implicitbias.oracle.certify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.ExactNumbers;

/**
 * Certificates for the minimum-Bregman point of the entropy potential,
 * {@code w* = argmin_{Xw = y, w > 0} D(w, w0)}, {@code D(w, w0) = sum_i w_i log(w_i / w0_i) - w_i + w0_i}
 * (w0 > 0), on rational data. For the simplex variant append the row {@code 1'} to X and 1 to y.
 *
 * <p>The monomial route: the KKT condition {@code log w - log w0 in span(X')} holds iff
 * {@code <k, log(w / w0)> = 0} for every k in {@code ker X}, and it suffices to take an integer
 * basis k of {@code ker X} (X is rational), where it reads
 * {@code prod_i (w_i / w0_i)^{k_i} = 1}, i.e.
 * {@code prod_{k_i > 0} w_i^{k_i} * prod_{k_i < 0} w0_i^{-k_i} = prod_{k_i < 0} w_i^{-k_i} * prod_{k_i > 0} w0_i^{k_i}}.
 * D is strictly convex on {@code w > 0} and the constraints are affine, so a feasible positive
 * point satisfying these equations is the unique minimiser.
 */
public final class EntropyCertificates {
    /** Largest kernel exponent that is written out as a repeated product. */
    static final int MAX_EXPONENT = 64;

    private EntropyCertificates() {
    }

    /** EXACT first, then the SMT box when the session is given and the exact route did not decide. */
    public static Proof certify(BigFraction[][] x, BigFraction[] y, BigFraction[] w0, double[] candidate,
                                BigFraction radius, Z3Session session) {
        Proof exact = exact(x, y, w0, candidate, radius);
        if (exact.status() != Proof.Status.UNKNOWN || session == null) {
            return exact;
        }
        return box(x, y, w0, candidate, radius, session);
    }

    /**
     * Level EXACT: the simplest rational point within {@code radius} of the candidate is checked to
     * be the minimiser: {@code w > 0}, {@code Xw = y} and the monomial identities, all in exact
     * rationals. PROVED when it passes (the bound is its exact l_inf distance from the candidate);
     * UNKNOWN otherwise (an irrational minimiser, or a poor candidate: the SMT box decides).
     */
    public static Proof exact(BigFraction[][] x, BigFraction[] y, BigFraction[] w0, double[] candidate,
                              BigFraction radius) {
        int d = check(x, y, w0, candidate, radius);
        Deadline deadline = Deadline.current().route("entropy exact");
        Proof.Builder proof = Proof.of(Certificate.Level.EXACT, claim(radius));
        BigFraction[] w = Rationals.simplestNear(candidate, radius);
        proof.witness("w", w);
        for (int i = 0; i < d; i++) {
            if (Rationals.sgn(w[i]) <= 0) {
                return proof.unknown("the simplest rational point within the radius has w_" + i + " = "
                        + ExactNumbers.format(w[i]) + " <= 0");
            }
        }
        int missed = missedRow(x, w, y);
        if (missed >= 0) {
            return proof.unknown("the simplest rational point within the radius misses Xw = y: row " + missed
                    + " residual is not zero (modulo the prime 2^61 - 1)");
        }
        BigFraction[] residual = RationalAlgebra.subtract(RationalAlgebra.times(x, w), y);
        if (!RationalAlgebra.isZero(residual)) {
            int a = RationalAlgebra.firstNonZero(residual);
            return proof.unknown("the simplest rational point within the radius misses Xw = y: row " + a
                    + " residual " + Rationals.show(residual[a]));
        }
        String skip = deadline.unaffordable(ExactCost.kernelBasis(x.length, d, ExactCost.rowBits(x)),
                "the integer kernel basis of the " + x.length + " x " + d + " matrix X");
        if (skip != null) {
            return proof.unknown(skip);
        }
        List<BigInteger[]> kernel = RationalAlgebra.integerKernelBasis(x, d);
        for (int b = 0; b < kernel.size(); b++) {
            deadline.check("monomial identities");
            BigInteger[] k = kernel.get(b);
            if (maxAbs(k) > 4096) {
                return proof.unknown("kernel exponent " + maxAbs(k) + " too large for the exact monomial check");
            }
            BigFraction left = BigFraction.ONE;
            BigFraction right = BigFraction.ONE;
            for (int i = 0; i < d; i++) {
                int e = k[i].intValueExact();
                BigFraction ratio = w[i].divide(w0[i]);
                if (e > 0) {
                    left = left.multiply(Rationals.pow(ratio, e));
                } else if (e < 0) {
                    right = right.multiply(Rationals.pow(ratio, -e));
                }
            }
            proof.witness("kernel-" + b, toFractions(k));
            if (!left.equals(right)) {
                return proof.unknown("the simplest rational point within the radius is not a KKT point: "
                        + "prod (w_i/w0_i)^k_i = " + Rationals.show(left.divide(right)) + " != 1 for kernel vector " + b);
            }
        }
        BigFraction dist = Rationals.maxAbsDifference(w, candidate);
        return proof.proved("w > 0, Xw = y and prod (w_i/w0_i)^k_i = 1 for an integer basis of ker X, exactly",
                dist, Proof.Metric.LINF);
    }

    /** The Mersenne prime 2^61 - 1. */
    private static final BigInteger PRIME = BigInteger.ONE.shiftLeft(61).subtract(BigInteger.ONE);

    /**
     * A row a with {@code (Xw)_a != y_a}, shown exactly by its residual modulo the prime p = 2^61 - 1
     * (reduction mod p is a ring homomorphism on the rationals whose denominators p does not divide,
     * so a non-zero residue proves a non-zero residual); -1 when every residue is zero or some
     * denominator is a multiple of p (then only the exact product decides). Why: the exact product
     * forms the common denominator of the simplest rationals w, thousands of bits long for d in the
     * thousands, while the residues cost one multiplication per entry.
     */
    static int missedRow(BigFraction[][] x, BigFraction[] w, BigFraction[] y) {
        Deadline deadline = Deadline.current();
        java.util.Map<BigInteger, BigInteger> inverses = new java.util.HashMap<>();
        BigInteger[] wm = new BigInteger[w.length];
        for (int j = 0; j < w.length; j++) {
            wm[j] = residue(w[j], inverses);
            if (wm[j] == null) {
                return -1;
            }
        }
        for (int a = 0; a < x.length; a++) {
            deadline.check("Xw = y modulo a prime");
            BigInteger s = residue(y[a], inverses);
            if (s == null) {
                return -1;
            }
            s = s.negate();
            for (int j = 0; j < w.length; j++) {
                if (x[a][j].getNumerator().signum() != 0) {
                    BigInteger xm = residue(x[a][j], inverses);
                    if (xm == null) {
                        return -1;
                    }
                    s = s.add(xm.multiply(wm[j])).mod(PRIME);
                }
            }
            if (s.mod(PRIME).signum() != 0) {
                return a;
            }
        }
        return -1;
    }

    /** {@code v mod p} (numerator times the inverse of the denominator), or null if p divides the denominator. */
    private static BigInteger residue(BigFraction v, java.util.Map<BigInteger, BigInteger> inverses) {
        BigInteger den = v.getDenominator();
        BigInteger inv = inverses.get(den);
        if (inv == null) {
            BigInteger dm = den.mod(PRIME);
            if (dm.signum() == 0) {
                return null;
            }
            inv = dm.modInverse(PRIME);
            inverses.put(den, inv);
        }
        return v.getNumerator().mod(PRIME).multiply(inv).mod(PRIME);
    }

    /**
     * Level SMT: decides with Z3 (nlsat) whether a KKT point, hence the minimiser, lies in the box
     * {@code |w_i - c_i| <= radius} (c at its exact double value). The linear constraints are
     * substituted ({@code w = p + B t} over the free coordinates t), so the query has
     * {@code d - rank X} variables, linear box constraints and one monomial equation per kernel
     * basis vector. sat: PROVED, with rational enclosures {@code w-lower <= w* <= w-upper} of the
     * minimiser from the model; unsat: REFUTED; unknown: UNKNOWN with Z3's reason.
     */
    public static Proof box(BigFraction[][] x, BigFraction[] y, BigFraction[] w0, double[] candidate,
                            BigFraction radius, Z3Session session) {
        int d = check(x, y, w0, candidate, radius);
        Deadline deadline = Deadline.current().route("entropy SMT box");
        Box box = Box.around(candidate, radius);
        Proof.Builder proof = Proof.of(Certificate.Level.SMT, claim(radius));
        proof.witness("box-lower", box.lower()).witness("box-upper", box.upper());
        // Xw = y substituted (one elimination per free coordinate) and the integer kernel basis (as many)
        String skip = deadline.unaffordable(2 * ExactCost.kernelBasis(x.length, d, ExactCost.rowBits(x)),
                "the substitution of Xw = y and the integer kernel basis of the " + x.length + " x " + d + " matrix X");
        if (skip != null) {
            return proof.unknown(skip);
        }
        AffineSpace space = AffineSpace.of(x, y);
        if (space.empty()) {
            return proof.atLevel(Certificate.Level.EXACT).refuted("Xw = y has no solution");
        }
        List<BigInteger[]> kernel = RationalAlgebra.integerKernelBasis(x, d);
        for (BigInteger[] k : kernel) {
            if (maxAbs(k) > MAX_EXPONENT) {
                return proof.unknown("kernel exponent " + maxAbs(k) + " exceeds " + MAX_EXPONENT
                        + ": the monomial equations are too large to encode");
            }
        }
        SmtQuery query = boxQuery(w0, box, space, kernel);
        SmtOutcome out = session.check(query, session.firstAttemptBudget());
        proof.query(out);
        switch (out.answer()) {
            case SAT -> {
                int f = space.free().length;
                BigFraction[] lo = new BigFraction[f];
                BigFraction[] hi = new BigFraction[f];
                String[] names = freeNames(space);
                for (int k = 0; k < f; k++) {
                    lo[k] = out.model().get(names[k]).lower();
                    hi[k] = out.model().get(names[k]).upper();
                }
                BigFraction bound = witnessEnclosure(proof, space, lo, hi, box, kernel);
                return proof.proved("Z3 nlsat: sat, an exact KKT point lies in the box (the unique minimiser)",
                        bound, Proof.Metric.LINF);
            }
            case UNSAT -> {
                return proof.refuted("Z3 nlsat: unsat, no KKT point lies in the box");
            }
            default -> {
                return miranda(proof, w0, candidate, box, space, kernel, session,
                        "Z3 answered unknown on the box query: " + out.reason());
            }
        }
    }

    /**
     * Fallback when nlsat cannot settle the box query: a Poincaré–Miranda proof ({@link MirandaBox})
     * for the monomial equations in the free coordinates t, on an axis-aligned t-box whose image
     * (exact interval arithmetic on {@code w = p + B t}) lies in the requested box and in w > 0.
     * It can only prove, never refute.
     */
    private static Proof miranda(Proof.Builder proof, BigFraction[] w0, double[] candidate, Box box, AffineSpace space,
                                 List<BigInteger[]> kernel, Z3Session session, String why) {
        int d = w0.length;
        int f = space.free().length;
        if (f == 0) {
            return proof.unknown(why);
        }
        double spread = 1;
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (BigFraction c : space.coefficients(i)) {
                s += Math.abs(c.doubleValue());
            }
            spread = Math.max(spread, s);
        }
        BigFraction r = Rationals.simplestBetween(box.radius().multiply(2).divide(5).divide(ExactNumbers.ofDouble(spread)),
                box.radius().divide(2).divide(ExactNumbers.ofDouble(spread)));
        double[] t = new double[f];
        BigFraction[] lo = new BigFraction[f];
        BigFraction[] hi = new BigFraction[f];
        for (int k = 0; k < f; k++) {
            t[k] = candidate[space.free()[k]];
            BigFraction c = Rationals.simplestNear(t[k], r.divide(100));
            lo[k] = c.subtract(r);
            hi[k] = c.add(r);
        }
        for (int i = 0; i < d; i++) {
            BigFraction[] iv = space.interval(i, lo, hi);
            if (Rationals.sgn(iv[0]) <= 0 || iv[0].compareTo(box.lower()[i]) < 0 || iv[1].compareTo(box.upper()[i]) > 0) {
                return proof.unknown(why + "; the Miranda box does not map inside the requested box and w > 0");
            }
        }
        MirandaBox.Result res = MirandaBox.prove("entropy-kkt-miranda",
                "Entropy KKT monomial equations in the free coordinates t of w = p + B t",
                system(w0, space, kernel), t, lo, hi, session);
        res.outcomes().forEach(proof::query);
        if (!res.proved()) {
            return proof.unknown(why + "; " + res.reason());
        }
        BigFraction bound = witnessEnclosure(proof, space, lo, hi, box, kernel);
        return proof.proved("Z3 nlsat on the Poincare-Miranda faces: an exact KKT point lies in the box "
                + "(the unique minimiser); " + why, bound, Proof.Metric.LINF);
    }

    /**
     * Records what a proof that the minimiser lies in the free-coordinate box {@code lo <= t <= hi}
     * shows: the exact interval image {@code w-lower <= w* <= w-upper} of {@code w = p + B t} and the
     * integer kernel basis, as witnesses. Returns the l_inf distance bound the proof certifies,
     * {@code min(r, max_i max(|w-lower_i - c_i|, |w-upper_i - c_i|))} for the box of radius r around c.
     */
    private static BigFraction witnessEnclosure(Proof.Builder proof, AffineSpace space, BigFraction[] lo,
                                                BigFraction[] hi, Box box, List<BigInteger[]> kernel) {
        int d = box.dimension();
        BigFraction[] wl = new BigFraction[d];
        BigFraction[] wu = new BigFraction[d];
        BigFraction bound = BigFraction.ZERO;
        for (int i = 0; i < d; i++) {
            BigFraction[] iv = space.interval(i, lo, hi);
            wl[i] = iv[0];
            wu[i] = iv[1];
            bound = max(bound, iv[0].subtract(box.center()[i]).abs());
            bound = max(bound, iv[1].subtract(box.center()[i]).abs());
        }
        proof.witness("w-lower", wl).witness("w-upper", wu);
        for (int b = 0; b < kernel.size(); b++) {
            proof.witness("kernel-" + b, toFractions(kernel.get(b)));
        }
        return bound.compareTo(box.radius()) < 0 ? bound : box.radius();
    }

    /** The monomial equations {@code left_k(t) - right_k(t) = 0} as a square system in the free coordinates. */
    private static MirandaBox.PolynomialSystem system(BigFraction[] w0, AffineSpace space, List<BigInteger[]> kernel) {
        int d = w0.length;
        String[] names = freeNames(space);
        String[] w = new String[d];
        for (int i = 0; i < d; i++) {
            w[i] = space.term(i, names);
        }
        int f = names.length;
        String[] terms = new String[kernel.size()];
        double[][] coef = new double[d][f];
        double[] part = new double[d];
        for (int i = 0; i < d; i++) {
            part[i] = space.particular()[i].doubleValue();
            BigFraction[] c = space.coefficients(i);
            for (int k = 0; k < f; k++) {
                coef[i][k] = c[k].doubleValue();
            }
        }
        double[] constL = new double[kernel.size()];
        double[] constR = new double[kernel.size()];
        for (int b = 0; b < kernel.size(); b++) {
            String[] sides = monomialSides(w0, w, kernel.get(b));
            terms[b] = "(- " + sides[0] + " " + sides[1] + ")";
            BigFraction[] consts = monomialConstants(w0, kernel.get(b));
            constL[b] = consts[0].doubleValue();
            constR[b] = consts[1].doubleValue();
        }
        return new MirandaBox.PolynomialSystem() {
            @Override
            public String[] variables() {
                return names;
            }

            @Override
            public String[] terms() {
                return terms;
            }

            @Override
            public double[] evaluate(double[] t) {
                double[] wv = new double[d];
                for (int i = 0; i < d; i++) {
                    double s = part[i];
                    for (int k = 0; k < f; k++) {
                        s += coef[i][k] * t[k];
                    }
                    wv[i] = s;
                }
                double[] out = new double[kernel.size()];
                for (int b = 0; b < kernel.size(); b++) {
                    double l = constL[b];
                    double r = constR[b];
                    for (int i = 0; i < d; i++) {
                        int e = kernel.get(b)[i].intValueExact();
                        if (e > 0) {
                            l *= Math.pow(wv[i], e);
                        } else if (e < 0) {
                            r *= Math.pow(wv[i], -e);
                        }
                    }
                    out[b] = l - r;
                }
                return out;
            }
        };
    }

    /**
     * The two integer constants {@code (L, R)} of the monomial equation of kernel vector k after
     * clearing denominators: {@code L prod_{k_i > 0} w_i^{k_i} = R prod_{k_i < 0} w_i^{-k_i}}.
     */
    static BigFraction[] monomialConstants(BigFraction[] w0, BigInteger[] k) {
        BigFraction cl = BigFraction.ONE;
        BigFraction cr = BigFraction.ONE;
        for (int i = 0; i < w0.length; i++) {
            int e = k[i].intValueExact();
            if (e > 0) {
                cr = cr.multiply(Rationals.pow(w0[i], e));
            } else if (e < 0) {
                cl = cl.multiply(Rationals.pow(w0[i], -e));
            }
        }
        BigFraction l = new BigFraction(Rationals.lcmOfDenominators(cl, cr));
        return new BigFraction[] {cl.multiply(l), cr.multiply(l)};
    }

    /** SMT terms of the two sides of the monomial equation of k over the coordinate terms w. */
    static String[] monomialSides(BigFraction[] w0, String[] w, BigInteger[] k) {
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        for (int i = 0; i < w0.length; i++) {
            int e = k[i].intValueExact();
            for (int t = 0; t < Math.abs(e); t++) {
                (e > 0 ? left : right).add(w[i]);
            }
        }
        BigFraction[] c = monomialConstants(w0, k);
        if (!c[0].equals(BigFraction.ONE)) {
            left.add(0, c[0].getNumerator().toString());
        }
        if (!c[1].equals(BigFraction.ONE)) {
            right.add(0, c[1].getNumerator().toString());
        }
        return new String[] {SmtText.product(left), SmtText.product(right)};
    }

    static SmtQuery boxQuery(BigFraction[] w0, Box box, AffineSpace space, List<BigInteger[]> kernel) {
        int d = w0.length;
        String[] names = freeNames(space);
        String[] w = new String[d];
        for (int i = 0; i < d; i++) {
            w[i] = space.term(i, names);
        }
        SmtQuery.Builder q = new SmtQuery.Builder("entropy-kkt-box", SmtQuery.QF_NRA,
                "KKT point of argmin_{Xw = y, w > 0} sum_i w_i log(w_i/w0_i) - w_i + w0_i in the box "
                        + box.describe() + ".\n"
                        + "Xw = y is substituted: w = p + B t over the free coordinates t (declared as w<i>).\n"
                        + "log(w/w0) in span(X') is written as prod_i (w_i/w0_i)^k_i = 1 for an integer basis k of ker X.\n"
                        + "sat: the unique minimiser lies in the box; unsat: it does not.")
                .declare(names);
        for (int i = 0; i < d; i++) {
            q.assertTerm("(> " + w[i] + " 0)");
            q.assertAll(SmtText.between(w[i], box.lower()[i], box.upper()[i]));
        }
        for (BigInteger[] k : kernel) {
            String[] sides = monomialSides(w0, w, k);
            q.assertTerm("(= " + sides[0] + " " + sides[1] + ")");
        }
        return q.build();
    }

    private static String[] freeNames(AffineSpace space) {
        String[] names = new String[space.free().length];
        for (int k = 0; k < names.length; k++) {
            names[k] = "w" + space.free()[k];
        }
        return names;
    }

    private static String claim(BigFraction radius) {
        return "argmin_{Xw = y, w > 0} D_entropy(w, w0) lies within " + ExactNumbers.format(radius)
                + " (l_inf) of the candidate";
    }

    private static int check(BigFraction[][] x, BigFraction[] y, BigFraction[] w0, double[] candidate,
                             BigFraction radius) {
        int d = Inputs.matrix("X", x);
        Inputs.vector("y", y, x.length);
        Inputs.vector("w0", w0, d);
        Inputs.positive("w0", w0);
        Inputs.vector("candidate", candidate, d);
        Inputs.positive("radius", radius);
        return d;
    }

    private static long maxAbs(BigInteger[] k) {
        long m = 0;
        for (BigInteger v : k) {
            if (v.bitLength() > 62) {
                return Long.MAX_VALUE;
            }
            m = Math.max(m, Math.abs(v.longValue()));
        }
        return m;
    }

    static BigFraction[] toFractions(BigInteger[] k) {
        BigFraction[] out = new BigFraction[k.length];
        for (int i = 0; i < k.length; i++) {
            out[i] = new BigFraction(k[i]);
        }
        return out;
    }

    private static BigFraction max(BigFraction a, BigFraction b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
