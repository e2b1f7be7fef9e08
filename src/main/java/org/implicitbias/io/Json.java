package org.implicitbias.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.implicitbias.model.InvalidInputException;

/**
 * The JSON reading and writing conventions of the tool's files.
 *
 * <p>Reading (JSON problem files, YAML specs) keeps every number exact (floats become {@link java.math.BigDecimal}, so {@code 0.1}
 * is one tenth, not its double), rejects duplicate keys and anything after the top-level value, and
 * turns every syntax or file error into an {@link InvalidInputException} naming the file, line and
 * column.
 */
public final class Json {
    private static final ObjectMapper READER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The YAML reader, built on first use: commands that read no spec do not load the YAML parser. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = YAMLMapper.builder()
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private static final ObjectMapper WRITER = JsonMapper.builder().build();

    /** Indented output with {@code "key": value} (no space before the colon). */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    private Json() {
    }

    /** A fresh empty object node for output. */
    public static com.fasterxml.jackson.databind.node.ObjectNode object() {
        return WRITER.createObjectNode();
    }

    /** The indented JSON text of a tree, for output. */
    public static String write(JsonNode node) {
        try {
            return WRITER.writer(PRETTY).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Reads a JSON file into a tree. */
    public static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot be read (" + e.getMessage() + ")");
        }
        return parse(text, file.toString());
    }

    /** Reads the value at the parser's current token as an exact tree (floats as big decimals). */
    static JsonNode readValue(com.fasterxml.jackson.core.JsonParser parser) throws IOException {
        JsonNode node = READER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readValue(parser);
        return node == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node;
    }

    /** The text of a file, with the messages of {@link #read(Path)}. */
    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Reads a YAML file (a spec) into a tree, with the same exact numbers and error messages. */
    public static JsonNode readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file.toString(), "no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot be read (" + e.getMessage() + ")");
        }
        return parseYaml(text, file.toString());
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
        return parse(READER, "JSON", text, source);
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
            throw new InvalidInputException(source, "is not valid " + format + where + ": " + e.getOriginalMessage());
        }
    }
}
