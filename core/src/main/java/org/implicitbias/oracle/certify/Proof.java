package org.implicitbias.oracle.certify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.oracle.Certificate;

/**
 * The outcome of one certification: whether a stated claim about a convex program was proved,
 * refuted or left open, how strongly, and the exact evidence.
 *
 * <p>Status:
 * <ul>
 *   <li>{@link Status#PROVED}: the claim holds; the evidence is in {@link #witness} and
 *       {@link #queries}.</li>
 *   <li>{@link Status#REFUTED}: the claim is false, shown exactly (an exact optimum outside the
 *       stated distance, an unsat box query, an infeasible point, an exact dual certificate that
 *       cannot exist); {@link #reason} says which.</li>
 *   <li>{@link Status#UNKNOWN}: neither, with the reason (a solver {@code unknown} or timeout, a
 *       candidate certificate that does not verify and nothing decided the claim otherwise).</li>
 * </ul>
 * <p>Level (the strength of the method that produced the answer; a proof is never NUMERIC):
 * <ul>
 *   <li>{@link Certificate.Level#EXACT}: exact rational arithmetic, possibly with Z3 on linear real
 *       arithmetic (a decision procedure over the rationals whose models are re-checked in
 *       rationals);</li>
 *   <li>{@link Certificate.Level#SMT}: Z3's nonlinear real arithmetic (nlsat) decided a polynomial query;</li>
 *   <li>{@link Certificate.Level#BOUNDED}: rigorous rational primal and dual bounds and the distance bound
 *       they imply.</li>
 * </ul>
 *
 * @param status        proved, refuted or unknown
 * @param level         the method's level
 * @param claim         the claim in words, with the program and the candidate's radius
 * @param reason        why it was refuted or left open; for a proof, a one-line summary
 * @param witness       named exact values (e.g. {@code w}, {@code lambda}, {@code alpha},
 *                      {@code box-lower}/{@code box-upper}, {@code pivots}); insertion ordered
 * @param distanceBound for a proof about a candidate: an upper bound on the distance, measured
 *                      in {@code metric}, between the candidate as given (its exact double values)
 *                      and the certified optimum; null when the claim is not about a distance
 * @param metric        the norm of {@code distanceBound}
 * @param queries       the SMT queries that were decided, with their answers
 */
public record Proof(Status status, Certificate.Level level, String claim, String reason,
                    Map<String, BigFraction[]> witness, BigFraction distanceBound, Metric metric,
                    List<SmtOutcome> queries) {

    /** Proved, refuted or unknown. */
    public enum Status { PROVED, REFUTED, UNKNOWN }


    /** Norm of a distance bound. */
    public enum Metric { LINF, L2 }

    public Proof {
        Objects.requireNonNull(status);
        Objects.requireNonNull(level);
        if (level == Certificate.Level.NUMERIC) {
            throw new IllegalArgumentException("a proof is exact, smt or bounded, never numeric");
        }
        Objects.requireNonNull(claim);
        reason = reason == null ? "" : reason;
        Map<String, BigFraction[]> copy = new LinkedHashMap<>();
        witness.forEach((k, v) -> copy.put(k, v.clone()));
        witness = Collections.unmodifiableMap(copy);
        queries = List.copyOf(queries);
        if ((distanceBound == null) != (metric == null)) {
            throw new IllegalArgumentException("a distance bound needs its metric and vice versa");
        }
    }

    /** Whether the claim was proved. */
    public boolean proved() {
        return status == Status.PROVED;
    }

    /** The named witness value (a copy), or null. */
    public BigFraction[] witness(String name) {
        BigFraction[] v = witness.get(name);
        return v == null ? null : v.clone();
    }

    /** Writes every decided query as {@code dir/<prefix><name>.smt2}; returns the paths. */
    public List<Path> writeSmtLib(Path dir, String prefix) throws IOException {
        List<Path> out = new ArrayList<>();
        for (SmtOutcome q : queries) {
            out.add(q.write(dir, prefix));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(status).append(' ').append(level).append(": ").append(claim);
        if (!reason.isEmpty()) {
            sb.append(" -- ").append(reason);
        }
        if (distanceBound != null) {
            sb.append(" [distance <= ").append(Rationals.show(distanceBound)).append(" in ")
                    .append(metric.name().toLowerCase(java.util.Locale.ROOT)).append(']');
        }
        return sb.toString();
    }

    // ---- construction helpers ------------------------------------------------------------------

    static Builder of(Certificate.Level level, String claim) {
        return new Builder(level, claim);
    }

    /** Collects witness values and queries while a certificate is being checked. */
    static final class Builder {
        private final Certificate.Level level;
        private final String claim;
        private final Map<String, BigFraction[]> witness = new LinkedHashMap<>();
        private final List<SmtOutcome> queries = new ArrayList<>();

        Builder(Certificate.Level level, String claim) {
            this.level = level;
            this.claim = claim;
        }

        Builder witness(String name, BigFraction... values) {
            witness.put(name, values.clone());
            return this;
        }

        Builder query(SmtOutcome outcome) {
            queries.add(outcome);
            return this;
        }

        Proof proved(String summary, BigFraction bound, Metric metric) {
            return new Proof(Status.PROVED, level, claim, summary, witness, bound, metric, queries);
        }

        Proof proved(String summary) {
            return new Proof(Status.PROVED, level, claim, summary, witness, null, null, queries);
        }

        Proof refuted(String reason) {
            return new Proof(Status.REFUTED, level, claim, reason, witness, null, null, queries);
        }

        Proof unknown(String reason) {
            return new Proof(Status.UNKNOWN, level, claim, reason, witness, null, null, queries);
        }

        /** Proof at another level with the same evidence (e.g. an exact check that needed Z3). */
        Builder atLevel(Certificate.Level other) {
            Builder b = new Builder(other, claim);
            b.witness.putAll(witness);
            b.queries.addAll(queries);
            return b;
        }
    }
}
