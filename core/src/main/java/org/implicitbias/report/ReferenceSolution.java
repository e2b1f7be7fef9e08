package org.implicitbias.report;

import org.implicitbias.geometry.Norm;

/**
 * The solution of a problem's reference program, as far as a picture needs it.
 *
 * <ul>
 *   <li>a limit POINT (losses with a finite root): {@code w} is {@code argmin_G} of the program,
 *       distances are {@code ||w_t - w||_2};</li>
 *   <li>a limit DIRECTION (monotone losses): {@code w} is the unit-norm maximiser of
 *       {@code min_n <w, z_n>} in {@code norm}, {@code gamma} the maximal normalised margin;
 *       the run is compared through {@code ||w_t/||w_t|| - w||} and {@code gamma - margin(w_t)},
 *       both in {@code norm}.</li>
 * </ul>
 *
 * @param w      the reference point, or the unit-norm reference direction
 * @param gamma  the maximal margin (directions), NaN for points
 * @param norm   the norm of the max-margin program (directions), null for points
 * @param source how the solution was obtained (solver and certificate level, or closed form)
 */
public record ReferenceSolution(double[] w, double gamma, Norm norm, String source) {
    public ReferenceSolution {
        w = w.clone();
    }

    /** A reference point. */
    public static ReferenceSolution point(double[] w, String source) {
        return new ReferenceSolution(w, Double.NaN, null, source);
    }

    /** A reference direction with its margin. */
    public static ReferenceSolution direction(double[] unit, double gamma, Norm norm, String source) {
        return new ReferenceSolution(unit, gamma, norm, source);
    }

    /** Whether this is a direction (max-margin) reference. */
    public boolean isDirection() {
        return norm != null;
    }

    @Override
    public double[] w() {
        return w.clone();
    }
}
