package org.implicitbias.oracle;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Vectors;

/** Second routes written independently of the solvers, for the tests. */
final class Routes {
    private Routes() {
    }

    /**
     * The l1 (or linf) max margin by Commons Math's dense simplex method: variables (u, v, gamma), w = u - v,
     * max gamma s.t. Z(u - v) >= gamma, and sum(u + v) <= 1 (l1) or u_j + v_j <= 1 (linf). Returns {gamma, w...}.
     */
    static double[] simplexMaxMargin(double[] z, int n, int d, boolean l1) {
        int nv = 2 * d + 1;
        double[] obj = new double[nv];
        obj[2 * d] = 1;
        List<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] a = new double[nv];
            for (int j = 0; j < d; j++) {
                a[j] = z[i * d + j];
                a[d + j] = -z[i * d + j];
            }
            a[2 * d] = -1;
            cons.add(new LinearConstraint(a, Relationship.GEQ, 0));
        }
        if (l1) {
            double[] a = new double[nv];
            Arrays.fill(a, 0, 2 * d, 1);
            cons.add(new LinearConstraint(a, Relationship.LEQ, 1));
        } else {
            for (int j = 0; j < d; j++) {
                double[] a = new double[nv];
                a[j] = 1;
                a[d + j] = 1;
                cons.add(new LinearConstraint(a, Relationship.LEQ, 1));
            }
        }
        PointValuePair p = new SimplexSolver(1e-9, 10, 1e-14).optimize(new MaxIter(100000),
                new LinearObjectiveFunction(obj, 0), new LinearConstraintSet(cons), GoalType.MAXIMIZE,
                new NonNegativeConstraint(true));
        double[] x = p.getPoint();
        double[] out = new double[d + 1];
        out[0] = x[2 * d];
        for (int j = 0; j < d; j++) {
            out[1 + j] = x[j] - x[d + j];
        }
        return out;
    }

    /** Euclidean projection onto the simplex (sort-based). */
    static void projectSimplex(double[] v) {
        double[] u = v.clone();
        Arrays.sort(u);
        double cum = 0;
        double theta = 0;
        for (int i = u.length - 1; i >= 0; i--) {
            cum += u[i];
            double t = (cum - 1) / (u.length - i);
            if (i == 0 || u[i - 1] <= t) {
                theta = t;
                break;
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i] - theta);
        }
    }

    /**
     * Plain projected gradient with backtracking on {@code min_{r in simplex} 1/2 ||Z'r||_*^2} for a
     * differentiable dual norm (l2, lq, quadratic): returns the best dual value {@code ||Z'r||_*} found
     * and the primal margin of the induced w (the gradient direction of the dual norm), a bracket of gamma.
     */
    static double[] projectedGradientBracket(Norm norm, double[] z, int n, int d, int iterations) {
        double[] r = new double[n];
        Arrays.fill(r, 1.0 / n);
        double step = 1;
        double bestUpper = Double.POSITIVE_INFINITY;
        double bestLower = Double.NEGATIVE_INFINITY;
        double[] grad = new double[n];
        for (int it = 0; it < iterations; it++) {
            double[] g = Vectors.multiplyTransposed(z, n, d, r);
            double f = 0.5 * Math.pow(norm.dual(g), 2);
            bestUpper = Math.min(bestUpper, Math.sqrt(2 * f));
            // w = grad of 1/2||g||_*^2 = -steepest step of the norm; its normalised margin is a lower bound
            double[] w = new double[d];
            norm.steepestStep(Vectors.scaled(-1, g), w, org.implicitbias.geometry.TieRule.AVERAGE);
            double nw = norm.value(w);
            if (nw > 0) {
                double m = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    m = Math.min(m, Vectors.dot(z, i * d, w, d) / nw);
                }
                bestLower = Math.max(bestLower, m);
            }
            if (bestUpper - bestLower < 1e-9) {
                break;
            }
            for (int i = 0; i < n; i++) {
                grad[i] = Vectors.dot(z, i * d, w, d);
            }
            while (true) {
                double[] rt = r.clone();
                for (int i = 0; i < n; i++) {
                    rt[i] -= step * grad[i];
                }
                projectSimplex(rt);
                double ft = 0.5 * Math.pow(norm.dual(Vectors.multiplyTransposed(z, n, d, rt)), 2);
                double lin = 0;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    lin += grad[i] * (rt[i] - r[i]);
                    sq += (rt[i] - r[i]) * (rt[i] - r[i]);
                }
                if (ft <= f + lin + sq / (2 * step) + 1e-15 || step < 1e-12) {
                    r = rt;
                    step *= 2;
                    break;
                }
                step /= 2;
            }
        }
        return new double[] {bestLower, bestUpper};
    }
}
