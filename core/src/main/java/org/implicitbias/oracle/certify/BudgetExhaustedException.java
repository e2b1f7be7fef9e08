package org.implicitbias.oracle.certify;

import java.time.Duration;

/**
 * The time budget of a certification ran out ({@link Deadline#check}). Unchecked: it unwinds the
 * exact routes to {@link Certifier}, which keeps the level reached so far and records
 * {@code certification: unknown: time budget of B s exhausted in <route> (<where>)}. Never a verdict
 * about the program: a proof interrupted by it is neither proved nor refuted.
 */
public final class BudgetExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Duration budget;
    private final String route;
    private final String where;

    BudgetExhaustedException(Duration budget, String route, String where) {
        super("time budget of " + Deadline.seconds(budget) + " s exhausted in " + route + " (" + where + ")", null, false, false);
        this.budget = budget;
        this.route = route;
        this.where = where;
    }

    /** The whole budget that ran out. */
    public Duration budget() {
        return budget;
    }

    /** The route that was running (named by {@link Deadline#route}). */
    public String route() {
        return route;
    }

    /** The loop that noticed, e.g. "Bareiss elimination". */
    public String where() {
        return where;
    }
}
