package org.implicitbias.oracle.smt;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;

/**
 * The closed l_inf ball {@code {w : |w_i - c_i| <= r}} around a floating-point candidate c, with
 * c taken at its exact double value, so the box is exactly what the claim says.
 *
 * @param center the centre
 * @param radius the l_inf radius (half the edge length)
 * @param lower  {@code center - radius}
 * @param upper  {@code center + radius}
 */
public record Box(BigFraction[] center, BigFraction radius, BigFraction[] lower, BigFraction[] upper) {

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
}
