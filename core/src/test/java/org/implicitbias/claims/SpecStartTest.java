package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.implicitbias.io.Problem;
import org.implicitbias.io.ProblemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs and problem files share one start vocabulary and one start type. */
class SpecStartTest {

    private static final String MD = SpecFiles.TINY
            .replace("kind: gradient-descent", "kind: mirror-descent\n  potential: entropy")
            .replace("y: [1, 2]}", "y: [3, 2]}")
            .replace("{kind: min-norm, norm: l2}", "{kind: min-bregman, potential: entropy}");

    @Test
    void aParameterlessStartMayBeAPlainStringInASpecAsInAProblemFile(@TempDir Path dir) throws IOException {
        // argmin of the entropy sum w log w - w is w = 1 in every coordinate
        ClaimSpec spec = SpecLoader.load(SpecFiles.write(dir, "tiny", MD.replace("init: {kind: zero}", "init: argmin-potential")));
        for (RunPlan p : spec.runs()) {
            assertThat(p.w0()).containsExactly(1, 1, 1);
        }
        Problem problem = ProblemReader.parse("""
                {"X": [[1, 2, 0], [0, 1, 1]], "y": [3, 2], "loss": "squared", "init": "argmin-potential",
                 "algorithm": {"kind": "mirror-descent", "potential": "entropy", "step": 0.1}}""", "p.json");
        assertThat(problem.w0()).containsExactly(1, 1, 1);
    }

    @Test
    void randomPositiveStartsTakeTheSameScaleInBothFilesAndDifferPerInstanceInASpec(@TempDir Path dir) throws IOException {
        String text = MD.replace("init: {kind: zero}", "init: {kind: random-positive, scale: 4, seed: 3}")
                .replace("    - {X: [[1, 2, 0], [0, 1, 1]], y: [3, 2]}",
                        "    - {X: [[1, 2, 0], [0, 1, 1]], y: [3, 2]}\n    - {X: [[1, 2, 0], [0, 1, 1]], y: [3, 2]}")
                .replace("  algorithm.step.eta: [0.05, 0.1]", "  algorithm.step.eta: [0.1]");
        List<RunPlan> runs = SpecLoader.load(SpecFiles.write(dir, "tiny", text)).runs();
        assertThat(runs).hasSize(2);
        for (RunPlan p : runs) {
            assertThat(java.util.Arrays.stream(p.w0()).boxed()).allSatisfy(v -> assertThat(v).isBetween(2.0, 6.0));
        }
        assertThat(runs.get(0).w0()).isNotEqualTo(runs.get(1).w0());
        Problem problem = ProblemReader.parse("""
                {"X": [[1, 2, 0], [0, 1, 1]], "y": [3, 2], "loss": "squared",
                 "init": {"kind": "random-positive", "scale": 4, "seed": 3},
                 "algorithm": {"kind": "mirror-descent", "potential": "entropy", "step": 0.1}}""", "p.json");
        assertThat(java.util.Arrays.stream(problem.w0()).boxed()).allSatisfy(v -> assertThat(v).isBetween(2.0, 6.0));
    }
}
