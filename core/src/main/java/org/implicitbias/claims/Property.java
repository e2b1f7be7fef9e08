package org.implicitbias.claims;

import org.implicitbias.geometry.Norm;

/**
 * A claim that is not "the limit equals a reference" ({@code claim.property} in a spec).
 */
public sealed interface Property {

    /** The name in the spec vocabulary. */
    String name();

    /**
     * {@code gradient-dual-bound} (Lemma 10): for the exponential loss, {@code ||grad L(w)||_* >= gamma L(w)}
     * at {@code points} seeded random w, and {@code min_{r in simplex} ||Z'r||_* = gamma}, checked at the
     * certificate's normalised multipliers (equality) and at random r (inequality). Relative slack:
     * {@code tolerance.value}.
     */
    record GradientDualBound(Norm norm, int points, long seed) implements Property {
        @Override
        public String name() {
            return "gradient-dual-bound";
        }
    }

    /**
     * {@code bounded-preconditioner} (Proposition 6): under {@code eta^2 L(w0) < 1} and
     * {@code ||G_0^{-1/4} x_n||_2 <= 1}, every {@code G_t[i,i]} converges; the run is confirmed once the
     * largest relative growth of the diagonal over a window is at most {@code tolerance.value}.
     */
    record BoundedPreconditioner() implements Property {
        @Override
        public String name() {
            return "bounded-preconditioner";
        }
    }

    /**
     * {@code update-identity} (eq. 17-19): for {@code steps} steps of factorized gradient descent, the
     * W-iterates obey {@code W+ = W - eta'(G W + W G) + eta'^2 G W G} in exact rationals from the
     * rationalised factor, the float run agrees with it to {@code tolerance.iterates}, and GD on
     * {@code U V'} equals the embedded {@code U~ U~'} run exactly.
     */
    record UpdateIdentity(int steps) implements Property {
        @Override
        public String name() {
            return "update-identity";
        }
    }

    /**
     * {@code support-vector-gradients} (Lemma 8): {@code -grad L(w_t)/||grad L(w_t)||} approaches the cone
     * of the support vectors {@code z_n, n in S}: the nonnegative least-squares residual is at most
     * {@code tolerance.distance} at the end of the run.
     */
    record SupportVectorGradients() implements Property {
        @Override
        public String name() {
            return "support-vector-gradients";
        }
    }
}
