package org.implicitbias.report;

import java.util.List;

/** Small helpers for 2-d pictures: bounding boxes of plot content and lines clipped to a box. */
final class PlaneGeometry {
    private PlaneGeometry() {
    }

    /** An axis-aligned box {@code [x0, x1] x [y0, y1]}. */
    record Box(double x0, double x1, double y0, double y1) {
        /** The box grown by {@code fraction} of its size on every side (at least {@code minSize} wide and high). */
        Box grown(double fraction, double minSize) {
            double w = Math.max(x1 - x0, minSize);
            double h = Math.max(y1 - y0, minSize);
            double cx = (x0 + x1) / 2;
            double cy = (y0 + y1) / 2;
            return new Box(cx - w * (0.5 + fraction), cx + w * (0.5 + fraction),
                    cy - h * (0.5 + fraction), cy + h * (0.5 + fraction));
        }
    }

    /** The smallest box holding every point of the series and marks. */
    static Box bounds(List<Series> series, List<Mark> marks) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] x = s.x();
            double[] y = s.y();
            for (int i = 0; i < x.length; i++) {
                x0 = Math.min(x0, x[i]);
                x1 = Math.max(x1, x[i]);
                y0 = Math.min(y0, y[i]);
                y1 = Math.max(y1, y[i]);
            }
        }
        for (Mark m : marks) {
            x0 = Math.min(x0, m.x());
            x1 = Math.max(x1, m.x());
            y0 = Math.min(y0, m.y());
            y1 = Math.max(y1, m.y());
        }
        return new Box(x0, x1, y0, y1);
    }

    /**
     * The segment of the line {@code {(px, py) + t (vx, vy)}} inside the box, as its two end points
     * {@code {xa, ya, xb, yb}}, or null if the line misses the box (Liang-Barsky clipping).
     */
    static double[] clip(double px, double py, double vx, double vy, Box box) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        double[][] slabs = {{px, vx, box.x0(), box.x1()}, {py, vy, box.y0(), box.y1()}};
        for (double[] s : slabs) {
            double p = s[0];
            double v = s[1];
            if (v == 0) {
                if (p < s[2] || p > s[3]) {
                    return null;
                }
                continue;
            }
            double a = (s[2] - p) / v;
            double b = (s[3] - p) / v;
            lo = Math.max(lo, Math.min(a, b));
            hi = Math.min(hi, Math.max(a, b));
        }
        if (!(lo < hi)) {
            return null;
        }
        return new double[] {px + lo * vx, py + lo * vy, px + hi * vx, py + hi * vy};
    }

    /** The line clipped to the box as a dashed series, or null if it misses the box. */
    static Series clippedLine(String name, double px, double py, double vx, double vy, Box box) {
        double[] seg = clip(px, py, vx, vy, box);
        if (seg == null) {
            return null;
        }
        return new Series(name, new double[] {seg[0], seg[2]}, new double[] {seg[1], seg[3]}, Series.Style.DASHED);
    }

    /**
     * The series with points dropped that lie closer than {@code fraction} of the box's size (in
     * box-normalised coordinates) to the last point kept; the first and last points always stay.
     * Keeps markers of a long trajectory from piling up where it slows down.
     */
    static Series thinned(Series s, Box box, double fraction) {
        double[] x = s.x();
        double[] y = s.y();
        double sx = Math.max(box.x1() - box.x0(), Double.MIN_NORMAL);
        double sy = Math.max(box.y1() - box.y0(), Double.MIN_NORMAL);
        double[] kx = new double[x.length];
        double[] ky = new double[x.length];
        int k = 0;
        kx[k] = x[0];
        ky[k] = y[0];
        k++;
        for (int i = 1; i < x.length - 1; i++) {
            double dx = (x[i] - kx[k - 1]) / sx;
            double dy = (y[i] - ky[k - 1]) / sy;
            if (Math.hypot(dx, dy) >= fraction) {
                kx[k] = x[i];
                ky[k] = y[i];
                k++;
            }
        }
        if (x.length > 1) {
            kx[k] = x[x.length - 1];
            ky[k] = y[x.length - 1];
            k++;
        }
        return new Series(s.name(), java.util.Arrays.copyOf(kx, k), java.util.Arrays.copyOf(ky, k), s.style());
    }

    /** Every trajectory (line with markers) of the list thinned to the box; other series unchanged. */
    static List<Series> thinnedTrajectories(List<Series> series, Box box) {
        return series.stream()
                .map(s -> s.style() == Series.Style.LINE_WITH_MARKERS ? thinned(s, box, 0.008) : s)
                .toList();
    }
}
