package org.implicitbias.claims;

/**
 * The tolerances of a claim ({@code tolerance:} in a spec); NaN marks an absent one.
 *
 * @param distance       l2 distance between a limit estimate and the reference point (points), or
 *                       between unit directions (directions)
 * @param margin         gap {@code gamma - margin} of a direction's normalised margin
 * @param value          objective-value gaps and the relative slack of data-level properties
 * @param iterates       largest l2 difference of two methods' iterates (same-iterates-as)
 * @param residualGrowth relative growth of Soudry's residual {@code ||w_t - w_hat log t||} over the last
 *                       decade of t, measured against {@code ||w_hat|| log 10}
 */
public record Tolerance(double distance, double margin, double value, double iterates, double residualGrowth) {

    public static boolean given(double v) {
        return !Double.isNaN(v);
    }
}
