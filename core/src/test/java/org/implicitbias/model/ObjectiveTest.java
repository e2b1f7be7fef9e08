package org.implicitbias.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.implicitbias.linalg.NativeBlas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused pass against a plain two-pass computation written here (predictions by ordinary dot
 * products, then {@code sum_n loss'(u_n) x_n}), on shapes that exercise every code path: tiny
 * problems, the column-wise predictions, several row blocks, chunked row-wise passes, and row and
 * column counts that are not multiples of four.
 */
class ObjectiveTest {

    /**
     * (n, d, kernels): 1 block row-wise; 1 block by columns (twice, the second just below the parallel
     * threshold); 2 blocks by columns (twice); 2 blocks row-wise; 2 blocks by columns, above 2^18 entries; 2
     * blocks row-wise, many chunks. Each shape with the Java kernels only and with the native ones allowed:
     * from {@link Objective#NATIVE_ENTRIES} entries on, where the natives load, the full passes then run in
     * them (one chunk per block, chunks of the fewest rows, or many chunks with a short last one).
     */
    static Stream<Arguments> shapes() {
        int[][] shapes = {{3, 5}, {41, 103}, {60, 1001}, {66, 1023}, {256, 1024}, {9, 30011}, {520, 1009},
            {4099, 523}, {20, 70001}};
        return Stream.of(Kernels.values())
                .flatMap(k -> Stream.of(shapes).map(s -> Arguments.of(s[0], s[1], k)));
    }

    /** The kernels an Objective of a test may use. */
    enum Kernels {
        JAVA, NATIVE_ALLOWED
    }

    private static Objective objective(Dataset data, Loss loss, Kernels kernels) {
        return new Objective(data, loss, kernels == Kernels.NATIVE_ALLOWED);
    }

    @Test
    void theShapesReachEveryLayout() {
        // the limits move when they are tuned; the shapes above must still fall on both sides of them
        assertThat(520L * 1009).isLessThanOrEqualTo(Objective.TRANSPOSED_LIMIT).isGreaterThan(1L << 18);
        assertThat(4099L * 523).isGreaterThan(Objective.TRANSPOSED_LIMIT);
        assertThat(256L * 1024).isGreaterThanOrEqualTo(Objective.PARALLEL_THRESHOLD);
        assertThat(60L * 1001).isLessThan(Objective.NATIVE_ENTRIES);
        assertThat(66L * 1023).isGreaterThanOrEqualTo(Objective.NATIVE_ENTRIES);
        assertThat(8 * 70001 * Objective.NATIVE_CHUNK_ROWS).isGreaterThan(Objective.NATIVE_CHUNK_BYTES);
        assertThat(4099 * 8 * 523 / 2).isGreaterThan(4 * Objective.NATIVE_CHUNK_BYTES);
        assertThat(Objective.blocks(60, 1001)).isEqualTo(1);
        assertThat(Objective.blocks(66, 1023)).isEqualTo(2);
        assertThat(Objective.blocks(520, 1009)).isGreaterThan(1);
    }

    private static Dataset data(int n, int d, long seed, boolean labels) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextDouble(-1, 1);
            }
            y[i] = labels ? (r.nextBoolean() ? 1 : -1) : r.nextDouble(-2, 2);
        }
        return Dataset.of(x, y);
    }

    private static double[] point(int d, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = scale * r.nextDouble(-1, 1);
        }
        return w;
    }

    /** Plain predictions, one sequential sum per row. */
    private static double[] predictions(Dataset data, double[] w) {
        double[] u = new double[data.n()];
        for (int i = 0; i < data.n(); i++) {
            double s = 0;
            for (int j = 0; j < data.d(); j++) {
                s += data.x(i, j) * w[j];
            }
            u[i] = s;
        }
        return u;
    }

    /** {@code sum_n c_n x_n}. */
    private static double[] combination(Dataset data, double[] c) {
        double[] g = new double[data.d()];
        for (int i = 0; i < data.n(); i++) {
            for (int j = 0; j < data.d(); j++) {
                g[j] += c[i] * data.x(i, j);
            }
        }
        return g;
    }

    /**
     * The exponential loss's normalised gradient {@code grad L / L = sum_n c_n x_n}, {@code c_n = -y_n
     * softmax(-m)_n} with margins {@code m_n = y_n u_n}, and {@code sum = sum_n exp(-(m_n - shift))}.
     */
    private record Softmax(double[] coefficients, double sum) {
    }

    private static Softmax softmax(Dataset data, double[] u, double shift) {
        int n = data.n();
        double[] weights = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = Math.exp(-(data.y(i) * u[i] - shift));
            sum += weights[i];
        }
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = -data.y(i) * weights[i] / sum;
        }
        return new Softmax(c, sum);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static void assertClose(double[] actual, double[] expected, double relative) {
        double scale = Math.max(maxAbs(expected), Double.MIN_NORMAL);
        for (int j = 0; j < expected.length; j++) {
            assertThat(Math.abs(actual[j] - expected[j])).as("entry %d", j).isLessThanOrEqualTo(relative * scale);
        }
    }

    @ParameterizedTest(name = "{0} x {1}, {2}")
    @MethodSource("shapes")
    void squaredLossAndGradientMatchThePlainTwoPassComputation(int n, int d, Kernels kernels) {
        Dataset data = data(n, d, 11 + n, false);
        double[] w = point(d, 0.1, 7 + d);
        Evaluation ev = objective(data, new Loss.Squared(), kernels).evaluate(w, new Evaluation(d, n));

        double[] u = predictions(data, w);
        double[] c = new double[n];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double r = u[i] - data.y(i);
            loss += r * r;
            c[i] = 2 * r;
        }
        assertThat(ev.logScale()).isZero();
        assertThat(ev.loss()).isCloseTo(loss, within(1e-11 * loss));
        assertClose(ev.scaledGradient(), combination(data, c), 1e-11);
        assertClose(ev.predictions(), u, 1e-12);
    }

    @ParameterizedTest(name = "{0} x {1}, {2}")
    @MethodSource("shapes")
    void huberLossUsesTheLinearBranchFarFromTheTargets(int n, int d, Kernels kernels) {
        Dataset data = data(n, d, 5 + n, false);
        double[] w = point(d, 1.0, 3 + d);
        double delta = 0.5;
        Evaluation ev = objective(data, new Loss.Huber(delta), kernels).evaluate(w, new Evaluation(d, n));

        double[] u = predictions(data, w);
        double[] c = new double[n];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double r = u[i] - data.y(i);
            loss += Math.abs(r) <= delta ? r * r : 2 * delta * Math.abs(r) - delta * delta;
            c[i] = Math.abs(r) <= delta ? 2 * r : 2 * delta * Math.signum(r);
        }
        assertThat(ev.loss()).isCloseTo(loss, within(1e-11 * loss));
        assertClose(ev.scaledGradient(), combination(data, c), 1e-11);
    }

    @ParameterizedTest(name = "{0} x {1}, {2}")
    @MethodSource("shapes")
    void exponentialAndLogisticGradientsMatchAtModerateMargins(int n, int d, Kernels kernels) {
        Dataset data = data(n, d, 17 + n, true);
        double[] w = point(d, 2.0 / Math.sqrt(d), 19 + d);
        double[] u = predictions(data, w);
        for (Loss loss : new Loss[] {new Loss.Exponential(), new Loss.Logistic()}) {
            Evaluation ev = objective(data, loss, kernels).evaluate(w, new Evaluation(d, n));
            double[] c = new double[n];
            double value = 0;
            for (int i = 0; i < n; i++) {
                double m = data.y(i) * u[i];
                boolean exp = loss instanceof Loss.Exponential;
                value += exp ? Math.exp(-m) : Math.log1p(Math.exp(-m));
                c[i] = -data.y(i) * (exp ? Math.exp(-m) : 1 / (1 + Math.exp(m)));
            }
            double[] g = new double[d];
            ev.gradient(g);
            assertThat(ev.loss()).as(loss.name()).isCloseTo(value, within(1e-11 * value));
            assertClose(g, combination(data, c), 1e-11);
        }
    }

    @ParameterizedTest(name = "{0} x {1}, {2}")
    @MethodSource("shapes")
    void normalisedGradientStaysExactAtMarginsWhereTheLossUnderflows(int n, int d, Kernels kernels) {
        // rows moved along w so that every margin y_n <w, x_n> is at least 1/2, then w scaled so
        // that every margin is at least 5000: exp(-margin) underflows to 0 for all of them
        SplittableRandom r = new SplittableRandom(23 + n);
        double[] w = point(d, 1.0, 29 + d);
        double ww = Vectors.dot(w, w);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextDouble(-1, 1);
            }
            double u = Vectors.dot(x[i], w);
            y[i] = u >= 0 ? 1 : -1;
            if (Math.abs(u) < 0.5) {
                Vectors.axpy((0.5 * y[i] - u) / ww, w, x[i]);
            }
        }
        Dataset data = Dataset.of(x, y);
        for (int j = 0; j < d; j++) {
            w[j] *= 10_000;
        }
        double[] u = predictions(data, w);
        double minMargin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minMargin = Math.min(minMargin, data.y(i) * u[i]);
        }
        assertThat(minMargin).isGreaterThan(4000);
        // independent truth in log space: grad / L = -sum_n softmax(-m)_n y_n x_n (exponential loss)
        Softmax truth = softmax(data, u, minMargin);
        double[] c = truth.coefficients();
        double sum = truth.sum();
        Evaluation ev = objective(data, new Loss.Exponential(), kernels).evaluate(w, new Evaluation(d, n));
        double[] normalized = new double[d];
        ev.normalizedGradient(normalized);
        assertThat(ev.loss()).isZero();
        assertThat(ev.logLoss()).isCloseTo(-minMargin + Math.log(sum), within(1e-9 * minMargin));
        assertThat(Vectors.allFinite(normalized)).isTrue();
        // margins of 1e4 and more carry rounding of about 1e-12 to 1e-9 in the exponents
        assertClose(normalized, combination(data, c), 1e-7);
    }

    @Test
    void largePassesRunNativelyWhereTheNativesLoadAndTheSmallOnesInJava() {
        Dataset large = data(66, 1023, 3, false);
        Dataset small = data(60, 1001, 3, false);
        assertThat(new Objective(large, new Loss.Squared()).nativePasses()).isEqualTo(NativeBlas.available());
        assertThat(new Objective(small, new Loss.Squared()).nativePasses()).isFalse();
        assertThat(objective(large, new Loss.Squared(), Kernels.JAVA).nativePasses()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void aMaximumThatGrowsAtEveryChunkRescalesTheGradientSoFar(Kernels kernels) {
        // the shape with many chunks per block
        int n = 4099;
        int d = 523;
        // rows sorted by decreasing margin: every chunk's largest slope exp(-m) exceeds all before it, so
        // the gradient accumulated so far is rescaled at every chunk; margins from 40 down to 0
        double[] w = point(d, 1.0, 73);
        double ww = Vectors.dot(w, w);
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = point(d, 1.0, 1000 + i);
            y[i] = i % 2 == 0 ? 1 : -1;
            double target = y[i] * 40.0 * (n - 1 - i) / (n - 1);
            Vectors.axpy((target - Vectors.dot(x[i], w)) / ww, w, x[i]);
        }
        Dataset data = Dataset.of(x, y);
        Softmax truth = softmax(data, predictions(data, w), 0);
        double[] c = truth.coefficients();
        double sum = truth.sum();
        Evaluation ev = objective(data, new Loss.Exponential(), kernels).evaluate(w, new Evaluation(d, n));
        double[] normalized = new double[d];
        ev.normalizedGradient(normalized);
        assertThat(ev.logLoss()).isCloseTo(Math.log(sum), within(1e-12 * Math.abs(Math.log(sum)) + 1e-12));
        assertClose(normalized, combination(data, c), 1e-11);
    }

    @ParameterizedTest(name = "{0} x {1}, {2}")
    @MethodSource("shapes")
    void aNaNInThePointStaysVisibleInTheGradient(int n, int d, Kernels kernels) {
        Dataset data = data(n, d, 79, true);
        double[] w = point(d, 0.1, 83);
        w[d / 2] = Double.NaN;
        for (Loss loss : new Loss[] {new Loss.Squared(), new Loss.Exponential()}) {
            Evaluation ev = objective(data, loss, kernels).evaluate(w, new Evaluation(d, n));
            assertThat(ev.scaledGradient()).as(loss.name()).containsOnly(Double.NaN);
        }
    }

    @Test
    void miniBatchWithRepeatedRowsCountsEachOccurrence() {
        Dataset data = data(50, 37, 31, false);
        double[] w = point(37, 0.3, 37);
        int[] rows = {4, 9, 4, 49, 0, 17, 4};
        Evaluation ev = new Objective(data, new Loss.Squared()).evaluate(w, rows, rows.length, new Evaluation(37, 50));
        double[] u = predictions(data, w);
        double[] g = new double[37];
        double loss = 0;
        for (int i : rows) {
            double r = u[i] - data.y(i);
            loss += r * r;
            for (int j = 0; j < 37; j++) {
                g[j] += 2 * r * data.x(i, j);
            }
        }
        assertThat(ev.loss()).isCloseTo(loss, within(1e-12 * loss));
        double[] gradient = new double[37];
        ev.gradient(gradient);
        assertClose(gradient, g, 1e-12);
    }

    /**
     * (n, d, kernels): a small problem, then one whose full passes run natively where the natives load; there
     * a mini-batch and {@link Objective#logValue} run on the Java kernels, with row arrays made only then.
     */
    private static Stream<Arguments> withALargeOne(int n, int d) {
        return Stream.of(Kernels.values())
                .flatMap(k -> Stream.of(Arguments.of(n, d, k), Arguments.of(66, 1023, k)));
    }

    static Stream<Arguments> miniBatchShapes() {
        return withALargeOne(30, 9);
    }

    static Stream<Arguments> logValueShapes() {
        return withALargeOne(41, 103);
    }

    @ParameterizedTest(name = "{0} x {1}, {2}")
    @MethodSource("miniBatchShapes")
    void exponentialMiniBatchMatchesThePlainSumOverItsRows(int n, int d, Kernels kernels) {
        Dataset data = data(n, d, 59, true);
        double[] w = point(d, 0.5 * Math.sqrt(9.0 / d), 61);
        int[] rows = {n - 1, 3, 3, 11, 0};
        Objective objective = objective(data, new Loss.Exponential(), kernels);
        Evaluation ev = objective.evaluate(w, rows, rows.length, new Evaluation(d, n));
        double[] u = predictions(data, w);
        double[] g = new double[d];
        double loss = 0;
        for (int i : rows) {
            double e = Math.exp(-data.y(i) * u[i]);
            loss += e;
            for (int j = 0; j < d; j++) {
                g[j] -= data.y(i) * e * data.x(i, j);
            }
        }
        double[] gradient = new double[d];
        ev.gradient(gradient);
        assertThat(ev.loss()).isCloseTo(loss, within(1e-12 * loss));
        assertClose(gradient, g, 1e-12);
    }

    @ParameterizedTest(name = "{0} x {1}, {2}")
    @MethodSource("shapes")
    void repeatedPassesGiveBitIdenticalResults(int n, int d, Kernels kernels) {
        Dataset data = data(n, d, 41, true);
        double[] w = point(d, 0.05, 43);
        Objective objective = objective(data, new Loss.Logistic(), kernels);
        Evaluation first = objective.evaluate(w, objective.newEvaluation());
        for (int k = 0; k < 5; k++) {
            Evaluation again = objective(data, new Loss.Logistic(), kernels).evaluate(w, objective.newEvaluation());
            assertThat(again.scaledGradient()).isEqualTo(first.scaledGradient());
            assertThat(again.logLoss()).isEqualTo(first.logLoss());
            assertThat(again.logScale()).isEqualTo(first.logScale());
        }
    }

    @Test
    void passesFromSeveralThreadsAtOnceGiveTheSequentialResults() throws Exception {
        Dataset a = data(66, 1023, 1, false);
        Dataset b = data(4099, 523, 2, true);
        double[] wa = point(1023, 0.1, 3);
        double[] wb = point(523, 0.1, 4);
        double[] ga = new Objective(a, new Loss.Squared()).evaluate(wa, new Evaluation(1023, 66)).scaledGradient().clone();
        double[] gb = new Objective(b, new Loss.Exponential()).evaluate(wb, new Evaluation(523, 4099)).scaledGradient().clone();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Boolean> fa = pool.submit(() -> {
                Objective o = new Objective(a, new Loss.Squared());
                Evaluation ev = o.newEvaluation();
                boolean same = true;
                for (int k = 0; k < 200; k++) {
                    same &= java.util.Arrays.equals(o.evaluate(wa, ev).scaledGradient(), ga);
                }
                return same;
            });
            Future<Boolean> fb = pool.submit(() -> {
                Objective o = new Objective(b, new Loss.Exponential());
                Evaluation ev = o.newEvaluation();
                boolean same = true;
                for (int k = 0; k < 20; k++) {
                    same &= java.util.Arrays.equals(o.evaluate(wb, ev).scaledGradient(), gb);
                }
                return same;
            });
            assertThat(fa.get()).isTrue();
            assertThat(fb.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theBlockCountDependsOnTheShapeOnly() {
        assertThat(Objective.blocks(3, 5)).isEqualTo(1);
        assertThat(Objective.blocks(60, 1000)).isEqualTo(1);
        assertThat(Objective.blocks(100, 1000)).isEqualTo(2);
        assertThat(Objective.blocks(1000, 1000)).isEqualTo(2);
        assertThat(Objective.blocks(2000, 5000)).isEqualTo(4);
        assertThat(Objective.blocks(6, 100_000)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} x {1}, {2}")
    @MethodSource("logValueShapes")
    void logValueAgreesWithTheFusedPass(int n, int d, Kernels kernels) {
        Dataset data = data(n, d, 47, true);
        double[] w = point(d, 0.2 * Math.sqrt(103.0 / d), 53);
        Objective objective = objective(data, new Loss.Logistic(), kernels);
        double fused = objective.evaluate(w, objective.newEvaluation()).logLoss();
        assertThat(objective.logValue(w)).isCloseTo(fused, within(1e-12 * Math.abs(fused)));
    }
}
