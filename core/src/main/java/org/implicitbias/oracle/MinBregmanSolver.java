package org.implicitbias.oracle;

import org.implicitbias.linalg.AffineSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Vectors;

/**
 * {@code argmin_{w in G} D_psi(w, w0)}, {@code G = {w : X w = y}}, optionally intersected with the
 * simplex {@code {w >= 0, sum_i w_i = 1}} (Theorem 1 of the paper and its constrained variant).
 *
 * <p>Method: the dual in the multipliers lambda of the (independent) rows,
 * {@code min_lambda psi*(grad psi(w0) + X' lambda) - <lambda, y>}, by Newton's method with a line
 * search ({@link AffineBregman}); the primal point is {@code w = (grad psi)^{-1}(grad psi(w0) + X' lambda)},
 * so stationarity holds by construction and the Newton iteration drives {@code X w - y} to its
 * rounding floor. Dependent rows are dropped after checking that their targets agree; for entropy the
 * sum-to-one row joins X (positivity is the domain); for the other potentials the simplex adds the
 * inequalities {@code w >= 0}, handled by an active-set method from a feasible point found by an LP.
 *
 * <p>KKT conditions certified: {@code grad psi(w) - grad psi(w0) = X' lambda + mu 1 + nu},
 * {@code X w = y}, and with the simplex {@code sum w = 1, w >= 0, nu >= 0, nu_i w_i = 0}.
 * The dual value is {@code <lambda, y> + mu - psi*(theta) - psi(w0) + <grad psi(w0), w0>}.
 */
public final class MinBregmanSolver {

    /** Solves {@code ref} on the data from w0. */
    public Outcome solve(Reference.MinBregman ref, Dataset data, double[] w0) {
        return solve(ref.potential(), ref.simplex(), data, w0, ref);
    }

    Outcome solve(Potential psi, boolean simplex, Dataset data, double[] w0, Reference ref) {
        int n = data.n();
        int d = data.d();
        checkStart(psi, w0, d);
        boolean entropy = psi instanceof Potential.Entropy;
        int m = simplex ? n + 1 : n;
        // X itself (read only), or X with the row of ones below it
        double[] a = simplex ? java.util.Arrays.copyOf(data.rowMajor(), m * d) : data.rowMajor();
        double[] b = java.util.Arrays.copyOf(data.y(), m);
        if (simplex) {
            java.util.Arrays.fill(a, n * d, m * d, 1.0);
            b[n] = 1;
        }
        AffineSet set = AffineSet.of(a, m, d, b, i -> i < n ? "row " + i + " of X" : "the simplex row sum w = 1", w0);
        if (set.emptyReason != null) {
            return new Outcome.Infeasible((simplex ? "G meets no point with sum w = 1: " : "G = {Xw = y} is empty: ")
                    + set.emptyReason);
        }
        double[] theta0 = new double[d];
        psi.link(w0, theta0);
        long start = System.nanoTime();
        double[] w;
        double[] lambdaAll;
        double[] nu = null;
        String method;
        int iterations;
        if (simplex && !entropy) {
            Interiority.LpPoint feasible = Interiority.maxMinEntry(set);
            if (feasible.t() < -1e-10 * Math.max(1, feasible.scale())) {
                return new Outcome.Infeasible("G does not meet the simplex: the largest min_i w_i over {Xw = y,"
                        + " sum w = 1} is " + String.format("%.6g", feasible.t()) + " < 0");
            }
            double[] ws = feasible.w().clone();
            for (int j = 0; j < d; j++) {
                ws[j] = Math.max(0, ws[j]);
            }
            double[] eye = new double[d * d];
            for (int j = 0; j < d; j++) {
                eye[j * d + j] = 1;
            }
            List<Integer> active = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                if (ws[j] == 0) {
                    active.add(j);
                }
            }
            InequalityBregman.Result r = new InequalityBregman(psi).solve(theta0, set, eye, d, new double[d], ws,
                    active.stream().mapToInt(Integer::intValue).toArray());
            w = r.w();
            lambdaAll = set.originalMultipliers(r.lambdaEq(), m);
            nu = r.alpha();
            method = "active set over w >= 0, dual Newton per working set";
            iterations = r.iterations();
        } else {
            AffineBregman.Result r = new AffineBregman(psi).solve(set.rows, set.unitRows, set.size(), d, set.rhs, theta0,
                    null, 300, set.gramFactor);
            if (!r.converged()) {
                if (entropy) {
                    Interiority.LpPoint feasible = Interiority.maxMinEntry(set);
                    if (feasible.t() <= 1e-12 * Math.max(1, feasible.scale())) {
                        return new Outcome.Infeasible("no positive w satisfies " + (simplex ? "Xw = y, sum w = 1" : "Xw = y")
                                + " (entropy needs w > 0): the largest min_i w_i over that set is "
                                + String.format("%.6g", feasible.t()));
                    }
                }
                throw new IllegalStateException("dual Newton for min-bregman " + psi.name() + " did not converge: residual "
                        + r.residual() + " after " + r.iterations() + " iterations");
            }
            w = r.w();
            lambdaAll = set.originalMultipliers(r.lambda(), m);
            method = r.conjugateGradientSteps() > 0
                    ? "dual Newton, steps by conjugate gradients preconditioned with an earlier Newton matrix ("
                            + r.conjugateGradientSteps() + " in all)"
                    : "dual Newton";
            iterations = r.iterations();
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        double[] lambda = java.util.Arrays.copyOf(lambdaAll, n);
        double mu = simplex ? lambdaAll[n] : 0;
        return new Outcome.Solved(certificate(ref, psi, simplex, data, w0, theta0, w, lambda, mu, nu, method,
                iterations, set, seconds));
    }

