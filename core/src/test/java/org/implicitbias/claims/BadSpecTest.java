package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad specs: each is rejected before anything runs with exit code 2 and one line on stderr that starts
 * with the file's name and names the offending field; nothing is printed on stdout and nothing is
 * written to the counterexamples folder.
 */
class BadSpecTest {

    static Stream<Arguments> badSpecs() {
        String t = SpecFiles.TINY;
        return Stream.of(
                Arguments.of("unknown top-level key", t + "algoritm: {kind: gradient-descent}\n", "algoritm"),
                Arguments.of("unknown nested key", t.replace("{kind: constant, eta: 0.1}", "{kind: constant, eta: 0.1, etta: 1}"),
                        "algorithm.step.etta"),
                Arguments.of("wrong type", t.replace("{distance: 1.0e-7}", "{distance: abc}"), "tolerance.distance"),
                Arguments.of("dimension mismatch of the start", t.replace("init: {kind: zero}", "init: {kind: point, w: [1, 2]}"),
                        "init.w"),
                Arguments.of("ragged data", t.replace("[[1, 2, 0], [0, 1, 1]]", "[[1, 2, 0], [0, 1]]"), "X[1]"),
                // the exponent cap holds in specs as in problem files (an uncapped exact read of 1e999999999
                // would build a billion-digit integer)
                Arguments.of("a runaway exponent in the data", t.replace("y: [1, 2]}", "y: [1, \"1e999999999\"]}"),
                        "data.instances[0].y[1]"),
                Arguments.of("a runaway exponent in a tolerance", t.replace("{distance: 1.0e-7}", "{distance: \"1e-999999999\"}"),
                        "tolerance.distance"),
                Arguments.of("targets of the wrong length", t.replace("y: [1, 2]}", "y: [1, 2, 3]}"), "y"),
                Arguments.of("non-separable data under a max-margin claim", t
                        .replace("loss: squared", "loss: exponential")
                        .replace("{X: [[1, 2, 0], [0, 1, 1]], y: [1, 2]}", "{X: [[1, 0, 0], [1, 0, 0]], y: [1, -1]}")
                        .replace("limit: point", "limit: direction")
                        .replace("{kind: min-norm, norm: l2}", "{kind: max-margin, norm: l2}")
                        .replace("{distance: 1.0e-7}", "{margin: 1.0e-3}"), "separable"),
                Arguments.of("infeasible G for an entropy reference", t
                        .replace("y: [1, 2]}", "y: [-1, -2]}")
                        .replace("{kind: min-norm, norm: l2}", "{kind: min-bregman, potential: entropy}"), "claim.reference"),
                Arguments.of("p out of range", t.replace("{kind: min-norm, norm: l2}",
                        "{kind: min-bregman, potential: {kind: squared-lp, p: 3}}"), "claim.reference.potential.p"),
                Arguments.of("empty grid", t.replace("algorithm.step.eta: [0.05, 0.1]", "algorithm.step.eta: []"),
                        "vary.algorithm.step.eta"),
                Arguments.of("missing reference", t.replace("  reference: {kind: min-norm, norm: l2}\n", ""), "claim.reference"),
                Arguments.of("unknown algorithm", t.replace("kind: gradient-descent", "kind: gradient-ascent"), "algorithm.kind"),
                Arguments.of("unknown expectation", t.replace("expect: holds", "expect: maybe"), "expect"),
                Arguments.of("id that is not the file name", t.replace("id: tiny", "id: small"), "id"),
                Arguments.of("invariance over a path that is not varied", t.replace("  reference: {kind: min-norm, norm: l2}",
                        "  invariant-over: [algorithm.step.c]"), "claim.invariant-over"),
                Arguments.of("vary path outside the settings", t.replace("algorithm.step.eta: [0.05, 0.1]",
                        "data.instances: [1, 2]"), "vary.data.instances"),
                Arguments.of("zipped values of the wrong length", t.replace("algorithm.step.eta: [0.05, 0.1]",
                        "\"algorithm.step.eta, budget.iterations\": [[0.05, 1000], [0.1]]"), "vary"),
                Arguments.of("a point limit of a monotone loss", t.replace("loss: squared", "loss: exponential"), "claim.limit"),
                Arguments.of("negative tolerance", t.replace("{distance: 1.0e-7}", "{distance: -1}"), "tolerance.distance"),
                Arguments.of("Proposition 6 conditions violated", """
                        id: tiny
                        title: AdaGrad preconditioner
                        expect: holds
                        loss: exponential
                        data:
                          instances:
                            - {X: [[1, 0.5], [-0.5, -1]], y: [1, -1]}
                        algorithm: {kind: adagrad, eta: 2, g0: 1}
                        claim: {property: bounded-preconditioner}
                        tolerance: {value: 0.01}
                        """, "algorithm.eta"),
                Arguments.of("bounded-residual judge for mirror descent", """
                        id: tiny
                        title: residual test needs GD
                        expect: holds
                        loss: exponential
                        data:
                          instances:
                            - {X: [[1, 0.5], [-0.5, -1]], y: [1, -1]}
                        algorithm: {kind: mirror-descent, potential: {kind: lp-power, p: 3}, step: {kind: constant, eta: 0.1}}
                        claim: {limit: direction, reference: {kind: max-margin, norm: l2}, judge: bounded-residual}
                        tolerance: {distance: 0.01, residual-growth: 0.05}
                        """, "claim.judge"),
                Arguments.of("not YAML", "id: tiny\ntitle: [unclosed\n", "not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void aBadSpecExitsWithCodeTwoAndOneLineNamingTheFieldAndWritesNothing(String kind, String text, String field,
                                                                          @TempDir Path dir) throws IOException {
        Path spec = SpecFiles.write(dir, "tiny", text);
        Path cx = dir.resolve("counterexamples");
        SpecFiles.Outcome o = SpecFiles.check(cx, new CertifiedReferences(), spec.toString(), "--json", dir.resolve("r.json").toString());
        assertThat(o.code()).as(o.err()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err().strip()).doesNotContain("\n").startsWith(spec.toString()).contains(field);
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(cx).doesNotExist();
        assertThat(dir.resolve("r.json")).doesNotExist();
    }

    @Test
    void aBadSpecAmongGoodOnesStopsEverythingBeforeAnyRun(@TempDir Path dir) throws IOException {
        SpecFiles.write(dir, "tiny", SpecFiles.TINY.replace("expect: holds", "expect: fails"));
        SpecFiles.write(dir, "zz-bad", SpecFiles.TINY.replace("id: tiny", "id: zz-bad").replace("budget: {iterations: 100000", "budget: {iterations: 0"));
        Path cx = dir.resolve("counterexamples");
        SpecFiles.Outcome o = SpecFiles.check(cx, new CertifiedReferences(), dir.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("zz-bad.yaml").contains("budget.iterations");
        assertThat(cx).doesNotExist();
    }

    @Test
    void anUnknownOnlyIdIsBadInput(@TempDir Path dir) throws IOException {
        Path spec = SpecFiles.write(dir, "tiny", SpecFiles.TINY);
        SpecFiles.Outcome o = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), spec.toString(), "--only", "nope");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("--only").contains("nope");
    }

    @Test
    void aMissingPathIsBadInput(@TempDir Path dir) {
        SpecFiles.Outcome o = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), dir.resolve("nothing.yaml").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("nothing.yaml");
        assertThat(Files.exists(dir.resolve("cx"))).isFalse();
    }
}
