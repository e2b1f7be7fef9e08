package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.implicitbias.model.Dataset;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.oracle.Reference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdict logic against runs built to fool a lenient judge: each row is a run that has not reached
 * the limit the claim speaks of (stuck, frozen, cycling, too slow, converging off G), or a true claim that
 * a naive comparison would get wrong (a non-unique minimiser, a start that is not the origin, a reference
 * whose own error bound exceeds the tolerance), with the one verdict an honest judge may give and a word
 * its reason must contain.
 */
class AdversarialVerdictTest {

    /** An iterate sequence given in closed form, as a method (what the optimizer would have produced). */
    static final class Sequence implements IterativeMethod {
        private final LongFunction<double[]> w;
        private double[] current;
        private long t;

        Sequence(LongFunction<double[]> w) {
            this.w = w;
            this.current = w.apply(0);
        }

        @Override
        public String name() {
            return "synthetic sequence";
        }

        @Override
        public double[] iterate() {
            return current;
        }

        @Override
        public long steps() {
            return t;
        }

        @Override
        public void step() {
            t++;
            current = w.apply(t);
        }
    }

    /** One regression instance: G = {w : w1 + 2 w2 = 1}; its l2 projection of 0 is (1/5, 2/5). */
    private static final String LINE = """
            expect: holds
            loss: squared
            data:
              instances:
                - {X: [[1, 2]], y: [1]}
            init: {kind: zero}
            algorithm: {kind: gradient-descent, step: {kind: constant, eta: 0.1}}
            claim: {limit: point, reference: {kind: min-norm, norm: l2}}
            tolerance: {distance: 1.0e-6}
            budget: {iterations: 20000, seconds: 20}
            """;

    /** Soudry's toy set: support vectors (0.5, 1.5), (1.5, 0.5) and their negatives; l2 max margin along (1, 1). */
    private static String toySet(String init, String algorithm, String reference, String extra) {
        return """
                expect: holds
                loss: exponential
                data:
                  instances:
                    - {X: [[0.5, 1.5], [1.5, 0.5], [-0.5, -1.5], [-1.5, -0.5], [2, 3]], y: [1, 1, -1, -1, 1]}
                init: %s
                algorithm: %s
                claim: {limit: direction, reference: %s%s}
                tolerance: {margin: 1.0e-3, distance: 1.0e-2}
                budget: {iterations: 20000, seconds: 20}
                """.formatted(init, algorithm, reference, extra);
    }

