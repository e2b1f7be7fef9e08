package org.implicitbias.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;

/**
 * The fast path of reading a problem file: the matrix {@code X}, by far its largest part, is read as
 * doubles straight from the file's bytes (each the double nearest to the decimal written, the same as
 * the exact reading rounds to), and every other key as the usual exact tree. Measured on a 12 MB file
 * (600 x 1000) in a one-shot process, scanning the numbers' bytes directly takes about 60 ms where
 * Jackson's token stream took 80-110 ms: the stream copies every number's characters into its text
 * buffer before they are parsed. The exact rationals of X
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
    /**
     * Bytes from X's opening bracket to the end of the file from which X is read by two threads. Measured on
     * a 12 MB file (600 x 1000) in a one-shot {@code solve} on two cores: reading 0.35-0.42 s -> 0.28-0.36 s
     * (medians 0.39 and 0.33 over six interleaved runs), the whole process 0.47-0.56 s -> 0.39-0.49 s.
     */
    static final int PARALLEL_BYTES = 1 << 21;
    /** How far past the middle a row start is looked for. */
    static final int SPLIT_SEARCH_BYTES = 1 << 16;

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
     * top-level object is split into its keys and values by a scanner of its own; X's numbers go from the
     * bytes to doubles without a token stream, and every other value goes to Jackson's parser as the
     * slice of bytes it spans.
     */
    static Result read(byte[] utf8) {
        if (!plainUtf8Object(utf8)) {
            return null;
        }
        try {
            return new Scanner(utf8).document();
        } catch (IOException | RuntimeException e) {
            return null; // the exact reading reports it
        }
    }

    /** Not what the fast path takes: the caller reads the file the exact way. */
    private static final class NotFast extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFast() {
            super(null, null, false, false);
        }
    }

    /**
     * A scanner over the bytes of a problem file: JSON's grammar for the top-level object and for X (an
     * array of arrays of numbers), the extent of every other value (its own grammar is Jackson's to check).
     */
    private static final class Scanner {
        private final byte[] b;
        private int pos;
        /** The characters of one number, for the double parser. */
        private final char[] digits = new char[SHORT];

        Scanner(byte[] b) {
            this.b = b;
        }

        Result document() throws IOException {
            skipSpace();
            expect('{');
            ObjectNode rest = Json.object();
            java.util.Set<String> keys = new java.util.HashSet<>();
            double[] x = null;
            int n = 0;
            int d = -1;
            skipSpace();
            if (peek() != '}') {
                while (true) {
                    String key = key();
                    if (!keys.add(key) || key.equals("Xs")) {
                        throw new NotFast(); // a duplicate key, or matrix data: the exact reading
                    }
                    skipSpace();
                    expect(':');
                    skipSpace();
                    if (key.equals("X")) {
                        Rows m = matrix();
                        x = m.values();
                        n = m.rows();
                        d = m.cols();
                    } else {
                        int from = pos;
                        skipValue();
                        try (JsonParser p = FACTORY.createParser(b, from, pos - from)) {
                            p.nextToken();
                            rest.set(key, Json.readValue(p));
                            if (p.nextToken() != null) {
                                throw new NotFast();
                            }
                        }
                    }
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                        skipSpace();
                        continue;
                    }
                    break;
                }
            }
            expect('}');
            skipSpace();
            if (pos != b.length || x == null) {
                throw new NotFast();
            }
            return new Result(rest, x, n, d);
        }

        private int peek() {
            if (pos >= b.length) {
                throw new NotFast();
            }
            return b[pos];
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new NotFast();
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < b.length && isSpace(b[pos])) {
                pos++;
            }
        }

        /** A key without escapes or control characters (others go the exact way). */
        private String key() {
            expect('"');
            int from = pos;
            while (peek() != '"') {
                if (b[pos] == '\\' || (b[pos] >= 0 && b[pos] < 0x20)) {
                    throw new NotFast();
                }
                pos++;
            }
            String key = new String(b, from, pos - from, java.nio.charset.StandardCharsets.UTF_8);
            pos++;
            return key;
        }

        /** Past one value: a string, an object or array (brackets balanced outside strings), or a scalar. */
        private void skipValue() {
            int depth = 0;
            do {
                int c = peek();
                if (c == '"') {
                    pos++;
                    while (peek() != '"') {
                        pos += b[pos] == '\\' ? 2 : 1;
                    }
                    pos++;
                } else if (c == '{' || c == '[') {
                    depth++;
                    pos++;
                } else if (c == '}' || c == ']') {
                    if (--depth < 0) {
                        throw new NotFast();
                    }
                    pos++;
                } else if (depth == 0) {
                    // a scalar at the top: up to the next separator
                    while (pos < b.length && b[pos] != ',' && b[pos] != '}' && b[pos] != ']' && !isSpace(b[pos])) {
                        pos++;
                    }
                } else {
                    pos++;
                }
            } while (depth > 0);
        }

        /**
         * A non-empty rectangular array of arrays of short plain numbers, row-major. From
         * {@value #PARALLEL_BYTES} bytes on, a second thread reads the rows from the first row that starts
         * after the middle of the remaining bytes, while this one reads up to that row; if X ends before it
         * (the guess fell beyond X), this thread has read all of X and the other's rows are dropped. Either
         * way every number is parsed by the same code, so the doubles are the same.
         */
        private Rows matrix() {
            expect('[');
            int split = b.length - pos >= PARALLEL_BYTES && Runtime.getRuntime().availableProcessors() > 1
                    ? rowStartAfter(pos + (b.length - pos) / 2) : -1;
            if (split < 0) {
                return rows(-1);
            }
            Scanner second = new Scanner(b);
            second.pos = split;
            java.util.concurrent.CompletableFuture<Rows> tail = new java.util.concurrent.CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    tail.complete(second.rows(-1));
                } catch (Throwable e) {
                    // whatever it is, the first thread must not wait for ever
                    tail.completeExceptionally(e);
                }
            }, "matrix-reader");
            reader.setDaemon(true);
            reader.start();
            Rows head;
            Rows rest;
            try {
                head = rows(split);
            } finally {
                rest = tail.exceptionally(e -> null).join();
            }
            if (!head.stoppedAtSplit()) {
                return head; // the split point was past X
            }
            if (rest == null || rest.cols() != head.cols()) {
                throw new NotFast();
            }
            double[] v = Arrays.copyOf(head.values(), head.values().length + rest.values().length);
            System.arraycopy(rest.values(), 0, v, head.values().length, rest.values().length);
            pos = second.pos;
            return new Rows(v, head.rows() + rest.rows(), head.cols(), false);
        }

        /**
         * The position of the {@code [} of the first row of X that starts at or after {@code from} (a
         * {@code ]}, then a comma, then {@code [}, with white space between), or -1 when none is found soon
         * or a byte that X cannot hold comes first (then {@code from} is past X).
         */
        private int rowStartAfter(int from) {
            int end = Math.min(b.length, from + SPLIT_SEARCH_BYTES);
            for (int i = from; i < end; i++) {
                byte c = b[i];
                if (c == '"' || c == '{' || c == '}' || c == ':') {
                    return -1;
                }
                if (c == ']') {
                    int j = i + 1;
                    while (j < end && isSpace(b[j])) {
                        j++;
                    }
                    if (j == end || b[j] != ',') {
                        return -1; // the end of X
                    }
                    j++;
                    while (j < end && isSpace(b[j])) {
                        j++;
                    }
                    return j < end && b[j] == '[' ? j : -1;
                }
            }
            return -1;
        }

        /**
         * X's rows from here, each a non-empty array of short plain numbers of one length, separated by
         * commas, up to and including X's closing bracket; or, when a row starts at position {@code stop},
         * up to that row (not included).
         */
        private Rows rows(int stop) {
            double[] v = new double[1024];
            int size = 0;
            int rows = 0;
            int cols = -1;
            skipSpace();
            do {
                skipSpace();
                if (pos == stop) {
                    return new Rows(Arrays.copyOf(v, size), rows, cols, true);
                }
                expect('[');
                int count = 0;
                skipSpace();
                do {
                    skipSpace();
                    if (size == v.length) {
                        v = Arrays.copyOf(v, v.length * 2);
                    }
                    v[size++] = number();
                    count++;
                    skipSpace();
                } while (next(','));
                expect(']');
                if (cols >= 0 && count != cols) {
                    throw new NotFast();
                }
                cols = count;
                rows++;
                skipSpace();
            } while (next(','));
            expect(']');
            return new Rows(size == v.length ? v : Arrays.copyOf(v, size), rows, cols, false);
        }

        /** Consumes c if it comes next. */
        private boolean next(char c) {
            if (pos < b.length && b[pos] == c) {
                pos++;
                return true;
            }
            return false;
        }

        /**
         * A JSON number ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}) of at most {@value #SHORT}
         * characters, as the nearest double (Jackson's double parser, the same bits as its token stream
         * gives); a zero must be written as zero (all its digits before any exponent zeros), and the value
         * finite. -0 is read as +0, the double of the rational 0.
         */
        private double number() {
            int from = pos;
            boolean nonZeroDigit = false;
            next('-');
            int c = peek();
            if (c == '0') {
                pos++;
            } else if (c >= '1' && c <= '9') {
                nonZeroDigit = true;
                pos++;
                while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                    pos++;
                }
            } else {
                throw new NotFast();
            }
            if (next('.')) {
                int first = pos;
                while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                    nonZeroDigit |= b[pos] != '0';
                    pos++;
                }
                if (pos == first) {
                    throw new NotFast();
                }
            }
            if (pos < b.length && (b[pos] == 'e' || b[pos] == 'E')) {
                pos++;
                if (!next('+')) {
                    next('-');
                }
                int first = pos;
                while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                    pos++;
                }
                if (pos == first) {
                    throw new NotFast();
                }
            }
            int len = pos - from;
            if (len > SHORT) {
                throw new NotFast();
            }
            for (int i = 0; i < len; i++) {
                digits[i] = (char) b[from + i];
            }
            double value = NumberInput.parseDouble(digits, 0, len, true);
            if (!Double.isFinite(value) || (value == 0 && nonZeroDigit)) {
                throw new NotFast();
            }
            return value == 0 ? 0.0 : value;
        }
    }

    /**
     * Rows of X, row-major: their numbers, how many, their length, and whether the reading stopped at the row
     * where a second thread took over.
     */
    private record Rows(double[] values, int rows, int cols, boolean stoppedAtSplit) {
    }

    /** JSON's white space: space, tab, line feed, carriage return. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Whether the bytes open, after ASCII white space, with {@code {} followed by a byte that is not 0: UTF-8
     * without a byte-order mark, as the exact reading decodes it. Jackson's byte parser would also take
     * UTF-16 and UTF-32 or skip a mark; such files go the exact way, with its messages.
     */
    private static boolean plainUtf8Object(byte[] b) {
        int i = 0;
        while (i < b.length && isSpace(b[i])) {
            i++;
        }
        return i < b.length && b[i] == '{' && (i + 1 == b.length || b[i + 1] != 0);
    }
}
