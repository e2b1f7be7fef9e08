package org.implicitbias.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.implicitbias.model.AtomicFiles;
import org.implicitbias.model.InvalidInputException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link Plot} with XChart and writes it as PNG ({@code BitmapEncoder}) and SVG
 * ({@code VectorGraphicsEncoder}, backed by VectorGraphics2D).
 *
 * <p>Drawing needs no display: the class switches AWT to headless mode (unless the caller chose a
 * mode already) before any AWT class is touched. Files are written to a temporary sibling and moved
 * into place, so a failed write never leaves a half-written picture under the final name.
 */
public final class PlotWriter {
    /** Pixel size of the bitmaps, and the SVG canvas in points. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 650;

    /** Marker of each {@link Mark.Role} but OTHER, in role order: start, reference, limit. */
    private static final Map<Mark.Role, Marker> ROLE_SHAPES = new EnumMap<>(Map.of(Mark.Role.START, SeriesMarkers.DIAMOND,
            Mark.Role.REFERENCE, SeriesMarkers.SQUARE, Mark.Role.LIMIT, SeriesMarkers.TRIANGLE_UP));
    private static final Map<Mark.Role, Color> ROLE_COLORS = new EnumMap<>(Map.of(Mark.Role.START, Color.BLACK,
            Mark.Role.REFERENCE, new Color(0xB0, 0x00, 0x00), Mark.Role.LIMIT, new Color(0x00, 0x70, 0x00)));
    /** Markers of OTHER marks, in order (none of the role markers). */
    private static final Marker[] MARK_SHAPES = {
        SeriesMarkers.CROSS, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.PLUS, SeriesMarkers.CIRCLE
    };
    private static final Color[] MARK_COLORS = {
        new Color(0x80, 0x00, 0x80), new Color(0xC0, 0x60, 0x00), new Color(0x00, 0x60, 0x90), Color.DARK_GRAY
    };

    /** Colours of curves and point sets (blue is kept for the solution set G, as in the paper). */
    private static final Color[] SERIES_COLORS = {
        new Color(0xFF, 0x7F, 0x0E), new Color(0x2C, 0xA0, 0x2C), new Color(0xD6, 0x27, 0x28),
        new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B), new Color(0xE3, 0x77, 0xC2),
        new Color(0x7F, 0x7F, 0x7F), new Color(0xBC, 0xBD, 0x22), new Color(0x17, 0xBE, 0xCF)
    };
    private static final Color G_BLUE = new Color(0x1F, 0x4E, 0xC8);

    static {
        ensureHeadless();
    }

    private PlotWriter() {
    }

    /**
     * Sets {@code java.awt.headless=true} unless a value was given on the command line. Effective
     * only before the first AWT toolkit use, so plotting entry points call it first.
     */
    public static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** The XChart chart for a plot (titles, log axes, series styles, marks on top). */
    public static XYChart chart(Plot plot) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(plot.title())
                .xAxisTitle(plot.xLabel()).yAxisTitle(plot.yLabel()).build();
        chart.getStyler()
                .setXAxisLogarithmic(plot.logX())
                .setYAxisLogarithmic(plot.logY())
                .setPlotGridLinesVisible(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        // linear axes: plain decimals with a leading zero (0.05, not .05); log axes keep XChart's powers of ten
        if (!plot.logX()) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(PlotWriter::tick);
        }
        if (!plot.logY()) {
            chart.getStyler().setyAxisTickLabelsFormattingFunction(PlotWriter::tick);
        }
        int c = 0;
        for (Series s : plot.series()) {
            XYSeries xs = chart.addSeries(unique(chart, s.name()), s.x(), s.y());
            if (s.style() != Series.Style.DASHED) {
                Color color = SERIES_COLORS[c++ % SERIES_COLORS.length];
                xs.setLineColor(color);
                xs.setMarkerColor(color);
            }
            switch (s.style()) {
                case LINE -> {
                    xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    xs.setMarker(SeriesMarkers.NONE);
                }
                case DASHED -> {
                    xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    xs.setMarker(SeriesMarkers.NONE);
                    xs.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {8f, 5f}, 0f));
                    xs.setLineColor(G_BLUE);
                }
                case LINE_WITH_MARKERS -> {
                    xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    xs.setMarker(SeriesMarkers.CIRCLE);
                }
                case MARKERS -> {
                    xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    xs.setMarker(SeriesMarkers.CIRCLE);
                    xs.setLineStyle(SeriesLines.NONE);
                }
            }
        }
        int k = 0;
        for (Mark m : plot.marks()) {
            XYSeries xs = chart.addSeries(unique(chart, m.label()), new double[] {m.x()}, new double[] {m.y()});
            xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            if (m.role() == Mark.Role.OTHER) {
                xs.setMarker(MARK_SHAPES[k % MARK_SHAPES.length]);
                xs.setMarkerColor(MARK_COLORS[k % MARK_COLORS.length]);
                k++;
            } else {
                xs.setMarker(ROLE_SHAPES.get(m.role()));
                xs.setMarkerColor(ROLE_COLORS.get(m.role()));
            }
            xs.setLineStyle(SeriesLines.NONE);
        }
        return chart;
    }

    /**
     * A tick label of a linear axis: the value rounded to 10 significant digits (ticks such as
     * 0.15000000000000002 are sums of a step), trailing zeros dropped, with a leading zero ({@code 0.05},
     * {@code -0.1}, {@code 2}); scientific notation outside {@code [1e-4, 1e7)}.
     */
    static String tick(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(10)).stripTrailingZeros();
        double mag = Math.abs(v);
        if (mag >= 1e-4 && mag < 1e7) {
            return d.toPlainString();
        }
        String s = d.toString().replace("E+", "e").replace("E", "e");
        return s;
    }

    /** XChart keys series by name; a repeated legend text gets a numbered suffix. */
    private static String unique(XYChart chart, String name) {
        String n = name;
        for (int i = 2; chart.getSeriesMap().containsKey(n); i++) {
            n = name + " (" + i + ")";
        }
        return n;
    }

    /**
     * Writes {@code dir/base.png} and {@code dir/base.svg}, creating {@code dir} if needed.
     *
     * @return the two paths, PNG first
     * @throws InvalidInputException if {@code dir} exists as a file or cannot be created
     * @throws IOException           if writing fails
     */
    public static List<Path> write(Plot plot, Path dir, String base) throws IOException {
        ensureHeadless();
        prepareDirectory(dir);
        return save(chart(plot), dir, base);
    }

    /**
     * Writes a chart as {@code dir/base.png} and {@code dir/base.svg}, each atomically, into a
     * directory already prepared.
     *
     * @return the two paths, PNG first
     */
    static List<Path> save(Chart<?, ?> chart, Path dir, String base) throws IOException {
        Path png = dir.resolve(base + ".png");
        Path svg = dir.resolve(base + ".svg");
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        AtomicFiles.write(svg, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        List<Path> written = new ArrayList<>();
        written.add(png);
        written.add(svg);
        return written;
    }

    /** Creates the output directory, or explains in one line why it cannot be used. */
    public static void prepareDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("--out", dir, "a directory (this path is a file)");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException("--out", dir, "a directory that can be created ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException("--out", dir, "a writable directory");
        }
    }

}
