package com.example.optim;

import static org.implicitbias.api.OracleAssertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.implicitbias.api.Assertion;
import org.implicitbias.api.Claim;
import org.implicitbias.api.Optimizer;
import org.implicitbias.api.Oracle;
import org.implicitbias.api.SpecTests;
import org.implicitbias.api.Tail;
import org.implicitbias.oracle.Certificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The implicit bias of our Nesterov, gated in CI: on under-determined least squares it must reach the
 * l2 projection of its start (gradient descent with momentum on the gradients is mirror descent with
 * psi = ||w||^2/2, so Theorem 1 applies), and the oracle must catch a weight-decay bug.
 */
class NesterovBiasTest {
    private static Oracle oracle;

    /** Our optimizer as the oracle runs it: a step function over w, given the problem's gradient. */
    static Optimizer ours(double weightDecay) {
        return (problem, w0) -> {
            Nesterov n = new Nesterov(0.1, 0.9, weightDecay, problem::gradient, problem.d());
            return n::step;
        };
    }

    static final Claim PROJECTION = Claim.builder("nesterov-l2-projection")
            .title("Our Nesterov reaches the l2 projection of its start")
            .loss("squared")
            .generate("{kind: regression, n: 3, d: 8, count: 3, seed: 7}")
            .init("{kind: random, scale: 1, seed: 5}")
            .asserts(Assertion.limit("{kind: min-distance, norm: l2}"))
            .tolerance("{distance: 1.0e-7}")
            .budget("{iterations: 100000, seconds: 20}")
            .build();

    @BeforeAll
    static void open() {
        oracle = Oracle.builder().counterexamples(Path.of("target/counterexamples")).build();
    }

    @AfterAll
    static void close() {
        oracle.close();
    }

    @Test
    void reachesTheL2ProjectionOfItsStart() {
        assertThat(oracle.check(PROJECTION, ours(0).declaring(Tail.gradientDescent()).named("nesterov")))
                .isConfirmed()
                .hasCertificateAtLeast(Certificate.Level.EXACT);
    }

    @Test
    void aWeightDecayThatFadesOutIsCaught() {
        assertThat(oracle.check(PROJECTION, ours(0.01).declaring(Tail.gradientDescent()).named("nesterov + weight decay")))
                .isRefuted()
                .hasCounterexample();
    }

    /** The claims of the folder, each a test that passes when its claim gets its expected verdict. */
    @TestFactory
    Stream<DynamicNode> claimsOfTheProject() {
        return SpecTests.fromFolder(Path.of("src/test/resources/claims"), Oracle.builder().counterexamples(null));
    }
}
