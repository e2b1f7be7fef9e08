package org.implicitbias.claims;

import java.util.List;
import org.implicitbias.oracle.Reference;
import org.implicitbias.optim.Algorithm;

/**
 * What a claim says of one run ({@code claim:} in a spec, bound to one instance).
 *
 * @param limit           POINT or DIRECTION
 * @param reference       the convex program the limit should solve, or null (invariance or property claims)
 * @param invariantOver   vary paths along which the limit must not change (empty for none)
 * @param judge           how a limit is judged
 * @param predictor       how the limit is estimated from the run
 * @param sameIterates    a second algorithm that must produce the same iterates, or null
 * @param iteratesCompared how many iterates {@code sameIterates} compares
 * @param property        a property claim, or null
 */
public record Target(Limit limit, Reference reference, List<String> invariantOver, Judge judge, Predictor predictor,
                     Algorithm sameIterates, int iteratesCompared, Property property) {

    /** The kind of limit. */
    public enum Limit {
        POINT("point"),
        DIRECTION("direction");

        private final String label;

        Limit(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How a limit is judged. */
    public enum Judge {
        /** Distance (and for directions the margin gap) of the limit estimate to the reference. */
        LIMIT("limit"),
        /**
         * Soudry et al.'s test for fixed-step gradient descent on separable data:
         * {@code w_t - w_hat log t} stays bounded; its growth over the last decade of t, and the direction
         * of the secant {@code w_T - w_{T/10}}, are compared with the reference.
         */
        BOUNDED_RESIDUAL("bounded-residual");

        private final String label;

        Judge(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How the limit of a run is estimated. */
    public enum Predictor {
        /** Theorem 1 when the method's tail is plain mirror descent, else the last iterate. */
        AUTOMATIC("automatic"),
        /** The last iterate (direction) with a geometric tail bound. */
        LAST_ITERATE("last-iterate"),
        /**
         * Theorem 1 restarted at the last iterate: the limit of a mirror-descent tail from {@code w_T} is
         * exactly {@code argmin_G D_psi(w, w_T)}, solved by the oracle.
         */
        THEOREM_1("theorem-1"),
        /**
         * AdaGrad: the max margin in the norm {@code sqrt(w' G_T^{1/2} w)} of the settled preconditioner,
         * solved by the oracle.
         */
        SETTLED_PRECONDITIONER("settled-preconditioner");

        private final String label;

        Predictor(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
