package org.implicitbias.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.implicitbias.io.Json;
import org.implicitbias.model.AtomicFiles;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.Verdict;

/**
 * The JSON report of {@code check --json FILE} (its fields are listed in
 * {@code docs/spec-reference.md}), with per-claim reasons and per-run details. Everything but the {@code seconds} fields is a function of the specs, so the
 * same specs give the same report up to timings.
 */
public final class JsonReport {
    private JsonReport() {
    }

    /**
     * The report document.
     *
     * @param results         the claims' results, in check order
     * @param counterexamples the counterexample file of each claim that has one (by claim id)
     * @param seconds         total wall time
     */
    public static ObjectNode document(List<ClaimResult> results, Map<String, String> counterexamples, double seconds) {
        ObjectNode doc = Json.object();
        ArrayNode claims = doc.putArray("claims");
        int passed = 0;
        for (ClaimResult r : results) {
            ObjectNode c = claims.addObject();
            c.put("id", r.spec().id());
            c.put("title", r.spec().title());
            c.put("expect", r.spec().expect().label());
            c.put("verdict", r.verdict().label());
            c.put("passed", r.passed());
            if (!r.runs().isEmpty()) {
                // what the claim says, the program in words (every run of a claim says the same)
                c.put("says", ClaimWords.describe(r.runs().get(0).plan().target()));
            }
            c.put("runs", r.runs().size());
            c.put("confirmed", r.count(Verdict.CONFIRMED));
            c.put("refuted", r.count(Verdict.REFUTED));
            c.put("inconclusive", r.count(Verdict.INCONCLUSIVE));
            number(c, "worst-distance", r.worstDistance());
            ObjectNode levels = c.putObject("certificate-levels");
            r.levels().forEach(levels::put);
            String cx = counterexamples.get(r.spec().id());
            if (cx != null) {
                c.put("counterexample", cx);
            } else {
                c.putNull("counterexample");
            }
            c.put("reason", r.reason());
            c.put("seconds", round(r.seconds()));
            ArrayNode runs = c.putArray("results");
            for (RunResult run : r.runs()) {
                ObjectNode o = runs.addObject();
                o.put("instance", run.plan().instance().label());
                o.put("setting", run.plan().settingLabel());
                o.put("verdict", run.verdict().label());
                o.put("measure", run.measure().label());
                number(o, "distance", run.distance());
                number(o, "tolerance", run.tolerance());
                number(o, "error-bound", run.errorBound());
                number(o, "tail-movement", run.tailMovement());
                o.put("iterations", run.iterations());
                o.put("certificate-level", run.level().label());
                o.put("reason", run.reason());
                o.put("seconds", round(run.seconds()));
            }
            if (r.passed()) {
                passed++;
            }
        }
        doc.put("passed", passed);
        doc.put("failed", results.size() - passed);
        doc.put("seconds", round(seconds));
        return doc;
    }

    /** Writes the report atomically. */
    public static void write(Path file, List<ClaimResult> results, Map<String, String> counterexamples, double seconds)
            throws IOException {
        AtomicFiles.write(file, text(results, counterexamples, seconds));
    }

    /** The report as text. */
    public static String text(List<ClaimResult> results, Map<String, String> counterexamples, double seconds) {
        return Json.writeRecord(document(results, counterexamples, seconds)) + "\n";
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else if (Double.isInfinite(v)) {
            o.put(key, v > 0 ? "inf" : "-inf");
        } else {
            o.put(key, v);
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
