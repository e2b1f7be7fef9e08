package org.implicitbias.claims;

import org.implicitbias.oracle.Certificate;

/**
 * What a run's result rests on, as the certificates column and the reports name it: the certificate
 * level of the reference it was judged against, or, for claims without a reference program, the kind
 * of evidence the run itself gave.
 */
public enum Evidence {
    /** The reference is the exact optimum (rationals). */
    EXACT("exact"),
    /** Z3 proved the reference within a small box of the optimum. */
    SMT("smt"),
    /** The reference carries a rigorous distance bound or interval. */
    BOUNDED("bounded"),
    /** Floating-point residuals only. */
    NUMERIC("numeric"),
    /** Invariance: limits of runs, each with its tail bound, compared. */
    RUN_LIMITS("run-limits"),
    /** A property observed along a run, with its extrapolated remaining change. */
    TRAJECTORY("trajectory"),
    /** An iterate identity: two methods' iterates compared step by step. */
    ITERATES("iterates"),
    /** Nothing was established (an inconclusive run, a failed solve). */
    NONE("none");

    private final String label;

    Evidence(String label) {
        this.label = label;
    }

    /** The name in reports and files. */
    public String label() {
        return label;
    }

    /** The evidence of a reference certified at this level. */
    public static Evidence of(Certificate.Level level) {
        return switch (level) {
            case EXACT -> EXACT;
            case SMT -> SMT;
            case BOUNDED -> BOUNDED;
            case NUMERIC -> NUMERIC;
        };
    }

    /** The certificate level this evidence is, or null for the evidence of claims without a reference. */
    public Certificate.Level certificateLevel() {
        return switch (this) {
            case EXACT -> Certificate.Level.EXACT;
            case SMT -> Certificate.Level.SMT;
            case BOUNDED -> Certificate.Level.BOUNDED;
            case NUMERIC -> Certificate.Level.NUMERIC;
            case RUN_LIMITS, TRAJECTORY, ITERATES, NONE -> null;
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
