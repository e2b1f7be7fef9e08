package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Vectors;
import org.implicitbias.io.Json;
import org.implicitbias.io.Node;
import org.junit.jupiter.api.Test;

class DataGeneratorTest {
    private static com.fasterxml.jackson.databind.JsonNode yaml(String text) {
        return Json.parseYaml(text, "test.yaml");
    }

    private static List<Instance> gen(String yaml) throws Exception {
        return DataGenerator.generate(Node.at(yaml(yaml), "data.generate"), 0);
    }

    @Test
    void regressionRowsHaveUnitNormFullRankAndTheSameSeedGivesTheSameData() throws Exception {
        List<Instance> a = gen("{kind: regression, n: 3, d: 7, count: 4, seed: 9}");
        List<Instance> b = gen("{kind: regression, n: 3, d: 7, count: 4, seed: 9}");
        assertThat(a).hasSize(4);
        for (int k = 0; k < 4; k++) {
            Dataset d = a.get(k).data();
            assertThat(d.rowMajor()).containsExactly(b.get(k).data().rowMajor());
            for (int i = 0; i < d.n(); i++) {
                assertThat(Vectors.norm2(d.row(i))).isCloseTo(1, within(1e-12));
            }
            double[] s = new SingularValueDecomposition(new Array2DRowRealMatrix(d.matrix())).getSingularValues();
            assertThat(s[2]).isGreaterThan(1e-6);
        }
        assertThat(a.get(0).data().rowMajor()).isNotEqualTo(a.get(1).data().rowMajor());
    }

    @Test
    void positiveAndSimplexRegressionMeetTheOpenOrthantAndTheSimplexInterior() throws Exception {
        for (Instance i : gen("{kind: regression, n: 2, d: 6, count: 3, seed: 1, positive: true}")) {
            assertThat(Preconditions.positivelyRealizable(i.data(), false)).isTrue();
        }
        for (Instance i : gen("{kind: regression, n: 2, d: 6, count: 3, seed: 1, simplex: true}")) {
            assertThat(Preconditions.positivelyRealizable(i.data(), true)).isTrue();
        }
    }

    @Test
    void integerDataAreExactSmallIntegers() throws Exception {
        for (Instance i : gen("{kind: regression, n: 2, d: 4, count: 3, seed: 2, integers: 3}")) {
            for (BigFraction[] row : i.data().exactX()) {
                for (BigFraction v : row) {
                    assertThat(v.getDenominatorAsLong()).isEqualTo(1);
                    assertThat(Math.abs(v.getNumeratorAsLong())).isLessThanOrEqualTo(3);
                }
            }
            assertThat(i.data().hasExactValues()).isTrue();
        }
    }

    @Test
    void separableDataHaveSignLabelsAndAMarginAndClearMarginsHoldTheirRatio() throws Exception {
        for (Instance i : gen("{kind: separable, n: 8, d: 3, count: 3, seed: 4}")) {
            assertThat(i.data().hasSignLabels()).isTrue();
            assertThat(Preconditions.separable(i.data())).isTrue();
        }
        for (Instance i : gen("{kind: separable, n: 8, d: 3, count: 2, seed: 4, clear-margin: 2}")) {
            // an independent l2 max margin: the certificate's support and every other example at >= 2 gamma
            var face = new org.implicitbias.oracle.ReferenceSolver().solve(new org.implicitbias.oracle.Reference.MaxMargin(
                    new org.implicitbias.geometry.Norm.L2()), i.data(), null).certificate().margin().orElseThrow();
            double gamma = face.gamma();
            for (int n = 0; n < i.data().n(); n++) {
                double m = i.data().y(n) * Vectors.dot(i.data().row(n), face.maximiser());
                assertThat(m <= gamma * (1 + 1e-9) || m >= 2 * gamma).isTrue();
            }
        }
    }