    record Row(String name, String spec, RunEngine.MethodOverride method, ReferenceOracle oracle, Verdict verdict,
               String because) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        // the projection of 0 onto G moved 6e-8 along G: a reference point that is 6e-8 off, with a bound of 1.8e-7
        double off = 6e-8 / Math.sqrt(5);
        double[] nearProjection = {0.2 + 2 * off, 0.4 - off};
        return Stream.of(
                new Row("stuck: coordinate descent with eta 1e-18 on the cd-min-l1 instance", """
                        expect: holds
                        loss: squared
                        data:
                          instances:
                            - {X: [[3, 0, -2, 1, 0], [1, 2, 1, -1, 2], [0, -1, 1, 3, 1]], y: [4, -1, 2]}
                        init: {kind: zero}
                        algorithm: {kind: steepest-descent, norm: l1, step: {kind: constant, eta: 1.0e-18}}
                        claim: {limit: point, reference: {kind: min-norm, norm: l1}}
                        tolerance: {value: 1.0e-3}
                        budget: {iterations: 20000, seconds: 20}
                        """, null, null, Verdict.INCONCLUSIVE, "stuck"),
                new Row("frozen: gradient descent from margins of about 200 (true l2 claim)",
                        toySet("{kind: point, w: [150, 40]}", "{kind: gradient-descent, step: {kind: constant, eta: 0.1}}",
                                "{kind: max-margin, norm: l2}", ""), null, null, Verdict.INCONCLUSIVE, "frozen"),
                new Row("frozen: gradient descent from margins of about 200 (false l1 claim)",
                        toySet("{kind: point, w: [150, 40]}", "{kind: gradient-descent, step: {kind: constant, eta: 0.1}}",
                                "{kind: max-margin, norm: l1}", ""), null, null, Verdict.INCONCLUSIVE, "frozen"),
                new Row("frozen: AdaGrad judged by its settled preconditioner",
                        toySet("{kind: point, w: [150, 40]}", "{kind: adagrad, eta: 0.1, g0: 0.1}",
                                "{kind: max-margin, norm: l2}", ""), null, null, Verdict.INCONCLUSIVE, "frozen"),
                new Row("2-cycle: l1 steepest descent on X = [[2, 1]] with eta 0.25 (value tolerance)", """
                        expect: holds
                        loss: squared
                        data:
                          instances:
                            - {X: [[2, 1]], y: [1]}
                        init: {kind: zero}
                        algorithm: {kind: steepest-descent, norm: l1, step: {kind: constant, eta: 0.25}}
                        claim: {limit: point, reference: {kind: min-norm, norm: l1}}
                        tolerance: {value: 1.0}
                        budget: {iterations: 20000, seconds: 20}
                        """, null, null, Verdict.INCONCLUSIVE, ""),
                new Row("2-cycle: the same with a distance tolerance", """
                        expect: holds
                        loss: squared
                        data:
                          instances:
                            - {X: [[2, 1]], y: [1]}
                        init: {kind: zero}
                        algorithm: {kind: steepest-descent, norm: l1, step: {kind: constant, eta: 0.25}}
                        claim: {limit: point, reference: {kind: min-norm, norm: l1}}
                        tolerance: {distance: 1.0e-6}
                        budget: {iterations: 20000, seconds: 20}
                        """, null, null, Verdict.INCONCLUSIVE, ""),
                new Row("3-cycle around the true minimiser", LINE,
                        (plan, obj, w0) -> new Sequence(t -> new double[] {0.2 + 0.3 * Math.cos(2 * Math.PI * t / 3),
                                0.4 + 0.3 * Math.sin(2 * Math.PI * t / 3)}),
                        null, Verdict.INCONCLUSIVE, ""),
                new Row("slow 1/log t approach to the true minimiser", LINE,
                        (plan, obj, w0) -> new Sequence(t -> new double[] {0.2 + 2 / Math.log(t + 2.0), 0.4 - 1 / Math.log(t + 2.0)}),
                        null, Verdict.INCONCLUSIVE, ""),
                new Row("steps that sum to a finite length: decaying with power 2", LINE.replace(
                        "{kind: constant, eta: 0.1}", "{kind: decaying, eta: 0.05, power: 2}"), null, null,
                        Verdict.INCONCLUSIVE, "off G"),
                new Row("converging geometrically to a point off G", LINE,
                        (plan, obj, w0) -> new Sequence(t -> new double[] {1 + Math.pow(0.5, (double) t), 1}),
                        null, Verdict.INCONCLUSIVE, "off G"),
                new Row("non-unique minimiser: coordinate descent on X = [[1, 1]] ends at (1, 0)", """
                        expect: holds
                        loss: squared
                        data:
                          instances:
                            - {X: [[1, 1]], y: [1]}
                        init: {kind: zero}
                        algorithm: {kind: steepest-descent, norm: l1, step: {kind: constant, eta: 0.1}}
                        claim: {limit: point, reference: {kind: min-norm, norm: l1}}
                        tolerance: {distance: 1.0e-6}
                        budget: {iterations: 20000, seconds: 20}
                        """, null, null, Verdict.CONFIRMED, "face"),
                new Row("min-norm is the norm of w, not the distance from the start", LINE.replace(
                        "{kind: zero}", "{kind: point, w: [1, 1]}"), null, null, Verdict.REFUTED, "distance"),
                new Row("min-distance from the same start is the l2 projection", LINE.replace(
                        "{kind: zero}", "{kind: point, w: [1, 1]}").replace("min-norm", "min-distance"), null, null,
                        Verdict.CONFIRMED, "distance"),
                new Row("a numeric reference whose error bound exceeds the tolerance", LINE.replace("1.0e-6", "1.0e-7")
                        .replace("reference: {kind: min-norm, norm: l2}", "reference: {kind: min-norm, norm: l2}, predictor: last-iterate"),
                        null, (ref, data, w0) -> new Solution(Solution.Status.SOLVED, nearProjection.clone(), 0.2, Double.NaN,
                                null, null, Evidence.NUMERIC, 1.8e-7, null),
                        Verdict.INCONCLUSIVE, "error bounds"),
                new Row("control: gradient descent reaches the projection of 0", LINE, null, null, Verdict.CONFIRMED,
                        "distance")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRunGetsTheOnlyHonestVerdict(Row row, @TempDir Path dir) throws IOException {
        Path file = SpecFiles.write(dir, "adversarial", "id: adversarial\ntitle: '" + row.name() + "'\n" + row.spec());
        ReferenceOracle oracle = row.oracle() != null ? row.oracle() : new CertifiedReferences();
        try (Checker checker = new Checker(oracle, row.method(), 1)) {
            ClaimResult r = checker.check(SpecLoader.load(file));
            assertThat(r.runs()).hasSize(1);
            RunResult run = r.runs().get(0);
            assertThat(run.verdict()).as(run.reason()).isEqualTo(row.verdict());
            assertThat(run.reason()).as(run.reason()).contains(row.because());
        }
    }

    /** The solver behind the non-unique row really returns the other minimiser, so only the face decides. */
    @org.junit.jupiter.api.Test
    void theSolversL1MinimiserOfTheNonUniqueRowIsNotTheRunsLimit() {
        Solution s = new CertifiedReferences().solve(new Reference.MinNorm(new org.implicitbias.geometry.Norm.L1()),
                Dataset.of(new double[][] {{1, 1}}, new double[] {1}), new double[2]);
        assertThat(s.value()).isEqualTo(1.0);
        assertThat(Math.abs(s.point()[0] - 1) + Math.abs(s.point()[1])).isGreaterThan(1e-3);
    }
}
