package org.implicitbias.oracle;

import org.implicitbias.linalg.Dense;
import org.implicitbias.linalg.RowMatrix;
import org.implicitbias.linalg.PivotedQr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.implicitbias.model.Vectors;

/**
 * A linear program in standard form {@code min c'x s.t. A x = b, x >= 0}, dual
 * {@code max b'y s.t. A'y + s = c, s >= 0}, solved by Mehrotra's predictor-corrector interior-point
 * method with Gondzio's centrality correctors on the normal equations {@code A X S^{-1} A'}, then
 * finished to machine precision.
 *
 * <p>Finishing: near the optimum the interior-point iterates identify the strictly complementary
 * partition {@code B = {j : x_j > s_j}} (the support of the analytic centre of the optimal face),
 * after which the smallest corrections with {@code A_B x_B = b, x_N = 0} and {@code A_B' y = c_B} are
 * solved by a pivoted QR; if they keep {@code x_B >= 0} and {@code s_N >= 0} the pair is optimal with
 * residuals at rounding level. The optimal face is then {@code {x >= 0 : A_B x_B = b, x_N = 0}};
 * it is a single point iff the columns {@code A_B} are independent.
 *
 * <p>A is stored by columns with their non-zero pattern, so that identity-like columns (slacks)
 * cost nothing in the normal matrix; the dense columns form a row-major block whose weighted product
 * {@link Dense#syrk} and the blocked Cholesky {@link Dense#cholesky} carry the cost of an iteration, and
 * a free variable split into two mirrored columns enters that product once. The caller must pose a
 * feasible and bounded program; failure to converge is reported, never a point.
 *
 * <p>Bound rows. A row whose only entries are one dense column {@code q} (entry a, no mirror, no other
 * bound row) and one column {@code k} with no other entry (entry v) is a bound {@code a x_q + v x_k = b_r}
 * (an upper bound with its slack). Its block of the normal matrix is the scalar
 * {@code M22 = a^2 d_q + v^2 d_k}, coupled to the other rows only through column q, so these rows are
 * eliminated: the Schur complement on the other rows is the same product with column q's weight replaced
 * by {@code d_q v^2 d_k / M22}, and the eliminated components follow by one division each. The
 * factorised matrix then has as many rows as the program has other constraints: for the l_inf max
 * margin, N instead of N + d.
 */
final class LinearProgram {
    private final int m;
    private final int n;
    private final int[][] colRows;
    private final double[][] colVals;
    private final double[] b;
    private final double[] c;
    /**
     * Columns with many non-zeros ({@code > max(8, m/16)}), merged with their mirrors: entry q of the
     * dense part is column {@code denseCols[q]}, and also column {@code mirrorCols[q]} (or -1) when that
     * column follows it with the same pattern and magnitudes and signs that differ on some rows (a free
     * variable split into two non-negative ones). denseRows holds the entries of the first column as a
     * row-major m x nd matrix, the operand of the blocked product.
     */
    private final int[] denseCols;
    private final int[] mirrorCols;
    private final double[] denseRows;
    /**
     * Per merged pair q: the rows where the two columns agree in sign ({@code agree[q]}) and where they
     * differ ({@code differ[q]}), kept only for the smaller side, which has at most {@value #MIRROR_SIDE} rows;
     * the other side is every other row of the pattern ({@code agreeIsSmall[q]} says which).
     */
    private final int[][] smallSide;
    private final boolean[] agreeIsSmall;
    /** The other columns, added to the normal matrix entry by entry. */
    private final int[] sparseCols;
    /**
     * For the products {@code A x} and {@code A' y} of a large program (from
     * {@value org.implicitbias.linalg.RowMatrix#NATIVE_ENTRIES} to {@value #MAX_WIDE_ENTRIES} entries in
     * its wide columns): the wide columns (more than {@code max(8, m/16)} entries, mirrors included),
     * gathered row-major into {@link #wideValues} (m x wideCols.length), and the narrow columns, taken
     * entry by entry. Outside those sizes wideValues and narrowCols are null and every column is taken
     * entry by entry: below, those loops are as fast and keep their bits; above, the copy would not fit.
     */
    private final int[] wideCols;
    private final double[] wideValues;
    private final int[] narrowCols;
    /** The wide columns as a matrix for the passes while {@link #solve} runs (native memory), else null. */
    private RowMatrix wide;
    /** {@link #denseRows} as a matrix for the bound rows' coupling while {@link #solve} runs, else null. */
    private RowMatrix coupled;
    /** Rows of A kept in the factorised normal matrix (all rows but the bound rows), in order. */
    private final int[] keptRows;
    /** Position of each row of A among {@link #keptRows}, or -1 for a bound row. */
    private final int[] keptIndex;
    /** The bound rows, and for each its dense column's index q, that entry a, its own column k and entry v. */
    private final int[] boundRows;
    private final int[] boundDense;
    private final double[] boundDenseValue;
    private final int[] boundColumn;
    private final double[] boundColumnValue;
    /** Whether column j is the own column of a bound row (it enters no other row of the normal matrix). */
    private final boolean[] isBoundColumn;
    /** Per bound row, during an iteration: the weight of its dense column and {@code M22}. */
    private final double[] boundWeight;
    private final double[] boundPivot;
    /** Largest number of rows on the smaller side of a merged mirror pair. */
    private static final int MIRROR_SIDE = 4;
    /** Most entries of the wide columns' row-major copy (1 GB). */
    static final long MAX_WIDE_ENTRIES = 1L << 27;

