package org.implicitbias.geometry;

/**
 * How the steepest-descent step of a non-smooth norm (l1, linf, nuclear) picks among the
 * coordinates (or singular directions) that tie for the maximum: any convex combination of them is
 * a valid step.
 */
public enum TieRule {
    /** The first maximal coordinate (classic coordinate descent). */
    LOWEST_INDEX("lowest-index"),
    /** The average over all maximal coordinates (forward stagewise). */
    AVERAGE("average");

    private final String label;

    TieRule(String label) {
        this.label = label;
    }

    /** Name in the vocabulary of the files. */
    public String label() {
        return label;
    }

    /** Reads {@code lowest-index} or {@code average}. */
    public static TieRule named(String field, String name) {
        for (TieRule t : values()) {
            if (t.label.equals(name)) {
                return t;
            }
        }
        throw new org.implicitbias.model.InvalidInputException(field, name, "lowest-index or average");
    }
}
