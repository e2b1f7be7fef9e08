package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Claims whose truth is known, each judged in full: directions of steepest descent against the max margin
 * of their own norm (Theorem 5: confirmed) and of another norm (refuted, on data with fewer points than
 * dimensions, where the maximisers of different norms differ), AdaGrad against the l2 max margin (its limit
 * depends on its preconditioner: refuted), and invariance of point limits over the step size (gradient
 * descent: confirmed; l_{4/3} steepest descent on Example 4: refuted).
 */
class JudgedClaimsTest {

    private static String direction(String algorithm, String norm) {
        return """
                expect: holds
                loss: exponential
                data:
                  generate: {kind: separable, n: 4, d: 6, count: 1, seed: 22}
                init: {kind: zero}
                algorithm: %s
                claim: {limit: direction, reference: {kind: max-margin, norm: %s}}
                tolerance: {margin: 1.0e-3, distance: 1.0e-2}
                budget: {iterations: 20000, seconds: 20, settle: 1.0e-9}
                """.formatted(algorithm, norm);
    }

    private static String sd(String norm) {
        return "{kind: steepest-descent, norm: " + norm + ", step: {kind: adaptive, c: 0.5}}";
    }

    static Stream<Arguments> claims() {
        return Stream.of(
                Arguments.of("coordinate descent reaches the l1 max margin", direction(sd("l1"), "l1"), Verdict.CONFIRMED),
                Arguments.of("l2 steepest descent reaches the l2 max margin", direction(sd("l2"), "l2"), Verdict.CONFIRMED),
                Arguments.of("coordinate descent does not reach the l2 max margin", direction(sd("l1"), "l2"), Verdict.REFUTED),
                Arguments.of("l2 steepest descent does not reach the l1 max margin", direction(sd("l2"), "l1"), Verdict.REFUTED),
                Arguments.of("sign descent does not reach the l2 max margin", direction(sd("linf"), "l2"), Verdict.REFUTED),
                Arguments.of("AdaGrad does not reach the l2 max margin",
                        direction("{kind: adagrad, eta: 0.5, g0: 0.1}", "l2"), Verdict.REFUTED),
                Arguments.of("the limit of gradient descent does not depend on its step", """
                        expect: holds
                        loss: squared
                        data:
                          generate: {kind: regression, n: 2, d: 5, count: 1, seed: 3}
                        init: {kind: random, scale: 1, seed: 4}
                        algorithm: {kind: gradient-descent, step: {kind: constant, eta: 0.1}}
                        vary:
                          algorithm.step.eta: [0.05, 0.1, 0.2]
                        claim: {limit: point, invariant-over: [algorithm.step.eta]}
                        tolerance: {distance: 1.0e-7}
                        budget: {iterations: 100000, seconds: 20}
                        """, Verdict.CONFIRMED),
                Arguments.of("the limit of l_{4/3} steepest descent depends on its step (Example 4)", """
                        expect: fails
                        loss: squared
                        data:
                          instances:
                            - {X: [[1, 1, 1], [1, 2, 0]], y: [1, 10]}
                        init: {kind: zero}
                        algorithm: {kind: steepest-descent, norm: {kind: lp, p: "4/3"}, step: {kind: constant, eta: 0.03}}
                        vary:
                          algorithm.step.eta: [0.03, 0.003]
                        claim: {limit: point, invariant-over: [algorithm.step.eta]}
                        tolerance: {distance: 1.0e-3}
                        budget: {iterations: 400000, seconds: 20, settle: 1.0e-13}
                        """, Verdict.REFUTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claims")
    void theClaimGetsItsKnownVerdict(String title, String spec, Verdict expected, @TempDir Path dir) throws IOException {
        Path file = SpecFiles.write(dir, "claim", "id: claim\ntitle: '" + title + "'\n" + spec);
        try (Checker checker = new Checker(new CertifiedReferences(), null, 2)) {
            ClaimResult r = checker.check(SpecLoader.load(file));
            assertThat(r.verdict()).as(r.reason()).isEqualTo(expected);
            if (expected == Verdict.CONFIRMED) {
                assertThat(r.runs()).allSatisfy(run -> assertThat(run.distance() + run.errorBound())
                        .as(run.reason()).isLessThanOrEqualTo(run.tolerance()));
            } else {
                assertThat(r.refuting().distance()).isGreaterThan(r.refuting().tolerance() + r.refuting().errorBound());
            }
        }
    }
}
