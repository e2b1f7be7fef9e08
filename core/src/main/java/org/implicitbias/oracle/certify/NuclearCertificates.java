package org.implicitbias.oracle.certify;

import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * Certificates for the nuclear-norm (trace) max-margin program of Theorem 7,
 * <pre>  gamma = max { min_n y_n &lt;W, X_n&gt; : W symmetric psd, trace W &lt;= 1 },</pre>
 * built on exact LDL' decisions of positive semidefiniteness ({@link PsdCertificate}).
 * Weak duality: for r in the simplex and {@code M = sum_n r_n y_n sym(X_n)},
 * {@code min_n y_n <W, X_n> <= <W, M> <= lambda_max(M)^+ trace W <= max(lambda_max(M), 0)} for every
 * feasible W, and {@code t >= lambda_max(M)} is certified by {@code t I - M} psd.
 */
public final class NuclearCertificates {
    private NuclearCertificates() {
    }

    /**
     * Level EXACT: W is feasible ({@code W = W'}, psd, {@code trace W <= 1}). PROVED with the LDL'
     * pivots as witness; REFUTED with a vector v, {@code v'Wv < 0}, when W is not psd (or with the
     * trace, or the first asymmetric entry).
     */
    public static Proof feasible(BigFraction[][] w) {
        Deadline.current().route("nuclear point feasibility (LDL')");
        int d = Inputs.matrix("W", w);
        Proof.Builder proof = Proof.of(Certificate.Level.EXACT, "W is symmetric positive semidefinite with trace <= 1");
        if (w.length != d) {
            throw new InvalidInputException("W", w.length + " x " + d, "a square matrix");
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                if (!w[i][j].equals(w[j][i])) {
                    return proof.refuted("W is not symmetric: W[" + i + "][" + j + "] != W[" + j + "][" + i + "]");
                }
            }
        }
        PsdCertificate psd = PsdCertificate.of(w);
        proof.witness("pivots", psd.pivots());
        if (!psd.psd()) {
            proof.witness("negative-direction", psd.negativeDirection()).witness("v'Wv", psd.quadraticValue());
            return proof.refuted("W is not psd: v'Wv = " + ExactNumbers.format(psd.quadraticValue()) + " < 0");
        }
        BigFraction trace = BigFraction.ZERO;
        for (int i = 0; i < d; i++) {
            trace = trace.add(w[i][i]);
        }
        proof.witness("trace", trace);
        if (trace.compareTo(BigFraction.ONE) > 0) {
            return proof.refuted("trace W = " + ExactNumbers.format(trace) + " > 1");
        }
        return proof.proved("exact LDL' with pivots >= 0 and trace " + ExactNumbers.format(trace));
    }

    /**
     * Level BOUNDED: an interval {@code [gamma-lower, gamma-upper]} for the nuclear max margin from a
     * candidate W (symmetrised, rounded to short rationals, shifted by a multiple of I until the
     * exact LDL' shows it psd, then scaled to trace 1) and candidate weights r (clipped at 0,
     * normalised to the simplex). PROVED with both ends and the certified matrices as witnesses.
     *
     * @param xs      the symmetric data matrices X_n (each d x d; only their symmetric part matters)
     * @param y       labels
     * @param w       candidate W (d x d)
     * @param weights candidate simplex weights on the points
     */
    public static Proof marginBounds(List<BigFraction[][]> xs, BigFraction[] y, double[][] w, double[] weights) {
        Deadline.current().route("nuclear margin bounds (LDL')");
        if (xs == null || xs.isEmpty()) {
            throw new InvalidInputException("Xs", "[]", "at least one matrix");
        }
        int d = Inputs.matrix("Xs[0]", xs.get(0));
        for (int n = 0; n < xs.size(); n++) {
            if (Inputs.matrix("Xs[" + n + "]", xs.get(n)) != d || xs.get(n).length != d) {
                throw new InvalidInputException("Xs[" + n + "]", xs.get(n).length + " x " + xs.get(n)[0].length, d + " x " + d);
            }
        }
        Inputs.vector("y", y, xs.size());
        Inputs.vector("weights", weights, xs.size());
        if (w == null || w.length != d) {
            throw new InvalidInputException("W", w == null ? null : w.length + " rows", d + " rows");
        }
        Proof.Builder proof = Proof.of(Certificate.Level.BOUNDED, "the nuclear max margin lies in [gamma-lower, gamma-upper]");
        // Primal: a psd, trace-one rational matrix near the candidate.
        BigFraction tiny = new BigFraction(1, 1_000_000_000_000L);
        BigFraction[][] wr = new BigFraction[d][d];
        double[][] sym = new double[d][d];
        for (int i = 0; i < d; i++) {
            Inputs.vector("W[" + i + "]", w[i], d);
            for (int j = 0; j < d; j++) {
                sym[i][j] = (w[i][j] + w[j][i]) / 2;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                wr[i][j] = Rationals.simplestNear(sym[i][j], tiny);
                wr[j][i] = wr[i][j];
            }
        }
        BigFraction shift = BigFraction.ZERO;
        double minEig = extremeEigenvalue(wr, false);
        if (minEig < 0) {
            shift = Rationals.ofShortestDecimal(-minEig * 1.01 + 1e-15);
        }
        for (int attempt = 0; attempt < 100 && !PsdCertificate.of(PsdCertificate.shifted(wr, shift.negate())).psd(); attempt++) {
            shift = shift.multiply(2).add(tiny);
        }
        BigFraction[][] wp = PsdCertificate.shifted(wr, shift.negate());
        if (!PsdCertificate.of(wp).psd()) {
            return proof.unknown("no psd rational matrix near the candidate W was found");
        }
        BigFraction trace = BigFraction.ZERO;
        for (int i = 0; i < d; i++) {
            trace = trace.add(wp[i][i]);
        }
        if (Rationals.sgn(trace) <= 0) {
            throw new InvalidInputException("W", "a matrix with no positive part", "a candidate with positive trace");
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                wp[i][j] = wp[i][j].divide(trace);
            }
        }
        BigFraction lo = null;
        for (int n = 0; n < xs.size(); n++) {
            BigFraction s = BigFraction.ZERO;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    s = s.add(wp[i][j].multiply(xs.get(n)[i][j]));
                }
            }
            s = s.multiply(y[n]);
            lo = lo == null || s.compareTo(lo) < 0 ? s : lo;
        }
        // Dual: M = sum r_n y_n sym(X_n), t I - M psd.
        BigFraction[] r = new BigFraction[xs.size()];
        BigFraction sum = BigFraction.ZERO;
        for (int n = 0; n < r.length; n++) {
            r[n] = weights[n] > 0 ? Rationals.simplestNear(weights[n], tiny) : BigFraction.ZERO;
            if (Rationals.sgn(r[n]) < 0) {
                r[n] = BigFraction.ZERO;
            }
            sum = sum.add(r[n]);
        }
        if (Rationals.sgn(sum) == 0) {
            throw new InvalidInputException("weights", "no positive weight", "weights with a positive entry");
        }
        BigFraction[][] m = new BigFraction[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                BigFraction s = BigFraction.ZERO;
                for (int n = 0; n < r.length; n++) {
                    BigFraction xij = xs.get(n)[i][j].add(xs.get(n)[j][i]).divide(2);
                    s = s.add(r[n].divide(sum).multiply(y[n]).multiply(xij));
                }
                m[i][j] = s;
            }
        }
        double maxEig = extremeEigenvalue(m, true);
        BigFraction t = Rationals.simplestBetween(Rationals.ofShortestDecimal(maxEig + 1e-12 * (1 + Math.abs(maxEig))),
                Rationals.ofShortestDecimal(maxEig + 2e-12 * (1 + Math.abs(maxEig))));
        BigFraction step = new BigFraction(1, 1_000_000_000L);
        boolean certified = false;
        for (int attempt = 0; attempt < 100 && !certified; attempt++) {
            BigFraction[][] tm = new BigFraction[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    tm[i][j] = m[i][j].negate();
                }
                tm[i][i] = tm[i][i].add(t);
            }
            certified = PsdCertificate.of(tm).psd();
            if (!certified) {
                t = t.add(step);
                step = step.multiply(4);
            }
        }
        if (!certified) {
            return proof.unknown("no certified upper bound on lambda_max(M) was found");
        }
        BigFraction hi = Rationals.sgn(t) > 0 ? t : BigFraction.ZERO;
        if (lo.compareTo(hi) > 0) {
            throw new IllegalStateException("margin lower bound exceeds the dual bound: internal error");
        }
        proof.witness("gamma-lower", lo).witness("gamma-upper", hi).witness("r", RationalAlgebra.scale(BigFraction.ONE.divide(sum), r));
        proof.witness("W-feasible", flatten(wp)).witness("lambda-max-bound", t);
        return proof.proved("weak duality with exact LDL' certificates: gap " + Rationals.show(hi.subtract(lo)));
    }

    private static double extremeEigenvalue(BigFraction[][] s, boolean max) {
        int d = s.length;
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = s[i][j].doubleValue();
            }
        }
        double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (double v : new EigenDecomposition(new Array2DRowRealMatrix(a, false)).getRealEigenvalues()) {
            best = max ? Math.max(best, v) : Math.min(best, v);
        }
        return best;
    }

    private static BigFraction[] flatten(BigFraction[][] m) {
        int d = m.length;
        BigFraction[] out = new BigFraction[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(m[i], 0, out, i * d, d);
        }
        return out;
    }
}
