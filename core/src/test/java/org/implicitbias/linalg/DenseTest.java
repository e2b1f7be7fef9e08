package org.implicitbias.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The blocked kernels against plain triple loops written here and against Commons Math's Cholesky, on
 * sizes that are not multiples of the tile (4), of the row block, of the summation block (256) or of the
 * factorisation block (64), and large enough to take the parallel paths.
 */
class DenseTest {

    private static double[] gaussian(int count, SplittableRandom r) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = Fixtures.gaussian(r);
        }
        return v;
    }

    /** {@code sum_t a[i,t] h[t] a[j,t]} by the definition. */
    private static double naiveEntry(double[] a, int d, double[] h, int i, int j) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            s += a[i * d + t] * (h == null ? 1 : h[t]) * a[j * d + t];
        }
        return s;
    }

    @Test
    void syrkMatchesTheDefinitionOnEveryLowerEntryAndLeavesTheUpperTriangleAlone() {
        int[][] sizes = {{1, 1}, {3, 5}, {4, 4}, {7, 300}, {37, 513}, {130, 600}};
        SplittableRandom r = new SplittableRandom(11);
        for (int[] size : sizes) {
            int m = size[0];
            int d = size[1];
            double[] a = gaussian(m * d, r);
            double[] h = new double[d];
            for (int t = 0; t < d; t++) {
                h[t] = 0.1 + r.nextDouble();
            }
            for (double[] weights : new double[][] {null, h}) {
                double[] c = new double[m * m];
                java.util.Arrays.fill(c, 12345.0);
                Dense.syrk(a, m, d, weights, c, new double[m * d]);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        if (j <= i) {
                            double exact = naiveEntry(a, d, weights, i, j);
                            assertThat(c[i * m + j]).as("m %d d %d (%d, %d)", m, d, i, j)
                                    .isCloseTo(exact, within(1e-12 * (1 + Math.abs(exact)) * Math.sqrt(d)));
                        } else {
                            assertThat(c[i * m + j]).isEqualTo(12345.0);
                        }
                    }
                }
            }
        }
    }

    private static double[] spd(int m, SplittableRandom r) {
        // B B' + I: well conditioned, dense
        int d = m + 3;
        double[] b = gaussian(m * d, r);
        double[] k = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double s = naiveEntry(b, d, null, i, j) / d + (i == j ? 1 : 0);
                k[i * m + j] = s;
                k[j * m + i] = s;
            }
        }
        return k;
    }

    private static RealMatrix full(double[] k, int m) {
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(k, i * m, a[i], 0, m);
        }
        return new Array2DRowRealMatrix(a, false);
    }

    @Test
    void blockedCholeskyAgreesWithCommonsMathAndSolvesTheSystem() {
        SplittableRandom r = new SplittableRandom(5);
        for (int m : new int[] {1, 2, 5, 63, 64, 65, 130, 211}) {
            double[] k = spd(m, r);
            double[] l = k.clone();
            assertThat(Dense.cholesky(l, m, -1)).isEqualTo(-1);
            RealMatrix ref = new CholeskyDecomposition(full(k, m)).getL();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    assertThat(l[i * m + j]).as("m %d L(%d, %d)", m, i, j).isCloseTo(ref.getEntry(i, j), within(1e-12));
                }
                for (int j = i + 1; j < m; j++) {
                    // the strict upper triangle is left as it was
                    assertThat(l[i * m + j]).isEqualTo(k[i * m + j]);
                }
            }
            double[] b = gaussian(m, r);
            double[] x = b.clone();
            Dense.choleskySolve(l, m, x);
            double[] expected = new CholeskyDecomposition(full(k, m)).getSolver().solve(new ArrayRealVector(b)).toArray();
            assertThat(x).containsExactly(expected, within(1e-11));
        }
    }

    @Test
    void aCholeskyFactorKeptForManySolvesAgreesWithCommonsMath() {
        SplittableRandom r = new SplittableRandom(8);
        for (int m : new int[] {1, 2, 5, 64, 65, 130}) {
            double[] k = spd(m, r);
            double[] l = k.clone();
            Dense.cholesky(l, m, -1);
            CholeskyFactor factor = CholeskyFactor.of(l, m);
            assertThat(factor.size()).isEqualTo(m);
            for (int rep = 0; rep < 3; rep++) {
                double[] b = gaussian(m, r);
                if (rep == 2) {
                    java.util.Arrays.fill(b, 0, m / 2, 0.0); // leading zeros: skipped columns
                }
                double[] x = b.clone();
                factor.solve(x);
                double[] expected = new CholeskyDecomposition(full(k, m)).getSolver().solve(new ArrayRealVector(b)).toArray();
                assertThat(x).as("m %d", m).containsExactly(expected, within(1e-11));
            }
        }
    }

    @Test
    void strictCholeskyNamesTheFirstPivotThatIsNotPositive() {
        // leading 2 x 2 block positive definite, the third pivot 4 - 1 - 4 = -1
        double[] k = {
            1, 0, 0,
            0, 1, 0,
            1, 2, 4};
        assertThat(Dense.cholesky(k.clone(), 3, -1)).isEqualTo(2);
        double[] big = spd(150, new SplittableRandom(8));
        big[100 * 150 + 100] = -1;
        // the leading 100 x 100 block is untouched and positive definite, so pivot 100 is the first to fail
        assertThat(Dense.cholesky(big, 150, -1)).isEqualTo(100);
    }

    @Test
    void skippingCholeskyIgnoresADependentRowAndStillSolvesAConsistentSystem() {
        // K = B B' with row 70 of B = row 3 + row 50: K is singular, rank m - 1
        int m = 90;
        int d = 120;
        SplittableRandom r = new SplittableRandom(21);
        double[] b = gaussian(m * d, r);
        for (int t = 0; t < d; t++) {
            b[70 * d + t] = b[3 * d + t] + b[50 * d + t];
        }
        double[] k = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                k[i * m + j] = naiveEntry(b, d, null, i, j);
            }
        }
        double[] l = k.clone();
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            maxDiag = Math.max(maxDiag, k[i * m + i]);
        }
        assertThat(Dense.cholesky(l, m, 1e-10 * maxDiag)).isEqualTo(1);
        // a right-hand side in the range of K: K x0 for a random x0
        double[] x0 = gaussian(m, r);
        double[] rhs = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                rhs[i] += (j <= i ? k[i * m + j] : k[j * m + i]) * x0[j];
            }
        }
        double[] x = rhs.clone();
        Dense.choleskySolve(l, m, x);
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += (j <= i ? k[i * m + j] : k[j * m + i]) * x[j];
            }
            assertThat(s).as("row %d", i).isCloseTo(rhs[i], within(1e-8 * (1 + Math.abs(rhs[i]))));
        }
    }

    @Test
    void inverseFrobeniusNormMatchesTheExplicitInverse() {
        SplittableRandom r = new SplittableRandom(3);
        for (int m : new int[] {1, 7, 64, 100, 190}) {
            double[] k = spd(m, r);
            Dense.cholesky(k, m, -1);
            RealMatrix l = MatrixUtils.createRealMatrix(m, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    l.setEntry(i, j, k[i * m + j]);
                }
            }
            double expected = MatrixUtils.inverse(l).getFrobeniusNorm();
            assertThat(Dense.inverseFrobenius(k, m, new double[m * m])).as("m %d", m)
                    .isCloseTo(expected, within(1e-12 * expected));
        }
    }

    @Test
    void inverseOneNormEstimateNeverExceedsTheNormAndIsWithinAFactorThreeOfIt() {
        SplittableRandom r = new SplittableRandom(4);
        for (int m : new int[] {1, 2, 7, 64, 100, 190, 300}) { // 300: OpenBLAS's solves where it loads
            for (int rep = 0; rep < 3; rep++) {
                double[] k = spd(m, r);
                if (rep == 2) {
                    // badly scaled: D K D with a diagonal D of powers of ten
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < m; j++) {
                            k[i * m + j] *= Math.pow(10, (i % 5) + (j % 5));
                        }
                    }
                }
                RealMatrix full = full(k, m);
                double exact = MatrixUtils.inverse(full).getNorm(); // Commons Math: the 1-norm (max column sum)
                Dense.cholesky(k, m, -1);
                double estimate = Dense.inverseOneNormEstimate(k, m);
                assertThat(estimate).as("m %d rep %d", m, rep).isLessThanOrEqualTo(exact * (1 + 1e-9))
                        .isGreaterThanOrEqualTo(exact / 3);
            }
        }
        // a diagonal matrix: the climb ends on the column of the smallest entry, the exact norm
        int m = 9;
        double[] diag = new double[m * m];
        for (int i = 0; i < m; i++) {
            diag[i * m + i] = Math.sqrt(i + 2.0); // the factor of diag(i + 2)
        }
        assertThat(Dense.inverseOneNormEstimate(diag, m)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void luSolveAgreesWithCommonsMathAndReportsASingularMatrix() {
        SplittableRandom r = new SplittableRandom(6);
        for (int m : new int[] {1, 2, 9, 80, 271}) {
            double[] a = gaussian(m * m, r);
            double[] b = gaussian(m, r);
            double[] expected = new org.apache.commons.math3.linear.LUDecomposition(full(a, m)).getSolver()
                    .solve(new ArrayRealVector(b)).toArray();
            double[] x = b.clone();
            assertThat(Dense.luSolve(a.clone(), m, x)).isTrue();
            assertThat(x).as("m %d", m).containsExactly(expected, within(1e-9));
        }
        // two equal rows
        double[] singular = {1, 2, 3, 1, 2, 3, 0, 1, 5};
        assertThat(Dense.luSolve(singular, 3, new double[] {1, 1, 1})).isFalse();
    }

    @Test
    void matrixVectorProductsMatchTheDefinition() {
        SplittableRandom r = new SplittableRandom(4);
        for (int[] size : new int[][] {{1, 1}, {5, 3}, {131, 257}, {1030, 700}}) {
            int m = size[0];
            int d = size[1];
            double[] a = gaussian(m * d, r);
            double[] x = gaussian(d, r);
            double[] y = new double[m];
            Dense.multiply(a, m, d, x, y);
            double[] rr = gaussian(m, r);
            rr[0] = 0;
            double[] base = gaussian(d, r);
            double[] out = new double[d];
            Dense.multiplyTransposed(a, m, d, rr, base, out);
            // the same products over the rows as separate arrays
            double[][] rows = Dense.rowArrays(a, m, d);
            double[] yRows = new double[m];
            Dense.multiply(rows, m, d, x, yRows);
            double[] outRows = new double[d];
            Dense.multiplyTransposed(rows, m, d, rr, base, outRows);
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    s += a[i * d + t] * x[t];
                }
                assertThat(y[i]).isCloseTo(s, within(1e-12 * Math.sqrt(d) * 10));
                assertThat(yRows[i]).isCloseTo(s, within(1e-12 * Math.sqrt(d) * 10));
            }
            for (int t = 0; t < d; t++) {
                double s = base[t];
                for (int i = 0; i < m; i++) {
                    s += a[i * d + t] * rr[i];
                }
                assertThat(out[t]).isCloseTo(s, within(1e-12 * Math.sqrt(m) * 10));
                assertThat(outRows[t]).isCloseTo(s, within(1e-12 * Math.sqrt(m) * 10));
            }
        }
    }

    @Test
    void resultsAreTheSameBitsWithOneThreadAndWithSeveral() throws Exception {
        // large enough for every kernel to split its work
        int m = 400;
        int d = 5200;
        SplittableRandom r = new SplittableRandom(9);
        double[] a = gaussian(m * d, r);
        double[] h = new double[d];
        java.util.Arrays.fill(h, 0.7);
        double[] x = gaussian(d, r);
        ForkJoinPool one = new ForkJoinPool(1);
        ForkJoinPool four = new ForkJoinPool(4);
        try {
            double[][] single = one.submit(() -> kernels(a, m, d, h, x)).get();
            double[][] several = four.submit(() -> kernels(a, m, d, h, x)).get();
            double[][] common = kernels(a, m, d, h, x);
            for (int q = 0; q < single.length; q++) {
                // bitwise equality (Arrays.equals compares the bits of doubles)
                assertThat(java.util.Arrays.equals(several[q], single[q])).as("kernel %d, 4 threads", q).isTrue();
                assertThat(java.util.Arrays.equals(common[q], single[q])).as("kernel %d, common pool", q).isTrue();
            }
        } finally {
            one.shutdown();
            four.shutdown();
        }
    }

    /**
     * syrk, its Cholesky factor, ||L^-1||_F, A x and A' y on the pool the caller runs in: both as routed
     * (at this size, to OpenBLAS where it loads) and by the Java kernels.
     */
    private static double[][] kernels(double[] a, int m, int d, double[] h, double[] x) {
        double[] c = new double[m * m];
        Dense.syrk(a, m, d, h, c, new double[m * d]);
        double[] l = c.clone();
        Dense.cholesky(l, m, -1);
        double[] javaC = new double[m * m];
        Dense.javaSyrk(a, m, d, h, javaC);
        double[] javaL = javaC.clone();
        Dense.javaCholesky(javaL, m, -1);
        double f = Dense.inverseFrobenius(javaL, m, new double[m * m]);
        double[] y = new double[m];
        Dense.multiply(a, m, d, x, y);
        double[] t = new double[d];
        Dense.multiplyTransposed(a, m, d, y, null, t);
        return new double[][] {c, l, javaC, javaL, {f}, y, t};
    }
}
