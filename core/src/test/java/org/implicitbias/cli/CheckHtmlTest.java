package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.implicitbias.claims.CertifiedReferences;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code check --html DIR} end to end on two fast catalogue claims: Example 2 of the paper (mirror
 * descent with primal momentum misses the minimum-entropy point, expected refuted, 3 runs) and
 * gradient descent reaching the l2-closest global minimum (expected confirmed, 4 instances x 6 grid
 * points = 24 runs), the latter with a title full of markup characters.
 */
class CheckHtmlTest {
    private static final String TITLE = "GD <script>alert('x')</script> & \"friends\" reach the l2-closest minimum";

    @TempDir
    static Path dir;

    private static Path specs;
    private static Path report;
    private static Path counterexamples;
    private static CliRunner.Result result;
    private static Document page;

    @BeforeAll
    static void runCheck() throws Exception {
        specs = Files.createDirectories(dir.resolve("specs"));
        Files.copy(Path.of("specs/md-primal-momentum.yaml"), specs.resolve("md-primal-momentum.yaml"));
        String gd = Files.readString(Path.of("specs/gd-min-l2-distance.yaml"));
        String retitled = gd.replaceFirst("(?m)^title: .*$", "title: '" + TITLE.replace("'", "''") + "'");
        assertThat(retitled).isNotEqualTo(gd);
        Files.writeString(specs.resolve("gd-min-l2-distance.yaml"), retitled);
        report = dir.resolve("report dir");
        counterexamples = dir.resolve("cx");
        result = CliRunner.run("check", specs.toString(), "--html", report.toString(),
                "--counterexamples", counterexamples.toString());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        page = f.newDocumentBuilder().parse(report.resolve("index.html").toFile());
    }

    private static List<Element> elements(String tag) {
        NodeList nodes = page.getElementsByTagName(tag);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static Element byId(String id) {
        return elements("section").stream().filter(e -> e.getAttribute("id").equals(id)).findFirst().orElse(null);
    }

    @Test
    void bothClaimsGetTheirCatalogueVerdictAndTheCommandExitsZero() {
        assertThat(result.code()).as(result.err()).isZero();
    }

    @Test
    void theClaimsTableLinksEachIdToItsSectionAndShowsTheVerdict() {
        Element table = elements("table").get(0);
        assertThat(table.getAttribute("class")).isEqualTo("claims");
        NodeList rows = table.getElementsByTagName("tbody").item(0).getChildNodes();
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < rows.getLength(); i++) {
            if (!(rows.item(i) instanceof Element row)) {
                continue;
            }
            NodeList cells = row.getElementsByTagName("td");
            Element link = (Element) ((Element) cells.item(0)).getElementsByTagName("a").item(0);
            String id = link.getTextContent();
            assertThat(link.getAttribute("href")).isEqualTo("#claim-" + id);
            assertThat(byId("claim-" + id)).as("section of " + id).isNotNull();
            verdicts.put(id, cells.item(4).getTextContent());
            assertThat(cells.item(5).getTextContent()).isEqualTo("yes");
        }
        assertThat(verdicts).containsOnly(Map.entry("md-primal-momentum", "refuted"),
                Map.entry("gd-min-l2-distance", "confirmed"));
        assertThat(elements("p").get(0).getTextContent()).startsWith("2 of 2 claims got their expected verdict");
    }

