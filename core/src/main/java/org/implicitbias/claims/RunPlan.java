package org.implicitbias.claims;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.implicitbias.model.Loss;
import org.implicitbias.optim.Algorithm;

/**
 * One run of a claim: an instance at one grid point, fully bound and validated.
 *
 * @param index      position in the claim's run order (instances outer, grid points inner)
 * @param instance   the data
 * @param gridIndex  which grid point
 * @param assignment the vary values of that grid point (path to value as written), in vary order
 * @param setting    the spec tree at that grid point (for reports and counterexamples)
 * @param loss       the loss
 * @param algorithm  the optimizer, or null for data-level properties
 * @param w0         the start
 * @param target     what the claim says of this run
 * @param tolerance  tolerances
 * @param budget     budget
 */
public record RunPlan(int index, Instance instance, int gridIndex, Map<String, String> assignment, ObjectNode setting,
                      Loss loss, Algorithm algorithm, double[] w0, Target target, Tolerance tolerance,
                      RunBudget budget) {

    /**
     * Where this run is, for reasons and reports: the instance, and the grid point when the spec has a
     * grid ({@code literal[0]}, {@code literal[0] at algorithm.step.eta=0.1}).
     */
    public String where() {
        return assignment.isEmpty() ? instance.label() : instance.label() + " at " + settingLabel();
    }

    /** A short label of the grid point, e.g. {@code algorithm.step.eta=0.1}; {@code -} without a grid. */
    public String settingLabel() {
        if (assignment.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : assignment.entrySet()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }
}
