package org.implicitbias.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.claims.Verdict;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.oracle.Certificate;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The library as a client uses it: claims built in code, a user's optimizer, assertions, dynamic tests. */
class OracleApiTest {

    /**
     * Nesterov's method written from scratch: {@code v+ = beta v - eta (grad L(w + beta v) + lambda_t w)},
     * {@code w+ = w + v}, with an optional weight decay {@code lambda_t = lambda 0.999^t} (a schedule that fades out).
     */
    static Optimizer nesterov(double eta, double beta, double lambda) {
        return (problem, w0) -> {
            int d = problem.d();
            double[] v = new double[d];
            double[] y = new double[d];
            double[] g = new double[d];
            double[] decay = {lambda};
            return w -> {
                for (int j = 0; j < d; j++) {
                    y[j] = w[j] + beta * v[j];
                }
                problem.gradient(y, g);
                for (int j = 0; j < d; j++) {
                    v[j] = beta * v[j] - eta * (g[j] + decay[0] * w[j]);
                    w[j] += v[j];
                }
                decay[0] *= 0.999;
            };
        };
    }

    private static Claim projectionClaim() {
        return Claim.builder("nesterov-l2-projection")
                .title("Nesterov momentum reaches the l2 projection of its start")
                .loss("squared")
                .generate("{kind: regression, n: 3, d: 8, count: 2, seed: 3}")
                .init("{kind: random, scale: 1, seed: 5}")
                .asserts(Assertion.limit("{kind: min-distance, norm: l2}"))
                .tolerance("{distance: 1.0e-7}")
                .budget("{iterations: 100000, seconds: 20}")
                .build();
    }

    @Test
    void aUsersNesterovIsConfirmedWithExactCertificatesAndItsWeightDecayBugIsRefuted(@TempDir Path dir) {
        Claim claim = projectionClaim();
        assertThat(claim.hasAlgorithm()).isFalse();
        assertThat(claim.runs()).isEqualTo(2);
        try (Oracle oracle = Oracle.builder().counterexamples(dir).build()) {
            Judgement good = oracle.check(claim, nesterov(0.1, 0.9, 0).declaring(Tail.gradientDescent()).named("nesterov"));
            OracleAssertions.assertThat(good).isConfirmed().hasCertificateAtLeast(Certificate.Level.EXACT);
            assertThat(good.runs()).allSatisfy(r -> assertThat(r.reason()).contains("theorem-1"));
            assertThat(good.counterexample()).isEmpty();

            Judgement bug = oracle.check(claim, nesterov(0.1, 0.9, 0.01).declaring(Tail.gradientDescent()).named("nesterov+wd"));
            OracleAssertions.assertThat(bug).isRefuted().hasCounterexample();
            // the declaration was checked against the iterates and rejected: the decay leaves the row space
            assertThat(bug.runs()).anySatisfy(r -> assertThat(r.reason()).contains("does not fit the iterates"));
            assertThat(bug.counterexample().orElseThrow()).exists().hasParent(dir);
            assertThat(bug.gap()).isGreaterThan(bug.tolerance() + bug.errorBound());
        }
    }

