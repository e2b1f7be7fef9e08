package org.implicitbias.oracle;

import org.implicitbias.linalg.AffineSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Vectors;

/**
 * The max-margin program {@code gamma = max_{||w|| <= 1} min_n <w, z_n>}, {@code z_n = y_n x_n}, and its
 * dual {@code min_{r in simplex} ||Z' r||_*} (Lemma 10: the two are equal).
 *
 * <ul>
 *   <li>l2: Wolfe's min-norm point of the convex hull of the z_n ({@link MinNormPoint}): the dual
 *       solved exactly on its final support; {@code w* = Z'r / ||Z'r||}.</li>
 *   <li>quadratic(D): the l2 program on {@code L^{-1} z_n} (D = L L'), mapped back by {@code w = L^{-T} v}.</li>
 *   <li>l1 and linf: linear programs ({@link LinearProgram}), finished on the optimal face; the face is
 *       reported with its support and dimension, since the maximiser is often not unique.</li>
 *   <li>lp: {@code argmin (1/p)||w||_p^p s.t. Z w >= 1} by an active-set method with dual Newton
 *       subproblems, from the scaled l2 solution; {@code gamma = 1/||w||_p}.</li>
 * </ul>
 * Whether the data are separable is decided once, by {@link #separable(Dataset)}, for every norm and
 * for every caller (the spec loader's preconditions too): data it refuses give NOT_SEPARABLE, with the
 * dual weights that put 0 in (or next to) the convex hull.
 */
public final class MaxMarginSolver {
    static final double SEPARATION_TOL = 1e-11;

    /** Solves {@code ref} on the data (labels must be +1 or -1). */
    public Outcome solve(Reference.MaxMargin ref, Dataset data) {
        checkLabels(data);
        int n = data.n();
        int d = data.d();
        double[] z = data.signedRowMajor();
        Norm norm = ref.norm();
        if (!(norm instanceof Norm.L2 || norm instanceof QuadraticNorm || norm instanceof Norm.L1
                || norm instanceof Norm.LInf || norm instanceof Norm.Lp)) {
            throw new InvalidInputException("reference.norm", norm.name(),
                    "l1, l2, linf, lp or quadratic (use max-margin-nuclear for matrices)");
        }
        long start = System.nanoTime();
        Separation sep = separation(z, n, d);
        if (!sep.separable()) {
            return notSeparable(sep);
        }
        if (norm instanceof Norm.L2) {
            return euclidean(ref, norm, z, n, d, null, sep.hull(), start);
        } else if (norm instanceof QuadraticNorm q) {
            return euclidean(ref, norm, z, n, d, q, null, start);
        } else if (norm instanceof Norm.L1 || norm instanceof Norm.LInf) {
            return linear(ref, norm, z, n, d, start);
        }
        return lp(ref, (Norm.Lp) norm, z, n, d, sep.hull(), start);
    }

    /**
     * The separability decision: some w has {@code <w, z_n> > 0} for every n.
     *
     * <p>Decided in l2, whatever norm a program uses (all norms on R^d are equivalent, so the margin is
     * positive in one iff in all): the l2 max margin is the distance from 0 to {@code conv{z_n}}
     * (Wolfe's min-norm point), and the data count as separable when it exceeds
     * {@code 1e-11 max_n ||z_n||_2}, a relative threshold far above the rounding of the hull's point.
     * This one method answers for the oracle and for the preconditions a spec is checked against.
     */
    public static boolean separable(Dataset data) {
        return data.hasSignLabels() && separation(data.signedRowMajor(), data.n(), data.d()).separable();
    }

    /** The l2 hull point of the z_n, its norm (the l2 margin) and the scale it is judged against. */
    private record Separation(MinNormPoint.Result hull, double margin, double scale) {
        boolean separable() {
            return margin > SEPARATION_TOL * scale;
        }
    }

