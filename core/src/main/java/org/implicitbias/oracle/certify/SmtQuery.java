package org.implicitbias.oracle.certify;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One satisfiability query over real variables, kept as strict SMT-LIB 2.6 text: the same text is
 * handed to Z3 ({@link Z3Session#check}) and written to {@code .smt2} files, so an exported file is
 * exactly what was decided.
 *
 * @param name        file-friendly name, e.g. {@code entropy-box}
 * @param logic       {@code QF_LRA} (linear, decided exactly by simplex over the rationals) or
 *                    {@code QF_NRA} (polynomial, decided by Z3's nlsat)
 * @param description what a {@code sat} and an {@code unsat} answer mean; written as comments
 * @param variables   the declared Real constants
 * @param assertions  the asserted Boolean terms
 */
public record SmtQuery(String name, String logic, String description, List<String> variables,
                       List<String> assertions) {

    /** Linear real arithmetic. */
    public static final String QF_LRA = "QF_LRA";
    /** Nonlinear (polynomial) real arithmetic. */
    public static final String QF_NRA = "QF_NRA";

    public SmtQuery {
        if (!QF_LRA.equals(logic) && !QF_NRA.equals(logic)) {
            throw new IllegalArgumentException("unsupported logic " + logic);
        }
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("query name must be kebab-case: " + name);
        }
        variables = List.copyOf(variables);
        assertions = List.copyOf(assertions);
        Set<String> seen = new LinkedHashSet<>();
        for (String v : variables) {
            SmtText.symbol(v);
            if (!seen.add(v)) {
                throw new IllegalArgumentException("variable declared twice: " + v);
            }
        }
    }

    /** Declarations and assertions only: the part both Z3 and the exported file share. */
    public String body() {
        StringBuilder sb = new StringBuilder();
        for (String v : variables) {
            sb.append("(declare-fun ").append(v).append(" () Real)\n");
        }
        for (String a : assertions) {
            sb.append("(assert ").append(a).append(")\n");
        }
        return sb.toString();
    }

    /**
     * The complete SMT-LIB 2.6 script: header comments, {@code set-info}, {@code set-logic}, the body,
     * {@code (check-sat)} and {@code (exit)}.
     *
     * @param status the expected answer recorded as {@code (set-info :status ...)}: the answer the
     *               certificate obtained ({@code unknown} when none was obtained)
     */
    public String toSmtLib(SmtOutcome.Answer status) {
        StringBuilder sb = new StringBuilder();
        sb.append("; ").append(name).append('\n');
        for (String line : description.split("\n", -1)) {
            sb.append("; ").append(line).append('\n');
        }
        sb.append("(set-info :smt-lib-version 2.6)\n");
        sb.append("(set-logic ").append(logic).append(")\n");
        sb.append("(set-info :status ").append(status.smtLib()).append(")\n");
        sb.append(body());
        sb.append("(check-sat)\n");
        sb.append("(exit)\n");
        return sb.toString();
    }

    /** Mutable assembly of a query. */
    public static final class Builder {
        private final String name;
        private final String logic;
        private final String description;
        private final List<String> variables = new ArrayList<>();
        private final List<String> assertions = new ArrayList<>();

        public Builder(String name, String logic, String description) {
            this.name = name;
            this.logic = logic;
            this.description = description;
        }

        /** Declares Real constants. */
        public Builder declare(String... names) {
            for (String n : names) {
                variables.add(SmtText.symbol(n));
            }
            return this;
        }

        /** Asserts a Boolean term. */
        public Builder assertTerm(String term) {
            // queries over large data are long strings: their construction counts against the budget
            Deadline deadline = Deadline.current();
            if (deadline.expired()) {
                throw deadline.exhausted("building the SMT query " + name);
            }
            assertions.add(term);
            return this;
        }

        /** Asserts every term of a list. */
        public Builder assertAll(List<String> terms) {
            assertions.addAll(terms);
            return this;
        }

        public SmtQuery build() {
            return new SmtQuery(name, logic, description, variables, assertions);
        }
    }
}
