package org.implicitbias.claims.search;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * Computations the counterexample tests compare with, written here independently of the code under
 * test: the minimum l1 norm over {@code G = {Xw = y}} as a linear program, coordinate descent (l1
 * steepest descent, averaged ties) on the squared loss, and AdaBoost (coordinate descent with exact
 * line search on the exponential loss) in its closed form for data with entries in {-1, 0, 1}.
 */
final class IndependentTruths {
    private IndependentTruths() {
    }

    /** {@code min sum (p + m) s.t. X (p - m) = y, p, m >= 0}: the minimum l1 norm over G. */
    static double minL1(double[][] x, double[] y) {
        int d = x[0].length;
        double[] obj = new double[2 * d];
        java.util.Arrays.fill(obj, 1);
        List<LinearConstraint> cons = new ArrayList<>();
        for (int n = 0; n < x.length; n++) {
            double[] c = new double[2 * d];
            for (int j = 0; j < d; j++) {
                c[j] = x[n][j];
                c[d + j] = -x[n][j];
            }
            cons.add(new LinearConstraint(c, Relationship.EQ, y[n]));
        }
        PointValuePair p = new SimplexSolver().optimize(new MaxIter(10_000), new LinearObjectiveFunction(obj, 0),
                new LinearConstraintSet(cons), GoalType.MINIMIZE, new NonNegativeConstraint(true));
        return p.getValue();
    }

    /**
     * Coordinate descent from 0 on {@code sum_n (<x_n, w> - y_n)^2}: the l1 steepest step
     * {@code w_j -= eta ||g||_inf sign(g_j) / |J|} on the set J of maximal |g_j|, until
     * {@code ||g||_inf < 1e-11} or the iteration limit.
     */
    static double[] coordinateDescent(double[][] x, double[] y, double eta, int iterations) {
        int n = x.length;
        int d = x[0].length;
        double[] w = new double[d];
        double[] g = new double[d];
        for (int t = 0; t < iterations; t++) {
            java.util.Arrays.fill(g, 0);
            for (int i = 0; i < n; i++) {
                double r = -y[i];
                for (int j = 0; j < d; j++) {
                    r += x[i][j] * w[j];
                }
                for (int j = 0; j < d; j++) {
                    g[j] += 2 * r * x[i][j];
                }
            }
            double max = 0;
            for (double v : g) {
                max = Math.max(max, Math.abs(v));
            }
            if (max < 1e-11) {
                break;
            }
            int ties = 0;
            for (double v : g) {
                ties += Math.abs(v) == max ? 1 : 0;
            }
            for (int j = 0; j < d; j++) {
                if (Math.abs(g[j]) == max) {
                    w[j] -= eta * max * Math.signum(g[j]) / ties;
                }
            }
        }
        return w;
    }

    /**
     * AdaBoost on rows {@code z_n} with entries in {-1, 0, 1}: at each step the coordinate j with the
     * largest {@code |sum_n z_nj e^{-m_n}|} (lowest index on ties) moves by the exact line search step
     * {@code (1/2) log(W+ / W-)}, {@code W+-} the weights of the examples with {@code z_nj = +-1}.
     * Returns the normalised margin {@code min_n <w, z_n> / ||w||_1} after the given number of steps.
     */
    static double adaBoostMargin(double[][] z, int iterations) {
        int n = z.length;
        int d = z[0].length;
        double[] w = new double[d];
        double[] m = new double[n];
        for (int t = 0; t < iterations; t++) {
            double shift = Double.POSITIVE_INFINITY;
            for (double v : m) {
                shift = Math.min(shift, v);
            }
            int best = -1;
            double bestAbs = -1;
            for (int j = 0; j < d; j++) {
                double plus = 0;
                double minus = 0;
                for (int i = 0; i < n; i++) {
                    double e = Math.exp(-(m[i] - shift));
                    if (z[i][j] > 0) {
                        plus += e;
                    } else if (z[i][j] < 0) {
                        minus += e;
                    }
                }
                if (Math.abs(plus - minus) > bestAbs) {
                    bestAbs = Math.abs(plus - minus);
                    best = j;
                }
            }
            // in log space: the weights of far-away examples underflow, the step must not
            double s = 0.5 * (logWeight(m, z, best, 1) - logWeight(m, z, best, -1));
            w[best] += s;
            for (int i = 0; i < n; i++) {
                m[i] += s * z[i][best];
            }
        }
        double norm = 0;
        for (double v : w) {
            norm += Math.abs(v);
        }
        double min = Double.POSITIVE_INFINITY;
        for (double v : m) {
            min = Math.min(min, v);
        }
        return min / norm;
    }

    /** {@code log sum_{n: z_nj = sign} e^{-m_n}}. */
    private static double logWeight(double[] m, double[][] z, int j, int sign) {
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m.length; i++) {
            if (z[i][j] == sign) {
                top = Math.max(top, -m[i]);
            }
        }
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            if (z[i][j] == sign) {
                s += Math.exp(-m[i] - top);
            }
        }
        return top + Math.log(s);
    }
}