    @Test
    void aFailedAssertionCarriesTheWholeJudgementAndAnInconclusiveOneAborts() {
        Claim tooShort = Claim.builder("short")
                .title("too few steps to settle")
                .loss("squared")
                .instance(new double[][] {{1, 2, 0}, {0, 1, 1}}, new double[] {1, 2})
                .asserts(Assertion.limit("{kind: min-norm, norm: l2}"))
                .tolerance("{distance: 1.0e-9}")
                .budget("{iterations: 20, seconds: 5}")
                .build();
        try (Oracle oracle = Oracle.builder().counterexamples(null).build()) {
            Judgement j = oracle.check(tooShort, nesterov(0.01, 0.5, 0));
            assertThat(j.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            Executable confirmed = () -> OracleAssertions.assertThat(j).isConfirmed();
            assertThatThrownBy(confirmed::execute).isInstanceOf(TestAbortedException.class).hasMessageContaining("short");
            assertThatThrownBy(() -> OracleAssertions.assertThat(j).failingOnInconclusive().isConfirmed())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting confirmed").hasMessageContaining("reason:")
                    .hasMessageContaining("tolerance").hasMessageContaining("certificate");
            OracleAssertions.assertThat(j).isInconclusive();
        }
    }

    @Test
    void anOptimizerThatProducesNaNIsInconclusiveNeverAnError() {
        Optimizer broken = (problem, w0) -> w -> w[0] = Double.NaN;
        try (Oracle oracle = Oracle.builder().counterexamples(null).build()) {
            Judgement j = oracle.check(projectionClaim(), broken.named("nan"));
            assertThat(j.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(j.reason()).contains("non-finite").contains("nan");
        }
    }

    @Test
    void theBuilderRefusesWhatTheLoaderRefusesWithTheSameLine(@TempDir Path dir) throws IOException {
        InvalidInputException built = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> Claim.builder("bad").title("t").loss("squared")
                        .instance("{X: [[1, 2]], y: [1]}")
                        .algorithm("{kind: gradient-descent, step: {kind: constant, eta: 0.1}}")
                        .asserts(Assertion.limit("{kind: min-distance, norm: l7}"))
                        .tolerance("{distance: 1.0e-6}")
                        .build());
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                id: bad
                title: t
                expect: holds
                loss: squared
                data:
                  instances:
                    - {X: [[1, 2]], y: [1]}
                algorithm: {kind: gradient-descent, step: {kind: constant, eta: 0.1}}
                claim:
                  reference: {kind: min-distance, norm: l7}
                tolerance: {distance: 1.0e-6}
                """);
        SpecLoader.SpecException loaded = org.assertj.core.api.Assertions.catchThrowableOfType(
                SpecLoader.SpecException.class, () -> SpecLoader.load(file));
        assertThat(built).isNotNull();
        assertThat(built.getMessage()).contains("l7").doesNotContain("\n");
        assertThat(loaded.getMessage()).endsWith(built.getMessage());
    }

    @Test
    void aClaimWithItsOwnAlgorithmIsCheckedAndOneWithoutAsksForAnOptimizer() {
        try (Oracle oracle = Oracle.builder().counterexamples(null).build()) {
            assertThatThrownBy(() -> oracle.check(projectionClaim())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("names no algorithm");
            Judgement spec = oracle.check(Claim.load(Path.of("specs/sd-quadratic-norm.yaml")));
            OracleAssertions.assertThat(spec).isConfirmed().passed();
        }
    }

    @Test
    void aFolderOfSpecsBecomesOneDynamicTestPerFileWithAContainerPerSubfolder(@TempDir Path dir) throws Throwable {
        Files.createDirectories(dir.resolve("more"));
        Files.copy(Path.of("specs/sd-quadratic-norm.yaml"), dir.resolve("sd-quadratic-norm.yaml"));
        Files.copy(Path.of("specs/ngd-finite-step.yaml"), dir.resolve("more/ngd-finite-step.yaml"));
        Files.writeString(dir.resolve("notes.txt"), "not a spec");
        List<DynamicNode> nodes = SpecTests.fromFolder(dir, Oracle.builder().counterexamples(null)).toList();
        assertThat(nodes).extracting(DynamicNode::getDisplayName).containsExactly("more", "sd-quadratic-norm.yaml");
        List<? extends DynamicNode> inner = ((org.junit.jupiter.api.DynamicContainer) nodes.get(0)).getChildren().toList();
        assertThat(inner).extracting(DynamicNode::getDisplayName).containsExactly("ngd-finite-step.yaml");
        // both claims get their expected verdict: the tests pass
        ((DynamicTest) nodes.get(1)).getExecutable().execute();
        ((DynamicTest) inner.get(0)).getExecutable().execute();
        assertThat(Stream.of(nodes.get(1).getTestSourceUri().orElseThrow().toString())).allMatch(u -> u.endsWith(".yaml"));
    }
}
