package org.implicitbias.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.implicitbias.claims.sweep.Sweep;
import org.implicitbias.claims.sweep.SweepAxis;
import org.implicitbias.claims.sweep.SweepCell;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws a sweep as a heat map ({@code DIR/<id>-sweep.png} and {@code .svg}): the first axis across, the
 * second up, each cell coloured by {@code log10} of its measured gap (at least {@code 1e-16}: rounding-level
 * and zero gaps are drawn at that floor; cells without a measured gap are left blank), and marked with its verdict: a ring for confirmed, a cross for refuted, a question mark
 * for inconclusive. The strip under the map explains the marks and counts the cells' certificate
 * levels. XChart paints the map; the marks are painted over it in the cells' screen positions, in
 * the bitmap and the vector picture alike.
 */
public final class SweepHeatMap {
    static final int WIDTH = 900;
    static final int HEIGHT = 720;
    /** Height of the strip under the chart that explains marks and certificate levels. */
    static final int STRIP = 70;

    /** The smallest gap the colour scale shows: a gap below it (or exactly 0) is drawn as this. */
    static final double FLOOR = 1e-16;

    /** Viridis-like colour ramp, from small gaps (dark) to large ones (bright). */
    private static final Color[] RAMP = {
        new Color(0x44, 0x01, 0x54), new Color(0x3B, 0x52, 0x8B), new Color(0x21, 0x90, 0x8C),
        new Color(0x5D, 0xC8, 0x63), new Color(0xFD, 0xE7, 0x25)
    };

    private SweepHeatMap() {
    }

    /**
     * Writes the PNG and SVG of a sweep.
     *
     * @return the two paths, PNG first
     */
    public static List<Path> write(Sweep.Result r, Path dir, String base) throws IOException {
        PlotWriter.ensureHeadless();
        PlotWriter.prepareDirectory(dir);
        return List.copyOf(PlotWriter.save(chart(r), dir, base));
    }

    /** The chart, with its overlay of verdict marks and the legend strip. */
    static HeatMapChart chart(Sweep.Result r) {
        SweepAxis xa = r.axes().get(0);
        SweepAxis ya = r.axes().size() > 1 ? r.axes().get(1) : null;
        List<String> xs = xa.labels();
        List<String> ys = ya != null ? ya.labels() : List.of("-");
        List<Number[]> heat = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (SweepCell c : r.cells()) {
            if (Double.isFinite(c.gap()) && c.gap() >= 0) {
                // gaps at rounding level (below FLOOR, exact zeros too) are drawn at FLOOR
                double v = Math.log10(Math.max(c.gap(), FLOOR));
                heat.add(new Number[] {c.i(), c.j(), v});
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (heat.isEmpty()) {
            lo = -1;
            hi = 0;
        } else if (hi - lo < 1e-9) {
            lo -= 0.5;
            hi += 0.5;
        }
        // the colour bar's ends, which XChart labels with every digit, on half decades
        lo = Math.floor(lo * 2) / 2;
        hi = Math.ceil(hi * 2) / 2;
        Marked chart = new Marked(r, xs.size(), ys.size());
        chart.setTitle(r.spec().id() + ": log10 of the measured gap");
        chart.setXAxisTitle(xa.name());
        chart.setYAxisTitle(ya != null ? ya.name() : "");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(new Color(0xEE, 0xEE, 0xEE));
        chart.getStyler().setRangeColors(RAMP);
        chart.getStyler().setMin(lo);
        chart.getStyler().setMax(hi);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setDrawBorder(true);
        chart.getStyler().setAntiAlias(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0.0");
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.addSeries("log10 gap", xs, ys, heat);
        return chart;
    }

    /** A heat map that paints the verdict marks and the legend strip over XChart's picture. */
    static final class Marked extends HeatMapChart {
        private final Sweep.Result result;
        private final int nx;
        private final int ny;

        Marked(Sweep.Result result, int nx, int ny) {
            super(new HeatMapChartBuilder().width(WIDTH).height(HEIGHT));
            this.result = result;
            this.nx = nx;
            this.ny = ny;
        }

        @Override
        public void paint(Graphics2D g, int width, int height) {
            int h = height - STRIP;
            super.paint(g, width, h);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            // XChart lays the cells out evenly over the plot's content area, the plot bounds shrunk to
            // the styler's plot-content size and centred
            java.awt.geom.Rectangle2D b = plot.getBounds();
            double f = getStyler().getPlotContentSize();
            double cw = b.getWidth() * f / nx;
            double ch = b.getHeight() * f / ny;
            double left = b.getX() + b.getWidth() * (1 - f) / 2;
            double bottom = b.getY() + b.getHeight() - b.getHeight() * (1 - f) / 2;
            double size = Math.max(5, Math.min(cw, ch) * 0.22);
            for (SweepCell c : result.cells()) {
                mark(g, c.verdict(), left + (c.i() + 0.5) * cw, bottom - (c.j() + 0.5) * ch, size);
            }
            strip(g, width, h, height);
        }

        private void strip(Graphics2D g, int width, int top, int height) {
            g.setColor(Color.WHITE);
            g.fillRect(0, top, width, height - top);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            FontMetrics fm = g.getFontMetrics();
            int y = top + 24;
            int x = 60;
            for (String v : List.of("confirmed", "refuted", "inconclusive")) {
                long n = result.count(v);
                mark(g, v, x, y - 5, 8);
                g.setColor(Color.BLACK);
                String t = v + " (" + n + ")";
                g.drawString(t, x + 14, y);
                x += 14 + fm.stringWidth(t) + 36;
            }
            Map<String, Integer> levels = new TreeMap<>();
            for (SweepCell c : result.cells()) {
                levels.merge(c.level(), 1, Integer::sum);
            }
            StringBuilder b = new StringBuilder("certificate levels of the cells' references: ");
            levels.forEach((k, v) -> b.append(k).append(' ').append(v).append(", "));
            b.setLength(b.length() - 2);
            g.setColor(Color.BLACK);
            g.drawString(b.toString(), 60, y + 26);
        }

        /** A ring (confirmed), a cross (refuted) or a question mark (inconclusive), black on a white halo. */
        private static void mark(Graphics2D g, String verdict, double cx, double cy, double r) {
            for (int pass = 0; pass < 2; pass++) {
                g.setColor(pass == 0 ? Color.WHITE : Color.BLACK);
                g.setStroke(new BasicStroke(pass == 0 ? 5.5f : 2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                switch (verdict) {
                    case "confirmed" -> g.draw(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
                    case "refuted" -> {
                        g.draw(new Line2D.Double(cx - r, cy - r, cx + r, cy + r));
                        g.draw(new Line2D.Double(cx - r, cy + r, cx + r, cy - r));
                    }
                    default -> {
                        Font f = new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.max(12, 2.2 * r));
                        java.awt.font.GlyphVector gv = f.createGlyphVector(g.getFontRenderContext(), "?");
                        java.awt.geom.Rectangle2D bounds = gv.getVisualBounds();
                        java.awt.Shape s = gv.getOutline((float) (cx - bounds.getCenterX()), (float) (cy - bounds.getCenterY()));
                        if (pass == 0) {
                            g.draw(s);
                        } else {
                            g.fill(s);
                        }
                    }
                }
            }
        }
    }
}
