package org.implicitbias.claims.sweep;

import java.io.Serializable;

/**
 * The claim judged at one cell of a sweep: plain data, so that it travels back from wherever it was
 * checked.
 *
 * @param i          index on the first axis
 * @param j          index on the second axis (0 for a one-axis sweep)
 * @param verdict    the claim's verdict over every run of the cell ({@code confirmed}, {@code refuted},
 *                   {@code inconclusive})
 * @param measure    what {@code gap} measures (distance, value-gap, margin-gap, ...)
 * @param gap        the cell's gap: the refuting run's for a refuted cell, else the largest finite gap of
 *                   its runs (NaN when no run measured one)
 * @param tolerance  that run's tolerance
 * @param errorBound that run's error bound
 * @param level      that run's certificate level
 * @param runs       runs of the cell
 * @param reason     the claim's reason
 */
public record SweepCell(int i, int j, String verdict, String measure, double gap, double tolerance, double errorBound,
                        String level, int runs, String reason) implements Serializable {

    /** A cell whose check failed (after the engine's retries): inconclusive, with the reason. */
    public static SweepCell failed(int i, int j, String reason) {
        return new SweepCell(i, j, "inconclusive", "distance", Double.NaN, Double.NaN, Double.NaN, "none", 0,
                "check failed: " + reason);
    }
}
