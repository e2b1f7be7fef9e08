package org.implicitbias.oracle;

import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticPotential;

/**
 * The Hessian of the convex conjugate {@code psi*}, {@code grad^2 psi*(theta) = grad^2 psi(w)^{-1}}
 * at {@code w = (grad psi)^{-1}(theta)}: the curvature of the dual of a min-Bregman program.
 *
 * <p>It is written from theta where psi's own Hessian is singular or infinite: lp-power at
 * {@code theta_i = 0} (there {@code dw_i/dtheta_i = |theta_i|^{(2-p)/(p-1)}/(p-1)} is 0 or infinite; |theta_i| is
 * floored at {@code 1e-12 max_j |theta_j|}, and at theta = 0 the identity stands in),
 * squared-lp at w = 0 (psi* = 1/2 ||theta||_q^2 is homogeneous of degree 2, its Hessian is bounded but has
 * no limit at 0; the identity stands in). Only the Newton direction depends on these choices, never the
 * certificate, which is computed from w and theta alone.
 */
final class ConjugateCurvature {
    private static final double CAP = 1e150;

    private final Potential psi;

    ConjugateCurvature(Potential psi) {
        this.psi = psi;
    }

    /** Whether the conjugate Hessian is diagonal (then {@link #diagonal} applies). */
    boolean isDiagonal() {
        return !(psi instanceof QuadraticPotential) && !(psi instanceof Potential.SquaredLp);
    }

    /** The diagonal of {@code grad^2 psi*(theta)} for a separable potential. */
    void diagonal(double[] theta, double[] w, double[] out) {
        int d = w.length;
        if (psi instanceof Potential.SquaredL2) {
            java.util.Arrays.fill(out, 0, d, 1.0);
        } else if (psi instanceof Potential.Entropy) {
            System.arraycopy(w, 0, out, 0, d);
        } else if (psi instanceof Potential.Hypentropy h) {
            for (int i = 0; i < d; i++) {
                out[i] = Math.hypot(w[i], h.beta());
            }
        } else if (psi instanceof Potential.LpPower lp) {
            double p = lp.p();
            double e = (2 - p) / (p - 1);
            double top = 0;
            for (int i = 0; i < d; i++) {
                top = Math.max(top, Math.abs(theta[i]));
            }
            if (top == 0) {
                // theta = 0: no curvature information (0 or infinite); the identity stands in
                java.util.Arrays.fill(out, 0, d, 1.0);
                return;
            }
            // |theta_i| floored relative to the largest entry, so that neither 0 nor infinity enters the direction
            double floor = 1e-12 * top;
            for (int i = 0; i < d; i++) {
                double v = Math.pow(Math.max(Math.abs(theta[i]), floor), e) / (p - 1);
                out[i] = Double.isFinite(v) ? Math.min(v, CAP) : CAP;
            }
        } else {
            throw new IllegalStateException("no diagonal conjugate Hessian for " + psi.name());
        }
    }

    /** {@code out = grad^2 psi*(theta) g} for any potential. */
    void apply(double[] theta, double[] w, double[] g, double[] out, double[] scratch) {
        int d = w.length;
        if (psi instanceof QuadraticPotential q) {
            q.form().solve(g, out);
        } else if (psi instanceof Potential.SquaredLp sq) {
            // psi* = 1/2 ||theta||_q^2: Hessian (q-1) n^{2-q} diag(|theta|^{q-2}) + (2-q) n^{2-2q} s s',
            // s = sign(theta)|theta|^{q-1}; written with u = theta/n to stay finite.
            double q = sq.p() / (sq.p() - 1);
            double n = Norm.lpNorm(theta, q);
            if (n == 0) {
                System.arraycopy(g, 0, out, 0, d);
                return;
            }
            double sg = 0;
            for (int i = 0; i < d; i++) {
                double u = Math.abs(theta[i]) / n;
                scratch[i] = Math.signum(theta[i]) * Math.pow(u, q - 1);
                sg += scratch[i] * g[i];
            }
            for (int i = 0; i < d; i++) {
                double u = Math.abs(theta[i]) / n;
                double diag = u == 0 ? (q > 2 ? 0 : CAP) : (q - 1) * Math.pow(u, q - 2);
                out[i] = Math.min(diag, CAP) * g[i] + (2 - q) * scratch[i] * sg;
            }
        } else {
            diagonal(theta, w, scratch);
            for (int i = 0; i < d; i++) {
                out[i] = scratch[i] * g[i];
            }
        }
    }
}
