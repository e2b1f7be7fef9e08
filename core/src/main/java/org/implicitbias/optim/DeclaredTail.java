package org.implicitbias.optim;

import org.implicitbias.geometry.Potential;

/**
 * What an external optimizer declares about its tail: {@code tail: {kind: mirror-descent, potential: P}}
 * says that from some step on it is mirror descent with potential psi = P, so its link-space increments
 * {@code grad psi(w_{t+1}) - grad psi(w_t)} lie in the row space of X (every gradient of a loss of
 * {@code <x_n, w>} does). The checker takes the declaration only after {@link MirrorTailCheck} found
 * it borne out by the iterates it observed; then Theorem 1 restarted at the last iterate gives the limit.
 *
 * @param potential the declared potential psi
 */
public record DeclaredTail(Potential potential) {
    public DeclaredTail {
        java.util.Objects.requireNonNull(potential, "potential");
    }

    /** E.g. {@code mirror-descent(squared-l2)}. */
    public String describe() {
        return "mirror-descent(" + potential.name() + ")";
    }
}
