package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check command end to end: honesty of verdicts, exit codes, reports, counterexamples, determinism. */
class CheckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Example 3 of the paper: NGD with entropy and eta = 0.1 lands on (0.6, 0.2), not on (1/2, 1/4). */
    private static final String NGD = """
            id: ngd
            title: NGD with finite steps misses the minimum-Bregman point
            expect: fails
            loss: squared
            data:
              instances:
                - {X: [[1, 2]], y: [1]}
            init: {kind: point, w: [1, 1]}
            algorithm: {kind: natural-gradient, potential: entropy, step: {kind: constant, eta: 0.1}}
            vary:
              algorithm.step.eta: [0.05, 0.1]
            claim: {limit: point, reference: {kind: min-bregman, potential: entropy}}
            tolerance: {distance: 1.0e-6}
            budget: {iterations: 100000, seconds: 10}
            """;

    @Test
    void aHoldsClaimThatSettlesWithinToleranceExitsZeroAndWritesNoCounterexample(@TempDir Path dir) throws IOException {
        Path spec = SpecFiles.write(dir, "tiny", SpecFiles.TINY);
        SpecFiles.Outcome o = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), spec.toString());
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).contains("tiny").contains("confirmed").contains("1 of 1 claims");
        assertThat(dir.resolve("cx")).doesNotExist();
    }

    @Test
    void aBudgetTooSmallToSettleIsInconclusiveAndExitsOne(@TempDir Path dir) throws IOException {
        // the last iterate as the limit estimate: with Theorem 1 a converging GD tail is certified early
        Path spec = SpecFiles.write(dir, "tiny", SpecFiles.TINY.replace("iterations: 100000", "iterations: 20")
                .replace("  limit: point\n", "  limit: point\n  predictor: last-iterate\n"));
        SpecFiles.Outcome o = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), spec.toString(),
                "--json", dir.resolve("r.json").toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("claim tiny: expected confirmed (holds), got inconclusive").contains("not settled");
        JsonNode r = JSON.readTree(dir.resolve("r.json").toFile());
        assertThat(r.at("/claims/0/verdict").asText()).isEqualTo("inconclusive");
        assertThat(r.at("/claims/0/inconclusive").asInt()).isEqualTo(2);
        assertThat(r.at("/failed").asInt()).isEqualTo(1);
        assertThat(dir.resolve("cx")).doesNotExist();
    }

    @Test
    void aGridLargerThanTheRunLimitIsRefusedBeforeAnyRunUnlessTheLimitIsRaised(@TempDir Path dir) throws IOException {
        // TINY varies the step over two values: two runs
        Path spec = SpecFiles.write(dir, "tiny", SpecFiles.TINY);
        SpecFiles.Outcome refused = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), spec.toString(), "--max-runs", "1");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip().lines()).singleElement().satisfies(l ->
                assertThat(l).contains("--max-runs").contains("the 2 runs"));
        assertThat(refused.out()).doesNotContain("confirmed");
        SpecFiles.Outcome allowed = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), spec.toString(), "--max-runs", "2");
        assertThat(allowed.code()).as(allowed.out() + allowed.err()).isZero();
    }

    @Test
    void theJUnitXmlReportHasOneTestCasePerClaimAndAFailureForTheClaimThatMissedItsVerdict(@TempDir Path dir)
            throws Exception {
        Path good = SpecFiles.write(dir, "tiny", SpecFiles.TINY);
        Path wrong = SpecFiles.write(dir, "wrong", SpecFiles.TINY.replace("id: tiny", "id: wrong").replace("expect: holds", "expect: fails"));
        Path xml = dir.resolve("junit.xml");
        SpecFiles.Outcome o = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), good.toString(), wrong.toString(),
                "--junit-xml", xml.toString());
        assertThat(o.code()).isEqualTo(1);
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        org.w3c.dom.Element suites = doc.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("tests")).isEqualTo("2");
        assertThat(suites.getAttribute("failures")).isEqualTo("1");
        org.w3c.dom.NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(2);
        org.w3c.dom.Element first = (org.w3c.dom.Element) cases.item(0);
        org.w3c.dom.Element second = (org.w3c.dom.Element) cases.item(1);
        assertThat(first.getAttribute("name")).startsWith("tiny");
        assertThat(first.getElementsByTagName("failure").getLength()).isZero();
        org.w3c.dom.Element failure = (org.w3c.dom.Element) second.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("expected refuted (fails), got confirmed");
        assertThat(failure.getTextContent()).contains("runs confirmed");
    }

    @Test
    void aWrongExpectationExitsOneAndNamesTheClaim(@TempDir Path dir) throws IOException {
        Path spec = SpecFiles.write(dir, "tiny", SpecFiles.TINY.replace("expect: holds", "expect: fails"));
        SpecFiles.Outcome o = SpecFiles.check(dir.resolve("cx"), new CertifiedReferences(), spec.toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).contains("claim tiny: expected refuted (fails), got confirmed");
    }

    @Test
    void aRefutedClaimWritesAReplayableCounterexampleWithExactDataUnderAStableName(@TempDir Path dir) throws IOException {
        Path spec = SpecFiles.write(dir, "ngd", NGD);
        Path cx = dir.resolve("cx");
        SpecFiles.Outcome first = SpecFiles.check(cx, new CertifiedReferences(), spec.toString(), "--json", dir.resolve("r.json").toString());
        assertThat(first.code()).as(first.out()).isZero();
        List<Path> files;
        try (Stream<Path> s = Files.list(cx)) {
            files = s.toList();
        }
        assertThat(files).hasSize(1);
        Path file = files.get(0);
        assertThat(file.getFileName().toString()).matches("ngd-[0-9a-f]{12}\\.json");
        JsonNode doc = JSON.readTree(file.toFile());
        assertThat(doc.at("/claim").asText()).isEqualTo("ngd");
        assertThat(doc.at("/verdict").asText()).isEqualTo("refuted");
        assertThat(doc.at("/instance/X/0/1").asText()).isEqualTo("2");
        assertThat(doc.at("/instance/y/0").asText()).isEqualTo("1");
        assertThat(doc.at("/w0").toString()).isEqualTo("[\"1\",\"1\"]");
        assertThat(doc.at("/settings/algorithm/kind").asText()).isEqualTo("natural-gradient");
        assertThat(doc.at("/reference/certificate-level").asText()).isNotEmpty();
        // eta = 0.05 from (1, 1): the limit is far from (1/2, 1/4); the gap is reported with its bounds
        assertThat(doc.at("/gap/value").asDouble()).isGreaterThan(doc.at("/gap/tolerance").asDouble());
        assertThat(doc.at("/reference/point/0").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(doc.at("/reference/point/1").asDouble()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode report = JSON.readTree(dir.resolve("r.json").toFile());
        assertThat(report.at("/claims/0/counterexample").asText()).endsWith(file.getFileName().toString());
        String content = Files.readString(file);
        SpecFiles.Outcome second = SpecFiles.check(cx, new CertifiedReferences(), spec.toString());
        assertThat(second.code()).isZero();
        try (Stream<Path> s = Files.list(cx)) {
            assertThat(s.toList()).containsExactly(file);
        }
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void theSameSpecsGiveTheSameReportApartFromTimingsWhateverTheThreads(@TempDir Path dir) throws IOException {
        Path a = SpecFiles.write(dir, "ngd", NGD);
        Path b = SpecFiles.write(dir, "sgd", """
                id: sgd
                title: SGD reaches the l2 projection
                expect: holds
                loss: squared
                data:
                  generate: {kind: regression, n: 3, d: 6, count: 3, seed: 12}
                init: {kind: random, scale: 1, seed: 6}
                algorithm: {kind: gradient-descent, step: {kind: constant, eta: 0.1}, batch: 1, seed: 3}
                vary:
                  algorithm.batch: [1, 2]
                claim: {limit: point, reference: {kind: min-distance, norm: l2}}
                tolerance: {distance: 1.0e-7}
                budget: {iterations: 400000, seconds: 20}
                """);
        SpecFiles.check(dir.resolve("cx1"), new CertifiedReferences(), a.toString(), b.toString(), "--json", dir.resolve("r1.json").toString());
        SpecFiles.check(dir.resolve("cx2"), new CertifiedReferences(), a.toString(), b.toString(), "--json", dir.resolve("r2.json").toString(),
                "--threads", "1");
        JsonNode r1 = withoutSeconds(JSON.readTree(dir.resolve("r1.json").toFile()));
        JsonNode r2 = withoutSeconds(JSON.readTree(dir.resolve("r2.json").toFile()));
        assertThat(r1.at("/claims").size()).isEqualTo(2);
        assertThat(r1.toString().replace("cx1", "cx")).isEqualTo(r2.toString().replace("cx2", "cx"));
    }

    private static JsonNode withoutSeconds(JsonNode n) {
        if (n.isObject()) {
            ((ObjectNode) n).remove("seconds");
            for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                withoutSeconds(it.next());
            }
        } else if (n.isArray()) {
            for (JsonNode c : n) {
                withoutSeconds(c);
            }
        }
        return n;
    }
}
