package org.implicitbias.oracle.certify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;

/**
 * The closed l_inf ball {@code {w : |w_i - c_i| <= r}} around a floating-point candidate c, with
 * c taken at its exact double value, so the box is exactly what the claim says.
 */
public final class Box {
    private final BigFraction[] center;
    private final BigFraction radius;
    private final BigFraction[] lower;
    private final BigFraction[] upper;

    public Box(BigFraction[] center, BigFraction radius, BigFraction[] lower, BigFraction[] upper) {
        this.center = center;
        this.radius = radius;
        this.lower = lower;
        this.upper = upper;
    }

    /** The centre. */
    public BigFraction[] center() {
        return center;
    }

    /** The l_inf radius (half the edge length). */
    public BigFraction radius() {
        return radius;
    }

    /** {@code center - radius}. */
    public BigFraction[] lower() {
        return lower;
    }

    /** {@code center + radius}. */
    public BigFraction[] upper() {
        return upper;
    }

    /** The box of l_inf radius r around the exact double values of the candidate. */
    public static Box around(double[] candidate, BigFraction radius) {
        int d = candidate.length;
        BigFraction[] c = ExactNumbers.ofDoubles(candidate);
        BigFraction[] lo = new BigFraction[d];
        BigFraction[] hi = new BigFraction[d];
        for (int i = 0; i < d; i++) {
            lo[i] = c[i].subtract(radius);
            hi[i] = c[i].add(radius);
        }
        return new Box(c, radius, lo, hi);
    }

    /** The box of l_inf radius r around an exact centre. */
    public static Box around(BigFraction[] center, BigFraction radius) {
        int d = center.length;
        BigFraction[] lo = new BigFraction[d];
        BigFraction[] hi = new BigFraction[d];
        for (int i = 0; i < d; i++) {
            lo[i] = center[i].subtract(radius);
            hi[i] = center[i].add(radius);
        }
        return new Box(center.clone(), radius, lo, hi);
    }

    public int dimension() {
        return center.length;
    }

    public boolean contains(BigFraction[] w) {
        for (int i = 0; i < w.length; i++) {
            if (w[i].compareTo(lower[i]) < 0 || w[i].compareTo(upper[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code lower_i <= t_i <= upper_i} for the given terms. */
    List<String> assertions(String[] terms) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            out.addAll(SmtText.between(terms[i], lower[i], upper[i]));
        }
        return out;
    }

    public String describe() {
        return "within " + ExactNumbers.format(radius) + " (l_inf) of the candidate";
    }

    /** Equal when every component is, arrays compared by their contents. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Box other
                && Arrays.equals(center, other.center)
                && Objects.equals(radius, other.radius)
                && Arrays.equals(lower, other.lower)
                && Arrays.equals(upper, other.upper));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(center), radius, Arrays.hashCode(lower), Arrays.hashCode(upper));
    }

    @Override
    public String toString() {
        return "Box[center=" + Arrays.toString(center)
                + ", radius=" + radius
                + ", lower=" + Arrays.toString(lower)
                + ", upper=" + Arrays.toString(upper) + "]";
    }
}
