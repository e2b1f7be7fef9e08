package org.implicitbias.oracle;

import org.implicitbias.linalg.AffineSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Vectors;

/**
 * {@code min D_psi(w, w0) s.t. A w = b, C w >= c} by a primal active-set method: each iteration
 * solves the equality-constrained program with the working set of inequalities held as equalities
 * (dual Newton, {@link AffineBregman}), steps from the current feasible point towards its solution
 * until an inequality blocks (which joins the working set), and drops the working inequality with
 * the most negative multiplier once the step is full. The objective decreases strictly along the
 * way, so the method ends at the KKT point: {@code grad psi(w) - grad psi(w0) = A' lambda + C' alpha},
 * {@code alpha >= 0}, {@code alpha_i (c_i' w - c_i) = 0}.
 */
final class InequalityBregman {
    /** Solution: w, multipliers of the equality rows (unit rows of eq) and of every inequality row. */
    static final class Result {
        private final double[] w;
        private final double[] lambdaEq;
        private final double[] alpha;
        private final int iterations;
        private final int newtonIterations;

        Result(double[] w, double[] lambdaEq, double[] alpha, int iterations, int newtonIterations) {
            this.w = w;
            this.lambdaEq = lambdaEq;
            this.alpha = alpha;
            this.iterations = iterations;
            this.newtonIterations = newtonIterations;
        }

        public double[] w() {
            return w;
        }

        public double[] lambdaEq() {
            return lambdaEq;
        }

        public double[] alpha() {
            return alpha;
        }

        public int iterations() {
            return iterations;
        }

        public int newtonIterations() {
            return newtonIterations;
        }

        @Override
        public String toString() {
            return "Result[w=" + Arrays.toString(w)
                    + ", lambdaEq=" + Arrays.toString(lambdaEq)
                    + ", alpha=" + Arrays.toString(alpha)
                    + ", iterations=" + iterations
                    + ", newtonIterations=" + newtonIterations + "]";
        }
    }

    private final AffineBregman newton;

    InequalityBregman(Potential psi) {
        this.newton = new AffineBregman(psi);
    }

    /**
     * @param eq      the reduced equality rows (unit rows; may have none)
     * @param c       inequality rows, row-major mc x d
     * @param cb      their right-hand sides
     * @param wStart  a point with {@code A w = b, C w >= c} (up to rounding)
     * @param working inequalities to start as active (must hold with equality at wStart)
     */
    Result solve(double[] theta0, AffineSet eq, double[] c, int mc, double[] cb, double[] wStart, int[] working) {
        int d = theta0.length;
        double[] cNorm = new double[mc];
        for (int i = 0; i < mc; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += c[i * d + j] * c[i * d + j];
            }
            cNorm[i] = Math.sqrt(s);
        }
        boolean[] inW = new boolean[mc];
        for (int i : working) {
            inW[i] = true;
        }
        double[] w = wStart.clone();
        double[] alpha = new double[mc];
        double[] lambdaEq = new double[eq.size()];
        int newtonTotal = 0;
        int maxOuter = 20 * (mc + d) + 50;
        for (int outer = 0; outer < maxOuter; outer++) {
            List<Integer> wl = new ArrayList<>();
            for (int i = 0; i < mc; i++) {
                if (inW[i]) {
                    wl.add(i);
                }
            }
            int me = eq.size();
            int mt = me + wl.size();
            double[] rows = new double[mt * d];
            double[] rhs = new double[mt];
            System.arraycopy(eq.rows, 0, rows, 0, me * d);
            System.arraycopy(eq.rhs, 0, rhs, 0, me);
            for (int k = 0; k < wl.size(); k++) {
                int i = wl.get(k);
                for (int j = 0; j < d; j++) {
                    rows[(me + k) * d + j] = c[i * d + j] / cNorm[i];
                }
                rhs[me + k] = cb[i] / cNorm[i];
            }
            int meF = me;
            AffineSet sub = AffineSet.of(rows, mt, d, rhs, r -> r < meF ? "equality " + r : "inequality "
                    + wl.get(r - meF), w);
            if (sub.emptyReason != null) {
                throw new IllegalStateException("active-set subproblem inconsistent: " + sub.emptyReason);
            }
            AffineBregman.Result res = newton.solve(sub.rows, sub.unitRows, sub.size(), d, sub.rhs, theta0, null, 500,
                    null);
            newtonTotal += res.iterations();
            if (!res.converged()) {
                throw new IllegalStateException("dual Newton did not converge on an active-set subproblem (residual "
                        + res.residual() + ")");
            }
            double[] mult = sub.originalMultipliers(res.lambda(), mt);
            double[] wEq = res.w();
            // step towards wEq
            double t = 1;
            int blocking = -1;
            for (int i = 0; i < mc; i++) {
                if (inW[i]) {
                    continue;
                }
                double slack = Vectors.dot(c, i * d, w, d) - cb[i];
                double dir = Vectors.dot(c, i * d, wEq, d) - cb[i] - slack;
                if (dir < 0) {
                    double ti = Math.max(0, slack) / -dir;
                    if (ti < t) {
                        t = ti;
                        blocking = i;
                    }
                }
            }
            if (blocking >= 0) {
                for (int j = 0; j < d; j++) {
                    w[j] += t * (wEq[j] - w[j]);
                }
                inW[blocking] = true;
                continue;
            }
            w = wEq;
            Arrays.fill(alpha, 0);
            for (int k = 0; k < wl.size(); k++) {
                alpha[wl.get(k)] = mult[me + k] / cNorm[wl.get(k)] * 1.0;
            }
            // multipliers of the unit equality rows of eq
            for (int k = 0; k < me; k++) {
                lambdaEq[k] = mult[k];
            }
            int drop = -1;
            double most = 0;
            double scale = 0;
            for (int i = 0; i < mc; i++) {
                scale = Math.max(scale, Math.abs(alpha[i]) * cNorm[i]);
            }
            for (int i = 0; i < mc; i++) {
                double a = alpha[i] * cNorm[i];
                if (inW[i] && a < most && a < -1e-12 * Math.max(1, scale)) {
                    most = a;
                    drop = i;
                }
            }
            if (drop < 0) {
                return new Result(w, lambdaEq, alpha, outer + 1, newtonTotal);
            }
            inW[drop] = false;
        }
        throw new IllegalStateException("the active-set method did not finish in " + maxOuter + " iterations");
    }
}
