package org.implicitbias.model;

import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * A validated data set for a linear model {@code f(x) = <w, x>}: an N x d matrix X with rows
 * {@code x_n} and targets {@code y} (real values for regression, labels +-1 for classification).
 *
 * <p>X is stored once, row-major in one {@code double[]}, because the optimizers' hot loops stream
 * over the rows. When the data came from a file it also keeps the exact rationals the file spelled,
 * so that the oracle can certify on the data as written rather than on its rounding; a large file
 * read by the fast path ({@link #lazyExact}) builds those rationals only when they are first asked
 * for (a certificate, an exact check), since most runs never need them.
 *
 * <p>Immutable; {@link #rowMajor()} exposes the internal array for speed and must not be written.
 */
public final class Dataset {
    private final int n;
    private final int d;
    private final double[] x;
    private final double[] y;
    /** The exact rows, or null: none kept, or not yet built from {@link #lazyX}. */
    private volatile BigFraction[][] exactX;
    private final BigFraction[] exactY;
    /** Builds the exact rows on first use (null when they are kept from the start or not at all). */
    private final Supplier<BigFraction[][]> lazyX;
    /** G = {Xw = y}, and G within sum w = 1, each factorised once when first asked for. */
    private InterpolatingSet zeroLoss;
    private InterpolatingSet zeroLossOnSimplex;

    private Dataset(int n, int d, double[] x, double[] y, BigFraction[][] exactX, BigFraction[] exactY) {
        this(n, d, x, y, exactX, exactY, null);
    }

    private Dataset(int n, int d, double[] x, double[] y, BigFraction[][] exactX, BigFraction[] exactY,
                    Supplier<BigFraction[][]> lazyX) {
        this.n = n;
        this.d = d;
        this.x = x;
        this.y = y;
        this.exactX = exactX;
        this.exactY = exactY;
        this.lazyX = lazyX;
    }

    /**
     * A data set whose X is given by its nearest doubles now and by its exact rationals later: {@code exactX}
     * is called once, when exact values are first needed, and must return the N x d rationals whose nearest
     * doubles are {@code rowMajor} (the caller's contract; the fast reader re-reads the file's text).
     *
     * @param rowMajor N x d finite doubles, row-major (kept, not copied)
     * @param targets  the exact targets
     */
    public static Dataset lazyExact(int n, int d, double[] rowMajor, BigFraction[] targets,
                                    Supplier<BigFraction[][]> exactX) {
        checkShape(n, targets == null ? -1 : targets.length);
        if (d <= 0 || rowMajor.length != n * d) {
            throw new IllegalArgumentException(rowMajor.length + " values for " + n + " x " + d);
        }
        double[] yy = ExactNumbers.toDoubles(targets);
        for (int i = 0; i < n; i++) {
            checkFinite("y[" + i + "]", yy[i]);
            checkMagnitude("y[" + i + "]", targets[i], yy[i]);
        }
        for (int k = 0; k < rowMajor.length; k++) {
            double v = rowMajor[k];
            // the message (and the exact value it shows) is built only for a bad entry
            if (v != 0 && !acceptedMagnitude(v)) {
                checkMagnitude("X[" + k / d + "][" + k % d + "]", new BigFraction(v), v);
            }
        }
        return new Dataset(n, d, rowMajor, yy, null, targets.clone(), exactX);
    }

    /** The exact rows, built from the lazy source on first use; null when none are kept. */
    private BigFraction[][] exactRows() {
        BigFraction[][] ex = exactX;
        if (ex == null && lazyX != null) {
            synchronized (this) {
                ex = exactX;
                if (ex == null) {
                    ex = lazyX.get();
                    if (ex.length != n || ex[0].length != d) {
                        throw new IllegalStateException("exact X of " + ex.length + " rows for a data set of " + n);
                    }
                    exactX = ex;
                }
            }
        }
        return ex;
    }

    /**
     * Builds a data set from double values.
     *
     * @throws InvalidInputException if X is empty or ragged, a value is not finite, or y has the wrong length
     */
    public static Dataset of(double[][] rows, double[] targets) {
        int n = checkShape(rows == null ? -1 : rows.length, targets == null ? -1 : targets.length);
        int d = rows[0] == null ? 0 : rows[0].length;
        if (d == 0) {
            throw new InvalidInputException("X[0]", "[]", "a row with at least one entry");
        }
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            if (rows[i] == null || rows[i].length != d) {
                throw new InvalidInputException("X[" + i + "]",
                        rows[i] == null ? "nothing" : rows[i].length + " entries", d + " entries like X[0]");
            }
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = checkFinite("X[" + i + "][" + j + "]", rows[i][j]);
            }
        }
        double[] yy = new double[n];
        for (int i = 0; i < n; i++) {
            yy[i] = checkFinite("y[" + i + "]", targets[i]);
        }
        return new Dataset(n, d, flat, yy, null, null);
    }

    /** Builds a data set from exact rationals; the doubles are their nearest roundings. */
    public static Dataset exact(BigFraction[][] rows, BigFraction[] targets) {
        int n = checkShape(rows == null ? -1 : rows.length, targets == null ? -1 : targets.length);
        int d = rows[0] == null ? 0 : rows[0].length;
        if (d == 0) {
            throw new InvalidInputException("X[0]", "[]", "a row with at least one entry");
        }
        double[][] dbl = new double[n][];
        BigFraction[][] ex = new BigFraction[n][];
        for (int i = 0; i < n; i++) {
            if (rows[i] == null || rows[i].length != d) {
                throw new InvalidInputException("X[" + i + "]",
                        rows[i] == null ? "nothing" : rows[i].length + " entries", d + " entries like X[0]");
            }
            ex[i] = rows[i].clone();
            dbl[i] = ExactNumbers.toDoubles(rows[i]);
            for (int j = 0; j < d; j++) {
                checkMagnitude("X[" + i + "][" + j + "]", rows[i][j], dbl[i][j]);
            }
        }
        double[] yd = ExactNumbers.toDoubles(targets);
        for (int i = 0; i < n; i++) {
            checkMagnitude("y[" + i + "]", targets[i], yd[i]);
        }
        Dataset base = of(dbl, yd);
        return new Dataset(n, d, base.x, base.y, ex, targets.clone());
    }

    private static int checkShape(int rows, int targets) {
        if (rows <= 0) {
            throw new InvalidInputException("X", rows < 0 ? "nothing" : "[]", "a non-empty matrix (list of rows)");
        }
        if (targets != rows) {
            throw new InvalidInputException("y", targets < 0 ? "nothing" : targets + " entries",
                    rows + " entries, one per row of X");
        }
        return rows;
    }

    /** Smallest and largest nonzero magnitude of an entry of the data as read from a file. */
    public static final double MIN_MAGNITUDE = 1e-9;
    /** See {@link #MIN_MAGNITUDE}. */
    public static final double MAX_MAGNITUDE = 1e9;

    /**
     * Data read from files must have every nonzero entry within {@code [1e-9, 1e9]} in magnitude: the solvers'
     * tolerances and the optimizers' steps are validated on that range, and beyond it values can leave the
     * double range (an exact {@code 1e-330} is 0 as a double) or make the linear programs fail. Refused
     * before anything runs, with the advice to rescale (margins and minimum-norm points scale with the data).
     */
    private static void checkMagnitude(String field, BigFraction exact, double rounded) {
        if (exact.getNumerator().signum() == 0) {
            return;
        }
        if (!acceptedMagnitude(rounded)) {
            String shown = Double.isFinite(rounded) && rounded != 0 ? Double.toString(rounded)
                    : new java.math.BigDecimal(exact.getNumerator()).divide(new java.math.BigDecimal(exact.getDenominator()),
                            new java.math.MathContext(6)).toString();
            throw new InvalidInputException(field, shown, "a number 0 or of magnitude within [1e-9, 1e9] (rescale the data:"
                    + " margins and minimum-norm points scale with it)");
        }
    }

    /** Whether |v| lies in [{@value #MIN_MAGNITUDE}, {@value #MAX_MAGNITUDE}] (false for NaN). */
    private static boolean acceptedMagnitude(double v) {
        double a = Math.abs(v);
        return a >= MIN_MAGNITUDE && a <= MAX_MAGNITUDE;
    }

    private static double checkFinite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(field, v, "a finite number");
        }
        return v;
    }

    /**
     * The set of global minimisers of a loss with a finite root on these data, {@code G = {Xw = y}}, intersected
     * with {@code sum w = 1} when {@code simplex}: built (and its decomposition computed) once per data set,
     * however many runs and checks ask for it.
     */
    public synchronized InterpolatingSet interpolatingSet(boolean simplex) {
        if (simplex) {
            if (zeroLossOnSimplex == null) {
                zeroLossOnSimplex = InterpolatingSet.of(this, true);
            }
            return zeroLossOnSimplex;
        }
        if (zeroLoss == null) {
            zeroLoss = InterpolatingSet.of(this, false);
        }
        return zeroLoss;
    }

    /** Number of examples N. */
    public int n() {
        return n;
    }

    /** Dimension d of w. */
    public int d() {
        return d;
    }

    /** Entry {@code X[i][j]}. */
    public double x(int i, int j) {
        return x[i * d + j];
    }

    /** Target {@code y_i}. */
    public double y(int i) {
        return y[i];
    }

    /** X row-major ({@code X[i][j] = rowMajor()[i*d + j]}); the internal array, never to be written. */
    public double[] rowMajor() {
        return x;
    }

    /** A copy of row i. */
    public double[] row(int i) {
        return Arrays.copyOfRange(x, i * d, (i + 1) * d);
    }

    /** A copy of the targets. */
    public double[] y() {
        return y.clone();
    }

    /** A copy of X as a matrix. */
    public double[][] matrix() {
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = row(i);
        }
        return m;
    }

    /** Whether the exact values of a file are kept (otherwise {@link #exactX()} converts the doubles). */
    public boolean hasExactValues() {
        return exactX != null || lazyX != null;
    }

    /** X as exact rationals: as written in the file, or the exact values of the stored doubles. */
    public BigFraction[][] exactX() {
        BigFraction[][] ex = exactRows();
        BigFraction[][] m = new BigFraction[n][];
        for (int i = 0; i < n; i++) {
            m[i] = ex != null ? ex[i].clone() : ExactNumbers.ofDoubles(row(i));
        }
        return m;
    }

    /** y as exact rationals. */
    public BigFraction[] exactY() {
        return exactY != null ? exactY.clone() : ExactNumbers.ofDoubles(y);
    }

    /**
     * The classification vectors {@code z_n = y_n x_n} as an N x d matrix (row-major copy); the
     * margin of w on example n is {@code <w, z_n>}.
     */
    public double[] signedRowMajor() {
        double[] z = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i * d + j] = y[i] * x[i * d + j];
            }
        }
        return z;
    }

    /** True when every target is +1 or -1 (a classification data set). */
    public boolean hasSignLabels() {
        for (double v : y) {
            if (v != 1.0 && v != -1.0) {
                return false;
            }
        }
        return true;
    }

    /** The data set restricted to the given rows, in that order (exact values kept). */
    public Dataset rows(int... indices) {
        if (indices.length == 0) {
            throw new InvalidInputException("rows", "[]", "at least one row");
        }
        double[] xs = new double[indices.length * d];
        double[] ys = new double[indices.length];
        BigFraction[][] known = exactX;
        BigFraction[][] ex = known == null ? null : new BigFraction[indices.length][];
        BigFraction[] ey = exactY == null ? null : new BigFraction[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            System.arraycopy(x, i * d, xs, k * d, d);
            ys[k] = y[i];
            if (ex != null) {
                ex[k] = known[i];
            }
            if (ey != null) {
                ey[k] = exactY[i];
            }
        }
        if (known == null && lazyX != null) {
            int[] picked = indices.clone();
            Supplier<BigFraction[][]> sub = () -> {
                BigFraction[][] all = exactRows();
                BigFraction[][] out = new BigFraction[picked.length][];
                for (int k = 0; k < picked.length; k++) {
                    out[k] = all[picked[k]];
                }
                return out;
            };
            return new Dataset(indices.length, d, xs, ys, null, ey, sub);
        }
        return new Dataset(indices.length, d, xs, ys, ex, ey);
    }

    @Override
    public String toString() {
        return "Dataset[" + n + " x " + d + "]";
    }
}
