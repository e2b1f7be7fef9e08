package org.implicitbias.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.implicitbias.model.InvalidInputException;

/**
 * The one place where Jackson is configured: every file the tool reads (JSON problem files and
 * counterexamples, YAML specs) goes through {@link #parse}/{@link #parseYaml}, and every JSON it
 * writes through {@link #write} or {@link #writeRecord}.
 *
 * <p>Reading, identical for JSON and YAML: floats become exact {@link java.math.BigDecimal}s (so
 * {@code 0.1} is one tenth, not its double; {@link Node} then caps exponents and digits); a key that
 * appears twice in one object is bad input (one line naming the key, the place and the file, never a
 * silent "last one wins"); anything after the top-level value is bad input; every syntax or file error
 * is an {@link InvalidInputException} naming the file, line and column.
 */
public final class Json {
    private static final ObjectMapper JSON = reading(JsonMapper.builder()).build();

    /** The YAML reader, built on first use: commands that read no spec do not load the YAML parser. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = reading(YAMLMapper.builder()).build();
    }

    private static final ObjectMapper WRITER = JsonMapper.builder().build();

    /** Indented output with {@code "key": value} (no space before the colon). */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    /** Jackson's message for a key given twice (both the stream check and the tree check word it so). */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '([^']*)'");

    private Json() {
    }

    /**
     * The reading configuration, shared by the JSON and the YAML mapper. Floats keep their exact value as
     * big decimals; trees drop their trailing zeros ({@code 1.0e-6} is stored as {@code 1E-6}),
     * which changes no value and keeps the settings that counterexample names hash in one spelling.
     */
    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B reading(B builder) {
        return builder.enable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** A fresh empty object node for output. */
    public static ObjectNode object() {
        return WRITER.createObjectNode();
    }

    /** A fresh empty array node for output. */
    public static ArrayNode array() {
        return WRITER.createArrayNode();
    }

    /** Puts {@code key: v}, or {@code key: null} when v is NaN or infinite (JSON has no such numbers). */
    public static void putFinite(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** The entries of v as a JSON array, each NaN or infinite one as null. */
    public static ArrayNode finiteArray(double[] v) {
        ArrayNode a = WRITER.getNodeFactory().arrayNode(v.length);
        for (double x : v) {
            if (Double.isFinite(x)) {
                a.add(x);
            } else {
                a.addNull();
            }
        }
        return a;
    }

    /** The indented JSON text of a tree, as the commands print it ({@code "key": value}). */
    public static String write(JsonNode node) {
        try {
            return WRITER.writer(PRETTY).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The indented JSON text of a tree in the layout of the files the tool keeps (counterexamples, the
     * {@code check --json} report): Jackson's default indentation ({@code "key" : value}). Counterexample
     * names hash these bytes, so this layout stays as it is.
     */
    public static String writeRecord(JsonNode node) {
        try {
            return WRITER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Reads a JSON file into a tree. */
    public static JsonNode read(Path file) {
        return parse(text(file), file.toString());
    }

    /** Reads a YAML file (a spec) into a tree, with the same exact numbers and error messages. */
    public static JsonNode readYaml(Path file) {
        return parseYaml(text(file), file.toString());
    }

    /**
     * Reads the value at the parser's current token as a tree with the reading configuration (exact numbers,
     * duplicate keys refused); the fast matrix reader hands the rest of a problem file here.
     */
    static JsonNode readValue(com.fasterxml.jackson.core.JsonParser parser) throws IOException {
        JsonNode node = JSON.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readValue(parser);
        return node == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node;
    }

    /** The text of a file, as {@link #read} reads it (a missing or unreadable file is bad input naming it). */
    public static String text(Path file) {
        return readFile(file, Files::readString);
    }

    /** The bytes of a file, undecoded (a missing or unreadable file is bad input naming it, as in {@link #text}). */
    public static byte[] bytes(Path file) {
        return readFile(file, Files::readAllBytes);
    }

    /** A way of reading a whole file. */
    @FunctionalInterface
    private interface FileReading<T> {
        T read(Path file) throws IOException;
    }

    private static <T> T readFile(Path file, FileReading<T> reading) {
        try {
            return reading.read(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Parses YAML text ({@code source} names it in messages). */
    public static JsonNode parseYaml(String text, String source) {
        return parse(Yaml.MAPPER, "YAML", text, source);
    }

    /**
     * Parses JSON text.
     *
     * @param source the name of the text for messages (a file name)
     */
    public static JsonNode parse(String text, String source) {
        return parse(JSON, "JSON", text, source);
    }

    private static JsonNode parse(ObjectMapper mapper, String format, String text, String source) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode() || node.isNull()) {
                throw new InvalidInputException(source, "is empty, expected a " + format + " object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            Matcher dup = DUPLICATE.matcher(message);
            if (dup.find()) {
                String parent = e.getProcessor() instanceof JsonParser p ? dotted(p.getParsingContext()) : "";
                throw new InvalidInputException(source, "duplicate key '" + dup.group(1) + "'"
                        + (parent.isEmpty() ? "" : " in " + parent) + where + ", expected each key once per object");
            }
            int eol = message.indexOf('\n');
            String firstLine = eol < 0 ? message : message.substring(0, eol);
            throw new InvalidInputException(source, "is not valid " + format + where + ": " + firstLine.trim());
        }
    }

    /** The dotted path of a parsing context ({@code data.instances[0]}); empty at the top level. */
    private static String dotted(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            JsonStreamContext parent = c.getParent();
            if (parent != null && parent.inArray()) {
                parts.push("[" + parent.getCurrentIndex() + "]");
            } else if (parent != null && parent.inObject() && parent.getCurrentName() != null) {
                parts.push("." + parent.getCurrentName());
            }
        }
        String s = String.join("", parts);
        return s.startsWith(".") ? s.substring(1) : s;
    }
}
