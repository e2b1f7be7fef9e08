package org.implicitbias.oracle;

import org.implicitbias.bench.OracleBenchmarks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.junit.jupiter.api.Test;

class ReferenceSolverTest {
    private final ReferenceSolver solver = new ReferenceSolver();

    @Test
    void dispatchesEveryKindOfProgramToItsSolver() {
        Dataset reg = Dataset.of(new double[][] {{1, 2}}, new double[] {1});
        Certificate bregman = solver.solve(new Reference.MinBregman(new Potential.Entropy(), false), reg,
                new double[] {1, 1}).certificate();
        assertThat(bregman.point()).containsExactly(new double[] {0.5, 0.25}, within(1e-14));
        Certificate norm = solver.solve(new Reference.MinNorm(new Norm.L1()), reg, new double[2]).certificate();
        assertThat(norm.value()).isCloseTo(0.5, within(1e-12)); // w = (0, 1/2)
        Dataset cls = Dataset.of(new double[][] {{0.5, 1.5}, {1.5, 0.5}}, new double[] {1, 1});
        Certificate margin = solver.solve(new Reference.MaxMargin(new Norm.L2()), cls, null).certificate();
        assertThat(margin.value()).isCloseTo(Math.sqrt(2), within(1e-14));
        Dataset mats = Dataset.of(new double[][] {{1, 0, 0, 0}, {0, 0, 0, 1}}, new double[] {1, 1});
        Certificate nuclear = solver.solve(new Reference.MaxMarginNuclear(2), mats, null).certificate();
        assertThat(nuclear.value()).isCloseTo(0.5, within(1e-10));
        assertThat(nuclear.level()).isEqualTo(Certificate.Level.NUMERIC);
    }

    @Test
    void raisingTheLevelKeepsTheSolutionAndAppendsTheDetails() {
        Dataset reg = Dataset.of(new double[][] {{1, 2}}, new double[] {1});
        Certificate c = solver.solve(new Reference.MinBregman(new Potential.Entropy(), false), reg,
                new double[] {1, 1}).certificate();
        Certificate raised = c.withLevel(Certificate.Level.SMT, Map.of("checked-by", "z3"));
        assertThat(raised.level()).isEqualTo(Certificate.Level.SMT);
        assertThat(raised.point()).containsExactly(c.point());
        assertThat(raised.details()).containsEntry("checked-by", "z3").containsEntry("method", "dual Newton");
        assertThat(raised.multiplier("lambda")).containsExactly(c.multiplier("lambda"));
        // copies, not views
        raised.point()[0] = 99;
        assertThat(raised.point()[0]).isEqualTo(0.5, within(1e-14));
    }

    @Test
    void solutionsAreTheSameBitsOnOneThreadAndOnSeveral() throws Exception {
        // sizes at which the products and factorisations split their work among threads
        Dataset reg = OracleBenchmarks.separable(150, 300, 12);
        Dataset cls = OracleBenchmarks.separable(150, 300, 13);
        double[] w0 = new double[300];
        java.util.Arrays.fill(w0, 1.0);
        java.util.concurrent.Callable<double[][]> solveAll = () -> new double[][] {
            solver.solve(new Reference.MinBregman(new Potential.SquaredL2(), false), reg, w0).certificate().point(),
            solver.solve(new Reference.MaxMargin(new Norm.L1()), cls, null).certificate().point(),
            solver.solve(new Reference.MaxMargin(new Norm.L2()), cls, null).certificate().point()};
        java.util.concurrent.ForkJoinPool one = new java.util.concurrent.ForkJoinPool(1);
        java.util.concurrent.ForkJoinPool three = new java.util.concurrent.ForkJoinPool(3);
        try {
            double[][] single = one.submit(solveAll).get();
            double[][] several = three.submit(solveAll).get();
            double[][] common = solveAll.call();
            for (int q = 0; q < single.length; q++) {
                assertThat(java.util.Arrays.equals(several[q], single[q])).as("program %d, 3 threads", q).isTrue();
                assertThat(java.util.Arrays.equals(common[q], single[q])).as("program %d, common pool", q).isTrue();
            }
        } finally {
            one.shutdown();
            three.shutdown();
        }
    }

    @Test
    void benchmarkEntryPointsReportSolvedTimingsWithTheirResiduals() {
        OracleBenchmarks.Timing t = OracleBenchmarks.minBregmanEntropy(10, 30, 1);
        assertThat(t.outcome()).isEqualTo("solved");
        assertThat(t.maxResidual()).isLessThan(1e-10);
        assertThat(OracleBenchmarks.maxMarginL2(10, 30, 1).outcome()).isEqualTo("solved");
        assertThat(OracleBenchmarks.maxMarginL1(10, 30, 1).outcome()).isEqualTo("solved");
        assertThat(OracleBenchmarks.maxMarginNuclear(4, 8, 1).outcome()).isEqualTo("solved");
    }
}
