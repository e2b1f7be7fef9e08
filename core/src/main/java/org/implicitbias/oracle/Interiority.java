package org.implicitbias.oracle;

import org.implicitbias.linalg.Dense;
import org.implicitbias.linalg.PivotedQr;
import org.implicitbias.linalg.AffineSet;
import java.util.Arrays;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Vectors;

/**
 * Whether the interpolating set {@code G = {w : Xw = y}} (intersected with {@code sum w = 1} for the
 * simplex) is non-empty, and whether it meets the open orthant {@code w > 0}: the preconditions of the
 * entropy references, decided by the oracle's own linear program, at a cost that grows like
 * {@code N^2 d} per interior-point iteration.
 *
 * <p><b>Non-empty</b> is {@link AffineSet}'s decision, the one every solver of the oracle makes: rows scaled to
 * unit norm, a maximal set of numerically independent ones kept (relative rank tolerance
 * {@value AffineSet#RANK_TOL}), the dropped rows' targets consistent with the kept ones to a relative
 * {@value AffineSet#CONSISTENCY}.
 *
 * <p><b>Meets w > 0</b>: {@code t* = max {min_j w_j : w in G}} (capped at the scale s below, which keeps the
 * program bounded and cuts off no answer to the question), by the interior-point
 * {@link LinearProgram} with {@code w = (tau - T) 1 + p, p >= 0, 0 <= tau <= T + s}. The answer is yes only
 * with a witness: the LP's maximiser w, moved onto G by its minimum-norm correction, has
 * {@code min_j w_j - e > }{@value #THRESHOLD}{@code  s}, where e is an upper bound on its l2 distance to G
 * that covers the rounding of the check: {@code e = (||r||_2 + ||rho||_2) / sigma}, with r the residual
 * {@code y - Xw} in floating point, {@code rho_i = gamma_{d+1} (|y_i| + ||x_i||_2 ||w||_2)} the bound on its
 * rounding, and sigma a lower bound on the least singular value of the kept rows (from the Cholesky factor of
 * their Gram matrix, {@code 1 / ||L^{-1}||_F}, less its own rounding). The point of G nearest to w then has
 * every entry {@code >= min_j w_j - e > 0}: a yes is a proof, up to the rounding of those few bounds, never a
 * numerical accident.
 *
 * <p>The scale s is {@code ||w_mn||_inf}, w_mn the minimum-norm point of G (1 when {@code w_mn = 0}, i.e.
 * {@code y = 0}, where t* is 0 or the cap): the threshold is relative, so the decision does not change when
 * y is scaled. "No" means either that the LP's optimum is at most the threshold (G misses the orthant, touches
 * only its boundary, or meets it too thinly to be told from rounding) or, rarely, that the witness could not be
 * verified; {@link Decision#reason()} says which, with the numbers.
 */
public final class Interiority {
    /** Relative threshold: G meets {@code w > 0} when a verified point of G has {@code min_j w_j > THRESHOLD s}. */
    public static final double THRESHOLD = 1e-9;

    private Interiority() {
    }

    /**
     * The decision with its evidence.
     *
     * @param emptyReason why G is empty, or null when it is not
     * @param value       the LP's {@code t* = max_G min_j w_j} (capped at scale); NaN when G is empty
     * @param scale       s, the scale of G's points (see the class comment)
     * @param witness     the LP's maximiser moved onto G (null when G is empty)
     * @param witnessMin  {@code min_j witness_j}
     * @param distance    e, the bound on the witness's l2 distance to G (infinite when it could not be bounded)
     */
    public record Decision(String emptyReason, double value, double scale, double[] witness, double witnessMin,
                           double distance) {
        /** G is non-empty. */
        public boolean realizable() {
            return emptyReason == null;
        }

        /** {@value #THRESHOLD} times the scale. */
        public double threshold() {
            return THRESHOLD * scale;
        }

        /** A proven lower bound on {@code t*}: the witness's smallest entry less its distance bound. */
        public double provenValue() {
            return witnessMin - distance;
        }

        /** G meets {@code w > 0}, with the margin of the threshold, proven by the witness. */
        public boolean positive() {
            return realizable() && provenValue() > threshold();
        }

        /** Why the answer is what it is, with the numbers. */
        public String reason() {
            if (!realizable()) {
                return "G is empty: " + emptyReason;
            }
            String lp = value >= scale * (1 - 1e-12) ? " at least " + fmt(scale) + " (the LP's cap)" : " " + fmt(value) + " (LP)";
            String numbers = "max over G of min_j w_j is" + lp + "; a point of G has every entry >= "
                    + fmt(provenValue()) + " (witness min " + fmt(witnessMin) + " less its distance bound "
                    + fmt(distance) + "); threshold " + THRESHOLD + " * scale " + fmt(scale) + " = " + fmt(threshold());
            if (positive()) {
                return "G meets w > 0: " + numbers;
            }
            if (value > threshold()) {
                return "the LP says G meets w > 0 but its witness could not be verified: " + numbers;
            }
            return "G does not meet w > 0 with room: " + numbers;
        }

        private static String fmt(double v) {
            return String.format("%.6g", v);
        }
    }

