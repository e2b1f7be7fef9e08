package org.implicitbias.claims;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * A strict view of one node of a spec tree (YAML or JSON, read by Jackson) at a dotted field path.
 *
 * <p>Every read names the field it reads, so a wrong value fails with an
 * {@link InvalidInputException} naming the path, the value and what was expected. An object node
 * remembers which keys were read; {@link #finish()} rejects any key nobody asked for, so a typo such
 * as {@code algoritm} is an error rather than a silently ignored line.
 *
 * <p>Numbers may be JSON/YAML numbers or exact strings ({@code "1/3"}, {@code "0.1"}); they are read
 * exactly (the tree must be parsed with big decimals for floats, see {@link SpecLoader}).
 */
public final class SpecNode {
    private final JsonNode node;
    private final String path;
    private final Set<String> read = new LinkedHashSet<>();

    public SpecNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The dotted path of this node ("" for the root). */
    public String path() {
        return path;
    }

    /** The underlying tree node (may be null when the field is absent). */
    public JsonNode raw() {
        return node;
    }

    /** Whether the node exists and is not null. */
    public boolean present() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Whether the object has a (non-null) value for key; marks the key as read. */
    public boolean has(String key) {
        requireObject();
        read.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** The child at key (possibly absent: check {@link #present()}); marks the key as read. */
    public SpecNode get(String key) {
        requireObject();
        read.add(key);
        return new SpecNode(node.get(key), child(key));
    }

    /** The child at key, which must be present. */
    public SpecNode require(String key, String expected) {
        SpecNode c = get(key);
        if (!c.present()) {
            throw new InvalidInputException(c.path, null, expected);
        }
        return c;
    }

    /** Keys of this object in file order. */
    public List<String> keys() {
        requireObject();
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    /** Rejects any key of this object that was not read. */
    public void finish() {
        if (!isObject()) {
            return;
        }
        for (String k : keys()) {
            if (!read.contains(k)) {
                throw new InvalidInputException(child(k), "an unknown key",
                        read.isEmpty() ? "no keys here" : "one of " + String.join(", ", read));
            }
        }
    }

    public boolean isObject() {
        return node != null && node.isObject();
    }

    public boolean isArray() {
        return node != null && node.isArray();
    }

    public boolean isText() {
        return node != null && node.isTextual();
    }

    public boolean isNumberLike() {
        return node != null && (node.isNumber() || node.isTextual());
    }

    /** Requires an object node. */
    public SpecNode requireObject() {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(path.isEmpty() ? "spec" : path, describe(node), "a mapping of keys to values");
        }
        return this;
    }

    /** The elements of a list node. */
    public List<SpecNode> list(String expected) {
        if (node == null || !node.isArray()) {
            throw new InvalidInputException(path, describe(node), expected);
        }
        List<SpecNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(new SpecNode(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** A text value. */
    public String text(String expected) {
        if (node == null || !node.isTextual()) {
            throw new InvalidInputException(path, describe(node), expected);
        }
        return node.asText();
    }

    /** A text value, or the default when absent. */
    public String text(String expected, String fallback) {
        return present() ? text(expected) : fallback;
    }

    /** An exact number (JSON/YAML number or exact string). */
    public BigFraction exact() {
        if (node == null || node.isNull()) {
            throw new InvalidInputException(path, null, "a number");
        }
        if (node.isIntegralNumber()) {
            return new BigFraction(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            return ExactNumbers.ofDecimal(d);
        }
        if (node.isTextual()) {
            return ExactNumbers.parse(path, node.asText());
        }
        throw new InvalidInputException(path, describe(node), "a number, e.g. 0.25 or \"1/3\"");
    }

    /** A finite double. */
    public double number() {
        double v = exact().doubleValue();
        if (!Double.isFinite(v)) {
            throw new InvalidInputException(path, describe(node), "a finite number");
        }
        return v;
    }

    /** A finite double, or the default when absent. */
    public double number(double fallback) {
        return present() ? number() : fallback;
    }

    /** A number with a lower bound (inclusive or strict). */
    public double number(double min, boolean strict, String expected) {
        double v = number();
        if (strict ? !(v > min) : !(v >= min)) {
            throw new InvalidInputException(path, render(), expected);
        }
        return v;
    }

    /** An integer in [min, max]. */
    public long integer(long min, long max) {
        String expected = max == Long.MAX_VALUE ? "an integer >= " + min : "an integer in [" + min + ", " + max + "]";
        BigFraction f;
        try {
            f = exact();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(path, describe(node), expected);
        }
        if (!f.getDenominator().equals(java.math.BigInteger.ONE)) {
            throw new InvalidInputException(path, render(), expected);
        }
        java.math.BigInteger v = f.getNumerator();
        if (v.compareTo(java.math.BigInteger.valueOf(min)) < 0 || v.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw new InvalidInputException(path, render(), expected);
        }
        return v.longValue();
    }

    /** An integer, or the default when absent. */
    public long integer(long min, long max, long fallback) {
        return present() ? integer(min, max) : fallback;
    }

    /** A boolean. */
    public boolean bool(boolean fallback) {
        if (!present()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new InvalidInputException(path, describe(node), "true or false");
        }
        return node.booleanValue();
    }

    /** A list of exact numbers. */
    public BigFraction[] exactVector(String expected) {
        List<SpecNode> items = list(expected);
        BigFraction[] out = new BigFraction[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = items.get(i).exact();
        }
        return out;
    }

    /** A list of finite doubles. */
    public double[] vector(String expected) {
        List<SpecNode> items = list(expected);
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = items.get(i).number();
        }
        return out;
    }

    /** A matrix (list of equal-length rows) of exact numbers. */
    public BigFraction[][] exactMatrix(String expected) {
        List<SpecNode> rows = list(expected);
        if (rows.isEmpty()) {
            throw new InvalidInputException(path, "[]", expected);
        }
        BigFraction[][] out = new BigFraction[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i).exactVector("a list of numbers (row " + i + ")");
            if (out[i].length != out[0].length) {
                throw new InvalidInputException(rows.get(i).path, out[i].length + " entries",
                        out[0].length + " entries like row 0");
            }
        }
        return out;
    }

    /** A square matrix of doubles. */
    public double[][] matrix(String expected) {
        BigFraction[][] e = exactMatrix(expected);
        double[][] out = new double[e.length][];
        for (int i = 0; i < e.length; i++) {
            out[i] = org.implicitbias.model.ExactNumbers.toDoubles(e[i]);
        }
        return out;
    }

    /** The value as it appears in the file, for messages. */
    public String render() {
        return describe(node);
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "\"" + n.asText() + "\"";
        }
        return n.toString();
    }
}
