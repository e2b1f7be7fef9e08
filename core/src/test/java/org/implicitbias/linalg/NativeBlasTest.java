package org.implicitbias.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The OpenBLAS kernels against exact integer arithmetic (small integers: every product and partial sum
 * is an integer below 2^53, so any order of summation gives the exact value), against Commons Math's
 * Cholesky and against the Java kernels; their determinism under concurrent callers; and the switch
 * between the two routes.
 */
class NativeBlasTest {

    /** The platform whose natives the build ships: there they must load, elsewhere the Java kernels run. */
    private static boolean shippedPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static void requireNatives() {
        if (shippedPlatform()) {
            assertThat(NativeBlas.available()).as("natives shipped for linux-x86_64: %s", NativeBlas.unavailableReason())
                    .isTrue();
        }
        assumeTrue(NativeBlas.available(), "no natives for this platform");
    }

    @Test
    void theNativesLoadWhereTheyAreShippedAndNameTheKernels() {
        requireNatives();
        assertThat(NativeBlas.unavailableReason()).isNull();
        assertThat(NativeBlas.kernels()).isEqualTo(FusedPass.available() ? "openblas+fused-pass" : "openblas");
    }

    @Test
    void weightedSymmetricProductIsExactOnIntegersAndLeavesTheUpperTriangleAlone() {
        requireNatives();
        int m = 300;
        int d = 611;
        SplittableRandom r = new SplittableRandom(3);
        double[] a = Fixtures.integers(m * d, 9, r);
        // squares of exact square roots: A diag(h) A' is an integer matrix, and so is every term formed
        double[] h = new double[d];
        for (int t = 0; t < d; t++) {
            h[t] = new double[] {0, 0.25, 1, 4, 9}[t % 5];
        }
        for (double[] weights : Arrays.asList(null, h)) {
            double[] c = new double[m * m];
            Arrays.fill(c, -7.5);
            NativeBlas.syrk(a, m, d, weights, c);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (j <= i) {
                        double exact = 0;
                        for (int t = 0; t < d; t++) {
                            exact += a[i * d + t] * a[j * d + t] * (weights == null ? 1 : weights[t]);
                        }
                        assertThat(c[i * m + j]).as("(%d, %d)", i, j).isEqualTo(exact);
                    } else {
                        assertThat(c[i * m + j]).isEqualTo(-7.5);
                    }
                }
            }
        }
    }

    @Test
    void largeProductsGoNativeAndAgreeWithTheJavaKernelsToRounding() {
        requireNatives();
        int m = 280;
        int d = 450;
        assertThat(0.5 * m * m * (double) d).isGreaterThanOrEqualTo(Dense.NATIVE_PRODUCT_WORK);
        SplittableRandom r = new SplittableRandom(12);
        double[] a = new double[m * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = Fixtures.gaussian(r);
        }
        double[] h = new double[d];
        for (int t = 0; t < d; t++) {
            h[t] = 0.1 + r.nextDouble();
        }
        double[] routed = new double[m * m];
        double[] nativeC = new double[m * m];
        double[] javaC = new double[m * m];
        Dense.syrk(a, m, d, h, routed, null);
        NativeBlas.syrk(a, m, d, h, nativeC);
        Dense.javaSyrk(a, m, d, h, javaC);
        assertThat(Arrays.equals(routed, nativeC)).as("Dense.syrk took the native route").isTrue();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double scale = 0;
                for (int t = 0; t < d; t++) {
                    scale += Math.abs(a[i * d + t] * h[t] * a[j * d + t]);
                }
                assertThat(nativeC[i * m + j]).isCloseTo(javaC[i * m + j], within(4 * d * Math.ulp(scale)));
            }
        }
        // negative weights are not for dsyrk (no square root): the Java kernels take them
        double[] signed = h.clone();
        signed[7] = -1;
        double[] c = new double[m * m];
        Dense.syrk(a, m, d, signed, c, null);
        double[] expected = new double[m * m];
        Dense.javaSyrk(a, m, d, signed, expected);
        assertThat(Arrays.equals(c, expected)).isTrue();
    }

    private static double[] spd(int m, SplittableRandom r) {
        int d = m + 5;
        double[] b = new double[m * d];
        for (int i = 0; i < b.length; i++) {
            b[i] = Fixtures.gaussian(r);
        }
        double[] k = new double[m * m];
        Dense.javaSyrk(b, m, d, null, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                k[i * m + j] /= d;
                k[j * m + i] = k[i * m + j];
            }
            k[i * m + i] += 1;
        }
        return k;
    }

    @Test
    void choleskyAndItsSolvesAgreeWithCommonsMathAndTheFirstPivotThatIsNotPositiveIsNamed() {
        requireNatives();
        int m = 300;
        assertThat(m).isGreaterThanOrEqualTo(Dense.NATIVE_FACTOR_ORDER);
        double[] k = spd(m, new SplittableRandom(4));
        double[] l = k.clone();
        assertThat(NativeBlas.cholesky(l, m, -1)).isEqualTo(-1);
        double[][] full = new double[m][];
        for (int i = 0; i < m; i++) {
            full[i] = Arrays.copyOfRange(k, i * m, (i + 1) * m);
        }
        RealMatrix ref = new CholeskyDecomposition(new Array2DRowRealMatrix(full, false)).getL();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                assertThat(l[i * m + j]).as("L(%d, %d)", i, j).isCloseTo(ref.getEntry(i, j), within(1e-12));
            }
            for (int j = i + 1; j < m; j++) {
                assertThat(l[i * m + j]).as("upper (%d, %d) untouched", i, j).isEqualTo(k[i * m + j]);
            }
        }
        // solves with the factor, directly and kept for many solves, against Commons Math's
        double[] b = Fixtures.gaussianVector(m, 9);
        double[] expected = new CholeskyDecomposition(new Array2DRowRealMatrix(full, false)).getSolver()
                .solve(new org.apache.commons.math3.linear.ArrayRealVector(b)).toArray();
        double[] direct = b.clone();
        Dense.choleskySolve(l, m, direct);
        double[] kept = b.clone();
        CholeskyFactor.of(l, m).solve(kept);
        assertThat(direct).containsExactly(expected, within(1e-11));
        assertThat(kept).containsExactly(direct, within(0.0));
        double[] javaSolve = b.clone();
        Dense.forwardSubstitution(l, m, javaSolve);
        Dense.backSubstitution(l, m, javaSolve);
        assertThat(javaSolve).containsExactly(expected, within(1e-11));
        // the leading 211 x 211 block is positive definite and untouched, so pivot 211 is the first to fail
        double[] broken = k.clone();
        broken[211 * m + 211] = -1;
        assertThat(Dense.cholesky(broken.clone(), m, -1)).isEqualTo(211);
        assertThat(Dense.javaCholesky(broken.clone(), m, -1)).isEqualTo(211);
        // a non-finite entry: the pivot where it shows is the first that fails
        double[] nan = k.clone();
        nan[250 * m + 3] = Double.NaN;
        assertThat(Dense.cholesky(nan, m, -1)).isEqualTo(250);
    }

    @Test
    void aSkippingFactorisationGoesNativeOnlyWhenItSkipsNothing() {
        requireNatives();
        int m = 300;
        double[] k = spd(m, new SplittableRandom(17));
        double skipBelow = 1e-30;
        // nothing to skip: OpenBLAS's factor, the same as the strict one, and no pivot replaced
        double[] skipping = k.clone();
        assertThat(Dense.cholesky(skipping, m, skipBelow)).isZero();
        double[] strict = k.clone();
        assertThat(NativeBlas.cholesky(strict, m, -1)).isEqualTo(-1);
        assertThat(Arrays.equals(skipping, strict)).isTrue();
        // a dependent row (row 200 = row 10 + row 50 of the Gram factor's data: a zero pivot): left to the
        // Java kernel with a untouched, which skips that pivot and only that one
        double[] b = new double[m * 320];
        SplittableRandom r = new SplittableRandom(18);
        for (int i = 0; i < b.length; i++) {
            b[i] = Fixtures.gaussian(r);
        }
        for (int t = 0; t < 320; t++) {
            b[200 * 320 + t] = b[10 * 320 + t] + b[50 * 320 + t];
        }
        double[] singular = new double[m * m];
        Dense.javaSyrk(b, m, 320, null, singular);
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            maxDiag = Math.max(maxDiag, singular[i * m + i]);
        }
        double threshold = 1e-10 * maxDiag;
        double[] before = singular.clone();
        assertThat(NativeBlas.cholesky(singular, m, threshold)).isEqualTo(NativeBlas.LEFT_TO_JAVA);
        assertThat(Arrays.equals(singular, before)).as("left as it was").isTrue();
        double[] routed = singular.clone();
        double[] javaOnly = singular.clone();
        assertThat(Dense.cholesky(routed, m, threshold)).isEqualTo(1);
        assertThat(Dense.javaCholesky(javaOnly, m, threshold)).isEqualTo(1);
        assertThat(Arrays.equals(routed, javaOnly)).isTrue();
        assertThat(routed[200 * m + 200]).isEqualTo(1e64);
    }

    @Test
    void passesOverALargeMatrixAreExactOnIntegersAndSmallOnesStayOnTheJavaKernels() {
        requireNatives();
        SplittableRandom r = new SplittableRandom(6);
        for (int[] size : new int[][] {{300, 1000}, {20, 40}}) {
            int m = size[0];
            int d = size[1];
            double[] a = Fixtures.integers(m * d, 20, r);
            double[][] rows = Dense.rowArrays(a, m, d);
            double[] x = Fixtures.integers(d, 30, r);
            double[] lambda = Fixtures.integers(m, 30, r);
            double[] base = Fixtures.integers(d, 1000, r);
            RowMatrix matrix = new RowMatrix(a, rows, m, d);
            double[] y = new double[m];
            double[] t = new double[d];
            matrix.multiply(x, y);
            matrix.multiplyTransposed(lambda, base, t);
            for (int i = 0; i < m; i++) {
                long s = 0;
                for (int j = 0; j < d; j++) {
                    s += (long) a[i * d + j] * (long) x[j];
                }
                assertThat(y[i]).isEqualTo((double) s);
            }
            for (int j = 0; j < d; j++) {
                long s = (long) base[j];
                for (int i = 0; i < m; i++) {
                    s += (long) a[i * d + j] * (long) lambda[i];
                }
                assertThat(t[j]).isEqualTo((double) s);
            }
            double[] withoutBase = new double[d];
            matrix.multiplyTransposed(lambda, null, withoutBase);
            for (int j = 0; j < d; j++) {
                assertThat(withoutBase[j]).isEqualTo(t[j] - base[j]);
            }
        }
        // below the size, the products are the Java row kernels' to the bit
        int m = 30;
        int d = 50;
        double[] a = new double[m * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = Fixtures.gaussian(r);
        }
        double[][] rows = Dense.rowArrays(a, m, d);
        double[] x = Fixtures.gaussianVector(d, 2);
        double[] viaMatrix = new double[m];
        double[] viaRows = new double[m];
        new RowMatrix(a, rows, m, d).multiply(x, viaMatrix);
        Dense.multiply(rows, m, d, x, viaRows);
        assertThat(Arrays.equals(viaMatrix, viaRows)).isTrue();
    }

    @Test
    void concurrentCallersGetTheSameBits() throws Exception {
        requireNatives();
        int m = 320;
        int d = 700;
        SplittableRandom r = new SplittableRandom(15);
        double[] a = new double[m * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = Fixtures.gaussian(r);
        }
        double[] reference = new double[m * m];
        NativeBlas.syrk(a, m, d, null, reference);
        NativeBlas.cholesky(reference, m, -1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = pool.invokeAll(java.util.Collections.nCopies(8, () -> {
                double[] c = new double[m * m];
                NativeBlas.syrk(a, m, d, null, c);
                NativeBlas.cholesky(c, m, -1);
                return c;
            }));
            for (Future<double[]> f : results) {
                assertThat(Arrays.equals(f.get(), reference)).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Starts {@code oracle --version} in a fresh JVM with the given system property. */
    private static Process versionInAFreshJvm(String property) throws Exception {
        return Fixtures.freshJvm(List.of(property), "org.implicitbias.cli.Main", "--version");
    }

    @Test
    void whereTheNativesDoNotLoadTheJavaKernelsRunAndTheReasonIsNamed() throws Exception {
        // three JVMs at once; the first asks for the natives of a platform the jars do not ship: the load
        // fails, and nothing else does
        Process foreign = versionInAFreshJvm("-Dorg.bytedeco.javacpp.platform=windows-x86_64");
        Process java = versionInAFreshJvm("-Doracle.blas=java");
        Process openblas = versionInAFreshJvm("-Doracle.blas=openblas");
        try {
            assertThat(Fixtures.outputLines(foreign)).anySatisfy(l -> assertThat(l).startsWith("dense kernels: java (")
                    .contains("UnsatisfiedLinkError"));
            assertThat(Fixtures.outputLines(java)).contains("dense kernels: java (oracle.blas=java)",
                    "gradient passes: java (oracle.blas=java)");
            List<String> openblasLines = Fixtures.outputLines(openblas);
            if (NativeBlas.available()) {
                assertThat(openblasLines).contains(
                        "gradient passes: openblas dgemv for large X, java below (fused kernel: oracle.blas=openblas)");
            }
        } finally {
            for (Process p : List.of(foreign, java, openblas)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theChoiceOfKernelsIsCheckedAndNamed() {
        Fixtures.withSystemProperty(NativeBlas.PROPERTY, "fast", () -> assertThatThrownBy(NativeBlas::mode)
                .isInstanceOf(InvalidInputException.class).hasMessage("oracle.blas: got fast, expected auto, openblas or java"));
        Fixtures.withSystemProperty(NativeBlas.PROPERTY, "OpenBLAS", () -> assertThat(NativeBlas.mode()).isEqualTo("openblas"));
        Fixtures.withSystemProperty(NativeBlas.PROPERTY, " Java ", () -> assertThat(NativeBlas.mode()).isEqualTo("java"));
        assertThat(NativeBlas.mode()).isEqualTo("auto");
    }
}
