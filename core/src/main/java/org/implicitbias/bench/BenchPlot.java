package org.implicitbias.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implicitbias.report.Plot;
import org.implicitbias.report.PlotWriter;
import org.implicitbias.report.Series;

/**
 * {@code bench --plot DIR}: the scaling picture, time of one unit of work (one solve, one gradient
 * descent iteration) against the size N x d of the data, on log-log axes, one line per program and
 * per loss, written as {@code DIR/bench-scaling.png} and {@code .svg}. On such axes a cost growing like
 * {@code (N d)^k} is a line of slope k, so a user sees at a glance how each cost grows.
 */
public final class BenchPlot {
    private BenchPlot() {
    }

    public static List<Path> write(List<BenchResult> results, Path dir) throws IOException {
        Map<String, List<BenchResult>> lines = new LinkedHashMap<>();
        for (BenchResult r : results) {
            if (r.what().equals("gd") || r.what().startsWith(SolveTimings.GROUP + "-")) {
                String name = r.what().equals("gd") ? "gd iteration, " + r.loss() + " loss" : r.what();
                lines.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
            }
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<BenchResult>> e : lines.entrySet()) {
            List<BenchResult> rs = new ArrayList<>(e.getValue());
            rs.sort((a, b) -> Double.compare((double) a.n() * a.d(), (double) b.n() * b.d()));
            double[] x = new double[rs.size()];
            double[] y = new double[rs.size()];
            for (int i = 0; i < rs.size(); i++) {
                x[i] = (double) rs.get(i).n() * rs.get(i).d();
                y[i] = 1 / rs.get(i).perSecond();
            }
            series.add(new Series(e.getKey(), x, y, Series.Style.LINE_WITH_MARKERS));
        }
        if (series.isEmpty()) {
            throw new IllegalStateException("no gd or solve entries to plot");
        }
        Plot plot = new Plot("Cost against problem size", "N x d (entries of X)", "seconds per solve or per iteration",
                true, true, series, List.of());
        return PlotWriter.write(plot, dir, "bench-scaling");
    }
}
