package org.implicitbias.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

class MaxMarginSolverTest {
    private final MaxMarginSolver solver = new MaxMarginSolver();

    private static Certificate solved(Outcome o) {
        assertThat(o.status()).as(o.reason()).isEqualTo(Outcome.Status.SOLVED);
        Certificate c = o.certificate();
        // duality: the primal margin and the dual value agree
        assertThat(Math.abs(c.value() - c.dualValue())).as("gap %s", c).isLessThan(1e-9);
        assertThat(c.residuals().max()).as("residuals %s", c).isLessThan(1e-9);
        MarginFace f = c.margin().orElseThrow();
        assertThat(f.inOptimalFace(c.point(), 1e-9)).isTrue();
        assertThat(Math.abs(f.marginGap(c.point()))).isLessThan(1e-9);
        assertThat(java.util.Arrays.stream(f.dualWeights()).sum()).isCloseTo(1, within(1e-12));
        return c;
    }

    private static Dataset soudry() {
        return Dataset.of(new double[][] {{0.5, 1.5}, {1.5, 0.5}, {-0.5, -1.5}, {-1.5, -0.5}},
                new double[] {1, 1, -1, -1});
    }

    @Test
    void l2OnSoudrysToySetPointsAlongTheDiagonalWithMarginRootTwo() {
        Certificate c = solved(solver.solve(new Reference.MaxMargin(new Norm.L2()), soudry()));
        double h = Math.sqrt(0.5);
        assertThat(c.point()).containsExactly(new double[] {h, h}, within(1e-14));
        assertThat(c.value()).isCloseTo(Math.sqrt(2), within(1e-14));
        MarginFace f = c.margin().orElseThrow();
        assertThat(f.unique()).isTrue();
        assertThat(f.support()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void l1AndLinfMarginsOfSmallSetsMatchTheirHandSolvedLps() {
        // l1: z = (1,2), (2,1): the best vertex mix is w = (1/2, 1/2) with margin 3/2
        Dataset a = Dataset.of(new double[][] {{1, 2}, {2, 1}}, new double[] {1, 1});
        Certificate l1 = solved(solver.solve(new Reference.MaxMargin(new Norm.L1()), a));
        assertThat(l1.value()).isCloseTo(1.5, within(1e-12));
        assertThat(l1.point()).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
        assertThat(l1.margin().orElseThrow().unique()).isTrue();
        // l1 with one example z = (1, 1): margin 1 on the whole segment {w >= 0, w1 + w2 = 1}
        Dataset one = Dataset.of(new double[][] {{1, 1}}, new double[] {1});
        Certificate seg = solved(solver.solve(new Reference.MaxMargin(new Norm.L1()), one));
        MarginFace f = seg.margin().orElseThrow();
        assertThat(seg.value()).isCloseTo(1, within(1e-12));
        assertThat(f.unique()).isFalse();
        assertThat(f.inOptimalFace(new double[] {0.3, 0.7}, 1e-12)).isTrue();
        assertThat(f.inOptimalFace(new double[] {1, 0}, 1e-12)).isTrue();
        assertThat(f.inOptimalFace(new double[] {0.6, 0.6}, 1e-12)).isFalse();
        assertThat(f.inOptimalFace(new double[] {0.5, 0.4}, 1e-12)).isFalse();
        assertThat(f.marginGap(new double[] {2, -1})).isCloseTo(1 - 1.0 / 3, within(1e-12));
        // linf: z = (1, 1) gives w = (1, 1), margin 2, unique; z = (1, 0) leaves w2 free in [-1, 1]
        Certificate box = solved(solver.solve(new Reference.MaxMargin(new Norm.LInf()), one));
        assertThat(box.value()).isCloseTo(2, within(1e-12));
        assertThat(box.point()).containsExactly(new double[] {1, 1}, within(1e-12));
        assertThat(box.margin().orElseThrow().unique()).isTrue();
        Certificate free = solved(solver.solve(new Reference.MaxMargin(new Norm.LInf()),
                Dataset.of(new double[][] {{1, 0}, {-1, 0}}, new double[] {1, -1})));
        assertThat(free.value()).isCloseTo(1, within(1e-12));
        MarginFace ff = free.margin().orElseThrow();
        assertThat(ff.unique()).isFalse();
        assertThat(ff.inOptimalFace(new double[] {1, -0.9}, 1e-12)).isTrue();
        assertThat(ff.inOptimalFace(new double[] {0.9, 0}, 1e-12)).isFalse();
        assertThat(ff.support()).containsExactly(0, 1);
    }

    @Test
    void lpAndQuadraticMarginsOfTheSymmetricToySetAreAlongTheDiagonal() {
        for (double p : new double[] {1.3, 2.0, 3.0, 7.5}) {
            Certificate c = solved(solver.solve(new Reference.MaxMargin(new Norm.Lp(p)), soudry()));
            double u = Math.pow(0.5, 1 / p);
            assertThat(c.point()).containsExactly(new double[] {u, u}, within(1e-10));
            assertThat(c.value()).isCloseTo(2 * u, within(1e-10));
        }
        // D = diag(1, 4): max <w, (1,1)> over w1^2 + 4 w2^2 <= 1 at w = (4, 1)/sqrt(20): margin sqrt(5)/2
        Certificate q = solved(solver.solve(new Reference.MaxMargin(new QuadraticNorm(new double[][] {{1, 0}, {0, 4}})),
                Dataset.of(new double[][] {{1, 1}}, new double[] {1})));
        assertThat(q.point()).containsExactly(new double[] {4 / Math.sqrt(20), 1 / Math.sqrt(20)}, within(1e-12));
        assertThat(q.value()).isCloseTo(Math.sqrt(5) / 2, within(1e-12));
    }

    static Dataset separable(SplittableRandom r, int n, int d) {
        double[] u = new double[d];
        for (int j = 0; j < d; j++) {
            u[j] = Fixtures.gaussian(r);
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double m;
            do {
                for (int j = 0; j < d; j++) {
                    x[i][j] = Fixtures.gaussian(r);
                }
                m = Vectors.dot(x[i], u);
            } while (Math.abs(m) < 0.1);
            y[i] = Math.signum(m);
        }
        return Dataset.of(x, y);
    }

    @Test
    void l1AndLinfMarginsAgreeWithCommonsMathsSimplexOnRandomSets() {
        for (int seed = 0; seed < 100; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 3 + r.nextInt(8);
            int d = 2 + r.nextInt(5);
            Dataset data = separable(r, n, d);
            double[] z = data.signedRowMajor();
            for (boolean l1 : new boolean[] {true, false}) {
                Certificate c = solved(solver.solve(new Reference.MaxMargin(l1 ? new Norm.L1() : new Norm.LInf()), data));
                double[] other = Routes.simplexMaxMargin(z, n, d, l1);
                assertThat(c.value()).as("seed %d l1 %s", seed, l1).isCloseTo(other[0], within(1e-9));
                double[] w = java.util.Arrays.copyOfRange(other, 1, d + 1);
                assertThat(c.margin().orElseThrow().inOptimalFace(w, 1e-8)).isTrue();
            }
        }
    }

    @Test
    void l1AndLinfMarginsOfSetsLargeEnoughForTheBlockedNormalMatrixAgreeWithCommonsMathsSimplex() {
        // dozens of rows: the LP's columns are dense, and the l1 program's u/v columns enter the normal
        // matrix as merged mirror pairs
        for (int seed = 0; seed < 6; seed++) {
            SplittableRandom r = new SplittableRandom(seed + 77);
            int n = 30 + r.nextInt(30);
            int d = 15 + r.nextInt(15);
            Dataset data = separable(r, n, d);
            double[] z = data.signedRowMajor();
            for (boolean l1 : new boolean[] {true, false}) {
                Certificate c = solved(solver.solve(new Reference.MaxMargin(l1 ? new Norm.L1() : new Norm.LInf()), data));
                double[] other = Routes.simplexMaxMargin(z, n, d, l1);
                assertThat(c.value()).as("seed %d l1 %s", seed, l1).isCloseTo(other[0], within(1e-9));
                double[] w = java.util.Arrays.copyOfRange(other, 1, d + 1);
                assertThat(c.margin().orElseThrow().inOptimalFace(w, 1e-8)).isTrue();
            }
        }
    }

    @Test
    void smoothNormMarginsLieInsideTheBracketOfAProjectedGradientRoute() {
        for (int seed = 0; seed < 100; seed++) {
            SplittableRandom r = new SplittableRandom(seed + 1000);
            int n = 3 + r.nextInt(6);
            int d = 2 + r.nextInt(3);
            Dataset data = separable(r, n, d);
            Norm[] norms = {new Norm.L2(), new Norm.Lp(1.5), new Norm.Lp(4),
                new QuadraticNorm(MinBregmanSolverTest.spd(d, seed))};
            for (Norm norm : norms) {
                Certificate c = solved(solver.solve(new Reference.MaxMargin(norm), data));
                double[] bracket = Routes.projectedGradientBracket(norm, data.signedRowMajor(), n, d, 20000);
                assertThat(c.value()).as("%s seed %d", norm.name(), seed)
                        .isBetween(bracket[0] - 1e-10, bracket[1] + 1e-10);
                assertThat(bracket[1] - bracket[0]).as("route's own gap").isLessThan(1e-4);
            }
        }
    }

    @Test
    void nonSeparableDataAreReportedAsSuchForEveryNorm() {
        // z_1 = -z_2: 0 lies in the hull, no w has both margins positive
        Dataset data = Dataset.of(new double[][] {{1, 2}, {1, 2}, {0, 1}}, new double[] {1, -1, 1});
        Norm[] norms = {new Norm.L2(), new Norm.L1(), new Norm.LInf(), new Norm.Lp(3),
            new QuadraticNorm(new double[][] {{2, 0}, {0, 1}})};
        for (Norm norm : norms) {
            Outcome o = solver.solve(new Reference.MaxMargin(norm), data);
            assertThat(o.status()).as(norm.name()).isEqualTo(Outcome.Status.NOT_SEPARABLE);
            assertThat(o.reason()).contains("no w has");
        }
        // XOR
        Dataset xor = Dataset.of(new double[][] {{1, 1}, {-1, -1}, {1, -1}, {-1, 1}}, new double[] {1, 1, -1, -1});
        assertThat(solver.solve(new Reference.MaxMargin(new Norm.L2()), xor).status()).isEqualTo(Outcome.Status.NOT_SEPARABLE);
        assertThat(solver.solve(new Reference.MaxMargin(new Norm.L1()), xor).status()).isEqualTo(Outcome.Status.NOT_SEPARABLE);
    }

    @Test
    void duplicateRowsAndZeroColumnsDoNotDisturbTheMargin() {
        Dataset data = Dataset.of(new double[][] {{0.5, 0, 1.5}, {0.5, 0, 1.5}, {1.5, 0, 0.5}, {-0.5, 0, -1.5}},
                new double[] {1, 1, 1, -1});
        for (Norm norm : new Norm[] {new Norm.L2(), new Norm.L1(), new Norm.LInf(), new Norm.Lp(3)}) {
            Certificate c = solved(solver.solve(new Reference.MaxMargin(norm), data));
            assertThat(c.point()[1]).as(norm.name()).isCloseTo(0, within(norm instanceof Norm.LInf ? 1.0 : 1e-12));
        }
        Certificate l2 = solved(solver.solve(new Reference.MaxMargin(new Norm.L2()), data));
        assertThat(l2.value()).isCloseTo(Math.sqrt(2), within(1e-13));
    }

    @Test
    void labelsOtherThanPlusOrMinusOneAreBadInput() {
        assertThatThrownBy(() -> solver.solve(new Reference.MaxMargin(new Norm.L2()),
                Dataset.of(new double[][] {{1, 2}}, new double[] {0.5})))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("y[0]");
    }
}
