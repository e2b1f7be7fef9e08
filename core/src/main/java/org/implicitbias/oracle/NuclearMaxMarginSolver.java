package org.implicitbias.oracle;

import org.implicitbias.linalg.Dense;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Vectors;

/**
 * The psd max-margin program of Theorem 7: {@code gamma = max_{W psd, trace W = 1} min_n y_n <W, X_n>}
 * for k x k matrices X_n (the rows of the data, row-major; only their symmetric parts matter since W is
 * symmetric), with its dual {@code min_{r in simplex} lambda_max(sum_n r_n y_n X_n)} (the KKT system of
 * the paper's eqs. (55)-(59) after scaling: {@code W} lives on the top eigenspace of {@code sum r_n y_n X_n}).
 *
 * <p>Method: a primal-dual interior-point method with the HKM direction and Mehrotra's
 * predictor-corrector on the pair
 * <pre>
 *   max gamma  s.t. y_n &lt;X_n, W&gt; - gamma - s_n = 0, trace W = 1, W psd, s &gt;= 0
 *   min t      s.t. t I - sum_n r_n y_n X_n = S psd, sum r = 1, r &gt;= 0
 * </pre>
 * whose Schur complement is an (N+2) x (N+2) system. Once the mean complementarity mu is below
 * {@value #NEWTON_MU} times the scale {@code max_n ||X_n||_2}, Newton's method takes over on the
 * optimality conditions with the symmetrised complementarity {@code (WS + SW)/2 = 0},
 * {@code r_n s_n = 0} (Alizadeh, Haeberly and Overton): its Jacobian is nonsingular at a strictly
 * complementary, nondegenerate solution, so it converges quadratically, eigenvectors and all, to the
 * rounding level. On degenerate data (a singular Jacobian, or a gap not below {@value #ACCEPTED_GAP}
 * times the scale) the interior-point method resumes and runs to its own end, and the better pair is
 * kept. The reported pair is made exactly feasible
 * (W's eigenvalues clipped at 0 and its trace rescaled; r clipped and normalised), so the primal value
 * {@code min_n y_n <W, X_n>} and the dual value {@code lambda_max} bracket gamma and the gap is their
 * difference. gamma <= 0 means no psd W separates: NOT_SEPARABLE.
 */
public final class NuclearMaxMarginSolver {

    /** The interior-point method hands over to Newton's method once mu is below this times the data's scale. */
    static final double NEWTON_MU = 1e-8;
    /** A Newton pair whose duality gap is below this times the data's scale ends the solve. */
    static final double ACCEPTED_GAP = 1e-12;
    /** Most Newton steps (convergence is quadratic: a handful reach the rounding level). */
    static final int NEWTON_STEPS = 12;

