package org.implicitbias.claims;

import java.util.ArrayList;
import java.util.List;
import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InterpolatingSet;
import org.implicitbias.model.Vectors;

/**
 * The distance of a point to the optimal face of {@code min_{Xw = y} ||w - c||} for the l1 and linf norms,
 * whose minimisers are in general not unique, so that a limit is judged by its distance to the whole set
 * of minimisers and not to the one point a solver returned.
 *
 * <p>With a dual optimum {@code lambda} and {@code g = X' lambda} (scaled to {@code ||g||_* = 1}), complementary
 * slackness describes every minimiser (for any dual optimum): writing {@code v = w - c},
 * <ul>
 *   <li>l1: {@code v_i = 0} where {@code |g_i| < 1}, and {@code g_i v_i >= 0} where {@code |g_i| = 1};</li>
 *   <li>linf: {@code v_i = t* sign(g_i)} where {@code g_i != 0}, and {@code |v_i| <= t*} elsewhere,
 *       {@code t*} the optimal value;</li>
 * </ul>
 * together with {@code X v = y - X c}. The distance to the affine hull A of these equalities is a lower bound
 * on the distance to the face; the projection onto A, moved along the segment towards the reference minimiser
 * (which satisfies the inequalities) until it satisfies them, is a point of the face and gives an upper bound.
 * The two coincide when the projection already satisfies the inequalities (the usual case for a run that
 * has reached the face).
 */
final class OptimalFace {
    /** Relative tolerance for reading {@code |g_i| = 1} (l1) and {@code g_i != 0} (linf) from the multipliers. */
    private static final double ACTIVE = 1e-9;

    /** Lower and upper bounds on the l2 distance of a point to the optimal face. */
    record Distance(double lower, double upper) {
    }

    private OptimalFace() {
    }

    /**
     * Bounds on the l2 distance of {@code w} to the optimal face, read from the dual multipliers.
     *
     * @param norm      l1 or linf
     * @param centre    c
     * @param lambda    the dual multipliers of {@code Xw = y}
     * @param value     the optimal value {@code t* = ||w* - c||}
     * @param minimiser the reference minimiser (a point of the face)
     * @param w         the point to measure
     * @return the bounds, or null when the face cannot be read from the multipliers
     */
    static Distance distance(Norm norm, Dataset data, double[] centre, double[] lambda, double value, double[] minimiser,
                             double[] w) {
        int n = data.n();
        int d = data.d();
        if (lambda == null || lambda.length != n) {
            return null;
        }
        double[] g = Vectors.multiplyTransposed(data.rowMajor(), n, d, lambda);
        double gd = norm.dual(g);
        if (!(gd > 0)) {
            return null;
        }
        g = Vectors.scaled(1 / gd, g);
        boolean l1 = norm instanceof Norm.L1;
        if (!l1 && !(norm instanceof Norm.LInf)) {
            throw new IllegalArgumentException("the optimal face is read for l1 and linf only, not " + norm.name());
        }
        double gmax = 0;
        for (double x : g) {
            gmax = Math.max(gmax, Math.abs(x));
        }
        // fixed[i]: the coordinate is pinned to pinned[i]; free coordinates carry the inequalities
        boolean[] fixed = new boolean[d];
        double[] pinned = new double[d];
        for (int i = 0; i < d; i++) {
            if (l1) {
                fixed[i] = Math.abs(g[i]) < 1 - ACTIVE;
            } else {
                fixed[i] = Math.abs(g[i]) > ACTIVE * gmax;
                pinned[i] = fixed[i] ? value * Math.signum(g[i]) : 0;
            }
        }
        double[] p = Vectors.subtract(w, centre);
        double[] star = Vectors.subtract(minimiser, centre);
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            if (!fixed[i]) {
                free.add(i);
            }
        }
        double fixedPart = 0;
        for (int i = 0; i < d; i++) {
            if (fixed[i]) {
                fixedPart += (p[i] - pinned[i]) * (p[i] - pinned[i]);
            }
        }
        double[] q = pinned.clone();
        double freePart = 0;
        if (!free.isEmpty()) {
            int f = free.size();
            double[][] xf = new double[n][f];
            double[] rhs = new double[n];
            double[] pf = new double[f];
            for (int r = 0; r < n; r++) {
                double s = data.y(r) - Vectors.dot(data.rowMajor(), r * d, centre, d);
                for (int i = 0; i < d; i++) {
                    if (fixed[i]) {
                        s -= data.rowMajor()[r * d + i] * pinned[i];
                    }
                }
                rhs[r] = s;
                for (int k = 0; k < f; k++) {
                    xf[r][k] = data.rowMajor()[r * d + free.get(k)];
                }
            }
            for (int k = 0; k < f; k++) {
                pf[k] = p[free.get(k)];
            }
            InterpolatingSet hull = InterpolatingSet.of(Dataset.of(xf, rhs));
            double[] proj = hull.projection(pf);
            if (proj == null) {
                return null;
            }
            freePart = Vectors.distance(pf, proj) * Vectors.distance(pf, proj);
            for (int k = 0; k < f; k++) {
                q[free.get(k)] = proj[k];
            }
        } else {
            for (int r = 0; r < n; r++) {
                double s = data.y(r) - Vectors.dot(data.rowMajor(), r * d, centre, d) - Vectors.dot(data.rowMajor(), r * d, pinned, d);
                if (Math.abs(s) > 1e-9 * Math.max(1, Math.abs(data.y(r)))) {
                    return null;
                }
            }
        }
        double lower = Math.sqrt(fixedPart + freePart);
        // the smallest theta in [0, 1] for which q + theta (star - q) meets every inequality
        double theta = 0;
        double slack = 1e-12 * Math.max(1, value);
        for (int i = 0; i < d; i++) {
            if (fixed[i]) {
                continue;
            }
            double a = q[i];
            double b = star[i];
            if (l1) {
                // g_i v_i >= 0
                double ga = g[i] * a;
                double gb = g[i] * b;
                if (ga < -slack) {
                    if (gb < -slack) {
                        return new Distance(lower, Double.POSITIVE_INFINITY);
                    }
                    theta = Math.max(theta, ga / (ga - gb));
                }
            } else {
                // |v_i| <= t*
                if (Math.abs(a) > value + slack) {
                    if (Math.abs(b) > value + slack) {
                        return new Distance(lower, Double.POSITIVE_INFINITY);
                    }
                    double bound = a > 0 ? value : -value;
                    theta = Math.max(theta, (a - bound) / (a - b));
                }
            }
        }
        double[] v = q.clone();
        for (int i = 0; i < d; i++) {
            v[i] = q[i] + theta * (star[i] - q[i]);
        }
        double upper = Math.max(lower, Vectors.distance(p, v));
        return new Distance(lower, upper);
    }
}
