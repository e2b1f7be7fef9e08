package org.implicitbias.report;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;
import org.implicitbias.geometry.Norm;

/**
 * The minimum-norm point of a line, {@code argmin_t ||p + t v||}, for any norm: a one-dimensional
 * convex minimisation solved with Brent's method on a bracket that provably contains the minimiser.
 *
 * <p>Bracket: by the triangle inequality {@code ||p + t v|| >= |t| ||v|| - ||p||}, which exceeds
 * {@code ||p|| = f(0)} once {@code |t| > 2 ||p|| / ||v||}; so the minimiser lies in
 * {@code [-2||p||/||v||, 2||p||/||v||]}. A strictly convex norm (lp, 1 < p < inf) has exactly one
 * minimiser; Brent's method locates it to about {@code sqrt(machine epsilon)} relative accuracy in t
 * (the objective is flat to second order there), i.e. about 1e-8.
 *
 * <p>This is the reference for Figure 1(c) ({@code argmin_G ||w||_{4/3}} with G a line); the general
 * certified solver for {@code min-norm} programs lives in the oracle package.
 */
public final class MinNormOnLine {
    private MinNormOnLine() {
    }

    /**
     * The parameter t of {@code argmin_t ||p + t v||}.
     *
     * @throws IllegalArgumentException if v is zero
     */
    public static double minimizer(Norm norm, double[] p, double[] v) {
        double nv = norm.value(v);
        if (!(nv > 0)) {
            throw new IllegalArgumentException("the direction of the line is zero");
        }
        double np = norm.value(p);
        if (np == 0) {
            return 0;
        }
        double half = 2 * np / nv;
        double[] w = new double[p.length];
        UnivariateObjectiveFunction f = new UnivariateObjectiveFunction(t -> {
            for (int i = 0; i < w.length; i++) {
                w[i] = p[i] + t * v[i];
            }
            return norm.value(w);
        });
        UnivariatePointValuePair best = new BrentOptimizer(1e-14, 1e-15 * half)
                .optimize(new MaxEval(10_000), f, GoalType.MINIMIZE, new SearchInterval(-half, half, 0));
        return best.getPoint();
    }

    /** {@code argmin_{w in G} ||w||} for the line G. */
    public static double[] point(Norm norm, SolutionLine line) {
        return line.at(minimizer(norm, line.point(), line.direction()));
    }
}