    /** Most centrality correctors per iteration, and how much longer a step each aims for. */
    private static final int CORRECTORS = 3;
    private static final double CORRECTOR_REACH = 0.3;

    /** Solution with its residuals. */
    static final class Result {
        private final double[] x;
        private final double[] y;
        private final double[] s;
        private final boolean[] positive;
        private final boolean finished;
        private final boolean uniquePrimal;
        private final double primalResidual;
        private final double dualResidual;
        private final double gap;
        private final double complementarity;
        private final int iterations;

        Result(double[] x, double[] y, double[] s, boolean[] positive, boolean finished, boolean uniquePrimal,
               double primalResidual, double dualResidual, double gap, double complementarity, int iterations) {
            this.x = x;
            this.y = y;
            this.s = s;
            this.positive = positive;
            this.finished = finished;
            this.uniquePrimal = uniquePrimal;
            this.primalResidual = primalResidual;
            this.dualResidual = dualResidual;
            this.gap = gap;
            this.complementarity = complementarity;
            this.iterations = iterations;
        }

        public double[] x() {
            return x;
        }

        public double[] y() {
            return y;
        }

        public double[] s() {
            return s;
        }

        public boolean[] positive() {
            return positive;
        }

        public boolean finished() {
            return finished;
        }

        public boolean uniquePrimal() {
            return uniquePrimal;
        }

        public double primalResidual() {
            return primalResidual;
        }

        public double dualResidual() {
            return dualResidual;
        }

        public double gap() {
            return gap;
        }

        public double complementarity() {
            return complementarity;
        }

        public int iterations() {
            return iterations;
        }

        double objective(double[] c) {
            return Vectors.dot(c, x);
        }

