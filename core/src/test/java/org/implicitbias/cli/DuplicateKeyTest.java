package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key given twice is bad input in every file every command reads: exit 2, one line naming the key and the file. */
class DuplicateKeyTest {

    private static final String SPEC = """
            id: twice
            title: GD reaches the l2 projection
            expect: holds
            loss: squared
            data:
              instances:
                - {X: [[1, 2, 0], [0, 1, 1]], y: [1, 2]}
            algorithm:
              kind: gradient-descent
              step: {kind: constant, eta: 0.1}
              step: {kind: constant, eta: 0.2}
            claim: {limit: point, reference: {kind: min-norm, norm: l2}}
            tolerance: {distance: 1.0e-7}
            """;

    private static final String PROBLEM = """
            { "X": [[1, 2]], "y": [1], "loss": "squared",
              "reference": {"kind": "min-norm", "norm": "l2"},
              "algorithm": {"kind": "gradient-descent", "step": 0.1},
              "y": [2] }
            """;

    private static void oneLineNaming(CliRunner.Result r, Path file, String key) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).contains(file.toString()).contains("duplicate key '" + key + "'")
                .doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aDuplicateKeyInASpecIsBadInputForCheckSearchAlike(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("twice.yaml"), SPEC);
        Path cx = dir.resolve("cx");
        oneLineNaming(CliRunner.run("check", spec.toString(), "--counterexamples", cx.toString()), spec, "step");
        oneLineNaming(CliRunner.run("search", spec.toString(), "--counterexamples", cx.toString()), spec, "step");
        assertThat(cx).doesNotExist();
    }

    @Test
    void aDuplicateKeyInAProblemFileIsBadInputForRunAndSolveAlike(@TempDir Path dir) throws IOException {
        Path problem = Files.writeString(dir.resolve("twice.json"), PROBLEM);
        oneLineNaming(CliRunner.run("run", problem.toString()), problem, "y");
        oneLineNaming(CliRunner.run("solve", problem.toString()), problem, "y");
    }
}
