package org.implicitbias.oracle;

import org.implicitbias.linalg.CholeskyFactor;
import org.implicitbias.linalg.Dense;
import org.implicitbias.linalg.RowMatrix;
import java.util.Arrays;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Vectors;

/**
 * Newton's method on the dual of {@code min_w D_psi(w, w0) s.t. A w = b} for a row-independent
 * m x d matrix A: the dual objective (to minimise) is
 * {@code f(lambda) = psi*(theta0 + A' lambda) - <lambda, b>}, {@code theta0 = grad psi(w0)}, with
 * gradient {@code A w(lambda) - b}, {@code w(lambda) = (grad psi)^{-1}(theta0 + A' lambda)}, and Hessian
 * {@code A grad^2 psi*(theta) A'} (m x m). Every trial point is in the domain of psi by construction
 * (the inverse link maps onto it); a trial that overflows is rejected by the line search.
 *
 * <p>The iteration stops when the primal residual {@code ||A w - b||_inf} reaches its rounding floor
 * ({@code ~ eps sum_j |a_ij w_j|}) or stops decreasing there; it reports divergence when the dual
 * runs off to minus infinity (an empty feasible set in the domain of psi, e.g. no positive w for entropy).
 */
final class AffineBregman {
    /** Result of one solve. */
    static final class Result {
        private final double[] w;
        private final double[] theta;
        private final double[] lambda;
        private final int iterations;
        private final boolean converged;
        private final boolean diverged;
        private final double residual;
        private final int conjugateGradientSteps;

        Result(double[] w, double[] theta, double[] lambda, int iterations, boolean converged, boolean diverged,
               double residual, int conjugateGradientSteps) {
            this.w = w;
            this.theta = theta;
            this.lambda = lambda;
            this.iterations = iterations;
            this.converged = converged;
            this.diverged = diverged;
            this.residual = residual;
            this.conjugateGradientSteps = conjugateGradientSteps;
        }

        /** Conjugate-gradient iterations of the inexact Newton steps (0: every step exact). */
        public int conjugateGradientSteps() {
            return conjugateGradientSteps;
        }

        public double[] w() {
            return w;
        }

        public double[] theta() {
            return theta;
        }

        public double[] lambda() {
            return lambda;
        }

        public int iterations() {
            return iterations;
        }

        public boolean converged() {
            return converged;
        }

        public boolean diverged() {
            return diverged;
        }

        public double residual() {
            return residual;
        }

        @Override
        public String toString() {
            return "Result[w=" + Arrays.toString(w)
                    + ", theta=" + Arrays.toString(theta)
                    + ", lambda=" + Arrays.toString(lambda)
                    + ", iterations=" + iterations
                    + ", converged=" + converged
                    + ", diverged=" + diverged
                    + ", residual=" + residual
                    + ", conjugateGradientSteps=" + conjugateGradientSteps + "]";
        }
    }

    private final Potential psi;
    private final ConjugateCurvature curvature;

    AffineBregman(Potential psi) {
        this.psi = psi;
        this.curvature = new ConjugateCurvature(psi);
    }

    /**
     * Solves the dual from {@code lambdaStart}. With the Cholesky factor of {@code A A'} at hand, at a step
     * where the conjugate curvature is a constant c times the identity (squared l2 always, entropy at a
     * constant w), the Newton matrix is {@code c A A'} and its factor {@code sqrt(c)} times that one, so
     * neither is computed again.
     *
     * <p>Inexact steps: with a diagonal curvature and at least {@value #INEXACT_FROM} rows, once a Newton
     * matrix has been factorised, later steps solve {@code A H* A' s = -g} by conjugate gradients
     * preconditioned with that factor ({@link ConjugateGradients}): each costs two passes over A and two
     * triangular solves instead of the {@code m^2 d / 2} of a new matrix, and converges fast while the
     * curvature stays within a small factor of the one factorised. A step is accepted when its relative
     * residual is below the forcing term {@code eta = max(1e-10, min(1e-2, ||g|| / ||g_first||))}, which keeps
     * Newton's superlinear convergence, or its residual below half the rounding floor; when
     * {@value #CG_LIMIT} iterations do not get there, the step is taken exactly and its factor becomes the
     * new preconditioner. An inexact step whose direction finds no descent, or that does not halve the
     * residual, is followed by an exact one: only exact steps decide that the iteration has ended (at the
     * rounding floor, or with no descent left). Everything depends only on the data, so the iterates are
     * the same on every run.
     *
     * @param a           row-major m x d constraint matrix with independent rows
     * @param rows        the same rows as separate arrays (read only): the passes over A (two per trial
     *                    point, two per conjugate-gradient iteration) run on them, or on a in OpenBLAS for
     *                    a large A ({@link RowMatrix})
     * @param b           right-hand side
     * @param theta0      {@code grad psi(w0)}
     * @param lambdaStart warm start (null: 0)
     * @param maxIter     iteration cap
     * @param gramFactor  the Cholesky factor of {@code A A'} (lower, row-major), or null if not at hand
     */
    Result solve(double[] a, double[][] rows, int m, int d, double[] b, double[] theta0, double[] lambdaStart,
                 int maxIter, double[] gramFactor) {
        // the matrix for the passes, and the preconditioner's factor, hold native memory: freed here
        try (RowMatrix x = new RowMatrix(a, rows, m, d); Preconditioner pre = new Preconditioner()) {
            return iterate(x, pre, a, rows, m, d, b, theta0, lambdaStart, maxIter, gramFactor);
        }
    }

