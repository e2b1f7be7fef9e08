package org.implicitbias.io;

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
 *
 * @param data      the examples, with the exact rationals the file spelled
 * @param matrix    the shape of the example matrices for a matrix problem ({@code Xs}), else null
 * @param loss      the loss
 * @param exactW0   the starting point exactly (from {@code w0} or {@code init})
 * @param init      how the start was given ({@link Init.Point} for an explicit {@code w0})
 * @param reference the convex program, or null
 * @param algorithm the optimizer, or null
 * @param limits    run limits given in the file
 */
public record Problem(Dataset data, MatrixShape matrix, Loss loss, BigFraction[] exactW0, Init init,
                      Reference reference, Algorithm algorithm, Limits limits) {

    public Problem {
        exactW0 = exactW0.clone();
    }

    /** The starting point as doubles (nearest roundings). */
    public double[] w0() {
        return ExactNumbers.toDoubles(exactW0);
    }

    @Override
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
}
