package org.implicitbias.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.Verdict;
import org.implicitbias.model.AtomicFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The result of a check as a JUnit XML report (the format Jenkins, GitLab and GitHub read): one test case
 * per claim, a {@code failure} with the reason for each claim that did not get the verdict its
 * {@code expect} says, and every run's verdict line as the test case's output.
 */
public final class JUnitXmlReport {
    private JUnitXmlReport() {
    }

    /** Writes the report atomically. */
    public static void write(Path file, List<ClaimResult> results, Map<String, String> counterexamples, double seconds)
            throws IOException {
        AtomicFiles.write(file, text(results, counterexamples, seconds));
    }

    /** The report's text. */
    public static String text(List<ClaimResult> results, Map<String, String> counterexamples, double seconds) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        long failures = results.stream().filter(r -> !r.passed()).count();
        Element suites = doc.createElement("testsuites");
        suites.setAttribute("name", "implicit-bias-oracle");
        suites.setAttribute("tests", Integer.toString(results.size()));
        suites.setAttribute("failures", Long.toString(failures));
        suites.setAttribute("errors", "0");
        suites.setAttribute("time", seconds(seconds));
        doc.appendChild(suites);
        Element suite = doc.createElement("testsuite");
        suite.setAttribute("name", "claims");
        suite.setAttribute("tests", Integer.toString(results.size()));
        suite.setAttribute("failures", Long.toString(failures));
        suite.setAttribute("errors", "0");
        suite.setAttribute("skipped", "0");
        suite.setAttribute("time", seconds(seconds));
        suite.setAttribute("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
        suites.appendChild(suite);
        for (ClaimResult r : results) {
            Element tc = doc.createElement("testcase");
            tc.setAttribute("classname", "claims." + r.spec().id());
            tc.setAttribute("name", r.spec().id() + " " + r.spec().expect().label());
            tc.setAttribute("file", r.spec().file().toString().replace('\\', '/'));
            tc.setAttribute("time", seconds(r.seconds()));
            if (!r.passed()) {
                Element f = doc.createElement("failure");
                String expected = r.spec().expect().label().equals("holds") ? Verdict.CONFIRMED.label() : Verdict.REFUTED.label();
                f.setAttribute("type", r.verdict().label());
                f.setAttribute("message", "expected " + expected + " (" + r.spec().expect().label() + "), got "
                        + r.verdict().label());
                f.setTextContent(r.reason());
                tc.appendChild(f);
            }
            StringBuilder out = new StringBuilder();
            out.append(r.spec().title()).append('\n').append(r.verdict().label()).append(": ").append(r.reason()).append('\n');
            String cx = counterexamples.get(r.spec().id());
            if (cx != null) {
                out.append("counterexample: ").append(cx).append('\n');
            }
            for (RunResult run : r.runs()) {
                out.append(String.format(Locale.ROOT, "%-12s %s%s: %s%n", run.verdict().label(), run.plan().instance().label(),
                        run.plan().assignment().isEmpty() ? "" : " at " + run.plan().settingLabel(), run.reason()));
            }
            Element so = doc.createElement("system-out");
            so.setTextContent(out.toString());
            tc.appendChild(so);
            suite.appendChild(tc);
        }
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
