package org.implicitbias.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;

/**
 * The fast path of reading a problem file: the matrix {@code X}, by far its largest part, is read as
 * doubles straight from the token stream (each the double nearest to the decimal written, the same as
 * the exact reading rounds to), and every other key as the usual exact tree. The exact rationals of X
 * are not formed here: {@link ProblemReader} builds them from the text only when a certificate or an
 * exact check asks for them.
 *
 * <p>The fast path accepts only what the exact reading would accept with the same meaning: a top-level
 * object with a rectangular {@code X} of plain JSON numbers whose text is short ({@value #SHORT} characters
 * or fewer: then a number the exact reader refuses for its size, beyond {@code 1e400} or below
 * {@code 1e-400}, is exactly one whose double is infinite or a zero that is not written as zero) and no
 * {@code Xs}. Anything else (strings such as {@code "1/3"} in X, syntax errors, duplicate keys) returns
 * null, and the caller reads the file the exact way, with its messages.
 */
final class FastMatrixReader {
    /** Longest number text taken by the fast path. */
    static final int SHORT = 30;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The file's tree without X, and X as doubles. */
    static final class Result {
        private final JsonNode rest;
        private final double[] x;
        private final int n;
        private final int d;

        Result(JsonNode rest, double[] x, int n, int d) {
            this.rest = rest;
            this.x = x;
            this.n = n;
            this.d = d;
        }

        public JsonNode rest() {
            return rest;
        }

        public double[] x() {
            return x;
        }

        public int n() {
            return n;
        }

        public int d() {
            return d;
        }

        @Override
        public String toString() {
            return "Result[rest=" + rest
                    + ", x=" + Arrays.toString(x)
                    + ", n=" + n
                    + ", d=" + d + "]";
        }
    }

    private FastMatrixReader() {
    }

    /** The fast reading of a problem text, or null when it must be read the exact way. */
    static Result read(String text) {
        return read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The fast reading of a problem file's bytes (UTF-8), or null when it must be read the exact way. The
     * bytes go to Jackson's byte parser as they are: no text is decoded or copied for the numbers of X.
     */
    static Result read(byte[] utf8) {
        if (!plainUtf8Object(utf8)) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(utf8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode rest = Json.object();
            double[] x = null;
            int n = 0;
            int d = -1;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (key.equals("Xs")) {
                    return null;
                }
                p.nextToken();
                if (key.equals("X")) {
                    Matrix m = matrix(p);
                    if (m == null) {
                        return null;
                    }
                    x = m.values;
                    n = m.rows;
                    d = m.cols;
                } else {
                    rest.set(key, Json.readValue(p));
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || x == null) {
                return null;
            }
            return new Result(rest, x, n, d);
        } catch (IOException | RuntimeException e) {
            return null; // the exact reading reports it
        }
    }

    private static final class Matrix {
        private final double[] values;
        private final int rows;
        private final int cols;

        Matrix(double[] values, int rows, int cols) {
            this.values = values;
            this.rows = rows;
            this.cols = cols;
        }
    }

    /**
     * Whether the bytes open, after ASCII white space, with {@code {} followed by a byte that is not 0: UTF-8
     * without a byte-order mark, as the exact reading decodes it. Jackson's byte parser would also take
     * UTF-16 and UTF-32 or skip a mark; such files go the exact way, with its messages.
     */
    private static boolean plainUtf8Object(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i < b.length && b[i] == '{' && (i + 1 == b.length || b[i + 1] != 0);
    }

    /** A non-empty rectangular array of arrays of short plain numbers, row-major; null otherwise. */
    private static Matrix matrix(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return null;
        }
        double[] v = new double[1024];
        int size = 0;
        int rows = 0;
        int cols = -1;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
            int count = 0;
            while ((t = p.nextToken()) == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                if (p.getTextLength() > SHORT) {
                    return null;
                }
                double value = p.getDoubleValue();
                if (!Double.isFinite(value) || (value == 0 && !writtenZero(p))) {
                    return null;
                }
                if (size == v.length) {
                    v = Arrays.copyOf(v, v.length * 2);
                }
                v[size++] = value == 0 ? 0.0 : value; // -0 is the rational 0, whose double is +0
                count++;
            }
            if (t != JsonToken.END_ARRAY || count == 0 || (cols >= 0 && count != cols)) {
                return null;
            }
            cols = count;
            rows++;
        }
        if (t != JsonToken.END_ARRAY || rows == 0) {
            return null;
        }
        return new Matrix(size == v.length ? v : Arrays.copyOf(v, size), rows, cols);
    }

    /** Whether the number's digits before any exponent are all zeros (a zero, not an underflow). */
    private static boolean writtenZero(JsonParser p) throws IOException {
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        for (int i = off; i < off + len; i++) {
            char ch = c[i];
            if (ch == 'e' || ch == 'E') {
                break;
            }
            if (ch >= '1' && ch <= '9') {
                return false;
            }
        }
        return true;
    }
}
