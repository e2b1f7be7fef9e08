package org.implicitbias.api;

import org.implicitbias.model.Dataset;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.Objective;

/**
 * The problem an optimizer runs on: data X (N x d), targets y and the loss
 * {@code L(w) = sum_n loss(<w, x_n>, y_n)}, with its gradient. For the exponential and logistic losses the
 * values are computed in log space and exponentiated, so they may underflow to 0 at large margins.
 * Not thread-safe: one per run.
 */
public final class Problem {
    private final Objective objective;
    private final Evaluation evaluation;

    Problem(Objective objective) {
        this.objective = objective;
        this.evaluation = objective.newEvaluation();
    }

    /** Number of examples N. */
    public int n() {
        return objective.data().n();
    }

    /** Dimension d of w. */
    public int d() {
        return objective.data().d();
    }

    /** A copy of row n of X. */
    public double[] x(int n) {
        return objective.data().row(n).clone();
    }

    /** Target (or label) {@code y_n}. */
    public double y(int n) {
        return objective.data().y(n);
    }

    /** The loss's name in the vocabulary of the files, e.g. {@code squared}. */
    public String loss() {
        return objective.loss().name();
    }

    /** {@code L(w)}. */
    public double value(double[] w) {
        return Math.exp(objective.logValue(w));
    }

    /** Writes {@code grad L(w)} into {@code out} (length d). */
    public void gradient(double[] w, double[] out) {
        objective.evaluate(w, evaluation);
        evaluation.gradient(out);
    }

    Dataset data() {
        return objective.data();
    }
}