    /** Whether {@code G = {Xw = y}} is non-empty: {@link AffineSet}'s decision (see the class comment). */
    public static boolean realizable(Dataset data) {
        return constraints(data, false).emptyReason == null;
    }

    /** Decides whether G (on the simplex's plane when {@code simplex}) is non-empty and meets {@code w > 0}. */
    public static Decision decide(Dataset data, boolean simplex) {
        int n = data.n();
        int d = data.d();
        int m = simplex ? n + 1 : n;
        double[] a = matrix(data, simplex);
        double[] b = targets(data, simplex);
        AffineSet set = AffineSet.of(a, m, d, b, i -> i < n ? "row " + i + " of X" : "the row sum w = 1", new double[d]);
        if (set.emptyReason != null) {
            return new Decision(set.emptyReason, Double.NaN, 1, null, Double.NaN, Double.POSITIVE_INFINITY);
        }
        if (set.size() == 0) {
            // every row is zero with target zero: G is all of R^d
            double[] ones = new double[d];
            Arrays.fill(ones, 1.0);
            return new Decision(null, 1, 1, ones, 1, 0);
        }
        LpPoint lp = maxMinEntry(set);
        double[] w = onto(set, lp.w());
        double min = Arrays.stream(w).min().orElse(0);
        return new Decision(null, lp.t(), lp.cap(), w, min, distanceBound(set, a, b, d, w));
    }

    private static AffineSet constraints(Dataset data, boolean simplex) {
        int n = data.n();
        int d = data.d();
        return AffineSet.of(matrix(data, simplex), simplex ? n + 1 : n, d, targets(data, simplex),
                i -> i < n ? "row " + i + " of X" : "the row sum w = 1", new double[d]);
    }

    private static double[] matrix(Dataset data, boolean simplex) {
        int n = data.n();
        int d = data.d();
        double[] a = new double[(simplex ? n + 1 : n) * d];
        System.arraycopy(data.rowMajor(), 0, a, 0, n * d);
        if (simplex) {
            Arrays.fill(a, n * d, (n + 1) * d, 1.0);
        }
        return a;
    }

    private static double[] targets(Dataset data, boolean simplex) {
        double[] b = Arrays.copyOf(data.y(), data.n() + (simplex ? 1 : 0));
        if (simplex) {
            b[data.n()] = 1;
        }
        return b;
    }

    /** The LP {@code max t s.t. A w = b, w >= t 1} (t capped): its optimum t, a maximiser w and the cap. */
    record LpPoint(double t, double[] w, double scale, double cap) {
    }

