package org.implicitbias.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused sweep of the gradient passes against a Java model of its documented rounding (products in
 * eight lanes by columns modulo 8, added in a fixed tree, then the tail; the update row after row), bit for
 * bit: so whichever clone the processor picks, it rounds as documented. And the two native routes of
 * {@link NativeRows} (fused kernel, dgemv pairs) against exact integer arithmetic.
 */
class FusedPassTest {

    private static void requireKernel() {
        if (FusedPass.class.getResource(FusedPass.LIBRARY) != null) {
            // built with the jar: it must load
            assertThat(FusedPass.available()).as("built but not loaded: %s", FusedPass.unavailableReason()).isTrue();
        }
        assumeTrue(FusedPass.available(), "the fused kernel was not built here: " + FusedPass.unavailableReason());
    }

    private static double[] uniform(int count, SplittableRandom r) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    /** The documented rounding of {@code <x_i, w>}. */
    private static double modelProduct(double[] x, int i, int d, double[] w) {
        double[] lane = new double[8];
        int body = d - d % 8;
        for (int j = 0; j < body; j += 8) {
            for (int l = 0; l < 8; l++) {
                lane[l] += x[i * d + j + l] * w[j + l];
            }
        }
        double s = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
        for (int j = body; j < d; j++) {
            s += x[i * d + j] * w[j];
        }
        return s;
    }

    @ParameterizedTest(name = "{0} x {1}, products {2}..{3}, update {4}..{5}")
    @CsvSource({"30, 61, 0, 30, 0, 0", "30, 61, 0, 0, 0, 30", "40, 64, 3, 20, 20, 40", "17, 7, 0, 17, 5, 16",
        "25, 1003, 9, 25, 0, 9"})
    void theSweepRoundsAsDocumentedBitForBit(int n, int d, int dotLo, int dotHi, int axLo, int axHi) {
        requireKernel();
        SplittableRandom r = new SplittableRandom(n * 31L + d);
        double[] x = uniform(n * d, r);
        double[] w = uniform(d, r);
        double[] c = uniform(n, r);
        double[] g0 = uniform(d, r);
        double[] u = new double[n];
        double[] g = g0.clone();
        try (NativeRows rows = new NativeRows(x, n, d)) {
            assertThat(rows.fused()).isTrue();
            FusedPass.sweep(rows.address(), d, w, dotLo, dotHi, u, axLo, axHi, c, g);
        }
        double[] expectedG = g0.clone();
        for (int k = axLo; k < axHi; k++) {
            for (int j = 0; j < d; j++) {
                expectedG[j] += c[k] * x[k * d + j];
            }
        }
        for (int i = 0; i < n; i++) {
            double expected = i >= dotLo && i < dotHi ? modelProduct(x, i, d, w) : 0;
            assertThat(u[i]).as("u[%d]", i).isEqualTo(expected);
        }
        assertThat(g).isEqualTo(expectedG);
    }

    @Test
    void anXOfAHugePageOrMoreStartsOnOneAndIsAdvisedToUseThem() {
        requireKernel();
        // 300 x 1000 doubles: 2.4 MB
        int n = 300;
        int d = 1000;
        SplittableRandom r = new SplittableRandom(3);
        double[] x = uniform(n * d, r);
        double[] w = uniform(d, r);
        // madvise accepts the advice wherever the kernel has transparent huge pages at all
        boolean kernelHasThem = Files.exists(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
        try (NativeRows rows = new NativeRows(x, n, d)) {
            assertThat(rows.address() % NativeRows.HUGE_PAGE).isZero();
            assertThat(rows.hugePages()).isEqualTo(kernelHasThem);
            double[] u = new double[n];
            FusedPass.sweep(rows.address(), d, w, 0, n, u, 0, 0, u, new double[d]);
            for (int i = 0; i < n; i++) {
                assertThat(u[i]).as("u[%d]", i).isEqualTo(modelProduct(x, i, d, w));
            }
        }
        // the dgemv route and small matrices: aligned to a cache line, no advice
        try (NativeRows rows = new NativeRows(x, n, d, false); NativeRows small = new NativeRows(x, 30, 61)) {
            for (NativeRows m : List.of(rows, small)) {
                assertThat(m.address() % 64).isZero();
                assertThat(m.hugePages()).isFalse();
            }
        }
    }

    @Test
    void bothNativeRoutesGiveTheExactPassOnIntegers() {
        requireKernel();
        // integers below 2^10 in X, w and c: every product and sum is an integer below 2^53, so exact
        int n = 203;
        int d = 517;
        SplittableRandom r = new SplittableRandom(5);
        double[] x = Fixtures.integers(n * d, 1000, r);
        double[] w = Fixtures.integers(d, 1000, r);
        double[] c = Fixtures.integers(n, 1000, r);
        double[] expectedU = new double[n];
        double[] expectedG = new double[d];
        for (int i = 0; i < n; i++) {
            long s = 0;
            for (int j = 0; j < d; j++) {
                s += (long) x[i * d + j] * (long) w[j];
                expectedG[j] += c[i] * x[i * d + j];
            }
            expectedU[i] = s;
        }
        for (boolean fused : new boolean[] {true, false}) {
            try (NativeRows rows = new NativeRows(x, n, d, fused)) {
                assertThat(rows.fused()).isEqualTo(fused);
                double[] u = new double[n];
                double[] g = new double[d];
                NativeRows.Cursor cursor = rows.cursor(16);
                cursor.start(w, g);
                cursor.predict(0, 16, u);
                for (int lo = 0; lo < n; lo += 16) {
                    int hi = Math.min(n, lo + 16);
                    cursor.addRowsAndPredict(lo, hi, c, hi, Math.min(n, hi + 16), u);
                }
                cursor.scaleGradient(0.5);
                cursor.finish();
                assertThat(u).as("fused %s", fused).isEqualTo(expectedU);
                double[] halved = expectedG.clone();
                for (int j = 0; j < d; j++) {
                    halved[j] *= 0.5;
                }
                assertThat(g).as("fused %s", fused).isEqualTo(halved);
            }
        }
    }

    @Test
    void aNaNInTheGradientSurvivesAScaleByZeroOnBothRoutes() {
        requireKernel();
        int n = 12;
        int d = 40;
        SplittableRandom r = new SplittableRandom(9);
        double[] x = uniform(n * d, r);
        double[] c = uniform(n, r);
        c[3] = Double.NaN;
        for (boolean fused : new boolean[] {true, false}) {
            try (NativeRows rows = new NativeRows(x, n, d, fused)) {
                double[] g = new double[d];
                double[] u = new double[n];
                NativeRows.Cursor cursor = rows.cursor(n);
                cursor.start(uniform(d, r), g);
                cursor.predict(0, n, u);
                cursor.addRowsAndPredict(0, n, c, n, n, u);
                cursor.scaleGradient(0);
                cursor.finish();
                assertThat(g).as("fused %s", fused).containsOnly(Double.NaN);
            }
        }
    }
}
