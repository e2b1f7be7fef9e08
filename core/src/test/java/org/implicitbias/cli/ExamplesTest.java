package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example command of README.md and docs/ runs on the shipped files through the command line's
 * entry point, and its result is checked against a truth found without the tool: closed forms of the
 * paper's examples, the paper's reported values, and the optimality conditions of the programs.
 * (The bare {@code bin/oracle check} of the set-up section is the spec suite's job.)
 */
class ExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMAND = Pattern.compile("(?m)^\\$ bin/oracle (.+)$");
    private static final Pattern EXAMPLE_FILE = Pattern.compile("(?<![A-Za-z])(?:counter)?examples/[A-Za-z0-9._-]+");

    /** The commands this class runs, as the documents write them. */
    private static final Set<String> TESTED = Set.of(
            "check specs/md-primal-momentum.yaml specs/cd-exact-line-search.yaml specs/gd-min-l2-distance.yaml",
            "run examples/example-2.json",
            "solve examples/example-2.json --certify",
            "run examples/example-2-momentum.json",
            "check examples/example-2-claim.yaml",
            "run examples/problem.json",
            "solve examples/example-4.json --certify --smt2 proofs/");

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static JsonNode json(CliRunner.Result r) throws IOException {
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static double[] vector(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    @Test
    void everyExampleCommandOfTheDocumentsIsRunHereAndEveryExampleFileIsShipped() throws IOException {
        Set<String> shown = new TreeSet<>();
        for (Path doc : documents()) {
            String text = Files.readString(doc);
            Matcher m = COMMAND.matcher(text);
            while (m.find()) {
                shown.add(m.group(1).strip());
            }
            Matcher f = EXAMPLE_FILE.matcher(text);
            while (f.find()) {
                assertThat(Path.of(f.group())).as("%s names %s", doc, f.group()).exists();
            }
        }
        assertThat(TESTED).containsAll(shown);
    }

    @Test
    void gradientDescentFromZeroEndsAtTheMinimumL2NormPointAndSolveCertifiesItExactly() throws IOException {
        // X = [[1, 1, 1], [1, 2, 0]], y = (1, 10): w = X' (X X')^-1 y = (1/3, 29/6, -25/6)
        double[] minNorm = {1.0 / 3, 29.0 / 6, -25.0 / 6};
        JsonNode run = json(CliRunner.run("run", "examples/problem.json"));
        assertThat(run.get("settled").asBoolean()).isTrue();
        assertThat(vector(run.get("w"))).containsExactly(minNorm, offset(1e-9));
        JsonNode solved = json(CliRunner.run("solve", "examples/problem.json", "--certify"));
        assertThat(solved.get("certificate").get("level").asText()).isEqualTo("exact");
        assertThat(vector(solved.get("w"))).containsExactly(minNorm, offset(1e-15));
    }

    @Test
    void example2EntropyMirrorDescentReachesOneHalfOneQuarter() throws IOException {
        // argmin_{w1 + 2 w2 = 1} D_entropy(w, (1, 1)): log w in span(1, 2), so w2 = w1^2 and w = (1/2, 1/4)
        JsonNode run = json(CliRunner.run("run", "examples/example-2.json"));
        assertThat(vector(run.get("w"))).containsExactly(new double[] {0.5, 0.25}, offset(1e-9));
        JsonNode solved = json(CliRunner.run("solve", "examples/example-2.json", "--certify"));
        assertThat(vector(solved.get("w"))).containsExactly(0.5, 0.25);
        assertThat(solved.get("certificate").get("level").asText()).isEqualTo("exact");
    }

    @Test
    void primalMomentumEndsOnGButAwayFromTheMinimumBregmanPoint() throws IOException {
        // Proposition 2a: still an interpolating point, no longer argmin_G D_psi(w, w0)
        double[] w = vector(json(CliRunner.run("run", "examples/example-2-momentum.json")).get("w"));
        assertThat(w[0] + 2 * w[1]).isCloseTo(1, offset(1e-9));
        assertThat(Math.hypot(w[0] - 0.5, w[1] - 0.25)).isGreaterThan(1e-2);
    }

    @Test
    void theExampleClaimIsConfirmedForEveryStep(@TempDir Path dir) {
        CliRunner.Result r = CliRunner.run("check", "examples/example-2-claim.yaml",
                "--counterexamples", dir.resolve("cx").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("example-2-claim\\s+holds\\s+confirmed\\s+3/0/0");
    }

    @Test
    void theReadmesThreeClaimsGetTheirCatalogueVerdicts(@TempDir Path dir) {
        Path cx = dir.resolve("cx");
        CliRunner.Result r = CliRunner.run("check", "specs/md-primal-momentum.yaml", "specs/cd-exact-line-search.yaml",
                "specs/gd-min-l2-distance.yaml", "--counterexamples", cx.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // the paper's Proposition 2a and the coordinate-descent instance refute; Section 2.1 holds
        assertThat(r.out()).containsPattern("md-primal-momentum\\s+fails\\s+refuted")
                .containsPattern("cd-exact-line-search\\s+fails\\s+refuted")
                .containsPattern("gd-min-l2-distance\\s+holds\\s+confirmed")
                .contains("3 of 3 claims got their expected verdict");
        // the counterexamples are the committed ones: their names hash the exact instance and the settings as
        // read, so a change in how specs are read would show up as new names
        List<String> written = r.out().lines().filter(l -> l.startsWith("  counterexample written to "))
                .map(l -> Path.of(l.substring("  counterexample written to ".length())).getFileName().toString()).toList();
        assertThat(written).hasSize(2).allSatisfy(n -> assertThat(Path.of("counterexamples", n)).isRegularFile());
    }

    @Test
    void example4MinimumL43NormPointIsProvedBySmtAndMeetsItsOptimalityConditions(@TempDir Path dir) throws IOException {
        Path proofs = dir.resolve("proofs");
        JsonNode solved = json(CliRunner.run("solve", "examples/example-4.json", "--certify", "--smt2", proofs.toString()));
        assertThat(solved.get("certificate").get("level").asText()).isEqualTo("smt");
        double[] w = vector(solved.get("w"));
        // the paper's values for Example 4
        assertThat(w).containsExactly(new double[] {2.30e-4, 4.99988, -4.00012}, offset(1e-5));
        // on G, and the gradient of ||w||_p^p / p, sign(w)|w|^(p-1) with p = 4/3, lies in the row space of X:
        // orthogonal to ker X = span(-2, 1, 1)
        assertThat(w[0] + w[1] + w[2]).isCloseTo(1, offset(1e-9));
        assertThat(w[0] + 2 * w[1]).isCloseTo(10, offset(1e-9));
        double[] g = new double[3];
        for (int i = 0; i < 3; i++) {
            g[i] = Math.signum(w[i]) * Math.cbrt(Math.abs(w[i]));
        }
        assertThat(-2 * g[0] + g[1] + g[2]).isCloseTo(0, offset(1e-6));
        try (Stream<Path> s = Files.list(proofs)) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("solution.json")
                    .anySatisfy(n -> assertThat(n).endsWith(".smt2"));
        }
    }
}
