package org.implicitbias.claims.search;

import java.io.Serializable;

/**
 * What checking one drawn instance of a search gave: plain data, so that it travels back from wherever
 * the instance was checked.
 *
 * @param index  the instance's index in the search
 * @param label  the instance's label
 * @param kind   what happened
 * @param excess for REFUTED: the gap over tolerance plus error bounds (a ratio, {@link CounterexampleSearch#excess})
 * @param reason the refuting or inconclusive run's reason, or why the check failed
 */
public record InstanceOutcome(int index, String label, Kind kind, double excess, String reason) implements Serializable {

    /** The kinds of outcome. */
    public enum Kind {
        /** The drawn data break a precondition of the claim: skipped. */
        INVALID,
        CONFIRMED,
        REFUTED,
        /** Refuted only by a run whose iterate outgrew double precision: not a counterexample. */
        UNFAITHFUL,
        INCONCLUSIVE,
        /** The check itself failed (after the engine's retries): counted as inconclusive, with the reason. */
        FAILED
    }

    /** The outcome of an instance whose check failed. */
    public static InstanceOutcome failed(int index, String reason) {
        return new InstanceOutcome(index, "instance " + index, Kind.FAILED, Double.NaN, reason);
    }
}
