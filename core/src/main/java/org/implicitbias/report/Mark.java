package org.implicitbias.report;

/**
 * A single distinguished point of a {@link Plot} (a reference solution, a limit), drawn as a large
 * marker with its own legend entry.
 *
 * @param label legend text, e.g. {@code w*_psi = argmin_G psi = (1/2, 1/4)}
 * @param x     abscissa in data coordinates
 * @param y     ordinate in data coordinates
 */
public record Mark(String label, double x, double y) {
    public Mark {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a mark needs a label");
        }
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("mark '" + label + "' is not finite: (" + x + ", " + y + ")");
        }
    }
}
