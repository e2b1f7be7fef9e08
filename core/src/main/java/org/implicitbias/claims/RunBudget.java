package org.implicitbias.claims;

/**
 * How long a run may go ({@code budget:} in a spec).
 *
 * @param iterations maximum number of steps
 * @param seconds    wall-clock limit per run
 * @param settle     the run stops early once its tail moves at most this much over a window
 *                   (relative to {@code max(1, ||w||)} for points; of the unit direction for directions)
 * @param window     the number of steps over which tail movement is measured
 */
public record RunBudget(long iterations, double seconds, double settle, long window) {
}
