package org.implicitbias.claims;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.implicitbias.model.Dataset;
import org.implicitbias.oracle.MaxMarginSolver;

/**
 * The preconditions a claim's theorem needs of its data, checked by small linear programs before
 * anything runs (a spec that violates them is bad input, not a counterexample):
 * <ul>
 * <li>separable: the oracle's decision, {@link MaxMarginSolver#separable};</li>
 * <li>G non-empty: {@code Xw = y} is feasible;</li>
 * <li>G meets {@code w > 0}: {@code max s s.t. Xw = y, w >= s, s <= 1} has {@code s* > 0}
 *     (and with {@code sum w = 1} for the simplex).</li>
 * </ul>
 * The two LPs run in floating point (Commons Math's simplex); the threshold is far above its rounding.
 */
public final class Preconditions {
    private static final double THRESHOLD = 1e-9;

    private Preconditions() {
    }

    /**
     * Whether the labels are +-1 and some w has {@code Z w > 0}: the oracle's one separability decision
     * ({@link MaxMarginSolver#separable}), so a spec's data pass this check exactly when the max-margin
     * programs solve on them.
     */
    public static boolean separable(Dataset data) {
        return MaxMarginSolver.separable(data);
    }

    /**
     * {@code max s} over {@code Xw = y, w >= s} (optionally {@code sum w = 1}), capped at 1:
     * NEGATIVE_INFINITY when G (or G on the simplex's plane) is empty, positive iff G meets the open orthant.
     */
    public static double interiority(Dataset data, boolean simplex) {
        int d = data.d();
        List<LinearConstraint> cons = new ArrayList<>();
        double[] y = data.y();
        for (int i = 0; i < data.n(); i++) {
            double[] c = new double[d + 1];
            System.arraycopy(data.rowMajor(), i * d, c, 0, d);
            cons.add(new LinearConstraint(c, Relationship.EQ, y[i]));
        }
        if (simplex) {
            double[] c = new double[d + 1];
            java.util.Arrays.fill(c, 0, d, 1);
            cons.add(new LinearConstraint(c, Relationship.EQ, 1));
        }
        for (int j = 0; j < d; j++) {
            double[] c = new double[d + 1];
            c[j] = 1;
            c[d] = -1;
            cons.add(new LinearConstraint(c, Relationship.GEQ, 0));
        }
        double[] cap = new double[d + 1];
        cap[d] = 1;
        cons.add(new LinearConstraint(cap, Relationship.LEQ, 1));
        PointValuePair p = solve(cap.clone(), cons);
        return p == null ? Double.NEGATIVE_INFINITY : p.getValue();
    }

    /** Whether {@code G = {Xw = y}} is non-empty. */
    public static boolean realizable(Dataset data) {
        // w >= s with s free only bounds the objective: feasibility of the LP is feasibility of Xw = y
        return interiority(data, false) > Double.NEGATIVE_INFINITY;
    }

    /** Whether {@code G} has a point with every entry > 0 (optionally on the simplex). */
    public static boolean positivelyRealizable(Dataset data, boolean simplex) {
        return interiority(data, simplex) > THRESHOLD;
    }

    private static PointValuePair solve(double[] objective, List<LinearConstraint> cons) {
        try {
            return new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(objective, 0),
                    new LinearConstraintSet(cons), GoalType.MAXIMIZE, new NonNegativeConstraint(false));
        } catch (NoFeasibleSolutionException e) {
            return null;
        } catch (UnboundedSolutionException | TooManyIterationsException e) {
            throw new IllegalStateException("precondition LP failed: " + e.getMessage(), e);
        }
    }
}