        @Override
        public String toString() {
            return "Result[x=" + Arrays.toString(x)
                    + ", y=" + Arrays.toString(y)
                    + ", s=" + Arrays.toString(s)
                    + ", positive=" + Arrays.toString(positive)
                    + ", finished=" + finished
                    + ", uniquePrimal=" + uniquePrimal
                    + ", primalResidual=" + primalResidual
                    + ", dualResidual=" + dualResidual
                    + ", gap=" + gap
                    + ", complementarity=" + complementarity
                    + ", iterations=" + iterations + "]";
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
        // a column is dense when it has more than max(8, m/16) entries: those go through the blocked product
        int threshold = Math.max(8, m / 16);
        int[] dense = new int[n];
        int[] mirror = new int[n];
        int[][] small = new int[n][];
        boolean[] agreeSmall = new boolean[n];
        int[] sparse = new int[n];
        int nd = 0;
        int ns = 0;
        for (int j = 0; j < n; j++) {
            if (colRows[j].length <= threshold) {
                sparse[ns++] = j;
                continue;
            }
            dense[nd] = j;
            mirror[nd] = -1;
            if (j + 1 < n) {
                int[] side = mirrorSide(colRows[j], colVals[j], colRows[j + 1], colVals[j + 1]);
                if (side != null) {
                    mirror[nd] = j + 1;
                    agreeSmall[nd] = side[0] == 1;
                    small[nd] = java.util.Arrays.copyOfRange(side, 1, side.length);
                    j++;
                }
            }
            nd++;
        }
        this.denseCols = java.util.Arrays.copyOf(dense, nd);
        this.mirrorCols = java.util.Arrays.copyOf(mirror, nd);
        this.smallSide = java.util.Arrays.copyOf(small, nd);
        this.agreeIsSmall = java.util.Arrays.copyOf(agreeSmall, nd);
        this.sparseCols = java.util.Arrays.copyOf(sparse, ns);
        int nw = 0;
        long wideEntries = 0;
        for (int j = 0; j < n; j++) {
            if (colRows[j].length > threshold) {
                nw++;
                wideEntries += m;
            }
        }
        if (wideEntries >= RowMatrix.NATIVE_ENTRIES && wideEntries <= MAX_WIDE_ENTRIES) {
            this.wideCols = new int[nw];
            this.narrowCols = new int[n - nw];
            this.wideValues = new double[m * nw];
            int w = 0;
            int narrow = 0;
            for (int j = 0; j < n; j++) {
                if (colRows[j].length > threshold) {
                    int[] r = colRows[j];
                    double[] v = colVals[j];
                    for (int k = 0; k < r.length; k++) {
                        wideValues[r[k] * nw + w] = v[k];
                    }
                    wideCols[w++] = j;
                } else {
                    narrowCols[narrow++] = j;
                }
            }
        } else {
            this.wideCols = new int[0];
            this.wideValues = null;
            this.narrowCols = null;
        }
        // bound rows: exactly two entries, one of an unmirrored dense column that has no other bound row,
        // one of a column with no other entry
        int[] entries = new int[m];
        int[] denseAt = new int[m];
        int[] singleAt = new int[m];
        Arrays.fill(denseAt, -1);
        Arrays.fill(singleAt, -1);
        for (int j = 0; j < n; j++) {
            for (int r : colRows[j]) {
                entries[r]++;
            }
            if (colRows[j].length == 1) {
                singleAt[colRows[j][0]] = j;
            }
        }
        for (int q = 0; q < nd; q++) {
            if (mirrorCols[q] < 0) {
                for (int r : colRows[denseCols[q]]) {
                    denseAt[r] = q;
                }
            }
        }
        boolean[] denseTaken = new boolean[nd];
        int[] bound = new int[m];
        int nb = 0;
        this.keptIndex = new int[m];
        for (int r = 0; r < m; r++) {
            int q = denseAt[r];
            if (entries[r] == 2 && q >= 0 && singleAt[r] >= 0 && !denseTaken[q]) {
                denseTaken[q] = true;
                bound[nb++] = r;
                keptIndex[r] = -1;
            } else {
                keptIndex[r] = r - nb;
            }
        }
        this.boundRows = Arrays.copyOf(bound, nb);
        this.keptRows = new int[m - nb];
        for (int r = 0; r < m; r++) {
            if (keptIndex[r] >= 0) {
                keptRows[keptIndex[r]] = r;
            }
        }
        this.boundDense = new int[nb];
        this.boundDenseValue = new double[nb];
        this.boundColumn = new int[nb];
        this.boundColumnValue = new double[nb];
        this.isBoundColumn = new boolean[n];
        for (int t = 0; t < nb; t++) {
            int r = boundRows[t];
            int q = denseAt[r];
            boundDense[t] = q;
            boundDenseValue[t] = entryAt(denseCols[q], r);
            boundColumn[t] = singleAt[r];
            boundColumnValue[t] = colVals[singleAt[r]][0];
            isBoundColumn[singleAt[r]] = true;
        }
        this.boundWeight = new double[nb];
        this.boundPivot = new double[nb];
        int kept = keptRows.length;
        this.denseRows = new double[kept * nd];
        for (int q = 0; q < nd; q++) {
            int[] r = colRows[denseCols[q]];
            double[] v = colVals[denseCols[q]];
            for (int k = 0; k < r.length; k++) {
                if (keptIndex[r[k]] >= 0) {
                    denseRows[keptIndex[r[k]] * nd + q] = v[k];
                }
            }
        }
    }

    /** Rows of the factorised normal matrix: the rows of A but the eliminated bound rows. */
    int factoredRows() {
        return keptRows.length;
    }

