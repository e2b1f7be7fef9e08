package org.implicitbias.claims.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.implicitbias.io.Node;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * One axis of a sweep, from {@code --over PATH=VALUES}: a dotted path of the spec (under {@code loss},
 * {@code init}, {@code algorithm}, {@code claim}, {@code tolerance} or {@code budget}) and its values.
 *
 * <p>VALUES is a comma list ({@code 0.1,0.5,0.9}; exact rationals such as {@code 1/3} are kept as
 * text, as the spec format reads them), {@code LO:HI:N} (N evenly spaced values from LO to HI,
 * {@code LO + (HI - LO) i / (N - 1)}) or {@code LO:HI:Nlog} (N log-spaced values,
 * {@code LO (HI / LO)^(i / (N - 1))}, LO and HI &gt; 0). Generated values are rounded to 12 significant
 * digits, so that round numbers stay round ({@code 0.1:10:3log} gives 0.1, 1, 10).
 *
 * <p>Several paths that move together are written {@code PATH1,PATH2=VALUES1;VALUES2}, one value list
 * per path, all of one length: e.g. a diagonal network's init scale alpha with its hypentropy's
 * {@code beta = 2 alpha^2}: {@code algorithm.init-scale,claim.reference.potential.beta=0.25:4:5log;0.125:32:5log}
 * (log-spaced lists whose ends are alpha and 2 alpha^2 keep {@code beta_i = 2 alpha_i^2} at every point).
 *
 * @param text   the argument as given
 * @param paths  the paths (one, or several zipped)
 * @param values per point, one value per path (as JSON text, so that the axis travels as plain strings)
 * @param labels per point, the first path's value as printed in tables and on the map
 */
public record SweepAxis(String text, List<String> paths, List<List<String>> values, List<String> labels) implements Serializable {
    private static final Pattern RANGE = Pattern.compile("\\s*([^:]+):([^:]+):\\s*([0-9]+)\\s*(log)?\\s*");
    private static final List<String> ROOTS = List.of("loss", "init", "algorithm", "claim", "tolerance", "budget");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public SweepAxis {
        paths = List.copyOf(paths);
        values = values.stream().map(List::copyOf).toList();
        labels = List.copyOf(labels);
    }

    /** Number of points. */
    public int size() {
        return values.size();
    }

    /** The axis name for headers and titles: the paths joined by commas. */
    public String name() {
        return String.join(",", paths);
    }

    /**
     * Reads {@code PATH=VALUES} (or zipped {@code PATH1,PATH2=VALUES1;VALUES2}).
     *
     * @throws InvalidInputException naming {@code --over}, the argument and what was expected
     */
    public static SweepAxis parse(String arg) {
        String expected = "PATH=VALUES with VALUES a comma list (0.1,0.5,0.9), LO:HI:N or LO:HI:Nlog";
        int eq = arg == null ? -1 : arg.indexOf('=');
        if (eq <= 0 || eq == arg.length() - 1) {
            throw new InvalidInputException("--over", arg, expected);
        }
        List<String> paths = new ArrayList<>();
        for (String p : arg.substring(0, eq).split(",", -1)) {
            String path = p.trim();
            if (!path.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+") || !ROOTS.contains(path.substring(0, path.indexOf('.')))) {
                throw new InvalidInputException("--over", arg,
                        "a dotted path under " + String.join(", ", ROOTS) + " (e.g. algorithm.step.eta), not '" + path + "'");
            }
            if (paths.contains(path)) {
                throw new InvalidInputException("--over", arg, "each path once");
            }
            paths.add(path);
        }
        String[] lists = arg.substring(eq + 1).split(";", -1);
        if (lists.length != paths.size()) {
            throw new InvalidInputException("--over", arg, "one value list per path (" + paths.size() + "), separated by ';'");
        }
        List<List<String>> columns = new ArrayList<>();
        for (String list : lists) {
            columns.add(values(arg, list.trim(), expected));
        }
        int n = columns.get(0).size();
        for (List<String> c : columns) {
            if (c.size() != n) {
                throw new InvalidInputException("--over", arg, "value lists of one length for paths that move together");
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> row = new ArrayList<>();
            for (List<String> c : columns) {
                row.add(c.get(i));
            }
            rows.add(row);
            labels.add(label(row.get(0)));
        }
        return new SweepAxis(arg, paths, rows, labels);
    }

    private static List<String> values(String arg, String list, String expected) {
        List<String> out = new ArrayList<>();
        Matcher m = RANGE.matcher(list);
        if (m.matches()) {
            double lo = number(arg, m.group(1), expected);
            double hi = number(arg, m.group(2), expected);
            int n;
            try {
                n = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--over", arg, "a count N in [1, 1000] in LO:HI:N");
            }
            if (n < 1 || n > 1000) {
                throw new InvalidInputException("--over", arg, "a count N in [1, 1000] in LO:HI:N");
            }
            boolean log = m.group(4) != null;
            if (log && !(lo > 0 && hi > 0)) {
                throw new InvalidInputException("--over", arg, "LO and HI > 0 for log-spaced values LO:HI:Nlog");
            }
            for (int i = 0; i < n; i++) {
                double t = n == 1 ? 0 : (double) i / (n - 1);
                double v = i == n - 1 && n > 1 ? hi : log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t;
                out.add(json(new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros().doubleValue()));
            }
            return out;
        }
        if (list.isEmpty()) {
            throw new InvalidInputException("--over", arg, expected);
        }
        for (String v : list.split(",", -1)) {
            String s = v.trim();
            if (s.isEmpty()) {
                throw new InvalidInputException("--over", arg, expected + " (an empty value)");
            }
            if (s.contains("/")) {
                try {
                    ExactNumbers.parse("--over", s);
                } catch (RuntimeException e) {
                    throw new InvalidInputException("--over", arg, expected + " ('" + s + "' is not a number)");
                }
                out.add(NODES.textNode(s).toString());
            } else {
                out.add(json(number(arg, s, expected)));
            }
        }
        return out;
    }

    private static double number(String arg, String s, String expected) {
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("--over", arg, expected + " ('" + s.trim() + "' is not a number)");
    }

    /** A double as a JSON number, integers without a fraction. */
    private static String json(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return NODES.numberNode(v).toString();
    }

    private static String label(String json) {
        String s = json.startsWith("\"") ? json.substring(1, json.length() - 1) : json;
        try {
            double v = Double.parseDouble(s);
            String g = String.format(Locale.ROOT, "%.4g", v);
            if (g.contains("e")) {
                return g.replaceFirst("\\.?0+e", "e").replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
            }
            return g.contains(".") ? g.replaceFirst("0+$", "").replaceFirst("\\.$", "") : g;
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** Writes point {@code i} of the axis into a spec tree. */
    void apply(ObjectNode tree, int i, com.fasterxml.jackson.databind.ObjectMapper json) {
        for (int p = 0; p < paths.size(); p++) {
            try {
                set(tree, paths.get(p), json.readTree(values.get(i).get(p)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Writes a value at a dotted path, creating missing objects. */
    static void set(ObjectNode tree, String path, JsonNode value) {
        Node.putAtPath(tree, path, value, (prefix, found) -> new InvalidInputException("--over", path,
                "a path through objects, but " + prefix + " is not an object in the spec"));
    }
}