    @Test
    void theConsoleTableNamesWhatTheWorstGapMeasuresAndWhereTheCounterexampleWent() {
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).contains("worst gap").contains("run time").doesNotContain("worst distance");
        int row = 0;
        while (!lines.get(row).startsWith("md-primal-momentum")) {
            row++;
        }
        // the refuted entropy runs are judged by the l2 distance of their limit to the reference point
        assertThat(lines.get(row)).containsPattern("\\d\\.\\d\\de[-+]\\d\\d distance");
        // the program in words, then where the counterexample went
        assertThat(lines.get(row + 1)).startsWith("  says: the limit point is argmin over G").contains("D_psi(w, w0)")
                .contains("entropy");
        String written = lines.get(row + 2);
        assertThat(written).startsWith("  counterexample written to ").endsWith(".json");
        Path file = Path.of(written.substring("  counterexample written to ".length()));
        assertThat(file).exists().hasParent(counterexamples);
        assertThat(result.out()).containsPattern("2 of 2 claims got their expected verdict; total \\d+\\.\\ds wall clock");
    }

    @Test
    void eachSectionListsEveryRunOfTheGrid() {
        Map<String, Integer> expected = Map.of("md-primal-momentum", 3, "gd-min-l2-distance", 24);
        expected.forEach((id, runs) -> {
            Element section = byId("claim-" + id);
            Element runsTable = (Element) section.getElementsByTagName("table").item(0);
            assertThat(runsTable.getElementsByTagName("tbody").item(0).getChildNodes())
                    .satisfies(n -> {
                        int count = 0;
                        for (int i = 0; i < n.getLength(); i++) {
                            count += n.item(i) instanceof Element ? 1 : 0;
                        }
                        assertThat(count).as("runs of " + id).isEqualTo(runs);
                    });
        });
        assertThat(byId("claim-md-primal-momentum").getTextContent())
                .contains("algorithm.momentum.beta=0.2").contains("min-bregman").contains("entropy");
        assertThat(byId("claim-gd-min-l2-distance").getTextContent()).contains("min-distance").contains("l2");
    }

    @Test
    void markupInSpecTextIsEscapedAndReadBackVerbatim() throws Exception {
        assertThat(byId("claim-gd-min-l2-distance").getElementsByTagName("h2").item(0).getTextContent())
                .isEqualTo("gd-min-l2-distance: " + TITLE);
        assertThat(elements("script")).isEmpty();
        String text = Files.readString(report.resolve("index.html"));
        assertThat(text).doesNotContain("<script").doesNotContain("http:").doesNotContain("https:");
        assertThat(elements("style")).hasSize(1);
    }

    @Test
    void everyReferencedPictureExistsAndDecodes() throws Exception {
        List<Element> images = elements("img");
        assertThat(images).hasSize(2);
        for (Element img : images) {
            String src = img.getAttribute("src");
            assertThat(src).doesNotContain("/").doesNotContain(":");
            Path png = report.resolve(src);
            assertThat(png).exists();
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(src).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(300);
            assertThat(image.getHeight()).isGreaterThan(300);
        }
    }

    @Test
    void theRefutedClaimLinksItsCounterexampleFile() throws Exception {
        Element section = byId("claim-md-primal-momentum");
        Element link = null;
        NodeList anchors = section.getElementsByTagName("a");
        for (int i = 0; i < anchors.getLength(); i++) {
            Element a = (Element) anchors.item(i);
            if (a.getAttribute("href").endsWith(".json")) {
                link = a;
            }
        }
        assertThat(link).isNotNull();
        Path target = report.resolve(java.net.URI.create(link.getAttribute("href")).getPath()).normalize();
        assertThat(target).exists();
        assertThat(target.getParent()).isEqualTo(counterexamples.normalize());
        assertThat(link.getParentNode().getTextContent()).contains("distance").contains("against tolerance 1.000e-06");
        assertThat(byId("claim-gd-min-l2-distance").getTextContent()).doesNotContain("Counterexample");
    }

    @Test
    void aReportPathThatIsAFileIsBadInputWithOneLineAndNothingWritten(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        for (Path bad : List.of(file, file.resolve("sub"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = CheckCommand.run(new CheckCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new CertifiedReferences(), false),
                    specs.resolve("md-primal-momentum.yaml").toString(), "--html", bad.toString(),
                    "--counterexamples", tmp.resolve("cx").toString());
            assertThat(code).isEqualTo(2);
            String[] lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toArray(String[]::new);
            assertThat(lines).hasSize(1);
            assertThat(lines[0]).contains("--html").contains(file.getFileName().toString());
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("taken");
        }
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
