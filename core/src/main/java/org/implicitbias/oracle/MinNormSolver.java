package org.implicitbias.oracle;

import org.implicitbias.linalg.AffineSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Vectors;

/**
 * The norm programs {@code argmin_{w in G} ||w - w0||} for a centre w0 (the origin for {@code min-norm},
 * the run's start for {@code min-distance}; callers pass {@link Reference.NormProgram#centre}), {@code G = {X w = y}}, with the dual
 * {@code max <lambda, y - X w0> s.t. ||X' lambda||_* <= 1}.
 *
 * <ul>
 *   <li>l2 and quadratic(D): the projection, as the min-Bregman program of {@code 1/2||.||^2} or
 *       {@code 1/2 w'Dw} (one Newton step on the dual, then polished to the rounding floor);</li>
 *   <li>lp: the min-Bregman program of {@code (1/p)||v||_p^p} for {@code v = w - w0} from 0;</li>
 *   <li>l1, linf: linear programs on the independent rows, finished on the optimal face.</li>
 * </ul>
 * KKT in the norm's own terms: {@code ||X' lambda||_* <= 1} (dual feasibility),
 * {@code <X' lambda, w - w0> = ||w - w0||} (stationarity: X'lambda is a subgradient), {@code Xw = y};
 * the multipliers {@code lambda} are rescaled from the Bregman ones so that {@code ||X'lambda||_* = 1}.
 */
public final class MinNormSolver {

    /** Solves {@code ref} on the data from the centre w0. */
    public Outcome solve(Reference.NormProgram ref, Dataset data, double[] w0) {
        Norm norm = ref.norm();
        int n = data.n();
        int d = data.d();
        if (w0 == null || w0.length != d) {
            throw new InvalidInputException("w0", w0 == null ? "nothing" : w0.length + " entries", d + " entries, one per column of X");
        }
        long start = System.nanoTime();
        if (norm instanceof Norm.L1 || norm instanceof Norm.LInf) {
            return linear(ref, norm, data, w0, start);
        }
        Potential psi;
        if (norm instanceof Norm.L2) {
            psi = new Potential.SquaredL2();
        } else if (norm instanceof QuadraticNorm q) {
            psi = new QuadraticPotential(q.form());
        } else if (norm instanceof Norm.Lp lp) {
            psi = new Potential.LpPower(lp.p());
        } else {
            throw new InvalidInputException("reference.norm", norm.name(), "l1, l2, linf, lp or quadratic");
        }
        // v = w - w0 from 0 (D_psi(v, 0) = psi(v) for these potentials): data y - X w0
        double[] shifted = shiftedTargets(data, w0);
        Dataset sd = Dataset.of(data.matrix(), shifted);
        Outcome o = new MinBregmanSolver().solve(psi, false, sd, new double[d], ref);
        if (o.status() != Outcome.Status.SOLVED) {
            return o;
        }
        Certificate c = o.certificate();
        double[] v = c.point();
        double[] lambda = c.multiplier("lambda");
        double nv = norm.value(v);
        if (nv > 0) {
            double g = norm.dual(Vectors.multiplyTransposed(data.rowMajor(), n, d, lambda));
            lambda = Vectors.scaled(1 / g, lambda);
        }
        Map<String, String> det = new LinkedHashMap<>();
        det.put("method", "dual Newton on the min-Bregman program of " + psi.name() + " (v = w - w0)");
        det.put("iterations", c.details().get("iterations"));
        det.put("rank", c.details().get("rank"));
        return new Outcome.Solved(certificate(ref, norm, data, w0, v, lambda, true, det, start));
    }

    /**
     * Whether {@code b' = b - A w0} is zero up to the rounding of its own evaluation: each
     * {@code |b'_q| <= (d + 2) u (|b_q| + sum_j |A_qj w0_j|)}, u the unit roundoff, the standard bound on
     * the error of a computed dot product. There the minimum-norm correction is itself of the size of
     * that rounding, and an LP asked for it would only return noise.
     */
    private static boolean onG(AffineSet set, double[] b, double[] w0) {
        int d = w0.length;
        for (int q = 0; q < b.length; q++) {
            double magnitude = Math.abs(set.rhs[q]);
            for (int j = 0; j < d; j++) {
                magnitude += Math.abs(set.rows[q * d + j] * w0[j]);
            }
            if (Math.abs(b[q]) > (d + 2) * 0x1p-53 * magnitude) {
                return false;
            }
        }
        return true;
    }

