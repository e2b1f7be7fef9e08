package org.implicitbias.api;

import java.util.Objects;
import org.implicitbias.geometry.Potential;

/**
 * What an optimizer declares it is after finitely many steps: mirror descent with a potential psi
 * (gradient descent with any momentum on the gradients is mirror descent with {@code psi = ||w||^2 / 2}).
 *
 * @param potential psi
 */
public record Tail(Potential potential) {
    public Tail {
        Objects.requireNonNull(potential, "potential");
    }

    /** Gradient descent, with any step sizes and momentum on the gradients: psi = ||w||^2 / 2. */
    public static Tail gradientDescent() {
        return new Tail(new Potential.SquaredL2());
    }

    /** Mirror descent with potential psi. */
    public static Tail mirrorDescent(Potential psi) {
        return new Tail(psi);
    }
}