    /** {@link #solve} with the passes' matrix x and the holder of the preconditioner's factor. */
    private Result iterate(RowMatrix x, Preconditioner pre, double[] a, double[][] rows, int m, int d, double[] b,
                           double[] theta0, double[] lambdaStart, int maxIter, double[] gramFactor) {
        double[] lambda = lambdaStart == null ? new double[m] : lambdaStart.clone();
        double[] theta = new double[d];
        double[] w = new double[d];
        double[] g = new double[m];
        double[] step = new double[m];
        double[] lTrial = new double[m];
        double[] thTrial = new double[d];
        double[] wTrial = new double[d];
        double[] gTrial = new double[m];
        double[] h = new double[d];
        double[] scratch = new double[d];
        double[] k = new double[m * m];
        double[] l = new double[m * m];
        boolean inexact = m >= INEXACT_FROM && curvature.isDiagonal();
        ConjugateGradients cg = inexact ? new ConjugateGradients(m, d) : null;
        // set when an inexact direction found no descent or little progress: the next step is exact
        boolean exactNext = false;

        // the rows of A H*: scaled rows for a diagonal H*, H* applied to each row otherwise
        double[] hat = new double[m * d];

        primal(x, theta0, lambda, theta, w);
        if (!Vectors.allFinite(w)) {
            throw new IllegalStateException("the start of the dual Newton iteration overflows the inverse link");
        }
        double f = dualObjective(theta, w, lambda, b);
        double res = residual(x, w, b, g);
        double gFirst = Vectors.norm2(g);
        double best = res;
        int stall = 0;
        int it = 0;
        for (; it < maxIter; it++) {
            double floor = roundingFloor(rows, m, d, w, b);
            if (res <= floor) {
                return new Result(w, theta, lambda, it, true, false, res, ConjugateGradients.stepsOf(cg));
            }
            // Hessian A H* A'
            boolean factored = false;
            boolean solved = false;
            if (curvature.isDiagonal()) {
                curvature.diagonal(theta, w, h);
                double c = constant(h);
                if (gramFactor != null && c > 0 && Double.isFinite(c)) {
                    double root = Math.sqrt(c);
                    for (int i = 0; i < m; i++) {
                        for (int j = i * m; j <= i * m + i; j++) {
                            l[j] = root * gramFactor[j];
                        }
                    }
                    factored = true;
                } else if (pre.factor() != null && !exactNext) {
                    double eta = Math.max(1e-10, Math.min(1e-2, Vectors.norm2(g) / gFirst));
                    solved = cg.solve(x, h, pre.factor(), g, eta, floor, step);
                }
                if (!factored && !solved) {
                    Dense.syrk(a, m, d, h, k, hat);
                }
            } else {
                double[] row = new double[d];
                double[] out = new double[d];
                for (int i = 0; i < m; i++) {
                    System.arraycopy(a, i * d, row, 0, d);
                    curvature.apply(theta, w, row, out, scratch);
                    System.arraycopy(out, 0, hat, i * d, d);
                }
                // K = (A Hat' + Hat A') / 2: symmetric whatever the rounding of H*'s products
                Dense.lowerProduct(a, 0, d, hat, 0, d, m, 0, d, 0.5, false, k, 0, m);
                Dense.lowerProduct(hat, 0, d, a, 0, d, m, 0, d, 0.5, true, k, 0, m);
            }
            if (!solved) {
                if (!factored) {
                    Dense.regularisedCholesky(k, l, m);
                }
                for (int i = 0; i < m; i++) {
                    step[i] = -g[i];
                }
                Dense.choleskySolve(l, m, step);
                if (inexact) {
                    // this factor preconditions the next steps
                    pre.replace(CholeskyFactor.of(l, m));
                }
            }
            double slope = Vectors.dot(g, step);
            // backtracking: Armijo on f; in the rounding regime of f, a decrease of the residual
            double t = 1;
            boolean accepted = false;
            double fTrial = 0;
            double resTrial = 0;
            for (int ls = 0; ls < 80; ls++) {
                for (int i = 0; i < m; i++) {
                    lTrial[i] = lambda[i] + t * step[i];
                }
                primal(x, theta0, lTrial, thTrial, wTrial);
                if (Vectors.allFinite(wTrial) && psi.inDomain(wTrial)) {
                    fTrial = dualObjective(thTrial, wTrial, lTrial, b);
                    resTrial = residual(x, wTrial, b, gTrial);
                    double tolF = 1e-13 * (Math.abs(f) + sumAbsProducts(thTrial, wTrial) + 1e-300);
                    if (Double.isFinite(fTrial)
                            && (fTrial <= f + 1e-4 * t * slope
                            || (Math.abs(fTrial - f) <= tolF && resTrial < res))) {
                        accepted = true;
                        break;
                    }
                }
                t *= 0.5;
            }
            if (!accepted && solved) {
                // an inexact direction is no proof that no descent is left: take the exact one from here
                exactNext = true;
                continue;
            }
            // an inexact step that does not halve the residual hands over to exact steps, which end the
            // iteration the way they always have (at the floor, or when no descent is left)
            exactNext = solved && resTrial > 0.5 * res;
            if (!accepted) {
                // no descent left: converged to the rounding floor, or diverging
                return new Result(w, theta, lambda, it, res <= 1e3 * floor, false, res, ConjugateGradients.stepsOf(cg));
            }
            System.arraycopy(lTrial, 0, lambda, 0, m);
            System.arraycopy(thTrial, 0, theta, 0, d);
            System.arraycopy(wTrial, 0, w, 0, d);
            System.arraycopy(gTrial, 0, g, 0, m);
            f = fTrial;
            res = resTrial;
            if (res < 0.5 * best) {
                best = res;
                stall = 0;
            } else if (res < 1e-9 * (1 + Vectors.normInf(b)) && ++stall >= 4) {
                return new Result(w, theta, lambda, it + 1, true, false, res, ConjugateGradients.stepsOf(cg));
            }
            if (psi instanceof Potential.Entropy && divergent(lambda, w, f)) {
                return new Result(w, theta, lambda, it + 1, false, true, res, ConjugateGradients.stepsOf(cg));
            }
        }
        boolean diverged = psi instanceof Potential.Entropy;
        return new Result(w, theta, lambda, it, false, diverged, res, ConjugateGradients.stepsOf(cg));
    }

