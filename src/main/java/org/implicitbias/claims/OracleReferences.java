package org.implicitbias.claims;

import org.implicitbias.model.Dataset;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.MarginFace;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import org.implicitbias.oracle.ReferenceSolver;

/**
 * The production {@link ReferenceOracle}: the oracle module's {@link ReferenceSolver}, its
 * {@link Certificate} turned into the checker's {@link Solution}.
 *
 * <p>Error bound of a solution (the l2 distance of its point to the true solution, and for margins the
 * error of gamma): 0 at level {@code exact} and {@code smt} (an exact KKT point in a box of the
 * rounding's size); otherwise {@code sqrt(2 |gap|) + r}, with the duality gap and r the largest KKT
 * residual: for a 1-strongly convex objective {@code ||w - w*||^2 <= 2 gap} (rigorous at level
 * {@code bounded} for the potentials of modulus at least 1 on the region, an estimate otherwise, and
 * reported with its level).
 */
public final class OracleReferences implements ReferenceOracle {

    @Override
    public Solution solve(Reference reference, Dataset data, double[] w0) {
        Outcome o = new ReferenceSolver().solve(reference, data, w0);
        if (o.status() == Outcome.Status.INFEASIBLE) {
            return Solution.failed(Solution.Status.INFEASIBLE, o.reason());
        }
        if (o.status() == Outcome.Status.NOT_SEPARABLE) {
            return Solution.failed(Solution.Status.NOT_SEPARABLE, o.reason());
        }
        Certificate c = o.certificate();
        Certificate.Level level = c.level();
        double gap = Math.abs(c.residuals().dualityGap());
        double bound = level == Certificate.Level.EXACT || level == Certificate.Level.SMT ? 0
                : Math.sqrt(2 * gap) + c.residuals().max();
        if (Double.isNaN(bound)) {
            bound = Double.POSITIVE_INFINITY;
        }
        MarginFace face = c.margin().orElse(null);
        if (face != null) {
            double gammaError = level == Certificate.Level.EXACT || level == Certificate.Level.SMT ? 0
                    : Math.abs(face.gamma() - face.dualValue()) + c.residuals().max();
            return new Solution(Solution.Status.SOLVED, face.maximiser(), face.gamma(), face.gamma(), face.dualWeights(),
                    face.support(), level.label(), Math.max(gammaError, face.unique() ? bound : gammaError), o.reason());
        }
        return new Solution(Solution.Status.SOLVED, c.point(), c.value(), Double.NaN, null, null, level.label(), bound,
                o.reason());
    }
}
