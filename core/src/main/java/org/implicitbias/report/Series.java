package org.implicitbias.report;

import java.util.Arrays;
import java.util.List;

/**
 * One named curve or point set of a {@link Plot}: points {@code (x[i], y[i])} in the plot's data
 * coordinates, drawn as a line through the points, as separate markers, or both.
 */
public final class Series {
    private final String name;
    private final double[] x;
    private final double[] y;
    private final Style style;

    /** Legend text. */
    public String name() {
        return name;
    }

    /** How the points are drawn. */
    public Style style() {
        return style;
    }

    /** How a series is drawn. */
    public enum Style {
        /** A polyline through the points, no markers. */
        LINE,
        /** A dashed polyline, no markers (reference lines such as the solution set G). */
        DASHED,
        /** A polyline with a small marker on every point (trajectories). */
        LINE_WITH_MARKERS,
        /** Markers only (data points). */
        MARKERS
    }

    public Series(String name, double[] x, double[] y, Style style) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a series needs a name");
        }
        if (x == null || y == null || x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "': x and y must be non-empty and of equal length");
        }
        x = x.clone();
        y = y.clone();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("series '" + name + "': point " + i + " is not finite");
            }
        }
        this.name = name;
        this.x = x;
        this.y = y;
        this.style = style;
    }

    /** The series through the given {@code (x, y)} pairs, in their order. */
    public static Series of(String name, List<double[]> pts, Style style) {
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new Series(name, x, y, style);
    }

    /** Number of points. */
    public int size() {
        return x.length;
    }

    /** Abscissae (copied). */
    public double[] x() {
        return x.clone();
    }

    /** Ordinates (copied), as many as {@code x}. */
    public double[] y() {
        return y.clone();
    }

    @Override
    public String toString() {
        return "Series[" + name + ", " + x.length + " points, " + style + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && name.equals(s.name) && style == s.style
                && Arrays.equals(x, s.x) && Arrays.equals(y, s.y);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(x)) + Arrays.hashCode(y);
    }
}
