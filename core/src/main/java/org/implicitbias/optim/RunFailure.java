package org.implicitbias.optim;

/**
 * A step that could not be taken faithfully. Reported as the run's outcome, with the iteration.
 */
public final class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** An iterate (or an intermediate point) left the potential's domain, e.g. {@code w <= 0} for entropy. */
        DOMAIN_EXIT,
        /** A NaN or infinite value appeared. */
        NON_FINITE,
        /**
         * An external optimizer broke its protocol (a line that is not JSON, a wrong length, {@code t}
         * not advancing), exited, crashed or hung past the time budget.
         */
        EXTERNAL_FAILURE
    }

    private final Kind kind;

    public RunFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
