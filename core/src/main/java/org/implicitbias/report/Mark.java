package org.implicitbias.report;

/**
 * A single distinguished point of a {@link Plot} (a reference solution, a limit), drawn as a large
 * marker with its own legend entry. Its role fixes the marker, so the same kind of point looks the
 * same in every picture: the start a black diamond, the point a theorem predicts (the reference
 * solution) a red square, a computed limit (a flow's, an extrapolated eta -> 0 one) a green
 * triangle; other marks take the remaining shapes in order.
 *
 * @param label legend text, e.g. {@code w*_psi = argmin_G psi = (1/2, 1/4)}
 * @param x     abscissa in data coordinates
 * @param y     ordinate in data coordinates
 * @param role  what the point is
 */
public record Mark(String label, double x, double y, Role role) {

    /** What a marked point is; each role has its own marker. */
    public enum Role {
        /** The start w0. */
        START,
        /** The solution of the characterising program (the reference). */
        REFERENCE,
        /** A computed limit (a flow's, an eta -> 0 extrapolation). */
        LIMIT,
        /** Anything else. */
        OTHER
    }

    public Mark {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a mark needs a label");
        }
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("mark '" + label + "' is not finite: (" + x + ", " + y + ")");
        }
        if (role == null) {
            throw new IllegalArgumentException("mark '" + label + "' needs a role");
        }
    }

    /** A mark of no particular role. */
    public Mark(String label, double x, double y) {
        this(label, x, y, Role.OTHER);
    }
}