    /** The entry of column j in row r (which must be one of its rows). */
    private double entryAt(int j, int r) {
        int k = Arrays.binarySearch(colRows[j], r);
        return colVals[j][k];
    }

    /**
     * Whether column b mirrors column a: the same rows, the same magnitudes, and signs that agree on at most
     * {@value #MIRROR_SIDE} rows or differ on at most that many. Returns null if not, else
     * {@code {1 if the agreeing side is the small one else 0, the small side's rows...}}.
     */
    private static int[] mirrorSide(int[] ra, double[] va, int[] rb, double[] vb) {
        if (!java.util.Arrays.equals(ra, rb)) {
            return null;
        }
        int agree = 0;
        for (int k = 0; k < ra.length; k++) {
            if (Math.abs(va[k]) != Math.abs(vb[k])) {
                return null;
            }
            if (va[k] == vb[k]) {
                agree++;
            }
        }
        int differ = ra.length - agree;
        boolean agreeSmall = agree <= differ;
        int size = Math.min(agree, differ);
        if (size > MIRROR_SIDE) {
            return null;
        }
        int[] out = new int[size + 1];
        out[0] = agreeSmall ? 1 : 0;
        int q = 1;
        for (int k = 0; k < ra.length; k++) {
            if ((va[k] == vb[k]) == agreeSmall) {
                out[q++] = ra[k];
            }
        }
        return out;
    }

    int rows() {
        return m;
    }

    int columns() {
        return n;
    }

    /** out = A x. */
    void multiply(double[] x, double[] out) {
        if (wide != null) {
            double[] xw = new double[wideCols.length];
            for (int w = 0; w < wideCols.length; w++) {
                xw[w] = x[wideCols[w]];
            }
            wide.multiply(xw, out);
            for (int j : narrowCols) {
                addColumn(j, x[j], out);
            }
            return;
        }
        Arrays.fill(out, 0);
        for (int j = 0; j < n; j++) {
            addColumn(j, x[j], out);
        }
    }

    /** {@code out += x_j A[:, j]}. */
    private void addColumn(int j, double xj, double[] out) {
        if (xj != 0) {
            int[] r = colRows[j];
            double[] v = colVals[j];
            for (int k = 0; k < r.length; k++) {
                out[r[k]] += v[k] * xj;
            }
        }
    }

