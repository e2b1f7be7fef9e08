package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implicitbias.optim.external.Interpreters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External optimizers through {@code check}: every way a program can misbehave makes its run
 * INCONCLUSIVE with a reason that quotes what went wrong (never a verdict, never exit code 3, never a
 * process left behind); a well-behaved gradient descent in numpy is CONFIRMED.
 */
class ExternalOptimizerCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Plain gradient descent (step 0.05 on the squared loss) in the standard library, which misbehaves
     * as its first argument says when answering the third advance.
     */
    private static final String FAULTY = """
            import json, sys, time
            mode = sys.argv[1]
            p = json.loads(sys.stdin.readline())
            X, y, w = p["X"], p["y"], list(p["w0"])
            n, d = len(X), len(w)
            def step():
                r = [2 * (sum(X[i][j] * w[j] for j in range(d)) - y[i]) for i in range(n)]
                for j in range(d):
                    w[j] -= 0.05 * sum(X[i][j] * r[i] for i in range(n))
            t = calls = 0
            while True:
                line = sys.stdin.readline()
                if not line:
                    break
                m = json.loads(line)
                if m.get("stop"):
                    break
                k = m["advance"]
                for _ in range(k):
                    step()
                t += k
                calls += 1
                answer = {"t": t, "w": w}
                if calls == 3:
                    print("about to misbehave: " + mode, file=sys.stderr, flush=True)
                    if mode == "garbage":
                        print("hello, this is not json", flush=True)
                        continue
                    if mode == "crash":
                        raise ZeroDivisionError("simulated crash in the optimizer")
                    if mode == "exit":
                        sys.exit(0)
                    if mode == "nan":
                        answer["w"] = [float("nan")] + w[1:]
                    if mode == "length":
                        answer["w"] = w + [0.0]
                    if mode == "stuck":
                        answer["t"] = t - k
                print(json.dumps(answer), flush=True)
            """;

    /** Reads the problem, starts a child that sleeps, and never answers. */
    private static final String HANG = """
            echo $$ > pid
            read problem
            sleep 300 &
            echo $! > child
            wait
            """;

    private static String spec(String command, String budget) {
        return """
                id: ext
                title: an external optimizer
                expect: holds
                loss: squared
                data:
                  instances:
                    - {X: [[1, 2, 0], [0, 1, 1]], y: [1, 2]}
                init: {kind: zero}
                algorithm:
                  kind: external
                  command: %s
                claim:
                  limit: point
                  reference: {kind: min-norm, norm: l2}
                tolerance: {distance: 1.0e-7}
                budget: %s
                """.formatted(command, budget);
    }

    private static final String BUDGET = "{iterations: 5000, seconds: 20, window: 100}";

    /** The single run's result of checking the spec: verdict and reason; asserts the exit code. */
    private static JsonNode check(Path dir, String spec, int expectedCode) throws IOException {
        Path file = SpecFiles.write(dir, "ext", spec);
        SpecFiles.Outcome o = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), file.toString(),
                "--json", dir.resolve("r.json").toString());
        assertThat(o.code()).as(o.out() + o.err()).isEqualTo(expectedCode);
        JsonNode r = JSON.readTree(dir.resolve("r.json").toFile());
        assertThat(r.at("/claims/0/results")).hasSize(1);
        return r.at("/claims/0/results/0");
    }

    private static JsonNode faulty(Path dir, String mode) throws IOException {
        String python = Interpreters.python();
        assumeTrue(python != null, "python3 is not installed");
        Files.writeString(dir.resolve("faulty.py"), FAULTY, StandardCharsets.UTF_8);
        JsonNode run = check(dir, spec("[" + python + ", faulty.py, " + mode + "]", BUDGET), 1);
        assertThat(run.get("verdict").asText()).isEqualTo("inconclusive");
        return run;
    }

    @Test
    void aLineThatIsNotJsonIsQuotedWithTheLastLinesOfStderr(@TempDir Path dir) throws IOException {
        String reason = faulty(dir, "garbage").get("reason").asText();
        assertThat(reason).contains("run failed: external-failure").contains("faulty.py garbage")
                .contains("not JSON: \"hello, this is not json\"").containsPattern("\\{\"advance\": \\d+\\} at t = \\d+")
                .contains("stderr (last lines): about to misbehave: garbage");
    }

    @Test
    void aCrashIsReportedWithItsExitCodeAndTraceback(@TempDir Path dir) throws IOException {
        String reason = faulty(dir, "crash").get("reason").asText();
        assertThat(reason).contains("run failed: external-failure").contains("crashed (exit code 1)")
                .contains("ZeroDivisionError: simulated crash in the optimizer");
    }

    @Test
    void anEarlyExitIsReported(@TempDir Path dir) throws IOException {
        String reason = faulty(dir, "exit").get("reason").asText();
        assertThat(reason).containsPattern("exited early \\(exit code 0\\) before answering \\{\"advance\": \\d+\\} at t = \\d+");
    }

    @Test
    void aNonFiniteIterateIsQuoted(@TempDir Path dir) throws IOException {
        String reason = faulty(dir, "nan").get("reason").asText();
        assertThat(reason).contains("run failed: non-finite").containsPattern("non-finite w\\[0\\] = NaN at t = \\d+")
                .contains("\\\"w\\\": [NaN,");
    }

    @Test
    void aWrongLengthIsQuoted(@TempDir Path dir) throws IOException {
        String reason = faulty(dir, "length").get("reason").asText();
        assertThat(reason).contains("a w with 4 entries, expected 3").containsPattern("\\{\\\\\"t\\\\\": \\d+");
    }

    @Test
    void aStepCountThatDoesNotAdvanceByKIsQuoted(@TempDir Path dir) throws IOException {
        String reason = faulty(dir, "stuck").get("reason").asText();
        assertThat(reason).containsPattern("answered t = \\d+, expected t = \\d+");
    }

    @Test
    void aHangPastTheTimeBudgetIsCutOffAndLeavesNoProcessBehind(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hang.sh"), HANG, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        JsonNode run = check(dir, spec("[sh, hang.sh]", "{iterations: 5000, seconds: 1, window: 100}"), 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(run.get("verdict").asText()).isEqualTo("inconclusive");
        assertThat(run.get("reason").asText()).contains("run failed: external-failure")
                // the budget left at the first exchange: the run's 1 s less the few milliseconds before it
                .containsPattern("gave no answer to \\{\"advance\": \\d+\\} at t = 0 within the run's time budget of"
                        + " (?:1|0\\.9\\d*) s \\(\\+ 2 s grace\\)")
                .contains("it was killed");
        // the budget (1 s) and the grace (2 s), not the child's 300 s
        assertThat(seconds).isLessThan(30);
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        long child = Long.parseLong(Files.readString(dir.resolve("child")).trim());
        assertThat(running(pid)).as("the optimizer process").isFalse();
        assertThat(running(child)).as("the process it started").isFalse();
    }

    @Test
    void aWellBehavedNumpyGradientDescentIsConfirmed(@TempDir Path dir) throws IOException {
        String python = Interpreters.python("numpy");
        assumeTrue(python != null, "numpy is not installed");
        Path gd = Interpreters.examples().resolve("numpy_nesterov.py");
        JsonNode run = check(dir, spec("[" + python + ", " + gd + ", --lr, \"0.05\", --momentum, \"0\"]",
                "{iterations: 20000, seconds: 30}"), 0);
        assertThat(run.get("verdict").asText()).isEqualTo("confirmed");
        // the minimum-norm point of {x1 + 2 x2 = 1, x2 + x3 = 2} is (-1/3, 2/3, 4/3), exact
        assertThat(run.get("distance").asDouble()).isLessThan(1e-7);
        assertThat(run.get("certificate-level").asText()).isEqualTo("exact");
    }

    @Test
    void aDeclaredMirrorDescentTailIsVerifiedAndThenCertifiedByTheorem1(@TempDir Path dir) throws IOException {
        String python = Interpreters.python("numpy");
        assumeTrue(python != null, "numpy is not installed");
        Path gd = Interpreters.examples().resolve("numpy_nesterov.py");
        String command = "[" + python + ", " + gd + "]\n  tail: {kind: mirror-descent, potential: squared-l2}";
        JsonNode run = check(dir, spec(command, "{iterations: 20000, seconds: 30}"), 0);
        assertThat(run.get("verdict").asText()).isEqualTo("confirmed");
        assertThat(run.get("reason").asText()).contains("theorem-1 from w_T");
    }

    @Test
    void aDeclaredTailTheIteratesContradictIsNotUsed(@TempDir Path dir) throws IOException {
        String python = Interpreters.python("numpy");
        assumeTrue(python != null, "numpy is not installed");
        Path gd = Interpreters.examples().resolve("numpy_nesterov.py");
        // gradient descent is not mirror descent with the entropy potential (and leaves w > 0 anyway)
        String spec = spec("[" + python + ", " + gd + "]\n  tail: {kind: mirror-descent, potential: entropy}",
                "{iterations: 20000, seconds: 30}").replace("init: {kind: zero}", "init: {kind: point, w: [1, 1, 1]}")
                .replace("{kind: min-norm, norm: l2}", "{kind: min-bregman, potential: squared-l2}");
        JsonNode run = check(dir, spec, 0);
        assertThat(run.get("verdict").asText()).isEqualTo("confirmed");
        assertThat(run.get("reason").asText()).contains("last iterate")
                .contains("declared tail mirror-descent(entropy) does not fit the iterates");
    }

    /** Whether a process runs (exists and is not a zombie waiting for its parent to collect it). */
    static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.exists(stat)) {
            String s;
            try {
                s = Files.readString(stat);
            } catch (IOException e) {
                return false;
            }
            // pid (comm) state ...: the state follows the last ')'
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
