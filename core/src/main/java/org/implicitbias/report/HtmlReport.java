package org.implicitbias.report;

import org.implicitbias.claims.Curve;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.implicitbias.model.AtomicFiles;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.Target;
import org.implicitbias.claims.Verdict;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.oracle.Reference;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The HTML report of {@code check --html DIR}: {@code DIR/index.html} with the claims table, a summary
 * line and one section per claim (what was claimed, a table of its runs, a plot of the measured gaps
 * and, for refuted claims, the counterexample file), and one plot per claim next to it
 * ({@code DIR/<id>.png}, drawn by {@link PlotWriter#chart(Plot)}).
 *
 * <p>The plot of a claim is its runs' convergence curves (gap against t, log-log, with the tolerance
 * and the refutation thresholds: {@link ConvergencePlot}) when the runs' curves are given, and
 * otherwise one dot per run (its final measured gap against its tolerance and error bound).
 *
 * <p>The page stands alone: inline CSS, no script, no external address; it is well-formed XML
 * (XHTML syntax) and every text that comes from a spec or from data is escaped. The plots show only
 * numbers the runs already measured; nothing is re-run. The pictures are written first and
 * {@code index.html} last, each atomically, so a page that exists refers only to complete pictures.
 */
public final class HtmlReport {
    /** Gaps at or below zero cannot be drawn on a log axis; they are drawn this far below the smallest positive value. */
    private static final double FLOOR_FACTOR = 0.1;
    private static final String TOLERANCE = "tolerance";
    private static final String ERROR_BOUND = "error bound (limit estimate + certificate)";

    private HtmlReport() {
    }

    /**
     * Checks, before anything runs, that {@code dir} can become the report folder: it is a directory or
     * does not exist, and its nearest existing ancestor is a directory.
     *
     * @throws InvalidInputException naming {@code --html} when the path or an ancestor is a file
     */
    public static void validate(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new InvalidInputException("--html", dir, "a directory (this path is a file)");
        }
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new InvalidInputException("--html", dir, "a directory path (" + p + " is a file)");
                }
                break;
            }
        }
    }

    /**
     * Writes the plots and then {@code index.html} into {@code dir} (created if needed).
     *
     * @param dir             the report folder
     * @param results         the claims' results, in check order
     * @param counterexamples the counterexample file of each claim that has one (by claim id; relative
     *                        to the working directory or absolute)
     * @param seconds         total wall time of the check
     * @return the files written, {@code index.html} last
     */
    public static List<Path> write(Path dir, List<ClaimResult> results, Map<String, String> counterexamples,
                                   double seconds) throws IOException {
        return write(dir, results, counterexamples, seconds, run -> null);
    }

    /**
     * As {@link #write(Path, List, Map, double)}, drawing a claim's runs as convergence curves where
     * {@code curves} gives them.
     *
     * @param curves a run's gap to its reference at sampled t, or null when it has none; a claim is drawn
     *               as curves when at least one of its runs has one, else as one dot per run
     */
    public static List<Path> write(Path dir, List<ClaimResult> results, Map<String, String> counterexamples,
                                   double seconds, Function<RunResult, Curve> curves) throws IOException {
        PlotWriter.ensureHeadless();
        validate(dir);
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Map<String, String> pictures = new LinkedHashMap<>();
        Set<String> curved = new HashSet<>();
        Set<String> bases = new HashSet<>();
        for (ClaimResult r : results) {
            Plot convergence = convergence(r, curves);
            Plot plot = convergence != null ? convergence : plot(r);
            if (plot == null) {
                continue;
            }
            String base = fileBase(r.spec().id(), bases);
            XYChart chart;
            if (convergence != null) {
                chart = ConvergencePlot.chart(convergence);
                curved.add(r.spec().id());
            } else {
                chart = PlotWriter.chart(plot);
                colourByVerdict(chart);
            }
            Path png = dir.resolve(base + ".png");
            AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
            written.add(png);
            pictures.put(r.spec().id(), base + ".png");
        }
        Path index = dir.resolve("index.html");
        byte[] page = html(dir, results, counterexamples, pictures, curved, seconds).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(index, out -> out.write(page));
        written.add(index);
        return written;
    }

    /** Fixed colours, so a verdict looks the same in every plot: green, red, amber; tolerance black. */
    private static void colourByVerdict(XYChart chart) {
        Map<String, Color> colours = Map.of(
                series(Verdict.CONFIRMED), new Color(0x1A, 0x8A, 0x1A),
                series(Verdict.REFUTED), new Color(0xC0, 0x10, 0x10),
                series(Verdict.INCONCLUSIVE), new Color(0xE0, 0x90, 0x00),
                TOLERANCE, Color.BLACK,
                ERROR_BOUND, new Color(0x70, 0x70, 0xA0));
        colours.forEach((name, colour) -> {
            XYSeries xs = chart.getSeriesMap().get(name);
            if (xs != null) {
                xs.setMarkerColor(colour);
                xs.setLineColor(colour);
            }
        });
    }

    private static String series(Verdict v) {
        return v.label() + " runs: measured gap";
    }


    /**
     * The convergence plot of one claim from its runs' curves (run numbers and labels as in the runs
     * table), or null when no run has a curve.
     */
    static Plot convergence(ClaimResult r, Function<RunResult, Curve> curves) {
        List<ConvergencePlot.Run> runs = new ArrayList<>();
        Set<String> measures = new TreeSet<>();
        for (RunResult run : r.runs()) {
            Curve c = curves.apply(run);
            if (c != null) {
                runs.add(new ConvergencePlot.Run("#" + (run.plan().index() + 1) + " " + run.plan().where() + ": "
                        + run.verdict().label(), c, run.tolerance(), run.errorBound()));
                measures.add(run.measure().label());
            }
        }
        if (runs.isEmpty()) {
            return null;
        }
        return ConvergencePlot.plot(r.spec().id() + ": gap to the reference against t", String.join(", ", measures), runs);
    }

    /**
     * The plot of one claim: the measured gap of every run (by run number) on a log axis, one point set
     * per verdict, with each run's tolerance and error bound; null when no run measured anything.
     */
    static Plot plot(ClaimResult r) {
        List<RunResult> runs = r.runs();
        double smallest = Double.POSITIVE_INFINITY;
        for (RunResult run : runs) {
            for (double v : new double[] {run.distance(), run.tolerance(), run.errorBound()}) {
                if (v > 0 && Double.isFinite(v)) {
                    smallest = Math.min(smallest, v);
                }
            }
        }
        if (smallest == Double.POSITIVE_INFINITY) {
            return null;
        }
        double floor = smallest * FLOOR_FACTOR;
        boolean floored = false;
        int unmeasured = 0;
        List<Series> series = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            List<double[]> pts = new ArrayList<>();
            for (RunResult run : runs) {
                if (run.verdict() != v) {
                    continue;
                }
                double d = run.distance();
                if (Double.isNaN(d) || d == Double.POSITIVE_INFINITY) {
                    unmeasured++;
                    continue;
                }
                if (!(d > 0)) {
                    floored = true;
                    d = floor;
                }
                pts.add(new double[] {run.plan().index() + 1, d});
            }
            if (!pts.isEmpty()) {
                series.add(Series.of(series(v), pts, Series.Style.MARKERS));
            }
        }
        List<double[]> tol = new ArrayList<>();
        List<double[]> bound = new ArrayList<>();
        for (RunResult run : runs) {
            if (run.tolerance() > 0 && Double.isFinite(run.tolerance())) {
                tol.add(new double[] {run.plan().index() + 1, run.tolerance()});
            }
            if (run.errorBound() > 0 && Double.isFinite(run.errorBound())) {
                bound.add(new double[] {run.plan().index() + 1, run.errorBound()});
            }
        }
        if (!tol.isEmpty()) {
            series.add(Series.of(TOLERANCE, tol, Series.Style.LINE_WITH_MARKERS));
        }
        if (!bound.isEmpty()) {
            series.add(Series.of(ERROR_BOUND, bound, Series.Style.LINE));
        }
        Set<String> measures = new TreeSet<>();
        runs.forEach(run -> measures.add(run.measure().label()));
        String yLabel = String.join(", ", measures) + " (log scale"
                + (floored ? "; gaps <= 0 drawn at " + Format.num(floor, 3) : "") + ")";
        String title = r.spec().id() + ": gap of each run against its tolerance"
                + (unmeasured > 0 ? " (" + unmeasured + " run" + (unmeasured == 1 ? "" : "s") + " without a measure not drawn)" : "");
        return new Plot(title, "run number (instances outer, grid points inner)", yLabel, false, true, series, List.of());
    }

    /** A file name made of the claim id's safe characters, unique within the report. */
    private static String fileBase(String id, Set<String> used) {
        String base = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "claim" + base;
        }
        String b = base;
        for (int k = 2; !used.add(b.toLowerCase(Locale.ROOT)) || b.equalsIgnoreCase("index"); k++) {
            b = base + "-" + k;
        }
        return b;
    }

    /** The page. */
    static String html(Path dir, List<ClaimResult> results, Map<String, String> counterexamples,
                       Map<String, String> pictures, Set<String> curved, double seconds) {
        StringBuilder b = new StringBuilder(1 << 16);
        int passed = 0;
        long[] runs = new long[3];
        for (ClaimResult r : results) {
            passed += r.passed() ? 1 : 0;
            runs[0] += r.count(Verdict.CONFIRMED);
            runs[1] += r.count(Verdict.REFUTED);
            runs[2] += r.count(Verdict.INCONCLUSIVE);
        }
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>Implicit-bias claims: check report</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>Implicit-bias claims: check report</h1>\n");
        b.append("<p class=\"summary\">").append(passed).append(" of ").append(results.size())
                .append(" claims got their expected verdict; runs: ").append(runs[0]).append(" confirmed, ")
                .append(runs[1]).append(" refuted, ").append(runs[2]).append(" inconclusive; total ")
                .append(String.format(Locale.ROOT, "%.1f s", seconds)).append(".</p>\n");
        claimsTable(b, results);
        for (ClaimResult r : results) {
            section(b, dir, r, counterexamples.get(r.spec().id()), pictures.get(r.spec().id()), curved.contains(r.spec().id()));
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static void claimsTable(StringBuilder b, List<ClaimResult> results) {
        b.append("<table class=\"claims\">\n<thead><tr>");
        for (String h : new String[] {"claim", "title", "source", "expected", "verdict", "passed", "confirmed",
                "refuted", "inconclusive", "worst distance", "tolerance", "certificates", "time"}) {
            b.append("<th>").append(esc(h)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (ClaimResult r : results) {
            b.append("<tr class=\"").append(r.passed() ? "pass" : "fail").append("\">")
                    .append("<td><a href=\"#").append(anchor(r.spec().id())).append("\">").append(esc(r.spec().id()))
                    .append("</a></td>")
                    .append(td(r.spec().title()))
                    .append(td(r.spec().source()))
                    .append(td(r.spec().expect().label()))
                    .append("<td class=\"").append(r.verdict().label()).append("\">").append(esc(r.verdict().label()))
                    .append("</td>")
                    .append(td(r.passed() ? "yes" : "NO"))
                    .append(num(r.count(Verdict.CONFIRMED)))
                    .append(num(r.count(Verdict.REFUTED)))
                    .append(num(r.count(Verdict.INCONCLUSIVE)))
                    .append(num(r.worstDistance()))
                    .append(td(tolerances(r)))
                    .append(td(ConsoleReport.levels(r.levels())))
                    .append("<td class=\"n\">").append(String.format(Locale.ROOT, "%.2f s", r.seconds())).append("</td>")
                    .append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void section(StringBuilder b, Path dir, ClaimResult r, String counterexample, String picture,
                                boolean curves) {
        String id = r.spec().id();
        b.append("<section id=\"").append(anchor(id)).append("\">\n<h2>").append(esc(id)).append(": ")
                .append(esc(r.spec().title())).append("</h2>\n");
        b.append("<p class=\"meta\">Source: ").append(esc(r.spec().source())).append(". Spec file: <code>")
                .append(esc(r.spec().file().toString().replace('\\', '/'))).append("</code>. Expected: ")
                .append(esc(r.spec().expect().label())).append(".</p>\n");
        b.append("<h3>Claimed</h3>\n<ul>\n");
        Set<String> said = new LinkedHashSet<>();
        Set<String> nodes = new LinkedHashSet<>();
        for (RunResult run : r.runs()) {
            said.add(describe(run.plan().target()));
            JsonNode claim = run.plan().setting() == null ? null : run.plan().setting().get("claim");
            if (claim != null) {
                nodes.add(claim.toString());
            }
        }
        for (String s : said) {
            b.append("<li>").append(esc(s)).append("</li>\n");
        }
        b.append("</ul>\n");
        for (String n : nodes) {
            b.append("<pre>claim: ").append(esc(n)).append("</pre>\n");
        }
        b.append("<p class=\"verdict\">Verdict: <span class=\"").append(r.verdict().label()).append("\">")
                .append(esc(r.verdict().label())).append("</span> (").append(r.passed() ? "as expected" : "NOT as expected")
                .append("). ").append(esc(r.reason())).append("</p>\n");
        if (counterexample != null) {
            RunResult ref = r.refuting();
            b.append("<p class=\"counterexample\">Counterexample: <a href=\"").append(esc(href(dir, counterexample)))
                    .append("\"><code>").append(esc(counterexample)).append("</code></a>");
            if (ref != null) {
                b.append(", ").append(esc(ref.measure().label())).append(' ').append(esc(sci(ref.distance())))
                        .append(" against tolerance ").append(esc(sci(ref.tolerance())))
                        .append(" (error bound ").append(esc(sci(ref.errorBound()))).append("), ")
                        .append(esc(ref.plan().where()));
            }
            b.append(".</p>\n");
        }
        if (picture != null && curves) {
            b.append("<figure><img src=\"").append(esc(uri(picture))).append("\" width=\"")
                    .append(PlotWriter.WIDTH).append("\" height=\"").append(PlotWriter.HEIGHT)
                    .append("\" alt=\"").append(esc("convergence of each run of " + id + ": gap against t, log-log"))
                    .append("\"/><figcaption>Convergence of each run (numbered as in the table below): its gap to the "
                            + "reference against the iteration t, log-log, with the tolerance (black, dashed) and the "
                            + "refutation threshold tolerance + error bound (grey, dashed).</figcaption></figure>\n");
        } else if (picture != null) {
            b.append("<figure><img src=\"").append(esc(uri(picture))).append("\" width=\"")
                    .append(PlotWriter.WIDTH).append("\" height=\"").append(PlotWriter.HEIGHT)
                    .append("\" alt=\"").append(esc("gap of each run of " + id + " against its tolerance, log scale"))
                    .append("\"/><figcaption>Measured gap of each run (numbered as in the table below) against its "
                            + "tolerance and error bound, log scale.</figcaption></figure>\n");
        } else {
            b.append("<p class=\"meta\">No plot: no run measured a gap.</p>\n");
        }
        b.append("<table class=\"runs\">\n<thead><tr>");
        for (String h : new String[] {"run", "grid point", "instance", "verdict", "measure", "distance", "tolerance",
                "error bound", "tail movement", "iterations", "certificate", "time", "reason"}) {
            b.append("<th>").append(esc(h)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (RunResult run : r.runs()) {
            b.append("<tr>").append(num(run.plan().index() + 1))
                    .append(td(run.plan().settingLabel()))
                    .append(td(run.plan().instance().label()))
                    .append("<td class=\"").append(run.verdict().label()).append("\">").append(esc(run.verdict().label()))
                    .append("</td>")
                    .append(td(run.measure().label()))
                    .append(num(run.distance()))
                    .append(num(run.tolerance()))
                    .append(num(run.errorBound()))
                    .append(num(run.tailMovement()))
                    .append(num(run.iterations()))
                    .append(td(run.level().label()))
                    .append("<td class=\"n\">").append(String.format(Locale.ROOT, "%.3f s", run.seconds())).append("</td>")
                    .append(td(run.verdict() == Verdict.CONFIRMED ? "" : run.reason()))
                    .append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n</section>\n");
    }

    /** One sentence: what the claim says of a run. */
    static String describe(Target t) {
        return ClaimWords.describe(t);
    }

    private static String tolerances(ClaimResult r) {
        Set<String> t = new LinkedHashSet<>();
        for (RunResult run : r.runs()) {
            if (!Double.isNaN(run.tolerance())) {
                t.add(run.measure() + " " + sci(run.tolerance()));
            }
        }
        return t.isEmpty() ? "-" : String.join(", ", t);
    }

    /** The link from the report folder to a counterexample file given relative to the working directory. */
    private static String href(Path dir, String file) {
        Path target = Path.of(file).toAbsolutePath().normalize();
        Path from = dir.toAbsolutePath().normalize();
        String rel;
        try {
            rel = from.relativize(target).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return target.toUri().toString();
        }
        return uri(rel);
    }

    /** A relative path as a URI reference (spaces and other unsafe characters percent-encoded). */
    private static String uri(String relative) {
        try {
            return new URI(null, null, relative, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fragment id of a claim's section: letters, digits, '-', '_', '.' kept, the rest as _hex_. */
    static String anchor(String id) {
        StringBuilder b = new StringBuilder("claim-");
        id.codePoints().forEach(c -> {
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                b.appendCodePoint(c);
            } else {
                b.append('_').append(Integer.toHexString(c)).append('_');
            }
        });
        return b.toString();
    }

    private static String td(String text) {
        return "<td>" + esc(text) + "</td>";
    }

    private static String num(long v) {
        return "<td class=\"n\">" + v + "</td>";
    }

    private static String num(double v) {
        return "<td class=\"n\">" + esc(sci(v)) + "</td>";
    }

    private static String sci(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /**
     * Escapes text for HTML and XML element content and quoted attributes; characters XML does not
     * allow (control characters other than tab, newline, carriage return) become U+FFFD.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                   margin: 1.5em; color: #222; line-height: 1.35; }
            h1 { font-size: 1.5em; }
            h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
            h3 { font-size: 1em; margin-bottom: 0.3em; }
            table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.45em; vertical-align: top; text-align: left; }
            th { background: #f0f0f0; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.fail td { background: #fde8e8; }
            td.confirmed, span.confirmed { color: #0a6b0a; font-weight: bold; }
            td.refuted, span.refuted { color: #a00000; font-weight: bold; }
            td.inconclusive, span.inconclusive { color: #8a5a00; font-weight: bold; }
            .summary { font-weight: bold; }
            .meta { color: #555; }
            pre { background: #f7f7f7; border: 1px solid #ddd; padding: 0.5em; white-space: pre-wrap;
                  word-break: break-all; font-size: 0.85em; }
            figure { margin: 1em 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
            figcaption { font-size: 0.85em; color: #555; }
            """;
}
