package org.implicitbias.claims;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reference solution as the checker uses it.
 */
public final class Solution {
    private final Status status;
    private final double[] point;
    private final double value;
    private final double gamma;
    private final double[] multipliers;
    private final int[] support;
    private final Evidence level;
    private final double errorBound;
    private final String message;

    public Solution(Status status, double[] point, double value, double gamma, double[] multipliers, int[] support,
                    Evidence level, double errorBound, String message) {
        this.status = status;
        this.point = point;
        this.value = value;
        this.gamma = gamma;
        this.multipliers = multipliers;
        this.support = support;
        this.level = level;
        this.errorBound = errorBound;
        this.message = message;
    }

    /** SOLVED, or why there is no solution. */
    public Status status() {
        return status;
    }

    /**
     * Min-bregman / min-norm: the minimiser; max-margin: a maximiser of unit norm (in the reference's norm);
     * max-margin-nuclear: the flattened PSD maximiser of unit trace.
     */
    public double[] point() {
        return point;
    }

    /** The optimal value (min-norm: {@code ||w* - w0||}; min-bregman: {@code D_psi(w*, w0)}; margins: gamma). */
    public double value() {
        return value;
    }

    /** The max margin (margin references), else NaN. */
    public double gamma() {
        return gamma;
    }

    /**
     * The certificate's multipliers of the examples' constraints (margins: {@code alpha_n >= 0} with {@code Z'
     * alpha} the dual certificate; min-norm and min-distance: {@code lambda} of {@code Xw = y}), possibly null.
     */
    public double[] multipliers() {
        return multipliers;
    }

    /** Indices of the support vectors (margin references), possibly null. */
    public int[] support() {
        return support;
    }

    /** The certificate level of the reference ({@link Evidence#NONE} when it failed). */
    public Evidence level() {
        return level;
    }

    /**
     * A bound on the l2 distance of {@code point} to the true solution (0 exact); for margin references also a
     * bound on the error of gamma; NaN when the level gives none.
     */
    public double errorBound() {
        return errorBound;
    }

    /** The solver's explanation when not SOLVED. */
    public String message() {
        return message;
    }

    /** Why a solution exists or not. */
    public enum Status {
        SOLVED,
        /** The feasible set is empty (bad input for the claim). */
        INFEASIBLE,
        /** The data are not separable (bad input for a margin claim). */
        NOT_SEPARABLE,
        /** The solver could not decide (timeout, numerical trouble): the run is inconclusive. */
        UNKNOWN
    }

    /** The error bound; an unknown one (NaN) is unbounded, never 0. */
    public double bound() {
        return Double.isNaN(errorBound) ? Double.POSITIVE_INFINITY : errorBound;
    }

    /** A failed solution. */
    public static Solution failed(Status status, String message) {
        return new Solution(status, null, Double.NaN, Double.NaN, null, null, Evidence.NONE, Double.NaN, message);
    }

    /** Equal when every component is, arrays compared by their contents. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Solution other
                && Objects.equals(status, other.status)
                && Arrays.equals(point, other.point)
                && Double.compare(value, other.value) == 0
                && Double.compare(gamma, other.gamma) == 0
                && Arrays.equals(multipliers, other.multipliers)
                && Arrays.equals(support, other.support)
                && Objects.equals(level, other.level)
                && Double.compare(errorBound, other.errorBound) == 0
                && Objects.equals(message, other.message));
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, Arrays.hashCode(point), value, gamma, Arrays.hashCode(multipliers),
                Arrays.hashCode(support), level, errorBound, message);
    }

    @Override
    public String toString() {
        return "Solution[status=" + status
                + ", point=" + Arrays.toString(point)
                + ", value=" + value
                + ", gamma=" + gamma
                + ", multipliers=" + Arrays.toString(multipliers)
                + ", support=" + Arrays.toString(support)
                + ", level=" + level
                + ", errorBound=" + errorBound
                + ", message=" + message + "]";
    }
}
