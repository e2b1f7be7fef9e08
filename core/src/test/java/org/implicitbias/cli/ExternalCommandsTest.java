package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.implicitbias.optim.external.Interpreters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** External optimizers in {@code run}, {@code search} and {@code replay}, and their bad input. */
class ExternalCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private Path executable(String name, String content) throws IOException {
        Path f = file(name, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    private static String problem(String algorithm) {
        return """
                { "X": [[1, 2, 0], [0, 1, 1]], "y": [1, 2], "w0": [1, 1, 1], "loss": "squared",
                  "algorithm": %s, "iterations": 20000 }
                """.formatted(algorithm);
    }

    @Test
    void runPrintsTheLimitOfTheShippedNumpyExample() throws Exception {
        assumeTrue(Interpreters.onPath("numpy"), "python3 on PATH does not import numpy");
        Path example = Interpreters.examples().resolve("problem-nesterov.json");
        CliRunner.Result r = CliRunner.run("run", example.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("outcome").asText()).isEqualTo("settled");
        assertThat(out.get("method").asText()).isEqualTo("external(python3 numpy_nesterov.py --lr 0.05 --momentum 0.9)");
        // the l2 projection of (1, 1, 1) onto {x1 + 2 x2 = 1, x2 + x3 = 2} is (1/3, 1/3, 5/3)
        assertThat(out.at("/w/0").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(out.at("/w/1").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(out.at("/w/2").asDouble()).isCloseTo(5.0 / 3, within(1e-12));
    }

    @Test
    void aCrashInRunIsAnOutcomeWithItsStderrAndExitCodeZero() throws Exception {
        // a relative program resolves against the problem file's folder, not the current directory
        executable("crash.sh", "#!/bin/sh\nread problem\necho 'fatal: the optimizer broke' >&2\nexit 3\n");
        Path f = file("p.json", problem("{\"kind\": \"external\", \"command\": [\"./crash.sh\"]}"));
        CliRunner.Result r = CliRunner.run("run", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("outcome").asText()).isEqualTo("external-failure");
        assertThat(out.get("failure").asText()).contains("crashed (exit code 3)").contains("fatal: the optimizer broke");
        assertThat(out.get("iterations").asLong()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"kind\": \"external\"}|error: algorithm.command: got nothing, expected a non-empty list",
        "{\"kind\": \"external\", \"command\": []}|error: algorithm.command: got [], expected a non-empty list",
        "{\"kind\": \"external\", \"command\": [\"./missing.py\"]}|error: algorithm.command[0]: got \"./missing.py\", expected an existing program file",
        "{\"kind\": \"external\", \"command\": [\"no-such-program-here\"]}|error: algorithm.command[0]: got \"no-such-program-here\", expected a program on PATH",
        "{\"kind\": \"external\", \"command\": [\"./plain.txt\"]}|expected an executable file",
        "{\"kind\": \"external\", \"command\": [\"sh\", [1]]}|error: algorithm.command[1]: got [1], expected a string",
        "{\"kind\": \"external\", \"command\": [\"sh\"], \"steps\": 3}|error: algorithm.steps: unknown key for external",
        "{\"kind\": \"external\", \"command\": [\"sh\"], \"tail\": {\"kind\": \"adagrad\"}}|error: algorithm.tail.kind: got \"adagrad\", expected mirror-descent",
        "{\"kind\": \"external\", \"command\": [\"sh\"], \"tail\": {\"kind\": \"mirror-descent\"}}|error: algorithm.tail.potential: got nothing, expected a potential",
    })
    void badExternalAlgorithmsAreBadInputOnOneLine(String algorithm, String message) throws Exception {
        file("plain.txt", "not a program");
        Path f = file("p.json", problem(algorithm));
        CliRunner.Result r = CliRunner.run("run", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines()[0]).contains(message);
    }

    @Test
    void searchFindsACounterexampleWithAnExternalOptimizerAndReplayReproducesIt() throws Exception {
        String python = Interpreters.python("numpy");
        assumeTrue(python != null, "numpy is not installed");
        Path gd = Interpreters.examples().resolve("numpy_nesterov.py");
        // plain gradient descent from 0 ends at the minimum l2 norm point, which is not the minimum l1 norm point
        Path spec = file("gd-min-l1.yaml", """
                id: gd-min-l1
                title: gradient descent from zero reaches the minimum l1 norm (it does not)
                expect: fails
                loss: squared
                data:
                  generate: {kind: regression, n: 2, d: 4, count: 1, seed: 1}
                init: {kind: zero}
                algorithm:
                  kind: external
                  command: [%s, %s, --lr, "0.01", --momentum, "0.9"]
                claim: {limit: point, reference: {kind: min-norm, norm: l1}}
                tolerance: {distance: 1.0e-6, value: 1.0e-6}
                budget: {iterations: 50000, seconds: 20}
                search: {instances: 2, n: [1, 2], d: [2, 4], integers: 2, seconds: 60, seed: 1}
                """.formatted(python, gd));
        Path cx = dir.resolve("cx");
        CliRunner.Result found = CliRunner.run("search", spec.toString(), "--counterexamples", cx.toString(),
                "--shrink-seconds", "8");
        assertThat(found.code()).as(found.out() + found.err()).isEqualTo(1);
        List<Path> files;
        try (Stream<Path> s = Files.list(cx)) {
            files = s.toList();
        }
        assertThat(files).hasSize(1);
        JsonNode doc = JSON.readTree(files.get(0).toFile());
        assertThat(doc.at("/settings/algorithm/kind").asText()).isEqualTo("external");

        CliRunner.Result replay = CliRunner.run("replay", cx.toString());
        assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
    }
}
