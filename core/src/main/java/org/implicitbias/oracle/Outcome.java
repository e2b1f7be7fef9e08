package org.implicitbias.oracle;

import java.util.Objects;

/**
 * The answer of a reference solver: a certified solution, or a reason why the program has none.
 * A solver never returns a solution it could not certify; when its own method fails it throws
 * {@link IllegalStateException} (an internal failure), never a wrong outcome.
 */
public sealed interface Outcome permits Outcome.Solved, Outcome.Infeasible, Outcome.NotSeparable {

    /** What kind of answer this is. */
    enum Status {
        /** The program has a solution, given with its certificate. */
        SOLVED,
        /**
         * The feasible set is empty: y is not in the range of X, or G does not meet the domain of
         * the potential (e.g. no positive w for entropy), or G does not meet the simplex.
         */
        INFEASIBLE,
        /** No w has {@code <w, z_n> > 0} for every n: the max-margin program has gamma <= 0. */
        NOT_SEPARABLE
    }

    Status status();

    /** One line saying why (for SOLVED: the method and its largest residual). */
    String reason();

    /** The certificate of a solved program. */
    default Certificate certificate() {
        throw new IllegalStateException("no certificate: " + status() + " (" + reason() + ")");
    }

    /** A solved program. */
    record Solved(Certificate certificate) implements Outcome {
        public Solved {
            Objects.requireNonNull(certificate, "certificate");
        }

        @Override
        public Status status() {
            return Status.SOLVED;
        }

        @Override
        public String reason() {
            return "solved (" + certificate.details().getOrDefault("method", "?") + "), largest KKT residual "
                    + certificate.residuals().max();
        }
    }

    /** An empty feasible set. */
    record Infeasible(String reason) implements Outcome {
        public Infeasible {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Status status() {
            return Status.INFEASIBLE;
        }
    }

    /** Data that no linear predictor separates. */
    record NotSeparable(String reason) implements Outcome {
        public NotSeparable {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Status status() {
            return Status.NOT_SEPARABLE;
        }
    }
}
