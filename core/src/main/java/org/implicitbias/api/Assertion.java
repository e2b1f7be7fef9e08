package org.implicitbias.api;

import java.util.List;
import java.util.Objects;

/**
 * What a claim asserts of its runs, one of four kinds (the {@code claim:} section of a spec):
 * <ul>
 *   <li>{@link Limit}: the limit (point or direction) solves a reference program;</li>
 *   <li>{@link Invariance}: runs that differ only in some varied settings have the same limit;</li>
 *   <li>{@link SameIterates}: the algorithm produces the same iterates as another one (and then its limit
 *       is judged against the reference, if one is given);</li>
 *   <li>{@link DataProperty}: a property of the data or of the run that is not a limit (Lemma 8, Lemma 10,
 *       Proposition 6, eq. 19).</li>
 * </ul>
 * Programs, algorithms and properties are written as in spec files, as YAML or JSON text
 * (e.g. {@code "{kind: min-distance, norm: l2}"}); they are validated when the claim is built, with the
 * loader's one-line errors.
 */
public sealed interface Assertion {

    /**
     * The limit solves {@code reference}.
     *
     * @param reference the program, e.g. {@code {kind: max-margin, norm: l1}}
     * @param limit     {@code point}, {@code direction}, or null for the loss's default
     */
    record Limit(String reference, String limit) implements Assertion {
        public Limit {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /**
     * The limit does not depend on the listed vary paths; with a reference, it must also solve it.
     *
     * @param over      vary paths, e.g. {@code algorithm.step.eta}
     * @param reference the program, or null
     */
    record Invariance(List<String> over, String reference) implements Assertion {
        public Invariance {
            over = List.copyOf(over);
        }
    }

    /**
     * The first {@code compared} iterates agree with those of {@code algorithm} (merged onto the claim's own).
     *
     * @param algorithm the other algorithm, e.g. {@code {kind: mirror-descent}}
     * @param compared  how many iterates are compared
     * @param reference the program the limit must then solve, or null
     */
    record SameIterates(String algorithm, int compared, String reference) implements Assertion {
        public SameIterates {
            Objects.requireNonNull(algorithm, "algorithm");
        }
    }

    /**
     * A property claim: {@code property} is the {@code claim:} mapping of a spec, e.g.
     * {@code {property: gradient-dual-bound, norm: l2, points: 50, seed: 4}}.
     *
     * @param property the mapping
     */
    record DataProperty(String property) implements Assertion {
        public DataProperty {
            Objects.requireNonNull(property, "property");
        }
    }

    /** {@link Limit} with the loss's default limit kind. */
    static Assertion limit(String reference) {
        return new Limit(reference, null);
    }

    /** {@link Invariance} without a reference. */
    static Assertion invariantOver(String... paths) {
        return new Invariance(List.of(paths), null);
    }
}