    /** Solves {@code ref} on the data (rows: flattened size x size matrices, labels +1 or -1). */
    public Outcome solve(Reference.MaxMarginNuclear ref, Dataset data) {
        int k = ref.size();
        int n = data.n();
        if (k < 1 || data.d() != k * k) {
            throw new InvalidInputException("Xs", data.d() + " entries per example",
                    (long) k * k + " entries (" + k + " x " + k + " matrices, row-major)");
        }
        MaxMarginSolver.checkLabels(data);
        long start = System.nanoTime();
        double[][][] y = new double[n][k][k];
        double[] x = data.rowMajor();
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    y[i][a][b] = data.y(i) * 0.5 * (x[i * k * k + a * k + b] + x[i * k * k + b * k + a]);
                }
            }
        }
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, spectral(y[i]));
        }
        // the interior-point method until mu is small, then Newton's method on the optimality conditions;
        // only if that does not close the gap does the interior-point method go on to its own end
        Ipm ipm = new Ipm(y, n, k);
        boolean ended = ipm.run(NEWTON_MU * scale);
        Pair pair = feasiblePair(y, ipm.w, ipm.r, n, k);
        Pair newton = newtonFinish(y, ipm, n, k);
        if (!ended && !(Math.abs(newton.lmax - newton.gamma) <= ACCEPTED_GAP * scale)) {
            ipm.run(0);
            pair = feasiblePair(y, ipm.w, ipm.r, n, k);
            Pair again = newtonFinish(y, ipm, n, k);
            if (Math.abs(again.lmax - again.gamma) < Math.abs(newton.lmax - newton.gamma)) {
                newton = again;
            }
        }
        int newtonSteps = newton.steps;
        boolean polished = Math.abs(newton.lmax - newton.gamma) < Math.abs(pair.lmax - pair.gamma);
        if (polished) {
            pair = newton;
        }
        double[][] wp = pair.w;
        double[] r = pair.r;
        double[][] m = pair.m;
        double[] mev = pair.mev;
        double lmax = pair.lmax;
        double[] margins = pair.margins;
        double gamma = pair.gamma;
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(wp, false)).getRealEigenvalues();
        double tr = 1;

        if (!(lmax - gamma <= 1e-8 * Math.max(scale, 1e-300))) {
            throw new IllegalStateException("the psd max-margin interior-point method stopped with a duality gap of "
                    + (lmax - gamma) + " after " + ipm.iterations + " iterations");
        }
        if (lmax <= MaxMarginSolver.SEPARATION_TOL * scale) {
            return new Outcome.NotSeparable("no psd W has y_n <W, X_n> > 0 for every n: min over the simplex of"
                    + " lambda_max(sum r_n y_n X_n) is " + String.format("%.3e", lmax) + " <= 0 (up to "
                    + MaxMarginSolver.SEPARATION_TOL + " * max ||X_n||_2)");
        }
        double eigTol = 1e-7 * Math.max(scale, 1e-300);
        int mult = 0;
        for (double e : mev) {
            if (e >= lmax - eigTol) {
                mult++;
            }
        }
        int rank = 0;
        for (double e : ev) {
            if (e / tr > 1e-7) {
                rank++;
            }
        }
        double[] wflat = new double[k * k];
        for (int a = 0; a < k; a++) {
            System.arraycopy(wp[a], 0, wflat, a * k, k);
        }
        double compl = 0;
        List<Integer> support = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            compl = Math.max(compl, r[i] * (margins[i] - gamma));
            if ((r[i] > 0 && margins[i] - gamma <= 1e-7 * scale) || margins[i] - gamma <= 1e-9 * scale) {
                support.add(i);
            }
        }
        double stat = Math.abs(inner(m, wp, k) - lmax);
        double primalFeas = 0; // W psd and trace 1 by construction
        double dualFeas = Math.abs(sumOf(r) - 1);
        Certificate.Residuals res = new Certificate.Residuals(primalFeas, stat, compl, dualFeas, lmax - gamma);
        double[] z = new double[n * k * k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                System.arraycopy(y[i][a], 0, z, i * k * k + a * k, k);
            }
        }
        boolean unique = mult == 1;
        int[] sup = support.stream().mapToInt(Integer::intValue).toArray();
        String face = unique ? "the unique maximiser W = v v' (lambda_max of sum r_n y_n X_n is simple)"
                : "W in face iff W psd, trace W <= 1 and y_n <W, X_n> >= gamma for all n; every optimal W lives on the"
                + " top eigenspace (dimension " + mult + ") of sum r_n y_n X_n";
        MarginFace mf = new MarginFace(new Norm.Nuclear(k, k), true, n, k * k, z, gamma, wflat, sup, r, lmax, unique, face);
        Map<String, String> det = new LinkedHashMap<>();
        det.put("method", "primal-dual interior point (HKM, Mehrotra), Newton on the optimality conditions,"
                + " pair made exactly feasible");
        det.put("iterations", Integer.toString(ipm.iterations));
        det.put("polished", polished ? "yes: " + newtonSteps + " Newton steps on the symmetrised optimality conditions (AHO)"
                : "no (the interior-point pair had the smaller gap)");
        det.put("gamma", Double.toString(gamma));
        det.put("rank-W", Integer.toString(rank));
        det.put("top-eigenspace-dimension", Integer.toString(mult));
        det.put("support", java.util.Arrays.toString(sup));
        det.put("unique", Boolean.toString(unique));
        det.put("face", face);
        det.put("seconds", String.format("%.4f", (System.nanoTime() - start) * 1e-9));
        Map<String, double[]> mlt = new LinkedHashMap<>();
        mlt.put("r", r);
        return new Outcome.Solved(new Certificate(ref, Certificate.Level.NUMERIC, wflat, gamma, lmax, mlt, res, det, mf));
    }

    /** An exactly feasible primal-dual pair with its values. */
    private static final class Pair {
        private final double[][] w;
        private final double[] r;
        private final double gamma;
        private final double lmax;
        private final double[] margins;
        private final double[][] m;
        private final double[] mev;
        private final int steps;

        Pair(double[][] w, double[] r, double gamma, double lmax, double[] margins, double[][] m, double[] mev,
             int steps) {
            this.w = w;
            this.r = r;
            this.gamma = gamma;
            this.lmax = lmax;
            this.margins = margins;
            this.m = m;
            this.mev = mev;
            this.steps = steps;
        }
    }

    /**
     * Makes (W, r) exactly feasible: W's eigenvalues clipped at 0 and its trace scaled to 1, r clipped at 0
     * and scaled to sum 1; then {@code gamma = min_n y_n <X_n, W>} is a lower and
     * {@code lambda_max(sum r_n y_n X_n)} an upper bound of the optimum (weak duality).
     */
    private static Pair feasiblePair(double[][][] y, double[][] w, double[] rIn, int n, int k) {
        EigenDecomposition ew = new EigenDecomposition(new Array2DRowRealMatrix(w, false));
        double[] ev = ew.getRealEigenvalues();
        double tr = 0;
        for (int i = 0; i < k; i++) {
            ev[i] = Math.max(0, ev[i]);
            tr += ev[i];
        }
        double[][] wp = new double[k][k];
        RealMatrix v = ew.getV();
        for (int e = 0; e < k; e++) {
            if (ev[e] == 0) {
                continue;
            }
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    wp[a][b] += ev[e] / tr * v.getEntry(a, e) * v.getEntry(b, e);
                }
            }
        }
        double[] r = Vectors.clippedDistribution(rIn, n);
        double[][] m = combination(y, r, n, k);
        double[] mev = new EigenDecomposition(new Array2DRowRealMatrix(m, false)).getRealEigenvalues();
        double lmax = Double.NEGATIVE_INFINITY;
        for (double e : mev) {
            lmax = Math.max(lmax, e);
        }
        double[] margins = new double[n];
        double gamma = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            margins[i] = inner(y[i], wp, k);
            gamma = Math.min(gamma, margins[i]);
        }
        return new Pair(wp, r, gamma, lmax, margins, m, mev, 0);
    }

    /**
     * Newton's method on the optimality conditions with the complementarity written symmetrically
     * (Alizadeh, Haeberly and Overton):
     * <pre>
     *   (W S + S W) / 2 = 0,   r_n (y_n &lt;X_n, W&gt; - gamma) = 0,   trace W = 1,   sum r = 1,
     *   S = t I - sum_n r_n y_n X_n,
     * </pre>
     * a square system in (W, r, t, gamma) whose Jacobian is nonsingular at a strictly complementary,
     * nondegenerate solution, so that the iteration converges quadratically from the interior-point
     * iterate; the eigenvectors of W and S move with the step (no structure is frozen). Steps are taken
     * while they decrease the residual norm and the Jacobian is nonsingular; the last point is returned
     * made exactly feasible (the interior-point iterate itself when no step was taken), with the number of
     * steps, and the caller keeps it only if its duality gap is smaller.
     */
    private static Pair newtonFinish(double[][][] y, Ipm ipm, int n, int k) {
        int pk = k * (k + 1) / 2;
        int size = pk + n + 2;
        double[] z = new double[size];
        for (int a = 0, q = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                z[q++] = 0.5 * (ipm.w[a][b] + ipm.w[b][a]);
            }
        }
        System.arraycopy(ipm.r, 0, z, pk, n);
        z[pk + n] = ipm.t;
        z[pk + n + 1] = ipm.gamma;
        double[] f = new double[size];
        double norm = residualAho(y, z, n, k, f, null);
        int steps = 0;
        double[] jac = new double[size * size];
        double[] step = new double[size];
        for (int it = 0; it < NEWTON_STEPS && norm > 0; it++) {
            java.util.Arrays.fill(jac, 0.0);
            residualAho(y, z, n, k, step, jac);
            if (!Dense.luSolve(jac, size, step)) {
                break; // singular here (a degenerate solution): the interior-point pair stands
            }
            double[] trial = z.clone();
            for (int i = 0; i < size; i++) {
                trial[i] -= step[i];
            }
            double tn = residualAho(y, trial, n, k, f, null);
            if (!(tn < norm)) {
                break; // the residual has reached its rounding level (or the start was too far)
            }
            z = trial;
            norm = tn;
            steps++;
        }
        double[][] w = new double[k][k];
        for (int a = 0, q = 0; a < k; a++) {
            for (int b = a; b < k; b++, q++) {
                w[a][b] = z[q];
                w[b][a] = z[q];
            }
        }
        Pair p = feasiblePair(y, w, java.util.Arrays.copyOfRange(z, pk, pk + n), n, k);
        return new Pair(p.w, p.r, p.gamma, p.lmax, p.margins, p.m, p.mev, steps);
    }

    /**
     * The residual of {@link #newtonFinish}'s system at z = (upper triangle of W, r, t, gamma) into f, with
     * its Jacobian written into jac (row-major, zeroed by the caller) when jac is not null; returns the
     * Euclidean norm of f.
     */
    private static double residualAho(double[][][] y, double[] z, int n, int k, double[] f, double[] jac) {
        int pk = k * (k + 1) / 2;
        int size = pk + n + 2;
        double[][] w = new double[k][k];
        for (int a = 0, q = 0; a < k; a++) {
            for (int b = a; b < k; b++, q++) {
                w[a][b] = z[q];
                w[b][a] = z[q];
            }
        }
        double t = z[pk + n];
        double gamma = z[pk + n + 1];
        double[] r = java.util.Arrays.copyOfRange(z, pk, pk + n);
        double[][] sm = combination(y, r, n, k);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                sm[a][b] = (a == b ? t : 0) - sm[a][b];
            }
        }
        double[][] ws = product(w, sm, k);
        for (int a = 0, q = 0; a < k; a++) {
            for (int b = a; b < k; b++, q++) {
                f[q] = 0.5 * (ws[a][b] + ws[b][a]);
            }
        }
        double[] margin = new double[n];
        for (int i = 0; i < n; i++) {
            margin[i] = inner(y[i], w, k) - gamma;
            f[pk + i] = r[i] * margin[i];
        }
        double tr = 0;
        double rs = 0;
        for (int a = 0; a < k; a++) {
            tr += w[a][a];
        }
        for (double v : r) {
            rs += v;
        }
        f[pk + n] = tr - 1;
        f[pk + n + 1] = rs - 1;
        if (jac != null) {
            // d(WS + SW)/2 along the unit symmetric directions of W: (E S + S E)/2
            for (int c = 0, col = 0; c < k; c++) {
                for (int d = c; d < k; d++, col++) {
                    for (int a = 0, q = 0; a < k; a++) {
                        for (int b = a; b < k; b++, q++) {
                            // (E S)_ab with E = e_c e_d' + e_d e_c' (or e_c e_c' when c = d)
                            double es = (a == c ? sm[d][b] : 0) + (c != d && a == d ? sm[c][b] : 0);
                            double se = (b == c ? sm[a][d] : 0) + (c != d && b == d ? sm[a][c] : 0);
                            double esBa = (b == c ? sm[d][a] : 0) + (c != d && b == d ? sm[c][a] : 0);
                            double seBa = (a == c ? sm[b][d] : 0) + (c != d && a == d ? sm[b][c] : 0);
                            jac[q * size + col] = 0.25 * (es + se + esBa + seBa);
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        jac[(pk + i) * size + col] = r[i] * (c == d ? y[i][c][c] : y[i][c][d] + y[i][d][c]);
                    }
                    jac[(pk + n) * size + col] = c == d ? 1 : 0;
                }
            }
            // along r_i: dS = -Y_i
            for (int i = 0; i < n; i++) {
                double[][] wy = product(w, y[i], k);
                for (int a = 0, q = 0; a < k; a++) {
                    for (int b = a; b < k; b++, q++) {
                        jac[q * size + pk + i] = -0.5 * (wy[a][b] + wy[b][a]);
                    }
                }
                jac[(pk + i) * size + pk + i] = margin[i];
                jac[(pk + n + 1) * size + pk + i] = 1;
            }
            // along t: dS = I
            for (int a = 0, q = 0; a < k; a++) {
                for (int b = a; b < k; b++, q++) {
                    jac[q * size + pk + n] = w[a][b];
                }
            }
            // along gamma
            for (int i = 0; i < n; i++) {
                jac[(pk + i) * size + pk + n + 1] = -r[i];
            }
        }
        double ss = 0;
        for (double v : f) {
            ss += v * v;
        }
        return Math.sqrt(ss);
    }

    private static double[][] product(double[][] a, double[][] b, int k) {
        double[][] c = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i][p];
                for (int j = 0; j < k; j++) {
                    c[i][j] += aip * b[p][j];
                }
            }
        }
        return c;
    }

    private static double sumOf(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    static double inner(double[][] a, double[][] b, int k) {
        double s = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s += a[i][j] * b[i][j];
            }
        }
        return s;
    }

    private static double spectral(double[][] a) {
        double m = 0;
        for (double e : new EigenDecomposition(new Array2DRowRealMatrix(a, false)).getRealEigenvalues()) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    static double[][] combination(double[][][] y, double[] r, int n, int k) {
        double[][] m = new double[k][k];
        for (int i = 0; i < n; i++) {
            if (r[i] == 0) {
                continue;
            }
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    m[a][b] += r[i] * y[i][a][b];
                }
            }
        }
        return m;
    }

    /** The interior-point iteration; fields hold the last iterate. */
    private static final class Ipm {
        final double[][][] y;
        final int n;
        final int k;
        double[][] w;
        double[][] s;
        double[] sl;
        double[] r;
        double gamma;
        double t;
        int iterations;
        boolean ended;

        Ipm(double[][][] y, int n, int k) {
            this.y = y;
            this.n = n;
            this.k = k;
            // a strictly feasible start: W = I/k with gamma one below its margin; r uniform with t one
            // above lambda_max(M(r)); the slacks are then kept equal to their definitions, so that the
            // iterates stay feasible and no infeasibility residual is amplified near the boundary
            w = identity(k, 1.0 / k);
            r = new double[n];
            java.util.Arrays.fill(r, 1.0 / n);
            double minMargin = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                minMargin = Math.min(minMargin, inner(y[i], w, k));
            }
            gamma = minMargin - 1;
            t = spectralMax(combination(y, r, n, k)) + 1;
            sl = new double[n];
            s = new double[k][k];
            slacks();
        }

        /** s_n = y_n <X_n, W> - gamma and S = t I - sum r_n y_n X_n, from their definitions. */
        private void slacks() {
            for (int i = 0; i < n; i++) {
                sl[i] = inner(y[i], w, k) - gamma;
            }
            double[][] m = combination(y, r, n, k);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    s[a][b] = (a == b ? t : 0) - m[a][b];
                }
            }
        }

        private boolean valid() {
            for (double v : sl) {
                if (!(v > 0)) {
                    return false;
                }
            }
            for (double v : r) {
                if (!(v > 0)) {
                    return false;
                }
            }
            try {
                new CholeskyDecomposition(new Array2DRowRealMatrix(w, false), 1e-10, 0);
                new CholeskyDecomposition(new Array2DRowRealMatrix(s, false), 1e-10, 0);
                return true;
            } catch (org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException
                     | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
                return false;
            }
        }

        private double[][] copy(double[][] a) {
            double[][] c = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                c[i] = a[i].clone();
            }
            return c;
        }

        private double spectralMax(double[][] m) {
            double best = Double.NEGATIVE_INFINITY;
            for (double e : new EigenDecomposition(new Array2DRowRealMatrix(m, false)).getRealEigenvalues()) {
                best = Math.max(best, e);
            }
            return best;
        }

        /**
         * Iterates until mu (the mean complementarity product) is at most muStop, returning false (the
         * iteration may be resumed), or until it ends (residuals and mu at rounding level, a step that cannot
         * be taken, or 200 iterations), returning true.
         */
        boolean run(double muStop) {
            for (; !ended && iterations < 200; iterations++) {
                double[] rp = new double[n];
                for (int i = 0; i < n; i++) {
                    rp[i] = inner(y[i], w, k) - gamma - sl[i];
                }
                double rt = trace(w) - 1;
                double[][] rd = combination(y, r, n, k);
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        rd[a][b] += s[a][b] - (a == b ? t : 0);
                    }
                }
                double rr = sumOf(r) - 1;
                double mu = (inner(w, s, k) + dot(sl, r)) / (k + n);
                double res = Math.max(Math.max(maxAbs(rp), Math.abs(rt)), Math.max(maxAbs(rd), Math.abs(rr)));
                if (res < 1e-14 && mu < 1e-15) {
                    break;
                }
                if (mu <= muStop) {
                    return false;
                }
                if (!step(rp, rt, rd, rr, mu)) {
                    break;
                }
            }
            ended = true;
            return true;
        }

        /** One predictor-corrector step; false when the iterates have reached rounding level (a factorisation fails). */
        private boolean step(double[] rp, double rt, double[][] rd, double rr, double mu) {
            try {
                return stepOrThrow(rp, rt, rd, rr, mu);
            } catch (org.apache.commons.math3.linear.SingularMatrixException
                     | org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException e) {
                return false;
            }
        }

        private boolean stepOrThrow(double[] rp, double rt, double[][] rd, double rr, double mu) {
            {
                double[][] sinv = inverse(s);
                double[][] wsinv = mul(w, sinv);
                // Schur complement
                double[][][] wysinv = new double[n][][];
                for (int m = 0; m < n; m++) {
                    wysinv[m] = mul(mul(w, y[m]), sinv);
                }
                int size = n + 2;
                double[][] h = new double[size][size];
                double[] c = new double[n];
                for (int i = 0; i < n; i++) {
                    for (int m = 0; m < n; m++) {
                        h[i][m] = inner(y[i], wysinv[m], k);
                    }
                    h[i][i] += sl[i] / r[i];
                    c[i] = inner(y[i], wsinv, k);
                    h[i][n] = -c[i];
                    h[i][n + 1] = -1;
                    h[n][i] = c[i];
                    h[n + 1][i] = 1;
                }
                double tau = trace(wsinv);
                h[n][n] = -tau;
                LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(h, false), 1e-300);
                // predictor
                Step aff = direction(lu, rp, rt, rd, rr, sinv, 0, null);
                double ap = Math.min(1, psdStep(w, aff.dw) * 1.0);
                ap = Math.min(ap, posStep(sl, aff.dsl));
                double ad = Math.min(1, psdStep(s, aff.dS));
                ad = Math.min(ad, posStep(r, aff.dr));
                double muAff = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        muAff += (w[a][b] + ap * aff.dw[a][b]) * (s[a][b] + ad * aff.dS[a][b]);
                    }
                }
                for (int i = 0; i < n; i++) {
                    muAff += (sl[i] + ap * aff.dsl[i]) * (r[i] + ad * aff.dr[i]);
                }
                muAff /= (k + n);
                double sigma = Math.pow(Math.max(0, muAff) / mu, 3);
                Step st = direction(lu, rp, rt, rd, rr, sinv, sigma * mu, aff);
                double eta = Math.max(0.98, 1 - 10 * Math.sqrt(mu));
                eta = Math.min(eta, 0.9995);
                ap = Math.min(1, eta * Math.min(psdStep(w, st.dw), posStep(sl, st.dsl)));
                ad = Math.min(1, eta * Math.min(psdStep(s, st.dS), posStep(r, st.dr)));
                if (!(ap > 0) && !(ad > 0)) {
                    return false;
                }
                double[][] w0 = copy(w);
                double[] r0 = r.clone();
                double g0 = gamma;
                double t0 = t;
                // the slacks are recomputed from their definitions; if rounding makes one non-positive,
                // retry with shorter steps, and give up (keeping the last good iterate) after a few halvings
                for (int attempt = 0; attempt < 8; attempt++) {
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            w[a][b] = w0[a][b] + ap * st.dw[a][b];
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        r[i] = r0[i] + ad * st.dr[i];
                    }
                    gamma = g0 + ap * st.dg;
                    t = t0 + ad * st.dt;
                    slacks();
                    if (valid()) {
                        return true;
                    }
                    ap *= 0.5;
                    ad *= 0.5;
                }
                w = w0;
                r = r0;
                gamma = g0;
                t = t0;
                slacks();
                return false;
            }
        }

        private static final class Step {
            private final double[][] dw;
            /** The step of the slacks {@code sl}. */
            private final double[] dsl;
            private final double dg;
            private final double[][] dS;
            private final double[] dr;
            private final double dt;

            Step(double[][] dw, double[] dsl, double dg, double[][] dS, double[] dr, double dt) {
                this.dw = dw;
                this.dsl = dsl;
                this.dg = dg;
                this.dS = dS;
                this.dr = dr;
                this.dt = dt;
            }
        }

        /** The Newton direction for centring target target (0: affine), with Mehrotra's correction from aff. */
        private Step direction(LUDecomposition lu, double[] rp, double rt, double[][] rd, double rr, double[][] sinv,
                               double target, Step aff) {
            // base = target S^-1 - W - (dW_aff dS_aff S^-1); E = base + W Rd S^-1 (the part of dW fixed before dS)
            double[][] base = new double[k][k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    base[a][b] = target * sinv[a][b] - w[a][b];
                }
            }
            double[] corrLp = new double[n];
            if (aff != null) {
                double[][] q = mul(mul(aff.dw, aff.dS), sinv);
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        base[a][b] -= q[a][b];
                    }
                }
                for (int i = 0; i < n; i++) {
                    corrLp[i] = aff.dsl[i] * aff.dr[i];
                }
            }
            symmetrise(base);
            double[][] e = mul(mul(w, rd), sinv);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    e[a][b] += base[a][b];
                }
            }
            symmetrise(e);
            double[] rhs = new double[n + 2];
            for (int i = 0; i < n; i++) {
                rhs[i] = -rp[i] - inner(y[i], e, k) + (target - sl[i] * r[i] - corrLp[i]) / r[i];
            }
            rhs[n] = -rt - trace(e);
            rhs[n + 1] = -rr;
            double[] sol = lu.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(rhs, false)).toArray();
            double[] dr = java.util.Arrays.copyOf(sol, n);
            double dt = sol[n];
            double dg = sol[n + 1];
            double[][] dS = new double[k][k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    dS[a][b] = -rd[a][b] + (a == b ? dt : 0);
                }
            }
            for (int m = 0; m < n; m++) {
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        dS[a][b] -= dr[m] * y[m][a][b];
                    }
                }
            }
            // dW = base - sym(W dS S^-1)
            double[][] wds = mul(mul(w, dS), sinv);
            double[][] dw = new double[k][k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    dw[a][b] = base[a][b] - 0.5 * (wds[a][b] + wds[b][a]);
                }
            }
            double[] ds = new double[n];
            for (int i = 0; i < n; i++) {
                ds[i] = (target - sl[i] * r[i] - corrLp[i] - sl[i] * dr[i]) / r[i];
            }
            return new Step(dw, ds, dg, dS, dr, dt);
        }

        private double psdStep(double[][] x, double[][] dx) {
            RealMatrix l;
            try {
                l = new CholeskyDecomposition(new Array2DRowRealMatrix(x, false), 1e-10, 0).getL();
            } catch (org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException
                     | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
                return 0; // the iterate has reached the rounding level of the cone's boundary: no further step
            }
            double[][] li = new LUDecomposition(l, 1e-300).getSolver().getInverse().getData();
            double[][] q = mul(mul(li, dx), transpose(li));
            symmetrise(q);
            double min = Double.POSITIVE_INFINITY;
            for (double e : new EigenDecomposition(new Array2DRowRealMatrix(q, false)).getRealEigenvalues()) {
                min = Math.min(min, e);
            }
            return min >= 0 ? Double.POSITIVE_INFINITY : -1 / min;
        }

        private static double posStep(double[] v, double[] dv) {
            double a = Double.POSITIVE_INFINITY;
            for (int i = 0; i < v.length; i++) {
                if (dv[i] < 0) {
                    a = Math.min(a, -v[i] / dv[i]);
                }
            }
            return a;
        }

        private double[][] inverse(double[][] a) {
            return new LUDecomposition(new Array2DRowRealMatrix(a, false), 1e-300).getSolver().getInverse().getData();
        }

        private double[][] mul(double[][] a, double[][] b) {
            double[][] c = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int p = 0; p < k; p++) {
                    double aip = a[i][p];
                    if (aip == 0) {
                        continue;
                    }
                    double[] bp = b[p];
                    double[] ci = c[i];
                    for (int j = 0; j < k; j++) {
                        ci[j] += aip * bp[j];
                    }
                }
            }
            return c;
        }

        private double[][] transpose(double[][] a) {
            double[][] t2 = new double[k][k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    t2[j][i] = a[i][j];
                }
            }
            return t2;
        }

        private void symmetrise(double[][] a) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < i; j++) {
                    double v = 0.5 * (a[i][j] + a[j][i]);
                    a[i][j] = v;
                    a[j][i] = v;
                }
            }
        }

        private static double trace(double[][] a) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i][i];
            }
            return s;
        }

        private static double[][] identity(int k, double v) {
            double[][] m = new double[k][k];
            for (int i = 0; i < k; i++) {
                m[i][i] = v;
            }
            return m;
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        private static double maxAbs(double[] v) {
            double m = 0;
            for (double x : v) {
                m = Math.max(m, Math.abs(x));
            }
            return m;
        }

        private static double maxAbs(double[][] v) {
            double m = 0;
            for (double[] row : v) {
                m = Math.max(m, maxAbs(row));
            }
            return m;
        }
    }
}
