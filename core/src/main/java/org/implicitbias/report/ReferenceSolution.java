package org.implicitbias.report;

import java.util.Arrays;
import java.util.Objects;
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
 */
public final class ReferenceSolution {
    private final double[] w;
    private final double gamma;
    private final Norm norm;
    private final String source;

    public ReferenceSolution(double[] w, double gamma, Norm norm, String source) {
        w = w.clone();
        this.w = w;
        this.gamma = gamma;
        this.norm = norm;
        this.source = source;
    }

    /** The maximal margin (directions), NaN for points. */
    public double gamma() {
        return gamma;
    }

    /** The norm of the max-margin program (directions), null for points. */
    public Norm norm() {
        return norm;
    }

    /** How the solution was obtained (solver and certificate level, or closed form). */
    public String source() {
        return source;
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

    /** The reference point, or the unit-norm reference direction. */
    public double[] w() {
        return w.clone();
    }

    /** Equal when every component is, arrays compared by their contents. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof ReferenceSolution other
                && Arrays.equals(w, other.w)
                && Double.compare(gamma, other.gamma) == 0
                && Objects.equals(norm, other.norm)
                && Objects.equals(source, other.source));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(w), gamma, norm, source);
    }

    @Override
    public String toString() {
        return "ReferenceSolution[w=" + Arrays.toString(w)
                + ", gamma=" + gamma
                + ", norm=" + norm
                + ", source=" + source + "]";
    }
}
