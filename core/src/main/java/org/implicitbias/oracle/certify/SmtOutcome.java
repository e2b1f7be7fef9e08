package org.implicitbias.oracle.certify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * The answer of one {@link SmtQuery}: {@code sat} with the model's values, {@code unsat}, or
 * {@code unknown} with the solver's reason (a timeout is {@code unknown} with reason
 * {@code timeout}); an unknown answer is never read as sat or unsat.
 *
 * @param query  the query as decided
 * @param answer the answer
 * @param reason for {@code unknown}: Z3's {@code reason-unknown}; otherwise empty
 * @param model  for {@code sat}: each declared variable's value as a rational enclosure
 * @param millis wall time of the check
 */
public record SmtOutcome(SmtQuery query, Answer answer, String reason, Map<String, ModelValue> model,
                         double millis) {

    public SmtOutcome {
        model = Map.copyOf(model);
    }

    /** The three possible answers of a satisfiability check. */
    public enum Answer {
        SAT, UNSAT, UNKNOWN;

        /** The SMT-LIB spelling: {@code sat}, {@code unsat}, {@code unknown}. */
        public String smtLib() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A model value: the exact rational when the solver gave one (lower == upper), otherwise a
     * rational isolating enclosure {@code lower < value < upper} of an algebraic number.
     */
    public record ModelValue(BigFraction lower, BigFraction upper) {
        /** Whether the value is known exactly as a rational. */
        public boolean exact() {
            return lower.equals(upper);
        }

        /** The midpoint of the enclosure (the value itself when exact). */
        public BigFraction mid() {
            return exact() ? lower : lower.add(upper).divide(2);
        }
    }

    /** The full SMT-LIB script with this outcome as its recorded status. */
    public String toSmtLib() {
        return query.toSmtLib(answer);
    }

    /**
     * Writes {@code dir/<prefix><query name>.smt2} atomically (temp file, then move) and returns its path.
     */
    public Path write(Path dir, String prefix) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(prefix + query.name() + ".smt2");
        org.implicitbias.model.AtomicFiles.write(target, toSmtLib());
        return target;
    }
}
