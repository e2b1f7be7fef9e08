package org.implicitbias.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.optim.Momentum;
import org.implicitbias.optim.StepRule;
import org.implicitbias.oracle.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlotsTest {

    private static Algorithm gd(double eta) {
        return new Algorithm.GradientDescentAlgorithm(new StepRule.Constant(eta), Momentum.none(), 0, 0L);
    }

    @Test
    void aRegressionRunInThePlaneGetsLossDistanceAndTrajectoryPictures(@TempDir Path dir) throws Exception {
        Dataset data = Dataset.of(new double[][] {{1, 2}}, new double[] {1});
        double[] w0 = {1, 1};
        List<String> notes = new ArrayList<>();
        ReferenceSolution ref = RunPlots.solveReference(new Reference.MinBregman(new Potential.SquaredL2(), false),
                data, w0, notes);
        // the l2 projection of w0 onto w1 + 2 w2 = 1: w0 - x (<x, w0> - y) / ||x||^2 = (0.6, 0.2)
        assertThat(ref.w()).containsExactly(new double[] {0.6, 0.2}, offset(1e-9));
        RunPlots.Run run = new RunPlots.Run("line.json", data, new Loss.Squared(), w0, gd(0.05),
                Budget.iterations(2000, Budget.Limit.POINT));
        RunPlots.Result result = RunPlots.compute(run, ref, notes);

        assertThat(result.figures()).extracting(RunPlots.Figure::suffix).containsExactly("loss", "distance", "trajectory");
        Series distance = result.figure("distance").series().get(0);
        double[] d = distance.y();
        assertThat(d[0]).isCloseTo(Math.sqrt(0.4 * 0.4 + 0.8 * 0.8), offset(1e-12));
        assertThat(d[d.length - 1]).isLessThan(1e-10);
        assertThat(result.figure("loss").logY()).isTrue();
        Plot trajectory = result.figure("trajectory");
        assertThat(trajectory.series()).extracting(Series::name).contains("G = {w : w1 + 2 w2 = 1}");
        assertThat(trajectory.marks()).anyMatch(m -> m.label().startsWith("reference w*")
                && Math.abs(m.x() - 0.6) < 1e-9 && Math.abs(m.y() - 0.2) < 1e-9);
        // the line drawn is G: both end points satisfy w1 + 2 w2 = 1
        Series g = trajectory.series("G = {w : w1 + 2 w2 = 1}");
        for (int i = 0; i < 2; i++) {
            assertThat(g.x()[i] + 2 * g.y()[i]).isCloseTo(1, offset(1e-12));
        }

        List<Path> files = RunPlots.write(result, dir, "line");
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "line-loss.png", "line-loss.svg", "line-distance.png", "line-distance.svg",
                "line-trajectory.png", "line-trajectory.svg");
        for (Path f : files) {
            if (f.toString().endsWith(".png")) {
                PictureFiles.assertValidPng(f);
            } else {
                PictureFiles.assertValidSvg(f);
            }
        }
    }

    @Test
    void aSeparableRunIsComparedWithTheMaxMarginDirectionAndItsMargin() {
        // Soudry et al.'s toy set: support vectors (0.5, 1.5), (1.5, 0.5) (+1) and their negatives (-1);
        // l2 max-margin direction (1, 1)/sqrt 2, gamma = 2/sqrt 2 = sqrt 2
        Dataset data = Dataset.of(new double[][] {{0.5, 1.5}, {1.5, 0.5}, {-0.5, -1.5}, {-1.5, -0.5}},
                new double[] {1, 1, -1, -1});
        List<String> notes = new ArrayList<>();
        ReferenceSolution ref = RunPlots.solveReference(new Reference.MaxMargin(new Norm.L2()), data, null, notes);
        assertThat(ref.isDirection()).isTrue();
        assertThat(ref.w()).containsExactly(new double[] {Math.sqrt(0.5), Math.sqrt(0.5)}, offset(1e-7));
        assertThat(ref.gamma()).isCloseTo(Math.sqrt(2), offset(1e-7));
        RunPlots.Run run = new RunPlots.Run("toy.json", data, new Loss.Exponential(), new double[] {1, -0.5},
                gd(0.1), Budget.iterations(20_000, Budget.Limit.DIRECTION));
        RunPlots.Result result = RunPlots.compute(run, ref, notes);
        Plot distance = result.figure("distance");
        assertThat(distance.series()).hasSize(2);
        double[] gap = distance.series().get(1).y();
        // gamma - margin(w0/||w0||): z_n = y_n x_n are (0.5, 1.5) and (1.5, 0.5) twice each, so
        // w0 = (1, -0.5) has margins -0.25 and 1.25, normalised min -0.25 / sqrt(1.25)
        double expectedFirst = Math.sqrt(2) + 0.25 / Math.sqrt(1.25);
        assertThat(gap[0]).isCloseTo(expectedFirst, offset(1e-9));
        assertThat(gap[gap.length - 1]).isLessThan(gap[0] / 10);
        Plot trajectory = result.figure("trajectory");
        assertThat(trajectory.series()).extracting(Series::name)
                .contains("data x_n with y_n = +1", "data x_n with y_n = -1");
        assertThat(trajectory.series()).anyMatch(s -> s.name().startsWith("max-margin direction"));
    }

    @Test
    void aThreeDimensionalRunHasNoTrajectoryPictureAndSaysSo() {
        Dataset data = Dataset.of(new double[][] {{1, 1, 1}, {1, 2, 0}}, new double[] {1, 10});
        RunPlots.Run run = new RunPlots.Run("three.json", data, new Loss.Squared(), new double[3], gd(0.02),
                Budget.iterations(500, Budget.Limit.POINT));
        RunPlots.Result result = RunPlots.compute(run, null, List.of());
        assertThat(result.figures()).extracting(RunPlots.Figure::suffix).containsExactly("loss");
        assertThat(result.notes()).anyMatch(n -> n.contains("d = 3"));
    }
}
