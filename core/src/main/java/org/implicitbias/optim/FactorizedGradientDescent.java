package org.implicitbias.optim;

import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;

/**
 * Gradient descent on a factorization of a matrix-valued linear model (eq. 16-19 of the paper).
 * The data rows are the row-major flattened {@code X_n} (rows x cols), the model's prediction is
 * {@code <W, X_n>}, {@code L(W) = sum_n loss(<W, X_n>, y_n)} and {@code G = grad L(W) = sum_n loss'_n X_n}
 * is taken from the fused {@link Objective} pass at the flattened W.
 *
 * <p><b>Symmetric form</b> (eq. 17-18), a square problem: {@code W = U U'}, U d x k,
 * <pre>
 *   U_{t+1} = U_t - eta_t grad_U L(U U'),   grad_U L(U U') = (G + G') U,
 * </pre>
 * which is {@code 2 G U} for symmetric {@code X_n}. The W-iterates then satisfy eq. 19 with the step
 * {@code 2 eta_t} (the paper absorbs the factor 2 of {@code d(UU')/dU} into its step):
 * {@code W+ = W - 2 eta (G W + W G) + 4 eta^2 G W G}.
 *
 * <p><b>Product form</b> (eq. 16), any rows x cols problem: {@code W = U V'}, U rows x k, V cols x k,
 * <pre>
 *   U_{t+1} = U_t - eta_t G V_t,   V_{t+1} = V_t - eta_t G' U_t.
 * </pre>
 * It is the symmetric form on the embedded problem of size m = rows + cols (see {@link #embedding}):
 * with {@code U~ = [U; V]} (m x k) the embedded run's {@code W~ = U~ U~'} has W as its top-right block
 * at every step, with the same step sizes.
 *
 * <p>The iterate is the flattened W (rows x cols, row-major); the limit direction and normalised
 * margin are measured in the nuclear norm (Theorem 7). Step rules: constant, decaying, and adaptive
 * with {@code B = max_n ||X_n||_2} (spectral norm, the dual of the nuclear norm); the loss along a
 * factor step is a quartic, not a line, so exact line search is refused.
 */
public final class FactorizedGradientDescent extends SteppedMethod {
    private final Objective objective;
    private final int rows;
    private final int cols;
    private final int k;
    private final boolean symmetric;
    private final StepSize step;
    private final double[] u;
    private final double[] v;
    private final double[] gradU;
    private final double[] gradV;
    private final double[] sym;
    private final double[] w;
    private final Evaluation ev;
    private final Norm nuclear;

    private FactorizedGradientDescent(Objective objective, int rows, int cols, int k, double[] u0, double[] v0,
                                      StepRule step) {
        super(v0 == null ? "factorized-gradient-descent(UU')" : "factorized-gradient-descent(UV')");
        if (rows < 1 || cols < 1 || (long) rows * cols != objective.data().d()) {
            throw new InvalidInputException("algorithm.rows", rows + " x " + cols,
                    "a matrix shape with rows * cols = " + objective.data().d() + " (the number of columns of X)");
        }
        if (k < 1) {
            throw new InvalidInputException("algorithm.rank", k, "an integer >= 1");
        }
        StepSize.refuseLineSearch(step, " (the loss along a factor step is not linear in the step)");
        checkFactor("algorithm.U0", u0, rows * k, rows + " x " + k);
        this.symmetric = v0 == null;
        if (!symmetric) {
            checkFactor("algorithm.V0", v0, cols * k, cols + " x " + k);
        }
        this.objective = objective;
        this.rows = rows;
        this.cols = cols;
        this.k = k;
        this.u = u0.clone();
        this.v = symmetric ? null : v0.clone();
        this.gradU = new double[rows * k];
        this.gradV = symmetric ? null : new double[cols * k];
        this.sym = symmetric ? new double[rows * rows] : null;
        this.w = new double[rows * cols];
        this.ev = objective.newEvaluation();
        this.nuclear = new Norm.Nuclear(rows, cols);
        this.step = new StepSize(step, objective.data(), nuclear);
        formW();
    }

    /**
     * Symmetric form {@code W = U U'} on a d x d problem.
     *
     * @param u0 the d x k factor U_0, row-major (copied); full rank for Theorem 7
     */
    public static FactorizedGradientDescent symmetric(Objective objective, int d, int k, double[] u0, StepRule step) {
        if (d < 1) {
            throw new InvalidInputException("algorithm.rows", d, "an integer >= 1");
        }
        return new FactorizedGradientDescent(objective, d, d, k, u0, null, step);
    }

    /**
     * Product form {@code W = U V'} on a rows x cols problem.
     *
     * @param u0 the rows x k factor U_0, row-major (copied)
     * @param v0 the cols x k factor V_0, row-major (copied)
     */
    public static FactorizedGradientDescent product(Objective objective, int rows, int cols, int k,
                                                    double[] u0, double[] v0, StepRule step) {
        if (v0 == null) {
            throw new InvalidInputException("algorithm.V0", "nothing", cols + " x " + k + " entries");
        }
        return new FactorizedGradientDescent(objective, rows, cols, k, u0, v0, step);
    }

