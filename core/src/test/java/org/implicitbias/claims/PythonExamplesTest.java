package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.implicitbias.io.Vocabulary;
import org.implicitbias.optim.external.Interpreters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped examples in {@code examples/python/} get the verdicts their specs expect: numpy's Nesterov
 * gradient descent and PyTorch's SGD with Nesterov momentum are CONFIRMED against the l2 projection of
 * their start, PyTorch's AdaGrad from zero is REFUTED against the minimum l2 norm point. Each spec is
 * checked as shipped, in a copy whose {@code python3} names an interpreter that has the modules
 * (skipped when there is none).
 */
class PythonExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void numpyNesterovIsConfirmed(@TempDir Path dir) throws IOException {
        JsonNode claim = check(dir, "numpy-nesterov", "numpy");
        assertThat(claim.get("verdict").asText()).isEqualTo("confirmed");
        assertThat(claim.get("confirmed").asInt()).isEqualTo(claim.get("runs").asInt()).isPositive();
    }

    @Test
    void torchSgdWithNesterovMomentumIsConfirmedByItsVerifiedMirrorDescentTail(@TempDir Path dir) throws IOException {
        JsonNode claim = check(dir, "torch-sgd-nesterov", "torch");
        assertThat(claim.get("verdict").asText()).isEqualTo("confirmed");
        assertThat(claim.get("confirmed").asInt()).isEqualTo(claim.get("runs").asInt()).isPositive();
        for (JsonNode run : claim.get("results")) {
            assertThat(run.get("reason").asText()).contains("theorem-1 from w_T");
            assertThat(run.get("certificate-level").asText()).isEqualTo("exact");
        }
    }

    @Test
    void torchAdagradIsRefutedAgainstTheMinimumNorm(@TempDir Path dir) throws IOException {
        JsonNode claim = check(dir, "torch-adagrad", "torch");
        assertThat(claim.get("verdict").asText()).isEqualTo("refuted");
        assertThat(claim.get("refuted").asInt()).isEqualTo(claim.get("runs").asInt()).isPositive();
        assertThat(claim.get("worst-distance").asDouble()).isGreaterThan(0.01);
    }

    /** Checks a copy of the example spec and returns its claim's report. */
    private static JsonNode check(Path dir, String id, String module) throws IOException {
        String python = Interpreters.python(module);
        assumeTrue(python != null, module + " is not importable by python3 or /usr/bin/python3");
        Path examples = Interpreters.examples();
        try (Stream<Path> s = Files.list(examples)) {
            for (Path py : s.filter(p -> p.toString().endsWith(".py")).toList()) {
                Files.copy(py, dir.resolve(py.getFileName()));
            }
        }
        String text = Files.readString(examples.resolve(id + ".yaml"), StandardCharsets.UTF_8)
                .replace("[python3, ", "[" + python + ", ");
        if (!Vocabulary.REFERENCES.contains("min-distance")) {
            // before the reference was named: min-norm measured from the start is the same program
            text = text.replace("kind: min-distance", "kind: min-norm");
        }
        Path spec = SpecFiles.write(dir, id, text);
        SpecFiles.Outcome o = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), spec.toString(),
                "--json", dir.resolve("r.json").toString());
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        return JSON.readTree(dir.resolve("r.json").toFile()).at("/claims/0");
    }
}
