package org.implicitbias.geometry;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Vectors;

/**
 * A norm {@code ||.||} with its dual {@code ||g||_* = max_{||v|| <= 1} <g, v>} and the
 * steepest-descent step {@code argmin_v <g, v> + 1/2 ||v||^2}, which satisfies
 * {@code <step, -g> = ||step||^2 = ||g||_*^2} (eq. 12 of the paper).
 *
 * <p>Vocabulary: {@code l1}, {@code l2}, {@code linf}, {@code lp} (p), {@code quadratic} (D) and,
 * for matrices stored row-major, {@code nuclear}.
 */
public sealed interface Norm
        permits Norm.L1, Norm.L2, Norm.LInf, Norm.Lp, QuadraticNorm, Norm.Nuclear {

    /** Name in the vocabulary of the files. */
    String name();

    /** {@code ||v||}. */
    double value(double[] v);

    /** {@code ||g||_*}. */
    double dual(double[] g);

    /**
     * Writes {@code argmin_v <g, v> + 1/2 ||v||^2} into {@code out}; where the minimiser is not
     * unique (ties in l1, linf, nuclear) the tie rule picks one.
     */
    void steepestStep(double[] g, double[] out, TieRule ties);

    /** {@code ||v||_p} for p in [1, inf), scaled so that large or tiny entries do not overflow. */
    static double lpNorm(double[] v, double p) {
        double max = Vectors.normInf(v);
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        double s = 0;
        for (double x : v) {
            s += Math.pow(Math.abs(x) / max, p);
        }
        return max * Math.pow(s, 1 / p);
    }

    /** l1 norm; dual linf; the step moves along the largest-magnitude gradient coordinate(s). */
    record L1() implements Norm {
        @Override
        public String name() {
            return "l1";
        }

        @Override
        public double value(double[] v) {
            return Vectors.norm1(v);
        }

        @Override
        public double dual(double[] g) {
            return Vectors.normInf(g);
        }

        @Override
        public void steepestStep(double[] g, double[] out, TieRule ties) {
            double m = Vectors.normInf(g);
            java.util.Arrays.fill(out, 0);
            if (m == 0) {
                return;
            }
            if (ties == TieRule.LOWEST_INDEX) {
                for (int i = 0; i < g.length; i++) {
                    if (Math.abs(g[i]) == m) {
                        out[i] = -Math.signum(g[i]) * m;
                        return;
                    }
                }
            }
            int count = 0;
            for (double x : g) {
                if (Math.abs(x) == m) {
                    count++;
                }
            }
            for (int i = 0; i < g.length; i++) {
                if (Math.abs(g[i]) == m) {
                    out[i] = -Math.signum(g[i]) * m / count;
                }
            }
        }
    }

    /** Euclidean norm; self-dual; the step is {@code -g} (gradient descent). */
    record L2() implements Norm {
        @Override
        public String name() {
            return "l2";
        }

        @Override
        public double value(double[] v) {
            return Vectors.norm2(v);
        }

        @Override
        public double dual(double[] g) {
            return Vectors.norm2(g);
        }

        @Override
        public void steepestStep(double[] g, double[] out, TieRule ties) {
            for (int i = 0; i < g.length; i++) {
                out[i] = -g[i];
            }
        }
    }

    /**
     * linf norm; dual l1; the step is {@code -||g||_1 sign(g)} (sign descent). Coordinates with
     * {@code g_i = 0} may take any value in {@code [-||g||_1, ||g||_1]}; both tie rules take 0, the
     * lowest-norm choice and the average of the interval.
     */
    record LInf() implements Norm {
        @Override
        public String name() {
            return "linf";
        }

        @Override
        public double value(double[] v) {
            return Vectors.normInf(v);
        }

        @Override
        public double dual(double[] g) {
            return Vectors.norm1(g);
        }

        @Override
        public void steepestStep(double[] g, double[] out, TieRule ties) {
            double s = Vectors.norm1(g);
            for (int i = 0; i < g.length; i++) {
                out[i] = g[i] > 0 ? -s : g[i] < 0 ? s : 0; // no -0.0 for zero coordinates
            }
        }
    }

    /**
     * lp norm, p in (1, inf); dual lq with {@code 1/p + 1/q = 1}; the step is
     * {@code -||g||_q^{2-q} sign(g)|g|^{q-1}}.
     */
    record Lp(double p) implements Norm {
        public Lp {
            if (!(p > 1) || !Double.isFinite(p)) {
                throw new InvalidInputException("norm.p", p, "a finite p > 1 (use l1 or linf for the limits)");
            }
        }

        /** The dual exponent {@code q = p / (p - 1)}. */
        public double q() {
            return p / (p - 1);
        }

        @Override
        public String name() {
            return "lp";
        }

        @Override
        public double value(double[] v) {
            return lpNorm(v, p);
        }

        @Override
        public double dual(double[] g) {
            return lpNorm(g, q());
        }

        @Override
        public void steepestStep(double[] g, double[] out, TieRule ties) {
            Potential.SquaredLp.dualLink(g, q(), out);
            for (int i = 0; i < g.length; i++) {
                out[i] = -out[i];
            }
        }
    }

    /**
     * Nuclear norm (sum of singular values) of a rows x cols matrix stored row-major; dual is the
     * spectral norm {@code sigma_1}; the step is {@code -sigma_1 u_1 v_1'} (with ties, the average
     * of the top singular pairs under {@link TieRule#AVERAGE}).
     */
    record Nuclear(int rows, int cols) implements Norm {
        public Nuclear {
            if (rows < 1 || cols < 1) {
                throw new InvalidInputException("norm", rows + " x " + cols, "a matrix shape with rows, cols >= 1");
            }
        }

        @Override
        public String name() {
            return "nuclear";
        }

        @Override
        public double value(double[] v) {
            double s = 0;
            for (double x : svd(v).getSingularValues()) {
                s += x;
            }
            return s;
        }

        @Override
        public double dual(double[] g) {
            double[] s = svd(g).getSingularValues();
            return s.length == 0 ? 0 : s[0];
        }

        @Override
        public void steepestStep(double[] g, double[] out, TieRule ties) {
            SingularValueDecomposition svd = svd(g);
            double[] s = svd.getSingularValues();
            java.util.Arrays.fill(out, 0);
            if (s.length == 0 || s[0] == 0) {
                return;
            }
            int k = 1;
            if (ties == TieRule.AVERAGE) {
                while (k < s.length && s[0] - s[k] <= 1e-12 * s[0]) {
                    k++;
                }
            }
            RealMatrix u = svd.getU();
            RealMatrix v = svd.getV();
            for (int t = 0; t < k; t++) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        out[i * cols + j] -= s[0] * u.getEntry(i, t) * v.getEntry(j, t) / k;
                    }
                }
            }
        }

        private SingularValueDecomposition svd(double[] m) {
            if (m.length != rows * cols) {
                throw new InvalidInputException("norm", m.length + " entries", rows * cols + " entries (" + rows + " x " + cols + ")");
            }
            double[][] a = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(m, i * cols, a[i], 0, cols);
            }
            return new SingularValueDecomposition(new Array2DRowRealMatrix(a, false));
        }
    }
}
