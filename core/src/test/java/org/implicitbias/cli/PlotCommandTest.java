package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static List<String> names(Path d) throws Exception {
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertPicture(Path f) throws Exception {
        assertThat(Files.size(f)).as("size of %s", f).isGreaterThan(1024);
        if (f.toString().endsWith(".png")) {
            BufferedImage image = ImageIO.read(f.toFile());
            assertThat(image).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(300);
            assertThat(image.getHeight()).isGreaterThan(300);
        } else {
            DocumentBuilderFactory x = DocumentBuilderFactory.newInstance();
            x.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            assertThat(x.newDocumentBuilder().parse(f.toFile()).getDocumentElement().getNodeName()).isEqualTo("svg");
        }
    }

    @Test
    void plotRunDrawsLossDistanceAndTrajectoryOfATwoDimensionalProblem() throws Exception {
        Path f = file("example-2.json", """
                { "X": [[1, 2]], "y": [1], "w0": [1, 1],
                  "loss": "squared",
                  "reference": {"kind": "min-bregman", "potential": "entropy"},
                  "algorithm": {"kind": "mirror-descent", "potential": "entropy", "step": {"kind": "constant", "eta": 0.1}},
                  "iterations": 100000 }
                """);
        Path out = dir.resolve("pictures");
        CliRunner.Result r = CliRunner.run("plot", "run", f.toString(), "--out", out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(names(out)).containsExactly(
                "example-2-distance.png", "example-2-distance.svg", "example-2-loss.png", "example-2-loss.svg",
                "example-2-trajectory.png", "example-2-trajectory.svg");
        for (String n : names(out)) {
            assertPicture(out.resolve(n));
        }
        // the reference printed is argmin_G psi = (1/2, 1/4), and plain mirror descent from argmin psi settles on it
        assertThat(r.out()).contains("reference (min-bregman").contains("outcome settled");
        String ref = r.out().lines().filter(l -> l.startsWith("reference")).findFirst().orElseThrow();
        String[] w = ref.substring(ref.indexOf('[') + 1, ref.indexOf(']')).split(",\\s*", -1);
        assertThat(Double.parseDouble(w[0])).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Double.parseDouble(w[1])).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void plotRunWithoutAReferenceDrawsNoDistancePicture() throws Exception {
        Path f = file("plain.json", """
                { "X": [[1, 2]], "y": [1], "w0": [0, 0], "loss": "squared",
                  "algorithm": {"kind": "gradient-descent", "step": {"kind": "constant", "eta": 0.05}},
                  "iterations": 5000 }
                """);
        CliRunner.Result r = CliRunner.run("plot", "run", f.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isZero();
        assertThat(names(dir.resolve("o"))).containsExactly(
                "plain-loss.png", "plain-loss.svg", "plain-trajectory.png", "plain-trajectory.svg");
    }

    @Test
    void plotRunOnABadFileExitsTwoWithOneLineAndWritesNothing() throws Exception {
        Path f = file("bad.json", """
                { "X": [[1, 2]], "y": [1], "w0": [1, 1], "loss": "cubic",
                  "algorithm": {"kind": "gradient-descent", "step": {"kind": "constant", "eta": 0.1}} }
                """);
        Path out = dir.resolve("never");
        CliRunner.Result r = CliRunner.run("plot", "run", f.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).contains("loss").contains("cubic");
        assertThat(r.out()).isEmpty();
        assertThat(names(out)).isEmpty();
    }

    @Test
    void plotRunWithoutAnAlgorithmOrWithAMissingFileExitsTwo() throws Exception {
        Path f = file("noalg.json", """
                { "X": [[1, 2]], "y": [1], "w0": [1, 1], "loss": "squared" }
                """);
        CliRunner.Result r = CliRunner.run("plot", "run", f.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).contains("algorithm");
        CliRunner.Result missing = CliRunner.run("plot", "run", dir.resolve("absent.json").toString(),
                "--out", dir.resolve("o").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.errLines()).hasSize(1);
    }

    @Test
    void plotFigureOneIntoAPathThatIsAFileExitsTwo() throws Exception {
        Path taken = file("taken", "x");
        CliRunner.Result r = CliRunner.run("plot", "figure-1", "--out", taken.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).contains("--out");
    }

    @Test
    void plotWithoutASubcommandOrWithoutOutIsBadInput() {
        assertThat(CliRunner.run("plot").code()).isEqualTo(2);
        assertThat(CliRunner.run("plot", "figure-1").code()).isEqualTo(2);
    }

    @Test
    void plotFigureOneWritesTheThreePanelsAsPngAndSvg() throws Exception {
        Path out = dir.resolve("figure");
        CliRunner.Result r = CliRunner.run("plot", "figure-1", "--out", out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(names(out)).containsExactly("figure-1a.png", "figure-1a.svg", "figure-1b.png", "figure-1b.svg",
                "figure-1c.png", "figure-1c.svg");
        for (String n : names(out)) {
            assertPicture(out.resolve(n));
        }
        assertThat(r.out()).contains("minimum-potential: [0.5").contains("small-step-limit");
    }
}
