package org.implicitbias.geometry;

import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Vectors;

/**
 * A strictly convex potential {@code psi} on its domain, the mirror map of mirror descent.
 *
 * <p>Each potential provides its value, the link {@code grad psi}, the inverse link
 * {@code (grad psi)^{-1} = grad psi*}, the Hessian (and a solve with it, for natural gradient), and
 * the Bregman divergence {@code D_psi(w, v) = psi(w) - psi(v) - <grad psi(v), w - v>}.
 *
 * <p>Vocabulary: {@code squared-l2}, {@code quadratic} (D), {@code entropy}, {@code squared-lp} (p),
 * {@code lp-power} (p), {@code hypentropy} (beta).
 */
public sealed interface Potential
        permits Potential.SquaredL2, QuadraticPotential, Potential.Entropy, Potential.SquaredLp,
        Potential.LpPower, Potential.Hypentropy {

    /** Name in the vocabulary of the files. */
    String name();

    /** {@code psi(w)}; {@code +Infinity} outside the domain. */
    double value(double[] w);

    /** {@code out = grad psi(w)}. */
    void link(double[] w, double[] out);

    /** {@code out = (grad psi)^{-1}(theta)}, the point whose link is theta. */
    void inverseLink(double[] theta, double[] out);

    /** The Hessian {@code grad^2 psi(w)} as a dense matrix. */
    double[][] hessian(double[] w);

    /** {@code out = grad^2 psi(w)^{-1} g}, the natural-gradient direction. */
    void solveHessian(double[] w, double[] g, double[] out);

    /** {@code argmin psi} in dimension d (the starting point of Theorem 1a). */
    double[] minimizer(int d);

    /** Whether w lies in the (open) domain of psi. Default: all of R^d. */
    default boolean inDomain(double[] w) {
        return Vectors.allFinite(w);
    }

    /** Bregman divergence {@code D_psi(w, v)}. */
    default double bregman(double[] w, double[] v) {
        double[] g = new double[v.length];
        link(v, g);
        double s = value(w) - value(v);
        for (int i = 0; i < w.length; i++) {
            s -= g[i] * (w[i] - v[i]);
        }
        return s;
    }

    /** {@code psi(w) = 1/2 ||w||_2^2}; link is the identity. */
    record SquaredL2() implements Potential {
        @Override
        public String name() {
            return "squared-l2";
        }

        @Override
        public double value(double[] w) {
            return 0.5 * Vectors.dot(w, w);
        }

        @Override
        public void link(double[] w, double[] out) {
            System.arraycopy(w, 0, out, 0, w.length);
        }

        @Override
        public void inverseLink(double[] theta, double[] out) {
            System.arraycopy(theta, 0, out, 0, theta.length);
        }

        @Override
        public double[][] hessian(double[] w) {
            double[][] h = new double[w.length][w.length];
            for (int i = 0; i < w.length; i++) {
                h[i][i] = 1;
            }
            return h;
        }

        @Override
        public void solveHessian(double[] w, double[] g, double[] out) {
            System.arraycopy(g, 0, out, 0, g.length);
        }

        @Override
        public double[] minimizer(int d) {
            return new double[d];
        }

        @Override
        public double bregman(double[] w, double[] v) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                double t = w[i] - v[i];
                s += t * t;
            }
            return 0.5 * s;
        }
    }

    /**
     * Unnormalised negative entropy {@code psi(w) = sum_i w_i log w_i - w_i} on {@code w > 0}:
     * link {@code log w}, inverse link {@code exp}, Hessian {@code diag(1/w)}, minimiser {@code 1},
     * {@code D_psi(w, v) = sum_i w_i log(w_i/v_i) - w_i + v_i}.
     */
    record Entropy() implements Potential {
        @Override
        public String name() {
            return "entropy";
        }

        @Override
        public double value(double[] w) {
            double s = 0;
            for (double v : w) {
                if (!(v > 0)) {
                    return v == 0 ? s : Double.POSITIVE_INFINITY;
                }
                s += v * Math.log(v) - v;
            }
            return s;
        }

        @Override
        public void link(double[] w, double[] out) {
            for (int i = 0; i < w.length; i++) {
                out[i] = Math.log(w[i]);
            }
        }

        @Override
        public void inverseLink(double[] theta, double[] out) {
            for (int i = 0; i < theta.length; i++) {
                out[i] = Math.exp(theta[i]);
            }
        }

        @Override
        public double[][] hessian(double[] w) {
            double[][] h = new double[w.length][w.length];
            for (int i = 0; i < w.length; i++) {
                h[i][i] = 1 / w[i];
            }
            return h;
        }

        @Override
        public void solveHessian(double[] w, double[] g, double[] out) {
            for (int i = 0; i < w.length; i++) {
                out[i] = w[i] * g[i];
            }
        }

        @Override
        public double[] minimizer(int d) {
            double[] one = new double[d];
            java.util.Arrays.fill(one, 1.0);
            return one;
        }

        @Override
        public boolean inDomain(double[] w) {
            for (double v : w) {
                if (!(v > 0) || v == Double.POSITIVE_INFINITY) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public double bregman(double[] w, double[] v) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                s += (w[i] > 0 ? w[i] * Math.log(w[i] / v[i]) : 0) - w[i] + v[i];
            }
            return s;
        }
    }

    /**
     * {@code psi(w) = 1/2 ||w||_p^2}, p in (1, 2]: link {@code ||w||_p^{2-p} sign(w)|w|^{p-1}}; the
     * inverse link is the link of the conjugate {@code 1/2 ||theta||_q^2}, {@code 1/p + 1/q = 1};
     * Hessian {@code (2-p) ||w||_p^{2-2p} s s' + (p-1) ||w||_p^{2-p} diag(|w|^{p-2})},
     * {@code s = sign(w)|w|^{p-1}}.
     */
    record SquaredLp(double p) implements Potential {
        public SquaredLp {
            if (!(p > 1 && p <= 2)) {
                throw new InvalidInputException("potential.p", p, "p in (1, 2] for squared-lp");
            }
        }

        @Override
        public String name() {
            return "squared-lp";
        }

        @Override
        public double value(double[] w) {
            double n = Norm.lpNorm(w, p);
            return 0.5 * n * n;
        }

        @Override
        public void link(double[] w, double[] out) {
            dualLink(w, p, out);
        }

        @Override
        public void inverseLink(double[] theta, double[] out) {
            dualLink(theta, p / (p - 1), out);
        }

        /** {@code grad of 1/2 ||v||_r^2 = ||v||_r^{2-r} sign(v)|v|^{r-1}}. */
        static void dualLink(double[] v, double r, double[] out) {
            double n = Norm.lpNorm(v, r);
            if (n == 0) {
                java.util.Arrays.fill(out, 0, v.length, 0);
                return;
            }
            // n^{2-r} |v|^{r-1} = n * (|v|/n)^{r-1}: no overflow for large r
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.signum(v[i]) * n * Math.pow(Math.abs(v[i]) / n, r - 1);
            }
        }

        @Override
        public double[][] hessian(double[] w) {
            int d = w.length;
            double n = Norm.lpNorm(w, p);
            double[] s = new double[d];
            for (int i = 0; i < d; i++) {
                s[i] = Math.signum(w[i]) * Math.pow(Math.abs(w[i]), p - 1);
            }
            double c = (2 - p) * Math.pow(n, 2 - 2 * p);
            double[][] h = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    h[i][j] = c * s[i] * s[j];
                }
                h[i][i] += (p - 1) * Math.pow(n, 2 - p) * Math.pow(Math.abs(w[i]), p - 2);
            }
            return h;
        }

        @Override
        public void solveHessian(double[] w, double[] g, double[] out) {
            // H = A + c s s' with A diagonal: Sherman-Morrison, with A^{-1} formed directly so that
            // coordinates at 0 (where |w|^{p-2} is infinite for p < 2) get A^{-1} = 0.
            int d = w.length;
            double n = Norm.lpNorm(w, p);
            double c = (2 - p) * Math.pow(n, 2 - 2 * p);
            double[] s = new double[d];
            double[] ainv = new double[d];
            double sAs = 0;
            double sAg = 0;
            for (int i = 0; i < d; i++) {
                double a = Math.abs(w[i]);
                s[i] = Math.signum(w[i]) * Math.pow(a, p - 1);
                ainv[i] = Math.pow(a, 2 - p) / ((p - 1) * Math.pow(n, 2 - p));
                sAs += s[i] * ainv[i] * s[i];
                sAg += s[i] * ainv[i] * g[i];
            }
            double k = c * sAg / (1 + c * sAs);
            for (int i = 0; i < d; i++) {
                out[i] = ainv[i] * g[i] - k * ainv[i] * s[i];
            }
        }

        @Override
        public double[] minimizer(int d) {
            return new double[d];
        }
    }

    /**
     * {@code psi(w) = (1/p) sum_i |w_i|^p}, p > 1: link {@code sign(w)|w|^{p-1}}, inverse link
     * {@code sign(theta)|theta|^{1/(p-1)}}, Hessian {@code diag((p-1)|w|^{p-2})}.
     */
    record LpPower(double p) implements Potential {
        public LpPower {
            if (!(p > 1) || !Double.isFinite(p)) {
                throw new InvalidInputException("potential.p", p, "a finite p > 1 for lp-power");
            }
        }

        @Override
        public String name() {
            return "lp-power";
        }

        @Override
        public double value(double[] w) {
            double s = 0;
            for (double v : w) {
                s += Math.pow(Math.abs(v), p);
            }
            return s / p;
        }

        @Override
        public void link(double[] w, double[] out) {
            for (int i = 0; i < w.length; i++) {
                out[i] = Math.signum(w[i]) * Math.pow(Math.abs(w[i]), p - 1);
            }
        }

        @Override
        public void inverseLink(double[] theta, double[] out) {
            for (int i = 0; i < theta.length; i++) {
                out[i] = Math.signum(theta[i]) * Math.pow(Math.abs(theta[i]), 1 / (p - 1));
            }
        }

        @Override
        public double[][] hessian(double[] w) {
            double[][] h = new double[w.length][w.length];
            for (int i = 0; i < w.length; i++) {
                h[i][i] = (p - 1) * Math.pow(Math.abs(w[i]), p - 2);
            }
            return h;
        }

        @Override
        public void solveHessian(double[] w, double[] g, double[] out) {
            for (int i = 0; i < w.length; i++) {
                out[i] = g[i] * Math.pow(Math.abs(w[i]), 2 - p) / (p - 1);
            }
        }

        @Override
        public double[] minimizer(int d) {
            return new double[d];
        }
    }

    /**
     * Hyperbolic entropy {@code psi(w) = sum_i w_i asinh(w_i/beta) - sqrt(w_i^2 + beta^2)}, beta > 0:
     * link {@code asinh(w/beta)}, inverse link {@code beta sinh(theta)}, Hessian
     * {@code diag(1/sqrt(w^2 + beta^2))}. Interpolates between l1-like (small beta) and l2-like
     * (large beta) geometry; the diagonal network's flow is MD with beta = 2 alpha^2.
     */
    record Hypentropy(double beta) implements Potential {
        public Hypentropy {
            if (!(beta > 0) || !Double.isFinite(beta)) {
                throw new InvalidInputException("potential.beta", beta, "a finite beta > 0 for hypentropy");
            }
        }

        @Override
        public String name() {
            return "hypentropy";
        }

        @Override
        public double value(double[] w) {
            double s = 0;
            for (double v : w) {
                s += v * asinh(v / beta) - Math.hypot(v, beta);
            }
            return s;
        }

        @Override
        public void link(double[] w, double[] out) {
            for (int i = 0; i < w.length; i++) {
                out[i] = asinh(w[i] / beta);
            }
        }

        @Override
        public void inverseLink(double[] theta, double[] out) {
            for (int i = 0; i < theta.length; i++) {
                out[i] = beta * Math.sinh(theta[i]);
            }
        }

        @Override
        public double[][] hessian(double[] w) {
            double[][] h = new double[w.length][w.length];
            for (int i = 0; i < w.length; i++) {
                h[i][i] = 1 / Math.hypot(w[i], beta);
            }
            return h;
        }

        @Override
        public void solveHessian(double[] w, double[] g, double[] out) {
            for (int i = 0; i < w.length; i++) {
                out[i] = g[i] * Math.hypot(w[i], beta);
            }
        }

        @Override
        public double[] minimizer(int d) {
            return new double[d];
        }

        /** {@code asinh(x) = sign(x) log(|x| + sqrt(x^2 + 1))}, accurate for large and small |x|. */
        public static double asinh(double x) {
            double a = Math.abs(x);
            double r = a > 1e8 ? Math.log(a) + Math.log(2) : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
            return Math.copySign(r, x);
        }
    }
}
