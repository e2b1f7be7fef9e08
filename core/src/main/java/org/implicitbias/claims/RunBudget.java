package org.implicitbias.claims;

import java.time.Duration;
import org.implicitbias.oracle.certify.Certifier;
import org.implicitbias.oracle.certify.Deadline;

/**
 * How long a run may go ({@code budget:} in a spec).
 *
 * @param iterations maximum number of steps
 * @param seconds    wall-clock limit per run
 * @param settle     the run stops early once its tail moves at most this much over a window
 *                   (relative to {@code max(1, ||w||)} for points; of the unit direction for directions)
 * @param window     the number of steps over which tail movement is measured
 * @param certify    time budget in seconds of the certification of each reference solution the run
 *                   asks for (the program from its start, and Theorem 1's from its last iterate), in
 *                   [0.001, 86400]
 */
public record RunBudget(long iterations, double seconds, double settle, long window, double certify) {
    /** The default {@link #certify}: {@link Certifier#DEFAULT_BUDGET} in seconds. */
    public static final double DEFAULT_CERTIFY_SECONDS = Certifier.DEFAULT_BUDGET.toMillis() / 1000.0;

    public RunBudget {
        Deadline.ofSeconds("budget.certify", certify);
    }

    /** A budget with the default certification budget. */
    public RunBudget(long iterations, double seconds, double settle, long window) {
        this(iterations, seconds, settle, window, DEFAULT_CERTIFY_SECONDS);
    }

    /** {@link #certify} as a duration. */
    public Duration certifyBudget() {
        return Deadline.ofSeconds("budget.certify", certify);
    }
}
