package org.implicitbias.report;

import java.util.Arrays;
import java.util.Objects;

/**
 * Richardson extrapolation of a quantity {@code L(eta)} to {@code eta -> 0} from runs at step sizes
 * {@code h, h/2, h/4}. If {@code L(eta) = L0 + a eta + b eta^2 + O(eta^3)} (as for the limit point
 * of an explicit Euler discretisation of a smooth flow), then
 * <pre>
 *   first order:  L0 ~ 2 L(h/4) - L(h/2)                     (error O(h^2))
 *   second order: L0 ~ (8 L(h/4) - 6 L(h/2) + L(h)) / 3       (error O(h^3))
 * </pre>
 * The difference between the two estimates measures the size of the neglected terms and is
 * reported as the estimate's error indicator.
 */
public final class Extrapolation {
    private final double[] estimate;
    private final double errorIndicator;

    public Extrapolation(double[] estimate, double errorIndicator) {
        estimate = estimate.clone();
        this.estimate = estimate;
        this.errorIndicator = errorIndicator;
    }

    /** {@code max_i |second-order_i - first-order_i|}. */
    public double errorIndicator() {
        return errorIndicator;
    }

    /**
     * The extrapolation from the runs at step sizes h, h/2 and h/4.
     *
     * @param atH        L(h)
     * @param atHalf     L(h/2)
     * @param atQuarter  L(h/4)
     */
    public static Extrapolation halving(double[] atH, double[] atHalf, double[] atQuarter) {
        int d = atH.length;
        if (atHalf.length != d || atQuarter.length != d) {
            throw new IllegalArgumentException("the three limits must have the same dimension");
        }
        double[] second = new double[d];
        double err = 0;
        for (int i = 0; i < d; i++) {
            second[i] = (8 * atQuarter[i] - 6 * atHalf[i] + atH[i]) / 3;
            double first = 2 * atQuarter[i] - atHalf[i];
            err = Math.max(err, Math.abs(second[i] - first));
        }
        return new Extrapolation(second, err);
    }

    /** The second-order estimate of L0, per coordinate. */
    public double[] estimate() {
        return estimate.clone();
    }

    /** Equal when every component is, arrays compared by their contents. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Extrapolation other
                && Arrays.equals(estimate, other.estimate)
                && Double.compare(errorIndicator, other.errorIndicator) == 0);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(estimate), errorIndicator);
    }

    @Override
    public String toString() {
        return "Extrapolation[estimate=" + Arrays.toString(estimate)
                + ", errorIndicator=" + errorIndicator + "]";
    }
}
