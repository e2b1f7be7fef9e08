package org.implicitbias.optim.external;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;

/**
 * The messages of the external-optimizer protocol, version {@value #VERSION}: JSON lines (UTF-8, one
 * JSON object per line).
 * <ol>
 * <li>oracle to optimizer, once: {@code {"protocol": 1, "X": [[...]], "y": [...], "loss": L, "w0": [...]}},
 *     numbers as JSON doubles, L as in a problem file ({@code "squared"}, {@code {"kind": "huber",
 *     "delta": 1}}, {@code "exponential"}, {@code "logistic"}); for matrix data X holds the flattened
 *     rows and {@code "shape": [r, c]} their shape;</li>
 * <li>oracle to optimizer: {@code {"advance": k}} (k >= 1); the optimizer takes k more steps and answers
 *     one line {@code {"t": <steps so far>, "w": [...]}}, optionally with {@code "loss": x};</li>
 * <li>oracle to optimizer: {@code {"stop": true}}, then its stdin closes and it exits.</li>
 * </ol>
 * An answer that is not one JSON object, lacks {@code t} or {@code w}, has {@code t} other than the
 * previous t plus k, a {@code w} of another length or with an entry that is not a finite number, or a
 * {@code loss} that is not a finite number, is a {@link Violation}. Other keys are ignored.
 */
public final class Protocol {
    /** The protocol version sent in the first message. */
    public static final int VERSION = 1;
    /** The last message. */
    public static final String STOP = "{\"stop\": true}";
    /** How many characters of an offending line a reason quotes. */
    static final int QUOTE_CHARS = 200;

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper WRITER = new ObjectMapper();

    private Protocol() {
    }

    /** A broken answer. {@code nonFinite} marks a NaN or infinite number (a diverging run). */
    public static final class Violation extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean nonFinite;

        Violation(String message, boolean nonFinite) {
            super(message);
            this.nonFinite = nonFinite;
        }

        public boolean nonFinite() {
            return nonFinite;
        }
    }

    /** A valid answer: the step count and the iterate (and the optimizer's own loss, NaN when not sent). */
    public static final class Answer {
        private final long t;
        private final double[] w;
        private final double loss;

        public Answer(long t, double[] w, double loss) {
            this.t = t;
            this.w = w;
            this.loss = loss;
        }

        public long t() {
            return t;
        }

        public double[] w() {
            return w;
        }

        public double loss() {
            return loss;
        }

        /** Equal when every component is, arrays compared by their contents. */
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Answer other
                    && t == other.t
                    && Arrays.equals(w, other.w)
                    && Double.compare(loss, other.loss) == 0);
        }

        @Override
        public int hashCode() {
            return Objects.hash(t, Arrays.hashCode(w), loss);
        }

        @Override
        public String toString() {
            return "Answer[t=" + t
                    + ", w=" + Arrays.toString(w)
                    + ", loss=" + loss + "]";
        }
    }

    /** {@code {"advance": k}}. */
    public static String advance(long k) {
        return "{\"advance\": " + k + "}";
    }

    /**
     * The first message.
     *
     * @param rows for matrix data the shape of each flattened {@code X_n} (rows x cols), else 0
     */
    public static String problem(Dataset data, Loss loss, double[] w0, int rows, int cols) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = WRITER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("protocol", VERSION);
            g.writeArrayFieldStart("X");
            int d = data.d();
            double[] x = data.rowMajor();
            for (int i = 0; i < data.n(); i++) {
                g.writeArray(x, i * d, d);
            }
            g.writeEndArray();
            if (rows > 0) {
                g.writeArrayFieldStart("shape");
                g.writeNumber(rows);
                g.writeNumber(cols);
                g.writeEndArray();
            }
            g.writeFieldName("y");
            g.writeArray(data.y(), 0, data.n());
            g.writeFieldName("loss");
            writeLoss(g, loss);
            g.writeFieldName("w0");
            g.writeArray(w0, 0, w0.length);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeLoss(JsonGenerator g, Loss loss) throws IOException {
        if (loss instanceof Loss.Huber h) {
            g.writeStartObject();
            g.writeStringField("kind", "huber");
            g.writeNumberField("delta", h.delta());
            g.writeEndObject();
        } else {
            g.writeString(loss.name());
        }
    }

    /**
     * Reads the answer to {@code {"advance": k}}.
     *
     * @param line      the line received
     * @param d         the length w must have
     * @param expectedT the step count the answer must report (the previous one plus k)
     */
    public static Answer answer(String line, int d, long expectedT) throws Violation {
        JsonNode node;
        try {
            node = READER.readTree(line);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            int eol = why.indexOf('\n');
            throw new Violation("answered with a line that is not JSON: " + quote(line) + " ("
                    + (eol < 0 ? why : why.substring(0, eol)) + ")", false);
        }
        if (node == null || !node.isObject()) {
            throw new Violation("answered with a line that is not a JSON object: " + quote(line), false);
        }
        JsonNode t = node.get("t");
        if (t == null || !integral(t)) {
            throw new Violation("answered without an integer \"t\" (the steps taken so far): " + quote(line), false);
        }
        if (t.asLong() != expectedT) {
            throw new Violation("answered t = " + t.asText() + ", expected t = " + expectedT + ": " + quote(line), false);
        }
        JsonNode w = node.get("w");
        if (w == null || !w.isArray()) {
            throw new Violation("answered without a list \"w\" (the iterate): " + quote(line), false);
        }
        if (w.size() != d) {
            throw new Violation("answered a w with " + w.size() + " entries, expected " + d
                    + " (the number of columns of X): " + quote(line), false);
        }
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            JsonNode v = w.get(j);
            if (!v.isNumber()) {
                throw new Violation("answered w[" + j + "] = " + v + ", expected a number: " + quote(line), false);
            }
            out[j] = v.asDouble();
            if (!Double.isFinite(out[j])) {
                throw new Violation("answered a non-finite w[" + j + "] = " + v.asText() + " at t = " + expectedT
                        + ": " + quote(line), true);
            }
        }
        double loss = Double.NaN;
        JsonNode l = node.get("loss");
        if (l != null && !l.isNull()) {
            if (!l.isNumber()) {
                throw new Violation("answered loss = " + l + ", expected a number: " + quote(line), false);
            }
            loss = l.asDouble();
            if (!Double.isFinite(loss)) {
                throw new Violation("answered a non-finite loss = " + l.asText() + " at t = " + expectedT + ": "
                        + quote(line), true);
            }
        }
        return new Answer(expectedT, out, loss);
    }

    private static boolean integral(JsonNode t) {
        if (t.isIntegralNumber()) {
            return t.canConvertToLong();
        }
        return t.isNumber() && Double.isFinite(t.asDouble()) && t.asDouble() == Math.rint(t.asDouble())
                && Math.abs(t.asDouble()) < 0x1p53;
    }

    /** The line as a JSON string literal, cut to {@value #QUOTE_CHARS} characters. */
    static String quote(String line) {
        if (line.length() <= QUOTE_CHARS) {
            return new TextNode(line).toString();
        }
        return new TextNode(line.substring(0, QUOTE_CHARS)).toString() + "... (" + line.length() + " characters)";
    }
}
