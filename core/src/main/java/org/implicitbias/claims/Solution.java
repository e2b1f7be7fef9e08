package org.implicitbias.claims;

/**
 * A reference solution as the checker uses it.
 *
 * @param status      SOLVED, or why there is no solution
 * @param point       min-bregman / min-norm: the minimiser; max-margin: a maximiser of unit norm (in the
 *                    reference's norm); max-margin-nuclear: the flattened PSD maximiser of unit trace
 * @param value       the optimal value (min-norm: {@code ||w* - w0||}; min-bregman: {@code D_psi(w*, w0)};
 *                    margins: gamma)
 * @param gamma       the max margin (margin references), else NaN
 * @param multipliers the certificate's multipliers of the examples' constraints (margins: {@code alpha_n >= 0}
 *                    with {@code Z' alpha} the dual certificate; min-norm and min-distance: {@code lambda} of
 *                    {@code Xw = y}), possibly null
 * @param support     indices of the support vectors (margin references), possibly null
 * @param level       the certificate level: exact, smt, bounded or numeric
 * @param errorBound  a bound on the l2 distance of {@code point} to the true solution (0 exact); for margin
 *                    references also a bound on the error of gamma; NaN when the level gives none
 * @param message     the solver's explanation when not SOLVED
 */
public record Solution(Status status, double[] point, double value, double gamma, double[] multipliers, int[] support,
                       String level, double errorBound, String message) {

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
        return new Solution(status, null, Double.NaN, Double.NaN, null, null, "none", Double.NaN, message);
    }
}
