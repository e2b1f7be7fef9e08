package org.implicitbias.report;

import java.util.List;

/**
 * What one chart shows, as a value independent of any drawing library: title, axis labels and
 * scales, the curves and the marked points. {@link PlotWriter} draws it.
 *
 * <p>On a logarithmic axis every coordinate must be positive; the builders of plots filter their
 * data accordingly and say so in the axis label.
 *
 * @param title  the chart title: what is shown, for which problem and algorithm
 * @param xLabel x-axis label with units
 * @param yLabel y-axis label with units
 * @param logX   whether the x axis is logarithmic
 * @param logY   whether the y axis is logarithmic
 * @param series curves and point sets, drawn in order
 * @param marks  distinguished points, drawn on top
 */
public record Plot(String title, String xLabel, String yLabel, boolean logX, boolean logY,
                   List<Series> series, List<Mark> marks) {
    public Plot {
        series = List.copyOf(series);
        marks = List.copyOf(marks);
        if (series.isEmpty() && marks.isEmpty()) {
            throw new IllegalArgumentException("plot '" + title + "' has nothing to draw");
        }
        for (Series s : series) {
            check(title, s.name(), logX, s.x());
            check(title, s.name(), logY, s.y());
        }
        for (Mark m : marks) {
            check(title, m.label(), logX, new double[] {m.x()});
            check(title, m.label(), logY, new double[] {m.y()});
        }
    }

    private static void check(String title, String name, boolean log, double[] v) {
        if (!log) {
            return;
        }
        for (double d : v) {
            if (!(d > 0)) {
                throw new IllegalArgumentException("plot '" + title + "': '" + name
                        + "' has a value <= 0 on a logarithmic axis: " + d);
            }
        }
    }

    /** The series with this name. */
    public Series series(String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no series '" + name + "' in plot '" + title + "'"));
    }
}