    /**
     * The factor of the last Newton matrix factorised: the preconditioner of inexact steps (null: none yet).
     * A replaced factor, and the last one when the solve ends, is closed (its native memory freed).
     */
    private static final class Preconditioner implements AutoCloseable {
        private CholeskyFactor factor;

        CholeskyFactor factor() {
            return factor;
        }

        void replace(CholeskyFactor next) {
            close();
            factor = next;
        }

        @Override
        public void close() {
            if (factor != null) {
                factor.close();
                factor = null;
            }
        }
    }

    /** Rows from which steps may be inexact: below, a new Newton matrix costs little. */
    static final int INEXACT_FROM = 100;
    /** Conjugate-gradient iterations allowed to an inexact step before it is taken exactly. */
    static final int CG_LIMIT = 30;

    /**
     * Preconditioned conjugate gradients for {@code A diag(h) A' s = -g}, with the Newton matrix applied
     * as {@code A (h o (A' p))} (never formed) and the preconditioner {@code L L'} given by its factor.
     * Every vector is sized once per solve of the program.
     */
    private static final class ConjugateGradients {
        private final int m;
        private final int d;
        private final double[] r;
        private final double[] z;
        private final double[] p;
        private final double[] q;
        private final double[] u;
        /** Iterations over every solve so far. */
        int steps;

