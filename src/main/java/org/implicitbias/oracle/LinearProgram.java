package org.implicitbias.oracle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.implicitbias.model.Vectors;

/**
 * A linear program in standard form {@code min c'x s.t. A x = b, x >= 0}, dual
 * {@code max b'y s.t. A'y + s = c, s >= 0}, solved by Mehrotra's predictor-corrector interior-point
 * method on the normal equations {@code A X S^{-1} A'}, then finished to machine precision.
 *
 * <p>Finishing: near the optimum the interior-point iterates identify the strictly complementary
 * partition {@code B = {j : x_j > s_j}} (the support of the analytic centre of the optimal face),
 * after which the smallest corrections with {@code A_B x_B = b, x_N = 0} and {@code A_B' y = c_B} are
 * solved by a pivoted QR; if they keep {@code x_B >= 0} and {@code s_N >= 0} the pair is optimal with
 * residuals at rounding level. The optimal face is then {@code {x >= 0 : A_B x_B = b, x_N = 0}};
 * it is a single point iff the columns {@code A_B} are independent.
 *
 * <p>A is stored by columns with their non-zero pattern, so that identity-like columns (slacks)
 * cost nothing in the normal matrix. The caller must pose a feasible and bounded program; failure to
 * converge is reported, never a point.
 */
final class LinearProgram {
    private final int m;
    private final int n;
    private final int[][] colRows;
    private final double[][] colVals;
    private final double[] b;
    private final double[] c;

    /** Solution with its residuals. */
    record Result(double[] x, double[] y, double[] s, boolean[] positive, boolean finished, boolean uniquePrimal,
                  double primalResidual, double dualResidual, double gap, double complementarity, int iterations) {
        double objective(double[] c) {
            return Vectors.dot(c, x);
        }
    }

    /** Builder collecting columns. */
    static final class Builder {
        private final int m;
        private final List<int[]> rows = new ArrayList<>();
        private final List<double[]> vals = new ArrayList<>();
        private final List<Double> costs = new ArrayList<>();

        Builder(int m) {
            this.m = m;
        }

        /** Adds a column with the given cost and entries (row indices ascending, values); returns its index. */
        int column(double cost, int[] r, double[] v) {
            for (int k = 1; k < r.length; k++) {
                if (r[k] <= r[k - 1]) {
                    throw new IllegalArgumentException("column rows must ascend");
                }
            }
            rows.add(r);
            vals.add(v);
            costs.add(cost);
            return rows.size() - 1;
        }

        /** A column with a single entry. */
        int unit(double cost, int row, double v) {
            return column(cost, new int[] {row}, new double[] {v});
        }

        /** A column from a dense vector over the rows (zeros skipped). */
        int dense(double cost, double[] v) {
            int count = 0;
            for (double x : v) {
                if (x != 0) {
                    count++;
                }
            }
            int[] r = new int[count];
            double[] vv = new double[count];
            int k = 0;
            for (int i = 0; i < v.length; i++) {
                if (v[i] != 0) {
                    r[k] = i;
                    vv[k++] = v[i];
                }
            }
            return column(cost, r, vv);
        }

        int size() {
            return rows.size();
        }

        LinearProgram build(double[] rhs) {
            double[] cc = new double[costs.size()];
            for (int j = 0; j < cc.length; j++) {
                cc[j] = costs.get(j);
            }
            return new LinearProgram(m, rows.toArray(new int[0][]), vals.toArray(new double[0][]), rhs, cc);
        }
    }

    private LinearProgram(int m, int[][] colRows, double[][] colVals, double[] b, double[] c) {
        this.m = m;
        this.n = colRows.length;
        this.colRows = colRows;
        this.colVals = colVals;
        this.b = b.clone();
        this.c = c.clone();
    }

    int rows() {
        return m;
    }

    int columns() {
        return n;
    }

