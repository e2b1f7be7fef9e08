package org.implicitbias.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.implicitbias.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotWriterTest {

    private static Plot samplePlot() {
        double[] t = new double[50];
        double[] l = new double[50];
        for (int i = 0; i < 50; i++) {
            t[i] = i + 1;
            l[i] = Math.pow(0.8, i);
        }
        return new Plot("a decaying loss", "iteration t + 1", "L(w_t)", true, true,
                List.of(new Series("gradient-descent", t, l, Series.Style.LINE)),
                List.of(new Mark("last step", 50, l[49])));
    }

    @Test
    void writesADecodablePngAndAParsableSvgUnderTheGivenStem(@TempDir Path dir) throws Exception {
        List<Path> files = PlotWriter.write(samplePlot(), dir.resolve("new/sub"), "curve");
        assertThat(files).containsExactly(dir.resolve("new/sub/curve.png"), dir.resolve("new/sub/curve.svg"));
        PictureFiles.assertValidPng(files.get(0));
        var doc = PictureFiles.assertValidSvg(files.get(1));
        // XChart draws text as outlines, so the SVG holds shapes, not strings: count drawn paths
        assertThat(doc.getElementsByTagName("path").getLength()).isGreaterThan(20);
        try (var s = Files.list(dir.resolve("new/sub"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("curve.png", "curve.svg");
        }
    }

    @Test
    void anOutputPathThatIsAFileIsBadInputNamingTheFlag(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertThatThrownBy(() -> PlotWriter.write(samplePlot(), file, "curve"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--out").hasMessageContaining("taken");
    }

    @Test
    void aNonPositiveValueOnALogarithmicAxisIsRejected() {
        assertThatThrownBy(() -> new Plot("t", "x", "y", false, true,
                List.of(new Series("s", new double[] {1, 2}, new double[] {1, 0}, Series.Style.LINE)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logarithmic");
    }

    @Test
    void aLineIsClippedToTheBoxAndMissesABoxItDoesNotCross() {
        PlaneGeometry.Box box = new PlaneGeometry.Box(0, 1, 0, 1);
        // w1 + 2 w2 = 1 through (1, 0) and (0, 1/2)
        double[] seg = PlaneGeometry.clip(0.2, 0.4, -2, 1, box);
        assertThat(seg).isNotNull();
        assertThat(new double[] {seg[0], seg[1]}).containsExactly(new double[] {1, 0}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(new double[] {seg[2], seg[3]}).containsExactly(new double[] {0, 0.5}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(PlaneGeometry.clip(5, 5, 1, 0, box)).isNull();
    }

    @Test
    void linearTickLabelsAreDecimalsWithALeadingZero() {
        assertThat(PlotWriter.tick(0.05)).isEqualTo("0.05");
        assertThat(PlotWriter.tick(-0.1)).isEqualTo("-0.1");
        assertThat(PlotWriter.tick(0.1 + 0.05)).isEqualTo("0.15"); // 0.15000000000000002 as a sum of steps
        assertThat(PlotWriter.tick(2.0)).isEqualTo("2");
        assertThat(PlotWriter.tick(0)).isEqualTo("0");
        assertThat(PlotWriter.tick(2.5e-9)).isEqualTo("2.5e-9");
        // the chart of a linear plot uses it on both axes; a log axis keeps XChart's own labels
        Plot linear = new Plot("line", "x", "y", false, false,
                List.of(new Series("s", new double[]{0, 0.05, 0.1}, new double[]{1, 2, 3}, Series.Style.LINE)), List.of());
        var styler = PlotWriter.chart(linear).getStyler();
        assertThat(styler.getxAxisTickLabelsFormattingFunction().apply(0.05)).isEqualTo("0.05");
        assertThat(styler.getyAxisTickLabelsFormattingFunction().apply(0.05)).isEqualTo("0.05");
        assertThat(PlotWriter.chart(samplePlot()).getStyler().getyAxisTickLabelsFormattingFunction()).isNull();
    }

    @Test
    void aMarkLooksLikeItsRoleInEveryPicture() {
        Plot plot = new Plot("marks", "x", "y", false, false, List.of(), List.of(
                new Mark("minimum norm", 1, 1, Mark.Role.REFERENCE),
                new Mark("start", 0, 0, Mark.Role.START),
                new Mark("limit", 2, 2, Mark.Role.LIMIT),
                new Mark("other", 3, 3)));
        var series = PlotWriter.chart(plot).getSeriesMap();
        // listed first, the reference still does not take the start's marker
        assertThat(series.get("minimum norm").getMarker()).isNotEqualTo(series.get("start").getMarker());
        assertThat(series.get("minimum norm").getMarker()).isEqualTo(org.knowm.xchart.style.markers.SeriesMarkers.SQUARE);
        assertThat(series.get("start").getMarker()).isEqualTo(org.knowm.xchart.style.markers.SeriesMarkers.DIAMOND);
        assertThat(series.get("other").getMarker()).isNotIn(series.get("start").getMarker(),
                series.get("minimum norm").getMarker(), series.get("limit").getMarker());
    }
}