        /** The iterations of cg over every solve so far; 0 without one (every step exact). */
        static int stepsOf(ConjugateGradients cg) {
            return cg == null ? 0 : cg.steps;
        }

        ConjugateGradients(int m, int d) {
            this.m = m;
            this.d = d;
            this.r = new double[m];
            this.z = new double[m];
            this.p = new double[m];
            this.q = new double[m];
            this.u = new double[d];
        }

        /**
         * Writes into s an approximate solution with {@code ||A diag(h) A' s + g||_2 <= max(eta ||g||_2,
         * floor / 2)}; false (s then undefined) when {@value #CG_LIMIT} iterations do not reach it or the
         * iteration breaks down (a curvature that is not positive along a direction, or a value that is not
         * finite). The linear model's next gradient is minus the final residual, so asking for less than
         * the rounding floor of {@code A w - b} would only buy digits the next residual cannot show.
         */
        boolean solve(RowMatrix a, double[] h, CholeskyFactor pre, double[] g, double eta, double floor,
                      double[] s) {
            double target = Math.max(eta * Vectors.norm2(g), 0.5 * floor);
            Arrays.fill(s, 0, m, 0.0);
            for (int i = 0; i < m; i++) {
                r[i] = -g[i];
            }
            System.arraycopy(r, 0, z, 0, m);
            pre.solve(z);
            System.arraycopy(z, 0, p, 0, m);
            double rz = Vectors.dot(r, z);
            for (int it = 0; it < CG_LIMIT; it++) {
                steps++;
                a.multiplyTransposed(p, null, u);
                for (int j = 0; j < d; j++) {
                    u[j] *= h[j];
                }
                a.multiply(u, q);
                double pq = Vectors.dot(p, q);
                if (!(pq > 0) || !Double.isFinite(rz)) {
                    return false;
                }
                double alpha = rz / pq;
                for (int i = 0; i < m; i++) {
                    s[i] += alpha * p[i];
                    r[i] -= alpha * q[i];
                }
                if (Vectors.norm2(r) <= target) {
                    return Vectors.allFinite(s);
                }
                System.arraycopy(r, 0, z, 0, m);
                pre.solve(z);
                double next = Vectors.dot(r, z);
                double beta = next / rz;
                rz = next;
                for (int i = 0; i < m; i++) {
                    p[i] = z[i] + beta * p[i];
                }
            }
            return false;
        }
    }

    /** The common value of the entries of h, or NaN when they differ. */
    private static double constant(double[] h) {
        double c = h.length == 0 ? Double.NaN : h[0];
        for (double v : h) {
            if (v != c) {
                return Double.NaN;
            }
        }
        return c;
    }

    /** theta = theta0 + A' lambda, w = inverse link. */
    void primal(RowMatrix a, double[] theta0, double[] lambda, double[] theta, double[] w) {
        a.multiplyTransposed(lambda, theta0, theta);
        psi.inverseLink(theta, w);
    }

    /** {@code psi*(theta) - <lambda, b>} with {@code psi*(theta) = <theta, w> - psi(w)}. */
    double dualObjective(double[] theta, double[] w, double[] lambda, double[] b) {
        return Vectors.dot(theta, w) - psi.value(w) - Vectors.dot(lambda, b);
    }

    private static double sumAbsProducts(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] * b[i]);
        }
        return s;
    }

    static double residual(RowMatrix a, double[] w, double[] b, double[] g) {
        a.multiply(w, g);
        double r = 0;
        for (int i = 0; i < a.rows(); i++) {
            g[i] -= b[i];
            r = Math.max(r, Math.abs(g[i]));
        }
        return r;
    }

    /** The rounding error of computing {@code A w - b}: a few ulps of {@code sum_j |a_ij w_j| + |b_i|}. */
    static double roundingFloor(double[][] a, int m, int d, double[] w, double[] b) {
        double worst = 0;
        for (int i = 0; i < m; i++) {
            double s = Math.abs(b[i]);
            double[] row = a[i];
            for (int j = 0; j < d; j++) {
                s += Math.abs(row[j] * w[j]);
            }
            worst = Math.max(worst, s);
        }
        return 8 * Math.ulp(1.0) * worst;
    }

    private static boolean divergent(double[] lambda, double[] w, double f) {
        double minW = Double.POSITIVE_INFINITY;
        for (double v : w) {
            minW = Math.min(minW, v);
        }
        return minW < 1e-250 || Vectors.normInf(lambda) > 1e8 || f < -1e100;
    }
}