    /**
     * {@code max t s.t. A w = b, w - t 1 >= 0, t <= s} over the reduced rows, with s the scale (the largest
     * entry of the minimum-norm point w_mn of the set, 1 when that is 0), posed with {@code w = (tau - T) 1 + p},
     * {@code p >= 0}, {@code 0 <= tau <= T + s}, {@code T = max(0, -min_j (w_mn)_j) + s}: w_mn is feasible with
     * {@code tau >= s}, so the bounds cut off nothing but values of t above s. {@code scale} of the result is
     * {@code T + ||w_mn||_inf}, the size of the LP's numbers.
     */
    static LpPoint maxMinEntry(AffineSet set) {
        int m = set.size();
        int d = set.d;
        double[] wp = minimumNormPoint(set);
        double top = Vectors.normInf(wp);
        double cap = top > 0 ? top : 1;
        double bigT = Math.max(0, -Arrays.stream(wp).min().orElse(0)) + cap;
        double[] rowSums = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += set.rows[i * d + j];
            }
            rowSums[i] = s;
        }
        LinearProgram.Builder lp = new LinearProgram.Builder(m + 1);
        double[] col = new double[m + 1];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < m; i++) {
                col[i] = set.rows[i * d + j];
            }
            lp.dense(0, col);
        }
        double[] tauCol = new double[m + 1];
        System.arraycopy(rowSums, 0, tauCol, 0, m);
        tauCol[m] = 1;
        int tau = lp.dense(-1, tauCol);
        lp.unit(0, m, 1);
        double[] rhs = new double[m + 1];
        for (int i = 0; i < m; i++) {
            rhs[i] = set.rhs[i] + bigT * rowSums[i];
        }
        rhs[m] = bigT + cap;
        LinearProgram.Result r = lp.build(rhs).solve();
        double t = r.x()[tau] - bigT;
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = r.x()[j] + t;
        }
        return new LpPoint(t, w, bigT + top, cap);
    }

    /**
     * The minimum-norm point {@code A'(A A')^{-1} b} of the reduced set (independent unit rows): through the
     * Cholesky factor of {@code A A'} (blocked kernels), or a pivoted QR when that does not factorise.
     */
    static double[] minimumNormPoint(AffineSet set) {
        return correction(set, new double[set.d]);
    }

    /** w moved by the minimum-norm correction onto the reduced set: {@code w + A^+ (b - A w)}. */
    private static double[] onto(AffineSet set, double[] w) {
        double[] c = correction(set, w);
        double[] out = w.clone();
        for (int j = 0; j < out.length; j++) {
            out[j] += c[j];
        }
        return out;
    }

    /** {@code A^+ (b - A w)} over the reduced unit rows. */
    private static double[] correction(AffineSet set, double[] w) {
        int m = set.size();
        int d = set.d;
        double[] r = new double[m];
        Dense.multiply(set.rows, m, d, w, r);
        for (int i = 0; i < m; i++) {
            r[i] = set.rhs[i] - r[i];
        }
        double[] g = gramFactor(set);
        if (g != null) {
            Dense.choleskySolve(g, m, r);
            double[] out = new double[d];
            Dense.multiplyTransposed(set.rows, m, d, r, null, out);
            return out;
        }
        return new PivotedQr(unitRows(set), d, AffineSet.RANK_TOL).minNormSolve(r, null);
    }

    /** The Cholesky factor of the kept rows' Gram matrix, or null when it does not factorise. */
    private static double[] gramFactor(AffineSet set) {
        if (set.gramFactor != null) {
            return set.gramFactor;
        }
        int m = set.size();
        double[] g = new double[m * m];
        Dense.syrk(set.rows, m, set.d, null, g, null);
        return Dense.cholesky(g, m, -1) < 0 ? g : null;
    }

    /**
     * The bound e of the class comment on the l2 distance of w to G (through the kept rows of the original
     * A, b): infinite when the kept rows' least singular value cannot be bounded away from 0.
     */
    private static double distanceBound(AffineSet set, double[] a, double[] b, int d, double[] w) {
        int m = set.size();
        double[] l = gramFactor(set);
        if (l == null) {
            return Double.POSITIVE_INFINITY;
        }
        double eps = Math.ulp(1.0) / 2;
        // sigma_min of the computed unit rows U: lambda_min(U U') >= 1 / ||L^{-1}||_F^2 less the rounding of the
        // Gram matrix and its factor; the exact D^{-1} A_K differs from U by a relative eps per entry
        double f = Dense.inverseFrobenius(l, m, new double[m * m]);
        double lambda = 1 / (f * f) - 8.0 * (m + d + 2) * m * eps;
        double sigmaU = lambda > 0 ? Math.sqrt(lambda) - 2 * eps * Math.sqrt(m) : 0;
        double minNorm = Double.POSITIVE_INFINITY;
        for (double v : set.norms) {
            minNorm = Math.min(minNorm, v);
        }
        double sigma = sigmaU * minNorm * (1 - 4 * d * eps);
        if (!(sigma > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double gamma = (d + 1) * eps / (1 - (d + 1) * eps);
        double wNorm = Vectors.norm2(w);
        double r2 = 0;
        double rho2 = 0;
        for (int q = 0; q < m; q++) {
            int i = set.kept[q];
            double r = b[i] - Vectors.dot(a, i * d, w, d);
            double rho = gamma * (Math.abs(b[i]) + set.norms[q] * (1 + 4 * d * eps) * wNorm);
            r2 += r * r;
            rho2 += rho * rho;
        }
        // a factor of 1 + 1e-6 covers the rounding of these few sums and roots
        return (Math.sqrt(r2) + Math.sqrt(rho2)) / sigma * (1 + 1e-6);
    }

    private static double[][] unitRows(AffineSet set) {
        double[][] v = new double[set.size()][];
        for (int i = 0; i < set.size(); i++) {
            v[i] = Arrays.copyOfRange(set.rows, i * set.d, (i + 1) * set.d);
        }
        return v;
    }
}
