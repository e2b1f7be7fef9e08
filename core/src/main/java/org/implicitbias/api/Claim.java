package org.implicitbias.api;

import java.nio.file.Path;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.Expectation;
import org.implicitbias.claims.SpecLoader;

/**
 * A claim, validated and bound to its runs: loaded from a spec file ({@link #load}) or built in code
 * ({@link #builder}). Immutable.
 */
public final class Claim {
    private final ClaimSpec spec;
    private final boolean hasAlgorithm;

    Claim(ClaimSpec spec, boolean hasAlgorithm) {
        this.spec = spec;
        this.hasAlgorithm = hasAlgorithm;
    }

    /**
     * Loads a spec file.
     *
     * @throws org.implicitbias.claims.SpecLoader.SpecException with one line naming the file, the field, the
     *     value and what was expected
     */
    public static Claim load(Path file) {
        return new Claim(SpecLoader.load(file), true);
    }

    /** A builder for a claim with this id (kebab-case). */
    public static ClaimBuilder builder(String id) {
        return new ClaimBuilder(id);
    }

    /** The id. */
    public String id() {
        return spec.id();
    }

    /** The one-line title. */
    public String title() {
        return spec.title();
    }

    /** What the claim's author expects: a theorem ({@code HOLDS}) or a statement shown false ({@code FAILS}). */
    public Expectation expect() {
        return spec.expect();
    }

    /** How many runs check it (instances times grid points). */
    public int runs() {
        return spec.runs().size();
    }

    /** Whether the claim names its own algorithm (else it can only judge an {@link Optimizer} given to it). */
    public boolean hasAlgorithm() {
        return hasAlgorithm;
    }

    ClaimSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec.id() + " (" + spec.expect().label() + ", " + runs() + " runs): " + spec.title();
    }
}
