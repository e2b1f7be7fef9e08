package org.implicitbias.claims;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.implicitbias.model.Loss;
import org.implicitbias.optim.Algorithm;

/**
 * One run of a claim: an instance at one grid point, fully bound and validated.
 */
public final class RunPlan {
    private final int index;
    private final Instance instance;
    private final int gridIndex;
    private final Map<String, String> assignment;
    private final ObjectNode setting;
    private final Loss loss;
    private final Algorithm algorithm;
    private final double[] w0;
    private final Target target;
    private final Tolerance tolerance;
    private final RunBudget budget;

    public RunPlan(int index, Instance instance, int gridIndex, Map<String, String> assignment, ObjectNode setting,
                   Loss loss, Algorithm algorithm, double[] w0, Target target, Tolerance tolerance, RunBudget budget) {
        this.index = index;
        this.instance = instance;
        this.gridIndex = gridIndex;
        this.assignment = assignment;
        this.setting = setting;
        this.loss = loss;
        this.algorithm = algorithm;
        this.w0 = w0;
        this.target = target;
        this.tolerance = tolerance;
        this.budget = budget;
    }

    /** Position in the claim's run order (instances outer, grid points inner). */
    public int index() {
        return index;
    }

    /** The data. */
    public Instance instance() {
        return instance;
    }

    /** Which grid point. */
    public int gridIndex() {
        return gridIndex;
    }

    /** The vary values of that grid point (path to value as written), in vary order. */
    public Map<String, String> assignment() {
        return assignment;
    }

    /** The spec tree at that grid point (for reports and counterexamples). */
    public ObjectNode setting() {
        return setting;
    }

    /** The loss. */
    public Loss loss() {
        return loss;
    }

    /** The optimizer, or null for data-level properties. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** The start. */
    public double[] w0() {
        return w0;
    }

    /** What the claim says of this run. */
    public Target target() {
        return target;
    }

    /** Tolerances. */
    public Tolerance tolerance() {
        return tolerance;
    }

    /** Budget. */
    public RunBudget budget() {
        return budget;
    }

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

    /** Equal when every component is, arrays compared by their contents. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof RunPlan other
                && index == other.index
                && Objects.equals(instance, other.instance)
                && gridIndex == other.gridIndex
                && Objects.equals(assignment, other.assignment)
                && Objects.equals(setting, other.setting)
                && Objects.equals(loss, other.loss)
                && Objects.equals(algorithm, other.algorithm)
                && Arrays.equals(w0, other.w0)
                && Objects.equals(target, other.target)
                && Objects.equals(tolerance, other.tolerance)
                && Objects.equals(budget, other.budget));
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, instance, gridIndex, assignment, setting, loss, algorithm, Arrays.hashCode(w0),
                target, tolerance, budget);
    }

    @Override
    public String toString() {
        return "RunPlan[index=" + index
                + ", instance=" + instance
                + ", gridIndex=" + gridIndex
                + ", assignment=" + assignment
                + ", setting=" + setting
                + ", loss=" + loss
                + ", algorithm=" + algorithm
                + ", w0=" + Arrays.toString(w0)
                + ", target=" + target
                + ", tolerance=" + tolerance
                + ", budget=" + budget + "]";
    }
}