    @Test
    void separablePsdDataAreSymmetricUnitMatricesSeparatedByAPsdMatrix() throws Exception {
        for (Instance i : gen("{kind: separable-psd, n: 5, d: 3, count: 2, seed: 6}")) {
            assertThat(i.size()).isEqualTo(3);
            assertThat(i.data().d()).isEqualTo(9);
            for (int n = 0; n < 5; n++) {
                double[] x = i.data().row(n);
                assertThat(Vectors.norm2(x)).isCloseTo(1, within(1e-12));
                for (int p = 0; p < 3; p++) {
                    for (int q = 0; q < 3; q++) {
                        assertThat(x[p * 3 + q]).isEqualTo(x[q * 3 + p]);
                    }
                }
            }
            assertThat(Preconditions.separable(i.data())).isTrue();
        }
    }

    @Test
    void fullRowRankAgreesWithTheSingularValuesAndTheSizeCapIsBadInput() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + trial % 5;
            double[][] x = new double[n][n + 3];
            for (double[] row : x) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = r.nextInt(3) - 1;
                }
            }
            if (trial % 3 == 0) {
                // an exact dependence: row 1 = row 0 + row n-1 (integers, so the sum is exact)
                for (int j = 0; j < x[0].length; j++) {
                    x[1][j] = x[0][j] + x[n - 1][j];
                }
            }
            double[] s = new SingularValueDecomposition(new Array2DRowRealMatrix(x)).getSingularValues();
            boolean truth = s[s.length - 1] > 1e-6 * s[0];
            assertThat(DataGenerator.fullRowRank(x)).as("trial %d", trial).isEqualTo(truth);
        }
        // 1000 x 30000 is 3e7 entries, above the cap of 2e7
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gen("{kind: regression, n: 1000, d: 30000}"))
                .hasMessageContaining("data.generate.d").hasMessageContaining("at most 20000000 entries");
    }

    @Test
    void highDimensionalSeparablePointsFollowTheLawOfTheRejectionLoop() {
        int d = 300;
        int n = 3000;
        Dataset data = DataGenerator.separable(new java.util.SplittableRandom(12), n, d, 0);
        // w* is the generator's first draw from the seed: redrawn here the same way
        double[] cos = new double[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(12);
        double[] ws = new double[d];
        double s = 0;
        while (s == 0) {
            for (int j = 0; j < d; j++) {
                ws[j] = DataGenerator.gaussian(r);
                s += ws[j] * ws[j];
            }
        }
        for (int j = 0; j < d; j++) {
            ws[j] /= Math.sqrt(s);
        }
        for (int i = 0; i < n; i++) {
            assertThat(Vectors.norm2(data.row(i))).isCloseTo(1, within(1e-12));
            double c = Vectors.dot(data.row(i), ws);
            assertThat(Math.abs(c)).isGreaterThanOrEqualTo(0.1 - 1e-12);
            assertThat(Math.signum(c)).isEqualTo(data.y(i));
            cos[i] = Math.abs(c);
        }
        // the independent truth: Gaussian directions kept when |cos| >= 0.1 (the rejection loop's law)
        java.util.SplittableRandom q = new java.util.SplittableRandom(99);
        double[] ref = new double[n];
        for (int k = 0; k < n; ) {
            double dot = 0;
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double g = DataGenerator.gaussian(q);
                dot += g * ws[j];
                norm += g * g;
            }
            double c = Math.abs(dot) / Math.sqrt(norm);
            if (c >= 0.1) {
                ref[k++] = c;
            }
        }
        double m1 = java.util.Arrays.stream(cos).average().orElseThrow();
        double m2 = java.util.Arrays.stream(ref).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(ref).map(c -> (c - m2) * (c - m2)).sum() / n);
        // two means of n draws each: within 5 standard errors of their difference
        assertThat(m1).isCloseTo(m2, within(5 * sd * Math.sqrt(2.0 / n)));
        long below1 = java.util.Arrays.stream(cos).filter(c -> c < 0.12).count();
        long below2 = java.util.Arrays.stream(ref).filter(c -> c < 0.12).count();
        double p = below2 / (double) n;
        assertThat((double) below1).isCloseTo(below2, within(5 * Math.sqrt(2 * n * p * (1 - p))));
    }
}