    /**
     * A rows x k matrix (row-major) of independent N(0, scale^2) entries drawn from the seed
     * (Box-Muller on a {@link SplittableRandom}); full rank with probability 1.
     */
    public static double[] gaussianFactor(int rows, int k, double scale, long seed) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new InvalidInputException("algorithm.init-scale", scale, "a finite number > 0");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] m = new double[rows * k];
        for (int i = 0; i < m.length; i++) {
            double r = 1 - random.nextDouble();
            m[i] = scale * Math.sqrt(-2 * Math.log(r)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return m;
    }

    /**
     * The symmetric embedding of a rows x cols matrix problem: the problem of size m = rows + cols whose
     * data are {@code X~_n = 1/2 [[0, X_n], [X_n', 0]]} (flattened row-major, m*m columns), targets unchanged.
     *
     * <p>Convention: the factor 1/2 makes {@code <W~, X~_n> = <W, X_n>} for every
     * {@code W~ = [[A, W], [W', B]]}, so both problems have the same loss, and
     * {@code grad_{U~} L(U~ U~') = [G V; G' U]} for {@code U~ = [U; V]}: factorized GD on U~ with step
     * eta is the product-form run with the same eta. Exact data values are kept exact.
     */
    public static Dataset embedding(Dataset data, int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols != data.d()) {
            throw new InvalidInputException("rows", rows + " x " + cols,
                    "a matrix shape with rows * cols = " + data.d() + " (the number of columns of X)");
        }
        int m = rows + cols;
        int n = data.n();
        BigFraction[][] ex = data.hasExactValues() ? data.exactX() : null;
        double[][] x = new double[n][m * m];
        BigFraction[][] exact = ex == null ? null : new BigFraction[n][m * m];
        for (int s = 0; s < n; s++) {
            if (exact != null) {
                java.util.Arrays.fill(exact[s], BigFraction.ZERO);
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    // halving is exact in binary floating point
                    double h = 0.5 * data.x(s, i * cols + j);
                    x[s][i * m + rows + j] = h;
                    x[s][(rows + j) * m + i] = h;
                    if (exact != null) {
                        BigFraction e = ex[s][i * cols + j].divide(2);
                        exact[s][i * m + rows + j] = e;
                        exact[s][(rows + j) * m + i] = e;
                    }
                }
            }
        }
        return exact != null ? Dataset.exact(exact, data.exactY()) : Dataset.of(x, data.y());
    }

    /** The top-right rows x cols block W of an embedded {@code W~} (m x m flattened, m = rows + cols). */
    public static double[] topRightBlock(double[] wTilde, int rows, int cols) {
        int m = rows + cols;
        if (wTilde.length != m * m) {
            throw new InvalidInputException("W", wTilde.length + " entries", m * m + " entries (" + m + " x " + m + ")");
        }
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(wTilde, i * m + rows, out, i * cols, cols);
        }
        return out;
    }

    /** The flattened W = U U' (or U V'), rows x cols row-major. */
    @Override
    public double[] iterate() {
        return w;
    }

    /** The nuclear norm of rows x cols matrices (Theorem 7 normalises by it). */
    @Override
    public Norm geometry() {
        return nuclear;
    }

    /** Whether this is the symmetric form {@code W = U U'}. */
    public boolean isSymmetric() {
        return symmetric;
    }

    /** The factor rank k (columns of U and V). */
    public int rank() {
        return k;
    }

    /** A copy of U (rows x k, row-major). */
    public double[] u() {
        return u.clone();
    }

    /** A copy of V (cols x k, row-major); U itself in the symmetric form. */
    public double[] v() {
        return symmetric ? u.clone() : v.clone();
    }

    @Override
    void stepFrom(long t) {
        objective.evaluate(w, ev);
        double[] g = ev.scaledGradient();
        double f = StepSize.finite(step.factor(t, ev), "factorized gradient descent", t);
        if (symmetric) {
            int d = rows;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    sym[i * d + j] = g[i * d + j] + g[j * d + i];
                }
            }
            multiply(sym, d, d, u, k, gradU, false);
            for (int i = 0; i < u.length; i++) {
                u[i] -= f * gradU[i];
            }
        } else {
            // both gradients at (U_t, V_t) before either factor moves
            multiply(g, rows, cols, v, k, gradU, false);
            multiply(g, rows, cols, u, k, gradV, true);
            for (int i = 0; i < u.length; i++) {
                u[i] -= f * gradU[i];
            }
            for (int i = 0; i < v.length; i++) {
                v[i] -= f * gradV[i];
            }
        }
        formW();
    }

    /**
     * {@code out = A B} (or {@code A' B} when transposed) for A a rows x cols row-major matrix and B
     * with k columns.
     */
    private static void multiply(double[] a, int ar, int ac, double[] b, int k, double[] out, boolean transposed) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < ar; i++) {
            for (int j = 0; j < ac; j++) {
                double aij = a[i * ac + j];
                if (aij == 0) {
                    continue;
                }
                int outRow = transposed ? j : i;
                int bRow = transposed ? i : j;
                for (int c = 0; c < k; c++) {
                    out[outRow * k + c] += aij * b[bRow * k + c];
                }
            }
        }
    }

    private static void checkFactor(String field, double[] m, int size, String shape) {
        if (m == null || m.length != size) {
            throw new InvalidInputException(field, m == null ? "nothing" : m.length + " entries",
                    size + " entries (" + shape + ", row-major)");
        }
        for (double x : m) {
            if (!Double.isFinite(x)) {
                throw new InvalidInputException(field, x, "finite entries");
            }
        }
    }

    /** W = U V' (V = U in the symmetric form). */
    private void formW() {
        double[] right = symmetric ? u : v;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int c = 0; c < k; c++) {
                    s += u[i * k + c] * right[j * k + c];
                }
                w[i * cols + j] = s;
            }
        }
    }
}
