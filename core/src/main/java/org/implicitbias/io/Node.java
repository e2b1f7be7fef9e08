package org.implicitbias.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * A value of a JSON or YAML tree together with its path from the root ({@code algorithm.step.eta},
 * {@code X[2][0]}), so that every error names the field it is about. The one strict reader of the
 * tool's files: problem files, specs and counterexamples are all read through it.
 *
 * <p>Every accessor either returns a valid value or throws {@link InvalidInputException} with the
 * path, the value found and what was expected. JSON {@code null} (a YAML key without a value) counts
 * as absent.
 *
 * <p>Unknown keys are refused in one of two ways: {@link #only} lists the keys a vocabulary term
 * allows; or an object node remembers which keys were asked for ({@link #get}, {@link #has},
 * {@link #required}) and {@link #finish()} refuses any other, so a typo such as {@code algoritm} is an
 * error rather than a silently ignored line.
 *
 * <p>Numbers are exact: a JSON number is read as the decimal it spells (the tree must be built with
 * big decimals for floats, see {@link Json}), a string as {@code "p/q"} or a decimal literal. Magnitudes
 * beyond {@code 1e400} and decimals with more than 1100 digits after the point are refused, so a
 * hostile exponent cannot make exact arithmetic run away.
 */
public final class Node {
    /** The largest decimal exponent magnitude accepted in a number. */
    private static final int MAX_EXPONENT = 400;
    /** The most digits after the decimal point accepted in a number (doubles need at most 1074). */
    private static final int MAX_SCALE = 1100;

    private final JsonNode json;
    private final String path;
    /** The keys asked for so far (created on the first), for {@link #finish()}. */
    private Set<String> read;

    private Node(JsonNode json, String path) {
        this.json = json;
        this.path = path;
    }

    /** The root of a document. */
    public static Node root(JsonNode json) {
        return new Node(json, "");
    }

    /** A node at the given path (for readers that start below the root). */
    public static Node at(JsonNode json, String path) {
        return new Node(json, path);
    }

    /** The dotted path, e.g. {@code algorithm.step.eta}; {@code (top level)} for the root. */
    public String path() {
        return path.isEmpty() ? "(top level)" : path;
    }

    /** The underlying tree node (null when absent). */
    public JsonNode json() {
        return present() ? json : null;
    }

    /** Whether a value is present (not missing and not null). */
    public boolean present() {
        return json != null && !json.isMissingNode() && !json.isNull();
    }

    public boolean isText() {
        return present() && json.isTextual();
    }

    public boolean isObject() {
        return present() && json.isObject();
    }

    public boolean isArray() {
        return present() && json.isArray();
    }

    /** A field of this object (absent if this is not an object or has no such key); marks the key as read. */
    public Node get(String key) {
        if (read == null) {
            read = new LinkedHashSet<>();
        }
        read.add(key);
        JsonNode child = present() && json.isObject() ? json.get(key) : null;
        return new Node(child, path.isEmpty() ? key : path + "." + key);
    }

    /** The keys of this object in file order (none if it is not an object). */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        if (isObject()) {
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
        }
        return keys;
    }

    /** Refuses any key of this object that was not read through {@link #get} (or {@link #has}, {@link #required}). */
    public void finish() {
        for (String k : keys()) {
            if (read == null || !read.contains(k)) {
                throw new InvalidInputException(path.isEmpty() ? k : path + "." + k, "an unknown key",
                        read == null ? "no keys here" : "one of " + String.join(", ", read));
            }
        }
    }

    /** Fails unless this is an object (a mapping of keys to values). */
    public Node requireObject() {
        return object("a mapping of keys to values");
    }

    /** A present field of this object. */
    public Node required(String key, String expected) {
        Node child = get(key);
        if (!child.present()) {
            throw new InvalidInputException(child.path(), null, expected);
        }
        return child;
    }

    /** Fails unless this is an object. */
    public Node object(String expected) {
        if (!isObject()) {
            throw fail(expected);
        }
        return this;
    }

    /**
     * Fails if this object has a key outside {@code allowed}, naming the first unknown key.
     *
     * @param what what the object is, for the message (e.g. {@code gradient-descent})
     */
    public Node only(String what, String... allowed) {
        Set<String> ok = Set.of(allowed);
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!ok.contains(key)) {
                throw new InvalidInputException(get(key).path(),
                        "unknown key for " + what + " (allowed: " + String.join(", ", new TreeSet<>(ok)) + ")");
            }
        }
        return this;
    }

    /** Whether this object has the key (with a non-null value). */
    public boolean has(String key) {
        return get(key).present();
    }

    /** The error for this node's value. */
    public InvalidInputException fail(String expected) {
        return new InvalidInputException(path(), present() ? json.toString() : null, expected);
    }

    /** A string value. */
    public String text(String expected) {
        if (!isText()) {
            throw fail(expected);
        }
        return json.textValue();
    }

    /** A string value, or the fallback when absent. */
    public String text(String expected, String fallback) {
        return present() ? text(expected) : fallback;
    }

    /** A boolean, or the fallback when absent. */
    public boolean bool(boolean fallback) {
        if (!present()) {
            return fallback;
        }
        if (!json.isBoolean()) {
            throw fail("true or false");
        }
        return json.booleanValue();
    }

    /** The value as it appears in the file, for messages ({@code nothing} when absent). */
    public String render() {
        return describe(json);
    }

    /**
     * Writes value at the dotted path {@code a.b.c} of the tree, creating missing (or null) objects on
     * the way. Where a step of the path holds something other than an object, throws what
     * {@code notObject} makes of the path up to that step and the value found there.
     */
    public static void putAtPath(ObjectNode tree, String path, JsonNode value,
                                 BiFunction<String, JsonNode, RuntimeException> notObject) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.get(parts[i]);
            if (next == null || next.isNull()) {
                next = node.putObject(parts[i]);
            } else if (!next.isObject()) {
                throw notObject.apply(String.join(".", Arrays.copyOf(parts, i + 1)), next);
            }
            node = (ObjectNode) next;
        }
        node.set(parts[parts.length - 1], value);
    }

    /** A tree value as it appears in a file, for messages: strings quoted, {@code nothing} for a missing node. */
    public static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        return n.toString();
    }

    /**
     * The {@code kind} of a vocabulary term written either as a plain string ({@code "entropy"}) or
     * as an object with a {@code kind} field ({@code {"kind": "lp", "p": "4/3"}}).
     */
    public String kind(String expected) {
        if (isText()) {
            return json.textValue();
        }
        if (isObject()) {
            return required("kind", expected).text(expected);
        }
        throw fail(expected);
    }

    /** An exact number: a JSON number or a string {@code "p/q"} / decimal literal. */
    public BigFraction exact() {
        String expected = "a number (e.g. 0.25, \"1/3\" or \"-2.5e-3\")";
        if (!present()) {
            throw fail(expected);
        }
        if (json.isIntegralNumber()) {
            return new BigFraction(json.bigIntegerValue());
        }
        if (json.isFloatingPointNumber()) {
            if (json.isDouble() || json.isFloat()) {
                double v = json.doubleValue();
                if (!Double.isFinite(v)) {
                    throw fail("a finite number");
                }
                // a parser that rounded to a double already: take the shortest decimal that
                // rounds to it, which is what the file spelled (0.1, not 0.1000000000000000055...)
                return checked(BigDecimal.valueOf(v));
            }
            return checked(json.decimalValue());
        }
        if (json.isTextual()) {
            String s = json.textValue().trim();
            int slash = s.indexOf('/');
            if (slash >= 0) {
                try {
                    BigInteger num = new BigInteger(s.substring(0, slash).trim());
                    BigInteger den = new BigInteger(s.substring(slash + 1).trim());
                    if (den.signum() == 0) {
                        throw fail("a fraction with a non-zero denominator");
                    }
                    return new BigFraction(num, den);
                } catch (NumberFormatException e) {
                    throw fail(expected);
                }
            }
            try {
                return checked(new BigDecimal(s));
            } catch (NumberFormatException e) {
                throw fail(expected);
            }
        }
        throw fail(expected);
    }

    private BigFraction checked(BigDecimal v) {
        if (v.signum() != 0 && (v.precision() - v.scale() > MAX_EXPONENT || v.scale() > MAX_SCALE)) {
            throw fail("a number of magnitude between 1e-" + MAX_EXPONENT + " and 1e" + MAX_EXPONENT);
        }
        return ExactNumbers.ofDecimal(v);
    }

    /** A finite number, rounded to the nearest double. */
    public double number() {
        double v = exact().doubleValue();
        if (!Double.isFinite(v)) {
            throw fail("a finite number (within the range of doubles)");
        }
        return v;
    }

    /** A finite number, or the fallback when absent. */
    public double number(double fallback) {
        return present() ? number() : fallback;
    }

    /** A finite number {@code > 0}. */
    public double positive() {
        BigFraction v = exact();
        if (v.compareTo(BigFraction.ZERO) <= 0) {
            throw fail("a number > 0");
        }
        return number();
    }

    /** A finite number {@code >= 0}. */
    public double nonNegative() {
        BigFraction v = exact();
        if (v.compareTo(BigFraction.ZERO) < 0) {
            throw fail("a number >= 0");
        }
        return number();
    }

    /** A number in {@code [0, 1)}. */
    public double unitInterval() {
        BigFraction v = exact();
        if (v.compareTo(BigFraction.ZERO) < 0 || v.compareTo(BigFraction.ONE) >= 0) {
            throw fail("a number in [0, 1)");
        }
        return number();
    }

    /** An integer in {@code [min, max]}. */
    public long integer(long min, long max) {
        String expected = max == Long.MAX_VALUE ? "an integer >= " + min : "an integer in [" + min + ", " + max + "]";
        BigFraction v;
        try {
            v = exact();
        } catch (InvalidInputException e) {
            throw fail(expected);
        }
        if (!v.getDenominator().equals(BigInteger.ONE)
                || v.getNumerator().compareTo(BigInteger.valueOf(min)) < 0
                || v.getNumerator().compareTo(BigInteger.valueOf(max)) > 0) {
            throw fail(expected);
        }
        return v.getNumerator().longValueExact();
    }

    /** An integer in {@code [min, max]}, or the fallback when absent. */
    public long integer(long min, long max, long fallback) {
        return present() ? integer(min, max) : fallback;
    }

    /** The elements of an array (each with its indexed path). */
    public List<Node> elements(String expected) {
        if (!isArray()) {
            throw fail(expected);
        }
        List<Node> out = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            out.add(new Node(json.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** A non-empty vector of exact numbers; {@code length < 0} accepts any length. */
    public BigFraction[] exactVector(int length) {
        String expected = length < 0 ? "a non-empty list of numbers" : "a list of " + length + " numbers";
        List<Node> items = elements(expected);
        if (items.isEmpty() || (length >= 0 && items.size() != length)) {
            throw new InvalidInputException(path(), items.size() + " entries", expected);
        }
        BigFraction[] out = new BigFraction[items.size()];
        for (int i = 0; i < out.length; i++) {
            Node item = items.get(i);
            out[i] = item.exact();
            item.checkRange(out[i]);
        }
        return out;
    }

    /** A non-empty vector of finite numbers. */
    public double[] vector(int length) {
        return ExactNumbers.toDoubles(exactVector(length));
    }

    /**
     * A non-empty rectangular matrix (list of rows) of exact numbers.
     *
     * @param rows required number of rows, or -1 for any
     * @param cols required number of columns, or -1 for any (then every row must match the first)
     */
    public BigFraction[][] exactMatrix(int rows, int cols) {
        String expected = rows < 0 ? "a non-empty list of rows (lists of numbers)"
                : "a " + rows + " x " + (cols < 0 ? rows : cols) + " matrix (list of rows)";
        List<Node> items = elements(expected);
        if (items.isEmpty() || (rows >= 0 && items.size() != rows)) {
            throw new InvalidInputException(path(), items.size() + " rows", expected);
        }
        BigFraction[][] out = new BigFraction[items.size()][];
        int width = cols;
        for (int i = 0; i < out.length; i++) {
            Node row = items.get(i);
            if (!row.isArray()) {
                throw row.fail("a list of numbers (a row)");
            }
            if (width >= 0 && row.json.size() != width) {
                throw new InvalidInputException(row.path(), row.json.size() + " entries",
                        width + " entries" + (i > 0 && cols < 0 ? " like " + items.get(0).path() : ""));
            }
            out[i] = row.exactVector(width);
            width = out[i].length;
        }
        return out;
    }

    /** A rectangular matrix of finite numbers. */
    public double[][] matrix(int rows, int cols) {
        BigFraction[][] m = exactMatrix(rows, cols);
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = ExactNumbers.toDoubles(m[i]);
        }
        return out;
    }

    /** Fails if an exact value rounds to an infinite double. */
    void checkRange(BigFraction v) {
        if (!Double.isFinite(v.doubleValue())) {
            throw fail("a finite number (within the range of doubles)");
        }
    }
}