    /** out = A x. */
    void multiply(double[] x, double[] out) {
        Arrays.fill(out, 0);
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            if (xj != 0) {
                int[] r = colRows[j];
                double[] v = colVals[j];
                for (int k = 0; k < r.length; k++) {
                    out[r[k]] += v[k] * xj;
                }
            }
        }
    }

    /** out = A' y. */
    void multiplyTransposed(double[] y, double[] out) {
        for (int j = 0; j < n; j++) {
            int[] r = colRows[j];
            double[] v = colVals[j];
            double s = 0;
            for (int k = 0; k < r.length; k++) {
                s += v[k] * y[r[k]];
            }
            out[j] = s;
        }
    }

    /** Solves to the default tolerance; throws IllegalStateException if the method does not converge. */
    Result solve() {
        double[] x = new double[n];
        double[] y = new double[m];
        double[] s = new double[n];
        double[][] mat = new double[m][m];
        double[][] fac = new double[m][m];
        start(x, y, s, mat, fac);

        double[] rb = new double[m];
        double[] rc = new double[n];
        double[] dx = new double[n];
        double[] dy = new double[m];
        double[] ds = new double[n];
        double[] dxa = new double[n];
        double[] dsa = new double[n];
        double[] rxs = new double[n];
        double[] dd = new double[n];
        double[] tmpN = new double[n];
        double[] rhs = new double[m];
        double bNorm = 1 + Vectors.normInf(b);
        double cNorm = 1 + Vectors.normInf(c);
        Result finished = null;
        int it = 0;
        double tol = 1e-9;
        for (; it < 300; it++) {
            multiply(x, rb);
            for (int i = 0; i < m; i++) {
                rb[i] -= b[i];
            }
            multiplyTransposed(y, rc);
            for (int j = 0; j < n; j++) {
                rc[j] += s[j] - c[j];
            }
            double mu = Vectors.dot(x, s) / n;
            double pObj = Vectors.dot(c, x);
            double dObj = Vectors.dot(b, y);
            double relP = Vectors.normInf(rb) / bNorm;
            double relD = Vectors.normInf(rc) / cNorm;
            double relGap = Math.abs(pObj - dObj) / (1 + Math.abs(pObj));
            if (!Double.isFinite(mu) || !Double.isFinite(relP) || !Double.isFinite(relD)) {
                break;
            }
            if (relP < tol && relD < tol && relGap < tol) {
                finished = finish(x, y, s, it);
                if (finished != null) {
                    return finished;
                }
                tol *= 1e-2;
                if (tol < 1e-15) {
                    break;
                }
            }
            for (int j = 0; j < n; j++) {
                dd[j] = x[j] / s[j];
            }
            normalMatrix(dd, mat);
            factorSkipping(mat, fac);
            // predictor
            for (int j = 0; j < n; j++) {
                rxs[j] = -x[j] * s[j];
            }
            direction(rb, rc, rxs, dd, s, fac, dxa, dy, dsa, rhs, tmpN);
            double ap = maxStep(x, dxa);
            double ad = maxStep(s, dsa);
            double muAff = 0;
            for (int j = 0; j < n; j++) {
                muAff += (x[j] + ap * dxa[j]) * (s[j] + ad * dsa[j]);
            }
            muAff /= n;
            double sigma = Math.pow(muAff / mu, 3);
            // corrector
            for (int j = 0; j < n; j++) {
                rxs[j] = -x[j] * s[j] - dxa[j] * dsa[j] + sigma * mu;
            }
            direction(rb, rc, rxs, dd, s, fac, dx, dy, ds, rhs, tmpN);
            double eta = Math.max(0.9, 1 - 10 * mu / (1 + Math.abs(pObj)));
            eta = Math.min(eta, 0.99995);
            ap = Math.min(1, eta * maxStep(x, dx));
            ad = Math.min(1, eta * maxStep(s, ds));
            for (int j = 0; j < n; j++) {
                x[j] += ap * dx[j];
                s[j] += ad * ds[j];
            }
            for (int i = 0; i < m; i++) {
                y[i] += ad * dy[i];
            }
        }
        throw new IllegalStateException("the interior-point method did not converge on an LP with " + m
                + " rows and " + n + " columns after " + it + " iterations");
    }

    /** Mehrotra's starting point. */
    private void start(double[] x, double[] y, double[] s, double[][] mat, double[][] fac) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        normalMatrix(ones, mat);
        factorSkipping(mat, fac);
        double[] t = b.clone();
        Dense.choleskySolve(fac, m, t);
        multiplyTransposed(t, x);
        double[] ac = new double[m];
        multiply(c, ac);
        Dense.choleskySolve(fac, m, ac);
        System.arraycopy(ac, 0, y, 0, m);
        multiplyTransposed(y, s);
        for (int j = 0; j < n; j++) {
            s[j] = c[j] - s[j];
        }
        double dxs = Math.max(-1.5 * Arrays.stream(x).min().orElse(0), 0);
        double dss = Math.max(-1.5 * Arrays.stream(s).min().orElse(0), 0);
        for (int j = 0; j < n; j++) {
            x[j] += dxs;
            s[j] += dss;
        }
        double xs = Vectors.dot(x, s);
        double sx = Arrays.stream(x).sum();
        double ss = Arrays.stream(s).sum();
        double hx = ss > 0 ? 0.5 * xs / ss : 0;
        double hs = sx > 0 ? 0.5 * xs / sx : 0;
        double floor = 1e-2 * (1 + Math.max(Vectors.normInf(b), Vectors.normInf(c)));
        for (int j = 0; j < n; j++) {
            x[j] = Math.max(x[j] + hx, floor * 1e-2);
            s[j] = Math.max(s[j] + hs, floor * 1e-2);
        }
    }

    /** Lower triangle of {@code A diag(dd) A'}. */
    private void normalMatrix(double[] dd, double[][] mat) {
        for (double[] row : mat) {
            Arrays.fill(row, 0);
        }
        for (int j = 0; j < n; j++) {
            int[] r = colRows[j];
            double[] v = colVals[j];
            double w = dd[j];
            for (int p = 0; p < r.length; p++) {
                double[] mp = mat[r[p]];
                double wp = w * v[p];
                for (int q = 0; q <= p; q++) {
                    mp[r[q]] += wp * v[q];
                }
            }
        }
    }

    /**
     * Cholesky of the normal matrix where a pivot that vanishes (a dependent row, or one that the
     * iterates have made singular) is replaced by a huge one, so that the direction ignores that row.
     */
    private static void factorSkipping(double[][] mat, double[][] l) {
        int m = mat.length;
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            maxDiag = Math.max(maxDiag, mat[i][i]);
        }
        Dense.copyLower(mat, l, m);
        for (int j = 0; j < m; j++) {
            double[] lj = l[j];
            double sum = lj[j] - Vectors.dot(lj, 0, lj, j);
            if (!(sum > 1e-30 * maxDiag) || !Double.isFinite(sum)) {
                lj[j] = 1e64;
                for (int i = j + 1; i < m; i++) {
                    l[i][j] = 0;
                }
                continue;
            }
            double d = Math.sqrt(sum);
            lj[j] = d;
            for (int i = j + 1; i < m; i++) {
                double[] li = l[i];
                li[j] = (li[j] - Vectors.dot(li, 0, lj, j)) / d;
            }
        }
    }

    /** Solves the Newton system for a given right-hand side of the complementarity equations. */
    private void direction(double[] rb, double[] rc, double[] rxs, double[] dd, double[] s, double[][] fac,
                           double[] dx, double[] dy, double[] ds, double[] rhs, double[] tmp) {
        // M dy = -rb - A (S^{-1} rxs + D rc)
        for (int j = 0; j < n; j++) {
            tmp[j] = rxs[j] / s[j] + dd[j] * rc[j];
        }
        multiply(tmp, rhs);
        for (int i = 0; i < m; i++) {
            rhs[i] = -rb[i] - rhs[i];
        }
        Dense.choleskySolve(fac, m, rhs);
        System.arraycopy(rhs, 0, dy, 0, m);
        multiplyTransposed(dy, tmp);
        for (int j = 0; j < n; j++) {
            ds[j] = -rc[j] - tmp[j];
            dx[j] = rxs[j] / s[j] - dd[j] * ds[j];
        }
    }

    private static double maxStep(double[] v, double[] dv) {
        double a = Double.POSITIVE_INFINITY;
        for (int j = 0; j < v.length; j++) {
            if (dv[j] < 0) {
                a = Math.min(a, -v[j] / dv[j]);
            }
        }
        return a;
    }

    /**
     * Projects the interior point onto the optimal face that its partition names; returns null if
     * the partition does not give a primal-dual pair with the right signs.
     */
    private Result finish(double[] x0, double[] y0, double[] s0, int it) {
        boolean[] pos = new boolean[n];
        int nb = 0;
        for (int j = 0; j < n; j++) {
            pos[j] = x0[j] >= s0[j];
            if (pos[j]) {
                nb++;
            }
        }
        int[] cols = new int[nb];
        int k = 0;
        for (int j = 0; j < n; j++) {
            if (pos[j]) {
                cols[k++] = j;
            }
        }
        // rows of A_B as vectors of length nb
        double[][] rowsB = new double[m][nb];
        for (int q = 0; q < nb; q++) {
            int j = cols[q];
            int[] r = colRows[j];
            double[] v = colVals[j];
            for (int p = 0; p < r.length; p++) {
                rowsB[r[p]][q] = v[p];
            }
        }
        PivotedQr qr = new PivotedQr(rowsB, nb, 1e-11);
        double[] x = new double[n];
        for (int q = 0; q < nb; q++) {
            x[cols[q]] = x0[cols[q]];
        }
        double[] ax = new double[m];
        double[] y = y0.clone();
        double[] aty = new double[n];
        for (int round = 0; round < 2; round++) {
            multiply(x, ax);
            double[] rb = new double[m];
            for (int i = 0; i < m; i++) {
                rb[i] = b[i] - ax[i];
            }
            double[] consistency = new double[m];
            double[] delta = qr.minNormSolve(rb, consistency);
            for (int q = 0; q < nb; q++) {
                x[cols[q]] += delta[q];
            }
            multiplyTransposed(y, aty);
            double[] t = new double[nb];
            for (int q = 0; q < nb; q++) {
                t[q] = c[cols[q]] - aty[cols[q]];
            }
            double[] eta = qr.leastSquares(t);
            for (int i = 0; i < m; i++) {
                y[i] += eta[i];
            }
        }
        double[] s = new double[n];
        multiplyTransposed(y, aty);
        for (int j = 0; j < n; j++) {
            s[j] = c[j] - aty[j];
        }
        double xScale = Math.max(1, Vectors.normInf(x));
        double sScale = Math.max(1, Vectors.normInf(c) + Vectors.normInf(aty));
        double minX = 0;
        double minS = 0;
        double compl = 0;
        for (int j = 0; j < n; j++) {
            if (pos[j]) {
                minX = Math.min(minX, x[j]);
                compl = Math.max(compl, Math.abs(x[j] * s[j]));
            } else {
                minS = Math.min(minS, s[j]);
            }
        }
        multiply(x, ax);
        double pres = 0;
        for (int i = 0; i < m; i++) {
            pres = Math.max(pres, Math.abs(ax[i] - b[i]));
        }
        pres = Math.max(pres, -minX);
        double bScale = Math.max(1, Vectors.normInf(b));
        if (minX < -1e-12 * xScale || minS < -1e-12 * sScale || pres > 1e-11 * bScale) {
            return null;
        }
        double dres = 0;
        for (int j = 0; j < n; j++) {
            dres = Math.max(dres, Math.max(0, -s[j]));
            if (pos[j]) {
                dres = Math.max(dres, Math.abs(s[j]));
            }
        }
        double gap = Vectors.dot(c, x) - Vectors.dot(b, y);
        return new Result(x, y, s, pos, true, qr.rank() == nb, pres, dres, gap, compl, it);
    }
}
