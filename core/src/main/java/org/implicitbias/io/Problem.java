package org.implicitbias.io;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.Loss;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.oracle.Reference;

/**
 * A validated problem file: data, loss, starting point, and optionally the characterising convex
 * program ({@code reference}, for {@code solve}) and an optimizer ({@code algorithm}, for {@code run}).
 */
public final class Problem {
    private final Dataset data;
    private final MatrixShape matrix;
    private final Loss loss;
    private final BigFraction[] exactW0;
    private final Init init;
    private final Reference reference;
    private final Algorithm algorithm;
    private final Limits limits;

    public Problem(Dataset data, MatrixShape matrix, Loss loss, BigFraction[] exactW0, Init init,
                   Reference reference, Algorithm algorithm, Limits limits) {
        exactW0 = exactW0.clone();
        this.data = data;
        this.matrix = matrix;
        this.loss = loss;
        this.exactW0 = exactW0;
        this.init = init;
        this.reference = reference;
        this.algorithm = algorithm;
        this.limits = limits;
    }

    /** The examples, with the exact rationals the file spelled. */
    public Dataset data() {
        return data;
    }

    /** The shape of the example matrices for a matrix problem ({@code Xs}), else null. */
    public MatrixShape matrix() {
        return matrix;
    }

    /** The loss. */
    public Loss loss() {
        return loss;
    }

    /** How the start was given ({@link Init.Point} for an explicit {@code w0}). */
    public Init init() {
        return init;
    }

    /** The convex program, or null. */
    public Reference reference() {
        return reference;
    }

    /** The optimizer, or null. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** Run limits given in the file. */
    public Limits limits() {
        return limits;
    }

    /** The starting point as doubles (nearest roundings). */
    public double[] w0() {
        return ExactNumbers.toDoubles(exactW0);
    }

    /** The starting point exactly (from {@code w0} or {@code init}). */
    public BigFraction[] exactW0() {
        return exactW0.clone();
    }

    /** The kind of limit a run has: a direction for monotone losses, a point otherwise. */
    public Budget.Limit limitKind() {
        return loss.monotone() ? Budget.Limit.DIRECTION : Budget.Limit.POINT;
    }

    /** The dimensions the vocabulary readers need. */
    public Dimensions dimensions() {
        return new Dimensions(data.n(), data.d(), matrix);
    }

    /** Equal when every component is, arrays compared by their contents. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Problem other
                && Objects.equals(data, other.data)
                && Objects.equals(matrix, other.matrix)
                && Objects.equals(loss, other.loss)
                && Arrays.equals(exactW0, other.exactW0)
                && Objects.equals(init, other.init)
                && Objects.equals(reference, other.reference)
                && Objects.equals(algorithm, other.algorithm)
                && Objects.equals(limits, other.limits));
    }

    @Override
    public int hashCode() {
        return Objects.hash(data, matrix, loss, Arrays.hashCode(exactW0), init, reference, algorithm, limits);
    }

    @Override
    public String toString() {
        return "Problem[data=" + data
                + ", matrix=" + matrix
                + ", loss=" + loss
                + ", exactW0=" + Arrays.toString(exactW0)
                + ", init=" + init
                + ", reference=" + reference
                + ", algorithm=" + algorithm
                + ", limits=" + limits + "]";
    }
}