    private static Separation separation(double[] z, int n, int d) {
        MinNormPoint.Result hull = new MinNormPoint(z, n, d).solve();
        return new Separation(hull, Vectors.norm2(hull.x()), maxDualNorm(new Norm.L2(), z, n, d));
    }

    static void checkLabels(Dataset data) {
        for (int i = 0; i < data.n(); i++) {
            if (data.y(i) != 1 && data.y(i) != -1) {
                throw new InvalidInputException("y[" + i + "]", data.y(i), "a label +1 or -1 for a max-margin program");
            }
        }
    }

    private static double maxDualNorm(Norm norm, double[] z, int n, int d) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, norm.dual(java.util.Arrays.copyOfRange(z, i * d, (i + 1) * d)));
        }
        return m;
    }

    private static Outcome notSeparable(Separation sep) {
        double[] r = sep.hull().r();
        int shown = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length && shown < 6; i++) {
            if (r[i] > 0) {
                sb.append(shown++ == 0 ? "" : ", ").append(i).append(": ").append(String.format("%.4g", r[i]));
            }
        }
        return new Outcome.NotSeparable("no w has <w, z_n> > 0 for every n: the max l2 margin is "
                + String.format("%.3e", sep.margin()) + " <= " + SEPARATION_TOL + " * max ||z_n||_2 ("
                + String.format("%.3e", sep.scale())
                + "); dual weights r in the simplex with Z'r ~ 0: {" + sb + (shown == 6 ? ", ..." : "") + "}");
    }

    /**
     * l2 (transform == null, with the hull of the separability decision) or quadratic: Wolfe on the
     * (transformed) points.
     */
    private Outcome euclidean(Reference ref, Norm norm, double[] z, int n, int d, QuadraticNorm q,
                              MinNormPoint.Result hull, long start) {
        double[] pts = z;
        double[][] lower = null;
        if (q != null) {
            RealMatrix lm = new CholeskyDecomposition(new Array2DRowRealMatrix(q.form().matrix(), false), 1e-12, 1e-14).getL();
            lower = lm.getData();
            pts = new double[n * d];
            for (int i = 0; i < n; i++) {
                double[] t = forward(lower, java.util.Arrays.copyOfRange(z, i * d, (i + 1) * d));
                System.arraycopy(t, 0, pts, i * d, d);
            }
        }
        MinNormPoint.Result res = hull != null ? hull : new MinNormPoint(pts, n, d).solve();
        double nx = Vectors.norm2(res.x());
        if (!(nx > 0)) {
            // L is invertible, so separable z_n stay separable; a zero here is a solver failure
            throw new IllegalStateException("the quadratic max margin lost the separation of separable data");
        }
        double[] w = Vectors.scaled(1 / nx, res.x());
        if (lower != null) {
            w = backward(lower, w);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", "Wolfe min-norm point of conv{" + (q == null ? "z_n" : "L^-1 z_n") + "}");
        details.put("iterations", Integer.toString(res.iterations()));
        return new Outcome.Solved(certificate(ref, norm, z, n, d, w, res.r(), true, null,
                "the unique maximiser (strictly convex norm)", details, start));
    }

    private static double[] forward(double[][] l, double[] b) {
        int d = b.length;
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    private static double[] backward(double[][] l, double[] b) {
        int d = b.length;
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /**
     * l1: {@code max gamma s.t. Z(u - v) - gamma 1 - s = 0, 1'u + 1'v + e = 1}; linf with
     * {@code w = u - 1}: {@code Z u - gamma 1 - s = Z 1, u + e = 2}; all variables >= 0 (gamma >= 0 cuts
     * nothing since w = 0 has margin 0). The multipliers of the margin rows are the dual weights r.
     */
    private Outcome linear(Reference ref, Norm norm, double[] z, int n, int d, long start) {
        boolean l1 = norm instanceof Norm.L1;
        int rows = l1 ? n + 1 : n + d;
        LinearProgram.Builder b = new LinearProgram.Builder(rows);
        double[] rhs = new double[rows];
        int[] uCol = new int[d];
        int[] vCol = new int[d];
        for (int j = 0; j < d; j++) {
            double[] col = new double[rows];
            for (int i = 0; i < n; i++) {
                col[i] = z[i * d + j];
            }
            if (l1) {
                col[n] = 1;
                uCol[j] = b.dense(0, col);
                for (int i = 0; i < n; i++) {
                    col[i] = -col[i];
                }
                vCol[j] = b.dense(0, col);
            } else {
                col[n + j] = 1;
                uCol[j] = b.dense(0, col);
                b.unit(0, n + j, 1);
            }
        }
        double[] gcol = new double[rows];
        for (int i = 0; i < n; i++) {
            gcol[i] = -1;
        }
        int gammaCol = b.dense(-1, gcol);
        int[] sCol = new int[n];
        for (int i = 0; i < n; i++) {
            sCol[i] = b.unit(0, i, -1);
        }
        if (l1) {
            b.unit(0, n, 1);
            rhs[n] = 1;
        } else {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += z[i * d + j];
                }
                rhs[i] = s;
            }
            for (int j = 0; j < d; j++) {
                rhs[n + j] = 2;
            }
        }
        LinearProgram.Result res = b.build(rhs).solve();
        double[] x = res.x();
        double[] r = new double[n];
        double rs = 0;
        for (int i = 0; i < n; i++) {
            r[i] = Math.max(0, res.y()[i]);
            rs += r[i];
        }
        for (int i = 0; i < n; i++) {
            r[i] /= rs;
        }
        double gamma = x[gammaCol];
        if (!(gamma > 0)) {
            // the data passed the separability decision, so the LP optimum is positive
            throw new IllegalStateException("the LP lost the separation of separable data (gamma " + gamma + ")");
        }
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = l1 ? x[uCol[j]] - x[vCol[j]] : x[uCol[j]] - 1;
        }
        boolean[] pos = res.positive();
        List<Integer> support = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!pos[sCol[i]]) {
                support.add(i);
            }
        }
        StringBuilder face = new StringBuilder();
        if (res.uniquePrimal()) {
            face.append("the unique maximiser (the LP optimum is a vertex)");
        } else {
            int nb = 0;
            for (boolean p : pos) {
                nb += p ? 1 : 0;
            }
            face.append("a face of the LP optimum with ").append(nb).append(" free variables");
            List<Integer> fixed = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                boolean free = l1 ? pos[uCol[j]] || pos[vCol[j]] : pos[uCol[j]] && pos[uCol[j] + 1];
                if (!free) {
                    fixed.add(j);
                }
            }
            face.append(l1 ? "; coordinates zero on the face: " : "; coordinates at +-1 on the face: ").append(fixed);
        }
        face.append("; w in face iff ||w||_").append(l1 ? "1" : "inf").append(" <= 1 and <w, z_n> >= gamma for all n;"
                + " <w, z_n> = gamma on the whole face for n in ").append(support);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", "interior-point LP, finished on the optimal face");
        details.put("iterations", Integer.toString(res.iterations()));
        details.put("lp-finished", Boolean.toString(res.finished()));
        return new Outcome.Solved(certificate(ref, norm, z, n, d, w, r, res.uniquePrimal(),
                support.stream().mapToInt(Integer::intValue).toArray(), face.toString(), details, start));
    }

    /** lp: active set on (1/p)||w||_p^p with Z w >= 1, from the l2 maximiser of the separability decision. */
    private Outcome lp(Reference ref, Norm.Lp norm, double[] z, int n, int d, MinNormPoint.Result l2, long start) {
        double nx = Vectors.norm2(l2.x());
        // x / ||x||^2 has <., z_n> >= 1, with equality on the l2 support
        double[] ws = Vectors.scaled(1 / (nx * nx), l2.x());
        List<Integer> working = new ArrayList<>();
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        for (int i = 0; i < n; i++) {
            double m = Vectors.dot(z, i * d, ws, d);
            if (m < 1) {
                // rounding below the constraint: lift the start onto the feasible side
                ws = Vectors.scaled(1 / m, ws);
            }
        }
        for (int i = 0; i < n; i++) {
            if (Math.abs(Vectors.dot(z, i * d, ws, d) - 1) <= 1e-12 && working.size() < d) {
                working.add(i);
            }
        }
        AffineSet noEq = AffineSet.of(new double[0], 0, d, new double[0], i -> "", new double[d]);
        InequalityBregman.Result res = new InequalityBregman(new Potential.LpPower(norm.p())).solve(new double[d], noEq,
                z, n, ones, ws, working.stream().mapToInt(Integer::intValue).toArray());
        double wn = norm.value(res.w());
        double[] w = Vectors.scaled(1 / wn, res.w());
        double[] r = Vectors.clippedDistribution(res.alpha(), n);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("method", "active set on (1/p)||w||_p^p s.t. Zw >= 1 from the l2 solution, dual Newton subproblems");
        details.put("iterations", res.iterations() + " working sets, " + res.newtonIterations() + " Newton steps");
        return new Outcome.Solved(certificate(ref, norm, z, n, d, w, r, true, null,
                "the unique maximiser (strictly convex norm)", details, start));
    }

    /**
     * The certificate of a max-margin solution: primal value {@code min_n <w, z_n>} of the unit-norm w,
     * dual value {@code ||Z' r||_*}; stationarity {@code |<w, Z'r> - ||Z'r||_*|} (w attains the dual norm),
     * complementary slackness {@code max_n r_n (<w, z_n> - gamma)}, dual feasibility {@code r in simplex}.
     */
    static Certificate certificate(Reference ref, Norm norm, double[] z, int n, int d, double[] wIn, double[] r,
                                   boolean unique, int[] supportIn, String face, Map<String, String> details,
                                   long start) {
        double nw = norm.value(wIn);
        double[] w = Vectors.scaled(1 / nw, wIn);
        double[] margins = new double[n];
        double gamma = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            margins[i] = Vectors.dot(z, i * d, w, d);
            gamma = Math.min(gamma, margins[i]);
        }
        double[] g = Vectors.multiplyTransposed(z, n, d, r);
        double dual = norm.dual(g);
        double scale = maxDualNorm(norm, z, n, d);
        int[] support = supportIn;
        if (support == null) {
            List<Integer> s = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (r[i] > 0 || margins[i] - gamma <= 1e-9 * scale) {
                    s.add(i);
                }
            }
            support = s.stream().mapToInt(Integer::intValue).toArray();
        }
        double compl = 0;
        double rsum = 0;
        double rneg = 0;
        for (int i = 0; i < n; i++) {
            compl = Math.max(compl, Math.abs(r[i] * (margins[i] - gamma)));
            rsum += r[i];
            rneg = Math.max(rneg, -r[i]);
        }
        double stat = Math.abs(Vectors.dot(w, g) - dual);
        double primalFeas = Math.max(0, norm.value(w) - 1);
        Certificate.Residuals res = new Certificate.Residuals(primalFeas, stat, compl, Math.max(rneg, Math.abs(rsum - 1)),
                dual - gamma);
        MarginFace mf = new MarginFace(norm, false, n, d, z, gamma, w, support, r, dual, unique, face);
        Map<String, String> det = new LinkedHashMap<>(details);
        det.put("norm", norm.name());
        det.put("gamma", Double.toString(gamma));
        det.put("support", java.util.Arrays.toString(support));
        det.put("unique", Boolean.toString(unique));
        det.put("face", face);
        det.put("seconds", String.format("%.4f", (System.nanoTime() - start) * 1e-9));
        Map<String, double[]> mult = new LinkedHashMap<>();
        mult.put("r", r);
        return new Certificate(ref, Certificate.Level.NUMERIC, w, gamma, dual, mult, res, det, mf);
    }
}
