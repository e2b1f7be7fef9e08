package org.implicitbias.claims;

/**
 * The verdict of a run or a claim ({@code docs/design.md}, "Verdicts: honest, or INCONCLUSIVE").
 * CONFIRMED: settled within tolerance of the certified reference; REFUTED: settled and farther than
 * tolerance plus every error bound; INCONCLUSIVE: anything the run could not show.
 */
public enum Verdict {
    CONFIRMED("confirmed"),
    REFUTED("refuted"),
    INCONCLUSIVE("inconclusive");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