    private static void checkStart(Potential psi, double[] w0, int d) {
        if (w0 == null || w0.length != d) {
            throw new InvalidInputException("w0", w0 == null ? "nothing" : w0.length + " entries", d + " entries, one per column of X");
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(w0[j])) {
                throw new InvalidInputException("w0[" + j + "]", w0[j], "a finite number");
            }
        }
        if (!psi.inDomain(w0)) {
            throw new InvalidInputException("w0", java.util.Arrays.toString(w0), "a point in the domain of "
                    + psi.name() + (psi instanceof Potential.Entropy ? " (every entry > 0)" : ""));
        }
    }

    private static Certificate certificate(Reference ref, Potential psi, boolean simplex, Dataset data, double[] w0,
                                           double[] theta0, double[] w, double[] lambda, double mu, double[] nu,
                                           String method, int iterations, AffineSet set, double seconds) {
        int n = data.n();
        int d = data.d();
        double[] x = data.rowMajor();
        double[] y = data.y();
        double primal = 0;
        for (int i = 0; i < n; i++) {
            primal = Math.max(primal, Math.abs(Vectors.dot(x, i * d, w, d) - y[i]));
        }
        if (simplex) {
            double s = 0;
            for (double v : w) {
                s += v;
                primal = Math.max(primal, Math.max(0, -v));
            }
            primal = Math.max(primal, Math.abs(s - 1));
        }
        // theta = grad psi(w0) + X' lambda + mu 1 + nu: the dual point
        double[] theta = theta0.clone();
        for (int i = 0; i < n; i++) {
            if (lambda[i] != 0) {
                Vectors.axpy(lambda[i], x, i * d, theta, d);
            }
        }
        for (int j = 0; j < d; j++) {
            theta[j] += mu + (nu == null ? 0 : nu[j]);
        }
        double[] link = new double[d];
        psi.link(w, link);
        double stat = 0;
        boolean boundary = false;
        for (int j = 0; j < d; j++) {
            if (nu != null && w[j] == 0 && !Double.isFinite(link[j])) {
                boundary = true;
                continue;
            }
            stat = Math.max(stat, Math.abs(link[j] - theta[j]));
        }
        double compl = 0;
        double dualFeas = 0;
        if (nu != null) {
            for (int j = 0; j < d; j++) {
                compl = Math.max(compl, Math.abs(nu[j] * w[j]));
                dualFeas = Math.max(dualFeas, Math.max(0, -nu[j]));
            }
        }
        double value = psi.bregman(w, w0);
        double[] wTheta = new double[d];
        psi.inverseLink(theta, wTheta);
        double conj = Vectors.dot(theta, wTheta) - psi.value(wTheta);
        double dual = Vectors.dot(lambda, y) + mu - conj - psi.value(w0) + Vectors.dot(theta0, w0);
        Map<String, double[]> mult = new LinkedHashMap<>();
        mult.put("lambda", lambda);
        if (simplex) {
            mult.put("mu", new double[] {mu});
        }
        if (nu != null) {
            mult.put("nu", nu);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", method);
        details.put("iterations", Integer.toString(iterations));
        details.put("potential", psi.name());
        details.put("constraint", simplex ? "simplex" : "none");
        details.put("rank", set.size() + " independent rows of " + (simplex ? n + 1 : n));
        if (boundary) {
            details.put("stationarity", "measured on coordinates off the boundary w_j = 0");
        }
        details.put("seconds", String.format("%.4f", seconds));
        Certificate.Residuals res = new Certificate.Residuals(primal, stat, compl, dualFeas, value - dual);
        return new Certificate(ref, Certificate.Level.NUMERIC, w, value, dual, mult, res, details, null);
    }
}
