package org.implicitbias.claims;

/** What the catalogue says of a claim: a theorem ({@code holds}) or a statement shown false ({@code fails}). */
public enum Expectation {
    HOLDS("holds"),
    FAILS("fails");

    private final String label;

    Expectation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
