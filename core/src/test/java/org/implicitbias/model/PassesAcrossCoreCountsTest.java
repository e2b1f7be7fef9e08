package org.implicitbias.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.implicitbias.bench.GradientDescentBenchmark;
import org.implicitbias.linalg.NativeBlas;
import org.implicitbias.optim.GradientDescent;
import org.implicitbias.optim.StepRule;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Gradient descent gives the same bits whatever the number of cores the JVM sees: the passes split X into
 * blocks by its shape alone and add the blocks' sums in a fixed order, and the helpers only change who runs
 * a block. Checked in fresh JVMs told they have 1, 2 and 4 processors (so 0, 1 and 3 pass helpers), on
 * shapes of one, two and four blocks, with the kernels the machine loads and with the Java kernels alone.
 */
class PassesAcrossCoreCountsTest {

    /** Shapes (N, d) of one, two and four blocks. */
    private static final int[][] SHAPES = {{40, 300}, {64, 1100}, {600, 7200}};

    /**
     * Runs 30 GD steps of each loss on each shape, on each route, and prints one line per run: the bits of
     * the final point (its {@link Arrays#hashCode(double[])}, which hashes {@code doubleToLongBits}) and of
     * its loss.
     */
    public static void main(String[] args) {
        for (int[] shape : SHAPES) {
            for (Loss loss : List.of(new Loss.Squared(), new Loss.Exponential())) {
                Dataset data = loss.monotone() ? GradientDescentBenchmark.separable(shape[0], shape[1], 7)
                        : GradientDescentBenchmark.regression(shape[0], shape[1], 7);
                double frobenius = 0;
                for (double v : data.rowMajor()) {
                    frobenius += v * v;
                }
                for (boolean nativeKernels : new boolean[] {true, false}) {
                    Objective objective = new Objective(data, loss, nativeKernels);
                    GradientDescent gd = new GradientDescent(objective, new double[shape[1]],
                            new StepRule.Constant(1 / (2 * frobenius)));
                    for (int k = 0; k < 30; k++) {
                        gd.step();
                    }
                    double[] w = gd.iterate();
                    System.out.printf("%d x %d %s native %s: w %08x, log loss %016x%n", shape[0], shape[1],
                            loss.getClass().getSimpleName(), objective.nativePasses(), Arrays.hashCode(w),
                            Double.doubleToLongBits(objective.logValue(w)));
                }
            }
        }
    }

    /** Starts a fresh JVM that sees {@code processors} processors and runs {@link #main}. */
    private static Process startWithProcessors(int processors) throws Exception {
        return Fixtures.freshJvm(List.of("-XX:ActiveProcessorCount=" + processors),
                PassesAcrossCoreCountsTest.class.getName());
    }

    /** The run lines the process printed, once it has ended well. */
    private static List<String> runLines(Process p) throws Exception {
        return Fixtures.outputLines(p).stream().filter(l -> l.contains(" x ")).toList();
    }

    @Test
    void gradientDescentGivesTheSameBitsOnOneTwoAndFourCores() throws Exception {
        assertThat(Objective.blocks(SHAPES[0][0], SHAPES[0][1])).isEqualTo(1);
        assertThat(Objective.blocks(SHAPES[1][0], SHAPES[1][1])).isEqualTo(2);
        assertThat(Objective.blocks(SHAPES[2][0], SHAPES[2][1])).isEqualTo(4);
        // the three JVMs run at once: the results may not depend on how busy the cores are either
        Process p1 = startWithProcessors(1);
        Process p2 = startWithProcessors(2);
        Process p4 = startWithProcessors(4);
        try {
            List<String> one = runLines(p1);
            assertThat(one).hasSize(SHAPES.length * 2 * 2);
            // the larger shapes run natively exactly where the natives load and are allowed
            for (int k = 4; k < one.size(); k += 2) {
                assertThat(one.get(k)).contains("native " + NativeBlas.available());
                assertThat(one.get(k + 1)).contains("native false");
            }
            assertThat(runLines(p2)).isEqualTo(one);
            assertThat(runLines(p4)).isEqualTo(one);
        } finally {
            for (Process p : List.of(p1, p2, p4)) {
                p.destroyForcibly();
            }
        }
    }
}