    private static double[] shiftedTargets(Dataset data, double[] w0) {
        int n = data.n();
        int d = data.d();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = data.y(i) - Vectors.dot(data.rowMajor(), i * d, w0, d);
        }
        return t;
    }

    /**
     * l1: {@code min 1'(u + u') s.t. A(u - u') = b'}, whose multipliers of the A rows satisfy
     * {@code ||A' lambda||_inf <= 1}. linf, scaled by {@code s = beta / ||v||_inf} with
     * {@code beta = ||b'||_inf} (b' is not 0, so {@code ||v||_inf > 0}):
     * {@code max s s.t. A u - s b' / beta = A 1, u + e = 2} with {@code v = beta (u - 1) / s};
     * its bound rows {@code u_j + e_j = 2} leave the LP's normal equations (see {@link LinearProgram}),
     * and its multipliers mu of the A rows, with {@code b' mu = beta}, give {@code lambda = mu / ||A' mu||_1}
     * ({@code ||A' lambda||_1 = 1}, {@code b' lambda = beta / s = ||v||_inf}). A the independent unit rows,
     * b' the targets less {@code A w0}.
     */
    private Outcome linear(Reference ref, Norm norm, Dataset data, double[] w0, long start) {
        int n = data.n();
        int d = data.d();
        AffineSet set = AffineSet.of(data.rowMajor(), n, d, data.y(), i -> "row " + i + " of X", w0);
        if (set.emptyReason != null) {
            return new Outcome.Infeasible("G = {Xw = y} is empty: " + set.emptyReason);
        }
        int m = set.size();
        double[] b = new double[m];
        for (int q = 0; q < m; q++) {
            b[q] = set.rhs[q] - Vectors.dot(set.rows, q * d, w0, d);
        }
        if (onG(set, b, w0)) {
            // w0 lies on G: w = w0 with lambda = 0 (0 is in the unit dual ball) is optimal, and unique since
            // ||w - w0|| = 0 only there; the interior-point LP has no interior to work in here
            Map<String, String> det = new LinkedHashMap<>();
            det.put("method", "w0 lies on G (to the rounding of A w0)");
            det.put("iterations", "0");
            det.put("rank", m + " independent rows of " + n);
            return new Outcome.Solved(certificate(ref, norm, data, w0, new double[d], new double[n], true, det, start));
        }
        boolean l1 = norm instanceof Norm.L1;
        int rows = l1 ? m : m + d;
        LinearProgram.Builder lp = new LinearProgram.Builder(rows);
        int[] first = new int[d];
        int[] second = new int[d];
        double[] rhs = new double[rows];
        System.arraycopy(b, 0, rhs, 0, m);
        for (int j = 0; j < d; j++) {
            double[] col = new double[rows];
            for (int q = 0; q < m; q++) {
                col[q] = set.rows[q * d + j];
            }
            if (l1) {
                first[j] = lp.dense(1, col);
                for (int q = 0; q < m; q++) {
                    col[q] = -col[q];
                }
                second[j] = lp.dense(1, col);
            } else {
                col[m + j] = 1;
                first[j] = lp.dense(0, col);
                second[j] = lp.unit(0, m + j, 1);
            }
        }
        int sCol = -1;
        // linf: b' / ||b'||_inf in the LP, so that s is of order one whatever the scale of b'
        double scale = l1 ? 1 : Vectors.normInf(b);
        if (!l1) {
            double[] col = new double[rows];
            for (int q = 0; q < m; q++) {
                col[q] = -b[q] / scale;
                double rowSum = 0;
                for (int j = 0; j < d; j++) {
                    rowSum += set.rows[q * d + j];
                }
                rhs[q] = rowSum;
            }
            sCol = lp.dense(-1, col);
            for (int j = 0; j < d; j++) {
                rhs[m + j] = 2;
            }
        }
        LinearProgram.Result res = lp.build(rhs).solve();
        double[] x = res.x();
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = l1 ? x[first[j]] - x[second[j]] : scale * ((x[first[j]] - 1) / x[sCol]);
        }
        double[] lambda = set.originalMultipliers(java.util.Arrays.copyOf(res.y(), m), n);
        if (!l1) {
            lambda = Vectors.scaled(1 / norm.dual(Vectors.multiplyTransposed(data.rowMajor(), n, d, lambda)), lambda);
        }
        Map<String, String> det = new LinkedHashMap<>();
        det.put("method", "interior-point LP, finished on the optimal face");
        det.put("iterations", Integer.toString(res.iterations()));
        det.put("rank", m + " independent rows of " + n);
        det.put("lp-finished", Boolean.toString(res.finished()));
        return new Outcome.Solved(certificate(ref, norm, data, w0, v, lambda, res.uniquePrimal(), det, start));
    }

    private static Certificate certificate(Reference ref, Norm norm, Dataset data, double[] w0, double[] v,
                                           double[] lambda, boolean unique, Map<String, String> details, long start) {
        int n = data.n();
        int d = data.d();
        double[] w = w0.clone();
        Vectors.axpy(1, v, w);
        double primal = 0;
        for (int i = 0; i < n; i++) {
            primal = Math.max(primal, Math.abs(Vectors.dot(data.rowMajor(), i * d, w, d) - data.y(i)));
        }
        double[] g = Vectors.multiplyTransposed(data.rowMajor(), n, d, lambda);
        double gd = norm.dual(g);
        double value = norm.value(v);
        double dual = Vectors.dot(lambda, shiftedTargets(data, w0));
        double stat = Math.abs(Vectors.dot(g, v) - value);
        Map<String, String> det = new LinkedHashMap<>(details);
        det.put("norm", norm.name());
        det.put("unique", Boolean.toString(unique));
        det.put("seconds", String.format("%.4f", (System.nanoTime() - start) * 1e-9));
        Map<String, double[]> mult = new LinkedHashMap<>();
        mult.put("lambda", lambda);
        Certificate.Residuals res = new Certificate.Residuals(primal, stat, 0, Math.max(0, gd - 1), value - dual);
        return new Certificate(ref, Certificate.Level.NUMERIC, w, value, dual, mult, res, det, null);
    }
}
