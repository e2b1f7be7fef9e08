package org.implicitbias.report;

import org.implicitbias.claims.Curve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The convergence picture of a claim: each run's gap to its reference against the iteration t, on
 * log-log axes, with the claim's tolerance and each run's refutation threshold (tolerance plus error
 * bound) as horizontal lines. A run that ends below its tolerance line converged within tolerance; one
 * that ends above its threshold line missed the reference by more than every bound; the slope shows
 * the rate ({@code 1/t} is a line of slope -1).
 *
 * <p>Log axes cannot show t = 0 or a gap of 0: samples at t = 0 are left out and gaps at or below 0 are
 * drawn a decade below the smallest positive value, which the axis label then says. Legend entries
 * beyond the first {@value #LEGEND_RUNS} runs are left out, so a large grid keeps a readable picture.
 */
public final class ConvergencePlot {
    /** Runs named in the legend; further runs are drawn unnamed. */
    public static final int LEGEND_RUNS = 8;
    /** Name of the tolerance line (one per distinct tolerance, suffixed when there are several). */
    public static final String TOLERANCE = "tolerance";
    /** Name of the refutation threshold line: gap above tolerance + error bound is a refutation. */
    public static final String THRESHOLD = "tolerance + error bound (refuted above)";
    /** The most threshold lines drawn (the largest and smallest when runs differ in their bounds). */
    private static final int MAX_THRESHOLDS = 4;

    private ConvergencePlot() {
    }

    /**
     * One run's curve and what it is judged against.
     *
     * @param label      the run's name in the legend, e.g. {@code #3 literal[0] at eta=0.1: refuted}
     * @param curve      its gap at sampled t
     * @param tolerance  the tolerance (NaN or <= 0: none drawn)
     * @param errorBound the run's error bound (NaN: taken as 0)
     */
    public record Run(String label, Curve curve, double tolerance, double errorBound) {
    }

    /**
     * The plot of the runs' curves, or null when no run has a drawable sample (t > 0, gap measured).
     *
     * @param title   the chart title
     * @param measure what the gap measures, for the axis label (e.g. {@code distance})
     * @param runs    the runs, in report order
     */
    public static Plot plot(String title, String measure, List<Run> runs) {
        double smallest = Double.POSITIVE_INFINITY;
        long tMin = Long.MAX_VALUE;
        long tMax = Long.MIN_VALUE;
        for (Run r : runs) {
            long[] t = r.curve().t();
            double[] g = r.curve().gap();
            for (int i = 0; i < t.length; i++) {
                if (t[i] > 0 && !Double.isNaN(g[i]) && Double.isFinite(g[i])) {
                    tMin = Math.min(tMin, t[i]);
                    tMax = Math.max(tMax, t[i]);
                    if (g[i] > 0) {
                        smallest = Math.min(smallest, g[i]);
                    }
                }
            }
            for (double v : new double[] {r.tolerance(), r.tolerance() + bound(r)}) {
                if (v > 0 && Double.isFinite(v)) {
                    smallest = Math.min(smallest, v);
                }
            }
        }
        if (tMin == Long.MAX_VALUE || smallest == Double.POSITIVE_INFINITY) {
            return null;
        }
        double floor = smallest / 10;
        boolean floored = false;
        List<Series> series = new ArrayList<>();
        for (Run r : runs) {
            long[] t = r.curve().t();
            double[] g = r.curve().gap();
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < t.length; i++) {
                if (t[i] > 0 && !Double.isNaN(g[i]) && Double.isFinite(g[i])) {
                    double y = g[i];
                    if (!(y > 0)) {
                        y = floor;
                        floored = true;
                    }
                    pts.add(new double[] {t[i], y});
                }
            }
            if (!pts.isEmpty()) {
                series.add(Series.of(r.label(), pts, pts.size() == 1 ? Series.Style.MARKERS : Series.Style.LINE));
            }
        }
        double x0 = tMin;
        double x1 = Math.max(tMax, tMin + 1);
        List<Double> tolerances = new ArrayList<>();
        List<Double> thresholds = new ArrayList<>();
        for (Run r : runs) {
            if (r.tolerance() > 0 && Double.isFinite(r.tolerance())) {
                addDistinct(tolerances, r.tolerance());
                if (bound(r) > 0) {
                    addDistinct(thresholds, r.tolerance() + bound(r));
                }
            }
        }
        for (int i = 0; i < tolerances.size(); i++) {
            String name = tolerances.size() == 1 ? TOLERANCE : TOLERANCE + " " + Format.num(tolerances.get(i), 3);
            series.add(line(name, x0, x1, tolerances.get(i)));
        }
        thresholds.sort(Double::compare);
        if (thresholds.size() > MAX_THRESHOLDS) {
            thresholds = List.of(thresholds.get(0), thresholds.get(thresholds.size() - 1));
        }
        for (int i = 0; i < thresholds.size(); i++) {
            String name = thresholds.size() == 1 ? THRESHOLD : THRESHOLD + " " + Format.num(thresholds.get(i), 3);
            series.add(line(name, x0, x1, thresholds.get(i)));
        }
        String yLabel = "gap: " + measure + " (log scale" + (floored ? "; gaps <= 0 drawn at " + Format.num(floor, 3) : "") + ")";
        return new Plot(title, "iteration t (log scale)", yLabel, true, true, series, List.of());
    }

    /**
     * The chart of a convergence plot: the lines of {@link #plot} with the tolerance drawn black and
     * dashed, the thresholds grey and dashed, and legend entries only for the first {@value #LEGEND_RUNS} runs.
     */
    public static XYChart chart(Plot plot) {
        XYChart chart = PlotWriter.chart(plot);
        int runs = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            String name = s.getName();
            if (name.startsWith(THRESHOLD)) {
                s.setLineColor(new Color(0x70, 0x70, 0xA0));
                s.setLineStyle(dashes(4f));
            } else if (name.startsWith(TOLERANCE)) {
                s.setLineColor(Color.BLACK);
                s.setLineStyle(dashes(8f));
            } else if (++runs > LEGEND_RUNS) {
                s.setShowInLegend(false);
            }
        }
        return chart;
    }

    private static BasicStroke dashes(float dash) {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {dash, dash / 2}, 0f);
    }

    private static double bound(Run r) {
        return Double.isFinite(r.errorBound()) && r.errorBound() > 0 ? r.errorBound() : 0;
    }

    /** Adds v unless a value within 1e-9 relative is there already. */
    private static void addDistinct(List<Double> values, double v) {
        for (double u : values) {
            if (Math.abs(u - v) <= 1e-9 * Math.max(Math.abs(u), Math.abs(v))) {
                return;
            }
        }
        values.add(v);
    }

    private static Series line(String name, double x0, double x1, double y) {
        return new Series(name, new double[] {x0, x1}, new double[] {y, y}, Series.Style.LINE);
    }
}
