package org.implicitbias.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.implicitbias.io.Node;
import org.implicitbias.model.InvalidInputException;

/**
 * The grid of a spec ({@code vary:}): every combination of the listed values is one grid point.
 *
 * <p>A key is one dotted path ({@code algorithm.step.eta: [0.1, 0.2]}) or several paths separated by
 * commas that move together ({@code "algorithm.potential, claim.reference.potential": [[a, a'], [b, b']]});
 * values may be whole objects ({@code algorithm.momentum: [{...}, {...}]}). Keys combine as a
 * Cartesian product in file order, the first key varying slowest. A grid point is the spec tree with
 * its values written in (missing intermediate objects are created), which the loader then validates
 * like any spec.
 */
public final class Grid {
    /** The sections a vary path may start with. */
    static final Set<String> ROOTS = Set.of("loss", "init", "algorithm", "claim", "tolerance", "budget");

    /** One vary key: its paths and its value rows (one value per path). */
    record Axis(String key, List<String> paths, List<List<JsonNode>> rows) {
    }

    /** One grid point: the values assigned (path to value) and the resulting tree. */
    public record Point(Map<String, JsonNode> assignment, ObjectNode tree) {
    }

    private final List<Axis> axes;

    private Grid(List<Axis> axes) {
        this.axes = axes;
    }

    /** Every path that is varied, in file order. */
    public List<String> paths() {
        List<String> out = new ArrayList<>();
        for (Axis a : axes) {
            out.addAll(a.paths());
        }
        return out;
    }

    /** The axes as (key, paths). */
    List<Axis> axes() {
        return axes;
    }

    /** Reads a {@code vary} node (absent: the one-point grid). */
    public static Grid read(Node vary) {
        List<Axis> axes = new ArrayList<>();
        if (!vary.present()) {
            return new Grid(axes);
        }
        vary.requireObject();
        Set<String> seen = new java.util.HashSet<>();
        for (String key : vary.keys()) {
            Node values = vary.get(key);
            List<String> paths = new ArrayList<>();
            for (String p : key.split(",", -1)) {
                String path = p.trim();
                String field = vary.path() + "." + key;
                if (path.isEmpty() || !path.matches("[a-z0-9-]+(\\.[a-zA-Z0-9-]+)*")) {
                    throw new InvalidInputException(field, key, "dotted paths like algorithm.step.eta, separated by commas");
                }
                String root = path.indexOf('.') < 0 ? path : path.substring(0, path.indexOf('.'));
                if (!ROOTS.contains(root)) {
                    throw new InvalidInputException(field, path, "a path under one of " + String.join(", ", new java.util.TreeSet<>(ROOTS)));
                }
                if (!seen.add(path)) {
                    throw new InvalidInputException(field, path, "each path varied once");
                }
                paths.add(path);
            }
            for (String a : paths) {
                for (String b : seen) {
                    if (!a.equals(b) && (b.startsWith(a + ".") || a.startsWith(b + "."))) {
                        throw new InvalidInputException(vary.path() + "." + key, a,
                                "paths that do not contain each other (" + b + " is varied too)");
                    }
                }
            }
            List<Node> items = values.elements("a non-empty list of values");
            if (items.isEmpty()) {
                throw new InvalidInputException(values.path(), "[]", "a non-empty list of values (an empty list makes an empty grid)");
            }
            List<List<JsonNode>> rows = new ArrayList<>();
            for (Node item : items) {
                if (paths.size() == 1) {
                    rows.add(List.of(valueOf(item)));
                } else {
                    List<Node> tuple = item.elements("a list of " + paths.size() + " values, one per path of the key");
                    if (tuple.size() != paths.size()) {
                        throw new InvalidInputException(item.path(), tuple.size() + " values",
                                paths.size() + " values, one per path of the key");
                    }
                    List<JsonNode> row = new ArrayList<>();
                    for (Node t : tuple) {
                        row.add(valueOf(t));
                    }
                    rows.add(row);
                }
            }
            axes.add(new Axis(key, paths, rows));
        }
        vary.finish();
        return new Grid(axes);
    }

    /** A listed value as a tree node ({@code null} in the list stays a null node). */
    private static JsonNode valueOf(Node item) {
        return item.present() ? item.json() : NullNode.getInstance();
    }

    /** Number of grid points. */
    public int size() {
        int s = 1;
        for (Axis a : axes) {
            s *= a.rows().size();
        }
        return s;
    }

    /** Expands the grid over a base tree (not modified). */
    public List<Point> expand(ObjectNode base) {
        List<Point> out = new ArrayList<>();
        int total = size();
        for (int k = 0; k < total; k++) {
            ObjectNode tree = base.deepCopy();
            Map<String, JsonNode> assignment = new LinkedHashMap<>();
            int rest = k;
            int[] pick = new int[axes.size()];
            for (int a = axes.size() - 1; a >= 0; a--) {
                int m = axes.get(a).rows().size();
                pick[a] = rest % m;
                rest /= m;
            }
            for (int a = 0; a < axes.size(); a++) {
                Axis axis = axes.get(a);
                List<JsonNode> row = axis.rows().get(pick[a]);
                for (int p = 0; p < axis.paths().size(); p++) {
                    String path = axis.paths().get(p);
                    set(tree, path, row.get(p).deepCopy());
                    assignment.put(path, row.get(p));
                }
            }
            out.add(new Point(assignment, tree));
        }
        return out;
    }

    /** Writes value at a dotted path, creating missing objects. */
    static void set(ObjectNode tree, String path, JsonNode value) {
        Node.putAtPath(tree, path, value, (prefix, found) -> new InvalidInputException("vary." + path, path,
                "a path through objects, but " + prefix + " is " + Node.describe(found)));
    }

    /** Renders a value compactly for labels. */
    static String render(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isObject() && v.size() == 1 && v.has("kind")) {
            return v.get("kind").asText();
        }
        return v.toString().replace("\"", "");
    }
}
