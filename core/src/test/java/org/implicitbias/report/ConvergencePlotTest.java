package org.implicitbias.report;

import org.implicitbias.claims.Curve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** The convergence picture on synthetic curves whose shape is known. */
class ConvergencePlotTest {

    /** gap = 1/t at t = 1, 10, 100, 1000: a line of slope -1 on log-log axes. */
    private static final ConvergencePlot.Run ONE_OVER_T = new ConvergencePlot.Run("#1 rate 1/t: confirmed",
            new Curve(new long[] {1, 10, 100, 1000}, new double[] {1, 0.1, 0.01, 0.001}), 1e-2, 1e-3);
    /** Stalls at 0.05 from t = 10; the sample at t = 0 cannot be drawn on a log axis. */
    private static final ConvergencePlot.Run STALLED = new ConvergencePlot.Run("#2 stalled: refuted",
            new Curve(new long[] {0, 10, 100, 1000}, new double[] {0.5, 0.05, 0.05, 0.05}), 1e-2, Double.NaN);

    @Test
    void eachRunIsALogLogCurveOfItsGapAgainstT() {
        Plot p = ConvergencePlot.plot("claim: gap against t", "distance", List.of(ONE_OVER_T, STALLED));
        assertThat(p.logX()).isTrue();
        assertThat(p.logY()).isTrue();
        Series a = p.series("#1 rate 1/t: confirmed");
        assertThat(a.x()).containsExactly(1, 10, 100, 1000);
        double slope = (Math.log10(a.y()[3]) - Math.log10(a.y()[0])) / (Math.log10(a.x()[3]) - Math.log10(a.x()[0]));
        assertThat(slope).isCloseTo(-1, offset(1e-12));
        Series b = p.series("#2 stalled: refuted");
        assertThat(b.x()).containsExactly(10, 100, 1000);
        assertThat(p.yLabel()).contains("distance");
    }

    @Test
    void theToleranceAndTheRefutationThresholdAreHorizontalLinesOverTheSampledT() {
        Plot p = ConvergencePlot.plot("claim", "distance", List.of(ONE_OVER_T, STALLED));
        Series tol = p.series(ConvergencePlot.TOLERANCE);
        assertThat(tol.x()).containsExactly(1, 1000);
        assertThat(tol.y()).containsExactly(1e-2, 1e-2);
        // only the first run has an error bound: one threshold, tolerance + bound = 0.011
        Series threshold = p.series(ConvergencePlot.THRESHOLD);
        assertThat(threshold.y()[0]).isCloseTo(0.011, offset(1e-15));
        assertThat(threshold.y()[1]).isEqualTo(threshold.y()[0]);
    }

    @Test
    void aZeroGapIsDrawnADecadeBelowTheSmallestPositiveValueAndSaidSo() {
        ConvergencePlot.Run exact = new ConvergencePlot.Run("#1 exact", new Curve(new long[] {1, 2}, new double[] {1e-3, 0}),
                1e-2, 0);
        Plot p = ConvergencePlot.plot("claim", "distance", List.of(exact));
        assertThat(p.series("#1 exact").y()).containsExactly(1e-3, 1e-4);
        assertThat(p.yLabel()).contains("gaps <= 0 drawn at 0.0001");
    }

    @Test
    void runsWithoutADrawableSampleGiveNoPlot() {
        ConvergencePlot.Run empty = new ConvergencePlot.Run("#1", new Curve(new long[] {0}, new double[] {Double.NaN}),
                Double.NaN, Double.NaN);
        assertThat(ConvergencePlot.plot("claim", "distance", List.of(empty))).isNull();
    }

    @Test
    void aLargeGridNamesOnlyTheFirstRunsInTheLegendAndDrawsAPng(@TempDir Path dir) throws Exception {
        List<ConvergencePlot.Run> runs = new ArrayList<>();
        for (int k = 1; k <= ConvergencePlot.LEGEND_RUNS + 3; k++) {
            double c = k;
            runs.add(new ConvergencePlot.Run("#" + k, new Curve(new long[] {1, 10, 100},
                    new double[] {c, c / 10, c / 100}), 1e-2, 1e-4));
        }
        XYChart chart = ConvergencePlot.chart(ConvergencePlot.plot("grid", "margin-gap", runs));
        long named = chart.getSeriesMap().values().stream().filter(s -> s.getName().startsWith("#") && s.isShowInLegend()).count();
        assertThat(named).isEqualTo(ConvergencePlot.LEGEND_RUNS);
        assertThat(chart.getSeriesMap().get(ConvergencePlot.TOLERANCE).isShowInLegend()).isTrue();
        Path png = dir.resolve("grid.png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        PictureFiles.assertValidPng(png);
    }
}
