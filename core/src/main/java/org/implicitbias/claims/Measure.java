package org.implicitbias.claims;

/** What a run's gap measures; the label is its name in reports and counterexample files. */
public enum Measure {
    /** l2 distance of the limit estimate to the reference point, or of unit directions. */
    DISTANCE("distance"),
    /** l2 distance of the limit estimate to the optimal face of a program whose minimisers are not unique. */
    FACE_DISTANCE("face-distance"),
    /** {@code gamma - min_n <w, z_n>/||w||}: the margin a direction misses. */
    MARGIN_GAP("margin-gap"),
    /** {@code |objective(w) - optimum|}. */
    VALUE_GAP("value-gap"),
    /** Largest relative difference of two methods' iterates. */
    ITERATES("iterates"),
    /** The extrapolated remaining relative growth of AdaGrad's preconditioner. */
    GROWTH("growth"),
    /** The relative slack of an inequality of a data property (Lemma 10). */
    RELATIVE_SLACK("relative-slack");

    private final String label;

    Measure(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The measure with this label. */
    public static Measure of(String label) {
        for (Measure m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no measure named " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}