    /** out = A' y. */
    void multiplyTransposed(double[] y, double[] out) {
        if (wide != null) {
            double[] yw = new double[wideCols.length];
            wide.multiplyTransposed(y, null, yw);
            for (int w = 0; w < wideCols.length; w++) {
                out[wideCols[w]] = yw[w];
            }
            for (int j : narrowCols) {
                out[j] = columnDot(j, y);
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            out[j] = columnDot(j, y);
        }
    }

    /** {@code <A[:, j], y>}. */
    private double columnDot(int j, double[] y) {
        int[] r = colRows[j];
        double[] v = colVals[j];
        double s = 0;
        for (int k = 0; k < r.length; k++) {
            s += v[k] * y[r[k]];
        }
        return s;
    }

    /** Solves to the default tolerance; throws IllegalStateException if the method does not converge. */
    Result solve() {
        // the matrices of the repeated products, in native memory while the iteration runs, freed after it
        int nd = denseCols.length;
        try (RowMatrix w = wideValues == null ? null : new RowMatrix(wideValues, null, m, wideCols.length);
             RowMatrix d = boundRows.length == 0 ? null : new RowMatrix(denseRows, null, keptRows.length, nd)) {
            wide = w;
            coupled = d;
            return iterate();
        } finally {
            wide = null;
            coupled = null;
        }
    }

    /** {@link #solve}, the products ready. */
    private Result iterate() {
        double[] x = new double[n];
        double[] y = new double[m];
        double[] s = new double[n];
        int kept = keptRows.length;
        double[] mat = new double[kept * kept];
        double[] fac = new double[kept * kept];
        double[] scratch = new double[denseRows.length];
        double[] weights = new double[denseCols.length];
        start(x, y, s, mat, fac, scratch, weights);

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
        double[] dxc = new double[n];
        double[] dyc = new double[m];
        double[] dsc = new double[n];
        double[] zeroM = new double[m];
        double[] zeroN = new double[n];
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
            normalMatrix(dd, mat, scratch, weights);
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
            // Gondzio's centrality correctors (each a solve with the factor at hand): aim at steps longer by
            // CORRECTOR_REACH, and correct the products x_j s_j there that leave [0.1, 10] sigma mu back
            // towards that band; keep the corrected direction while it lengthens the steps
            for (int k = 0; k < CORRECTORS && (ap < 1 || ad < 1); k++) {
                double apT = Math.min(1, ap + CORRECTOR_REACH);
                double adT = Math.min(1, ad + CORRECTOR_REACH);
                double target = sigma * mu;
                for (int j = 0; j < n; j++) {
                    double v = (x[j] + apT * dx[j]) * (s[j] + adT * ds[j]);
                    double t = v < 0.1 * target ? 0.1 * target - v : v > 10 * target ? 10 * target - v : 0;
                    rxs[j] = Math.max(t, -10 * target);
                }
                direction(zeroM, zeroN, rxs, dd, s, fac, dxc, dyc, dsc, rhs, tmpN);
                for (int j = 0; j < n; j++) {
                    dxc[j] += dx[j];
                    dsc[j] += ds[j];
                }
                for (int i = 0; i < m; i++) {
                    dyc[i] += dy[i];
                }
                double apC = Math.min(1, eta * maxStep(x, dxc));
                double adC = Math.min(1, eta * maxStep(s, dsc));
                if (apC + adC < ap + ad + 0.1 * CORRECTOR_REACH) {
                    // not worth it: keep the direction as it was
                    break;
                }
                System.arraycopy(dxc, 0, dx, 0, n);
                System.arraycopy(dsc, 0, ds, 0, n);
                System.arraycopy(dyc, 0, dy, 0, m);
                ap = apC;
                ad = adC;
            }
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
    private void start(double[] x, double[] y, double[] s, double[] mat, double[] fac, double[] scratch,
                       double[] weights) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        normalMatrix(ones, mat, scratch, weights);
        factorSkipping(mat, fac);
        double[] t = b.clone();
        solveNormal(fac, t);
        multiplyTransposed(t, x);
        double[] ac = new double[m];
        multiply(c, ac);
        solveNormal(fac, ac);
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

    /**
     * Lower triangle of {@code A diag(dd) A'} on the kept rows (row-major), with the bound rows eliminated
     * (see the class comment): the dense columns by the blocked product
     * {@link Dense#syrk}, then the sparse ones entry by entry. A mirror pair (a, b) with weights (d_a, d_b)
     * enters the product once, as a with weight {@code d_a + d_b}: that is right on the rows where a and b
     * agree in sign and on the rows where they differ, and on the cross entries between the two sides, where
     * the pair gives {@code (d_a - d_b) a_p a_r}, it is corrected by {@code -2 d_b a_p a_r}. scratch holds
     * {@code m nd} doubles and hd nd (the merged weights).
     */
    private void normalMatrix(double[] dd, double[] mat, double[] scratch, double[] hd) {
        int nd = denseCols.length;
        int mk = keptRows.length;
        for (int q = 0; q < nd; q++) {
            hd[q] = dd[denseCols[q]] + (mirrorCols[q] < 0 ? 0 : dd[mirrorCols[q]]);
        }
        for (int t = 0; t < boundRows.length; t++) {
            int q = boundDense[t];
            double a = boundDenseValue[t];
            double v = boundColumnValue[t];
            double own = v * v * dd[boundColumn[t]];
            boundWeight[t] = hd[q];
            boundPivot[t] = a * a * hd[q] + own;
            hd[q] = hd[q] * own / boundPivot[t];
        }
        if (nd > 0) {
            Dense.syrk(denseRows, mk, nd, hd, mat, scratch);
        } else {
            for (int i = 0; i < mk; i++) {
                Arrays.fill(mat, i * mk, i * mk + i + 1, 0.0);
            }
        }
        for (int q = 0; q < nd; q++) {
            if (mirrorCols[q] < 0 || smallSide[q].length == 0) {
                continue;
            }
            double w = -2 * dd[mirrorCols[q]];
            int[] r = colRows[denseCols[q]];
            double[] v = colVals[denseCols[q]];
            double[] vb = colVals[mirrorCols[q]];
            boolean agreeSmall = agreeIsSmall[q];
            // a mirrored column has no bound row: all its rows are kept
            for (int p : smallSide[q]) {
                int kp = keptIndex[p];
                double ap = denseRows[kp * nd + q];
                for (int k = 0; k < r.length; k++) {
                    int row = keptIndex[r[k]];
                    // the other side: rows where the agreement is the opposite of the small side's
                    if ((v[k] == vb[k]) != agreeSmall) {
                        int hi = Math.max(kp, row);
                        int lo = Math.min(kp, row);
                        mat[hi * mk + lo] += w * ap * v[k];
                    }
                }
            }
        }
        for (int j : sparseCols) {
            if (isBoundColumn[j]) {
                continue; // its bound row was eliminated
            }
            int[] r = colRows[j];
            double[] v = colVals[j];
            double w = dd[j];
            for (int p = 0; p < r.length; p++) {
                int rowP = keptIndex[r[p]] * mk;
                double wp = w * v[p];
                for (int q = 0; q <= p; q++) {
                    mat[rowP + keptIndex[r[q]]] += wp * v[q];
                }
            }
        }
    }

    /**
     * Solves {@code A diag(dd) A' y = rhs} in place (rhs over all m rows) with the factor of the last
     * {@link #normalMatrix}: the bound rows' right-hand sides are eliminated onto the kept rows, the Schur
     * complement is solved by its Cholesky factor, and each bound row's component follows from
     * {@code M22 y_r = rhs_r - a d_q <A_q, y>} on the kept rows.
     */
    private void solveNormal(double[] fac, double[] rhs) {
        int mk = keptRows.length;
        if (boundRows.length == 0) {
            Dense.choleskySolve(fac, mk, rhs);
            return;
        }
        int nd = denseCols.length;
        // the bound rows' coupling: coefficient per dense column of  M12 M22^-1 rhs_2
        double[] coupling = new double[nd];
        for (int t = 0; t < boundRows.length; t++) {
            coupling[boundDense[t]] = boundDenseValue[t] * boundWeight[t] * rhs[boundRows[t]] / boundPivot[t];
        }
        double[] kept = new double[mk];
        coupled.multiply(coupling, kept);
        for (int i = 0; i < mk; i++) {
            kept[i] = rhs[keptRows[i]] - kept[i];
        }
        Dense.choleskySolve(fac, mk, kept);
        // <A_q, y> on the kept rows, for every dense column at once
        double[] along = new double[nd];
        coupled.multiplyTransposed(kept, null, along);
        for (int t = 0; t < boundRows.length; t++) {
            int r = boundRows[t];
            rhs[r] = (rhs[r] - boundDenseValue[t] * boundWeight[t] * along[boundDense[t]]) / boundPivot[t];
        }
        for (int i = 0; i < mk; i++) {
            rhs[keptRows[i]] = kept[i];
        }
    }

    /**
     * Cholesky of the normal matrix where a pivot that vanishes (a dependent row, or one that the
     * iterates have made singular) is replaced by a huge one, so that the direction ignores that row.
     */
    private void factorSkipping(double[] mat, double[] l) {
        int mk = keptRows.length;
        double maxDiag = 0;
        for (int i = 0; i < mk; i++) {
            maxDiag = Math.max(maxDiag, mat[i * mk + i]);
        }
        Dense.copyLower(mat, l, mk);
        Dense.cholesky(l, mk, Math.max(0, 1e-30 * maxDiag));
    }

    /** Solves the Newton system for a given right-hand side of the complementarity equations. */
    private void direction(double[] rb, double[] rc, double[] rxs, double[] dd, double[] s, double[] fac,
                           double[] dx, double[] dy, double[] ds, double[] rhs, double[] tmp) {
        // M dy = -rb - A (S^{-1} rxs + D rc)
        for (int j = 0; j < n; j++) {
            tmp[j] = rxs[j] / s[j] + dd[j] * rc[j];
        }
        multiply(tmp, rhs);
        for (int i = 0; i < m; i++) {
            rhs[i] = -rb[i] - rhs[i];
        }
        solveNormal(fac, rhs);
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
     *
     * <p>A bound row {@code a x_q + v x_k = b_r} with a variable in B is settled by the partition itself
     * and left out of the projection: with k in B, {@code s_k = 0} fixes {@code y_r = c_k / v}; with k out
     * ({@code x_k = 0}) the row fixes {@code x_q = b_r / a} and column q's dual equation then gives
     * {@code y_r}; with q out, {@code x_k = b_r / v}; with both in, {@code x_k} follows {@code x_q}. The
     * projection then runs on the other rows and the variables not so determined.
     */
    private Result finish(double[] x0, double[] y0, double[] s0, int it) {
        boolean[] pos = new boolean[n];
        for (int j = 0; j < n; j++) {
            pos[j] = x0[j] >= s0[j];
        }
        double[] x = new double[n];
        double[] y = y0.clone();
        boolean[] settledRow = new boolean[m];
        boolean[] settledCol = new boolean[n];
        // per bound row: 1 when x_k follows x_q, 2 when y_r follows column q's dual equation
        int[] tie = new int[boundRows.length];
        for (int t = 0; t < boundRows.length; t++) {
            int r = boundRows[t];
            int qc = denseCols[boundDense[t]];
            int k = boundColumn[t];
            if (!pos[qc] && !pos[k]) {
                continue; // an empty row of A_B: left to the projection's consistency test
            }
            settledRow[r] = true;
            if (pos[k]) {
                y[r] = c[k] / boundColumnValue[t];
                settledCol[k] = true;
                if (pos[qc]) {
                    tie[t] = 1;
                } else {
                    x[k] = b[r] / boundColumnValue[t];
                }
            } else {
                x[qc] = b[r] / boundDenseValue[t];
                settledCol[qc] = true;
                tie[t] = 2;
            }
        }
        int nb = 0;
        int[] cols = new int[n];
        for (int j = 0; j < n; j++) {
            if (pos[j] && !settledCol[j]) {
                cols[nb++] = j;
            }
        }
        cols = Arrays.copyOf(cols, nb);
        int mr = 0;
        int[] rows = new int[m];
        int[] rowAt = new int[m];
        for (int i = 0; i < m; i++) {
            rowAt[i] = settledRow[i] ? -1 : mr;
            if (!settledRow[i]) {
                rows[mr++] = i;
            }
        }
        // rows of A_B (the projection's rows and columns) as vectors of length nb
        double[][] rowsB = new double[mr][nb];
        for (int q = 0; q < nb; q++) {
            int j = cols[q];
            int[] r = colRows[j];
            double[] v = colVals[j];
            for (int p = 0; p < r.length; p++) {
                if (rowAt[r[p]] >= 0) {
                    rowsB[rowAt[r[p]]][q] = v[p];
                }
            }
        }
        PivotedQr qr = new PivotedQr(rowsB, nb, 1e-11);
        for (int q = 0; q < nb; q++) {
            x[cols[q]] = x0[cols[q]];
        }
        followTies(tie, x);
        double[] ax = new double[m];
        double[] aty = new double[n];
        for (int round = 0; round < 2; round++) {
            multiply(x, ax);
            double[] rb = new double[mr];
            for (int i = 0; i < mr; i++) {
                rb[i] = b[rows[i]] - ax[rows[i]];
            }
            double[] consistency = new double[mr];
            double[] delta = qr.minNormSolve(rb, consistency);
            for (int q = 0; q < nb; q++) {
                x[cols[q]] += delta[q];
            }
            followTies(tie, x);
            multiplyTransposed(y, aty);
            double[] t = new double[nb];
            for (int q = 0; q < nb; q++) {
                t[q] = c[cols[q]] - aty[cols[q]];
            }
            double[] eta = qr.leastSquares(t);
            for (int i = 0; i < mr; i++) {
                y[rows[i]] += eta[i];
            }
        }
        for (int t = 0; t < boundRows.length; t++) {
            if (tie[t] == 2) {
                // column q in B: its reduced cost vanishes, which y_r alone can arrange
                int qc = denseCols[boundDense[t]];
                y[boundRows[t]] += (c[qc] - columnDot(qc, y)) / boundDenseValue[t];
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

    /** The bound rows with both variables in B: {@code x_k = (b_r - a x_q) / v}. */
    private void followTies(int[] tie, double[] x) {
        for (int t = 0; t < boundRows.length; t++) {
            if (tie[t] == 1) {
                int r = boundRows[t];
                x[boundColumn[t]] = (b[r] - boundDenseValue[t] * x[denseCols[boundDense[t]]]) / boundColumnValue[t];
            }
        }
    }
}
