package org.implicitbias.oracle;

import org.implicitbias.model.Dataset;

/**
 * Solves any characterising program of the vocabulary ({@link Reference}) on a data set, independently
 * of the optimizers, and returns a certified {@link Outcome}:
 * {@code min-bregman} ({@link MinBregmanSolver}), {@code min-norm} and {@code min-distance} ({@link MinNormSolver}),
 * {@code max-margin} ({@link MaxMarginSolver}) and {@code max-margin-nuclear} ({@link NuclearMaxMarginSolver}).
 * The start w0 is used by the first two (the distance is measured from it) and ignored by the margins.
 */
public final class ReferenceSolver {
    private final MinBregmanSolver bregman = new MinBregmanSolver();
    private final MinNormSolver minNorm = new MinNormSolver();
    private final MaxMarginSolver maxMargin = new MaxMarginSolver();
    private final NuclearMaxMarginSolver nuclear = new NuclearMaxMarginSolver();

    /**
     * Solves the characterising program {@code ref} on the data, from {@code w0}.
     *
     * @param ref  the program
     * @param data X and y (for margins: labels +1/-1; for the nuclear program: rows are flattened matrices)
     * @param w0   the start (length d) for min-bregman and min-norm; may be null for the margins
     * @throws org.implicitbias.model.InvalidInputException on bad input (w0 outside the domain, wrong shapes, labels)
     * @throws IllegalStateException if a method fails to converge (never a wrong outcome)
     */
    public Outcome solve(Reference ref, Dataset data, double[] w0) {
        if (ref instanceof Reference.MinBregman mb) {
            return bregman.solve(mb, data, w0);
        } else if (ref instanceof Reference.NormProgram mn) {
            if (w0 == null || w0.length != data.d()) {
                throw new org.implicitbias.model.InvalidInputException("w0", w0 == null ? "nothing" : w0.length + " entries",
                        data.d() + " entries, one per column of X");
            }
            return minNorm.solve(mn, data, mn.centre(w0));
        } else if (ref instanceof Reference.MaxMargin mm) {
            return maxMargin.solve(mm, data);
        } else if (ref instanceof Reference.MaxMarginNuclear nu) {
            return nuclear.solve(nu, data);
        }
        throw new IllegalArgumentException("unknown reference " + ref);
    }
}
