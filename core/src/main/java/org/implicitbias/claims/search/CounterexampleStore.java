package org.implicitbias.claims.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.CounterexampleWriter;
import org.implicitbias.claims.RunPlan;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.io.Json;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * The reading side of the counterexample store ({@code counterexamples/*.json}, written by
 * {@link CounterexampleWriter}): each file becomes the claim bound to exactly its recorded run, or a
 * {@link Problem} that names the file and what is wrong with it. A corrupt or unreadable file never
 * stops the reading of the others.
 *
 * <p>A file is rebuilt into a one-instance spec: the recorded {@code settings} (loss, init, algorithm,
 * claim, tolerances, budget at the refuting grid point), the exact instance (rationals as strings), and
 * the recorded start: an {@code init} that depends on the instance's position ({@code random},
 * {@code random-positive}) is replaced by the recorded point {@code w0}, and the start the rebuilt spec
 * resolves must equal the recorded one exactly. Claims with {@code invariant-over} compare runs across a
 * grid, which a file holds one point of; the other points come from the {@code vary:} section of the
 * spec file the counterexample names (a Problem if it cannot be read).
 */
public final class CounterexampleStore {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CounterexampleStore() {
    }

    /** One stored counterexample, or why it cannot be used. */
    public sealed interface Entry permits Loaded, Problem {
        Path file();
    }

    /**
     * A readable counterexample.
     *
     * @param file      the file
     * @param document  its JSON
     * @param spec      the claim bound to the recorded instance and settings (one run, or one grid for invariance)
     * @param measure   the recorded measure of the gap
     * @param gap       the recorded gap
     */
    public record Loaded(Path file, ObjectNode document, ClaimSpec spec, String measure, double gap) implements Entry {
        public String claim() {
            return spec.id();
        }
    }

    /**
     * A file that cannot be replayed.
     *
     * @param file    the file
     * @param message one line: what is wrong (not JSON, a missing field, data outside the claim's preconditions)
     */
    public record Problem(Path file, String message) implements Entry {
    }

    /**
     * The counterexample files under the given paths: a folder contributes its {@code *.json} files
     * (not recursively, in name order), a file itself.
     *
     * @throws InvalidInputException if a path does not exist
     */
    public static List<Path> files(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new InvalidInputException("PATH", p, "a readable folder (" + e.getMessage() + ")");
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new InvalidInputException("PATH", p, "an existing counterexample file or folder");
            }
        }
        return out;
    }

    /** Reads every file; never throws for a bad file. */
    public static List<Entry> read(List<Path> files) {
        List<Entry> out = new ArrayList<>();
        for (Path f : files) {
            out.add(read(f));
        }
        return out;
    }

    /** Reads one file into a replayable claim, or a Problem. */
    public static Entry read(Path file) {
        JsonNode doc;
        try {
            doc = Json.read(file);
        } catch (InvalidInputException e) {
            // Json names the file as the field; the Problem names it already
            return new Problem(file, e.getMessage().substring(e.field().length() + 2));
        }
        try {
            return load(file, doc);
        } catch (InvalidInputException e) {
            return new Problem(file, e.getMessage());
        } catch (SpecLoader.SpecException | Tampered e) {
            return new Problem(file, e.getMessage());
        } catch (RuntimeException e) {
            return new Problem(file, "cannot rebuild the run (" + e + ")");
        }
    }

    private static Loaded load(Path file, JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new InvalidInputException("counterexample", doc == null ? "nothing" : doc.getNodeType(), "a JSON object");
        }
        String format = text(doc, "format");
        if (!format.equals(CounterexampleWriter.FORMAT)) {
            throw new InvalidInputException("format", format, CounterexampleWriter.FORMAT);
        }
        String claim = text(doc, "claim");
        JsonNode settings = object(doc, "settings");
        JsonNode instance = object(doc, "instance");
        JsonNode w0 = doc.get("w0");
        if (w0 == null || !w0.isArray()) {
            throw new InvalidInputException("w0", w0, "a list of exact numbers");
        }
        JsonNode gap = object(doc, "gap");
        String measure = text(gap, "measure");
        JsonNode gv = gap.get("value");
        if (gv == null || !gv.isNumber()) {
            throw new InvalidInputException("gap.value", gv, "a number");
        }

        ObjectNode tree = NODES.objectNode();
        tree.put("id", claim);
        tree.put("title", doc.path("title").asText(claim));
        tree.put("expect", text(doc, "expect"));
        ObjectNode lit = NODES.objectNode();
        for (String k : new String[]{"X", "Xs", "y"}) {
            if (instance.has(k)) {
                lit.set(k, instance.get(k).deepCopy());
            }
        }
        tree.putObject("data").putArray("instances").add(lit);
        settings.fields().forEachRemaining(e -> tree.set(e.getKey(), e.getValue().deepCopy()));
        String initKind = settings.path("init").path("kind").asText("");
        if (initKind.startsWith("random")) {
            ObjectNode init = tree.putObject("init");
            init.put("kind", "point");
            init.set("w", w0.deepCopy());
        }
        Path specFile = specFile(doc, claim);
        if (settings.path("claim").has("invariant-over")) {
            tree.set("vary", varyOf(specFile));
        }
        ClaimSpec spec = SpecLoader.parse(specFile, tree);
        double[] recorded = new double[w0.size()];
        for (int j = 0; j < recorded.length; j++) {
            recorded[j] = ExactNumbers.parse("w0[" + j + "]", w0.get(j).asText()).doubleValue();
        }
        for (RunPlan p : spec.runs()) {
            if (!java.util.Arrays.equals(p.w0(), recorded)) {
                throw new InvalidInputException("w0", java.util.Arrays.toString(recorded),
                        "the start the settings give (" + java.util.Arrays.toString(p.w0()) + ")");
            }
        }
        String expected = CounterexampleWriter.name((ObjectNode) doc);
        if (!file.getFileName().toString().equals(expected)) {
            throw new Tampered("tampered: the file's name does not match the hash of its instance, start and settings"
                    + " (they give " + expected + "); it was edited or renamed after it was recorded");
        }
        return new Loaded(file, (ObjectNode) doc, spec, measure, gv.asDouble());
    }

    /** A counterexample whose content does not match its name. */
    static final class Tampered extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Tampered(String message) {
            super(message);
        }
    }

    /** The spec file named by the document when its name fits the claim, else {@code <claim>.yaml}. */
    private static Path specFile(JsonNode doc, String claim) {
        String named = doc.path("spec").asText("");
        if (!named.isEmpty()) {
            Path p = Path.of(named);
            if (p.getFileName() != null && p.getFileName().toString().replaceFirst("\\.ya?ml$", "").equals(claim)) {
                return p;
            }
        }
        return Path.of(claim + ".yaml");
    }

    private static JsonNode varyOf(Path specFile) {
        if (!Files.isRegularFile(specFile)) {
            throw new InvalidInputException("spec", specFile,
                    "the readable spec file of this invariance claim (its vary: section gives the runs to compare)");
        }
        JsonNode vary = ClaimBinding.read(specFile).tree().get("vary");
        if (vary == null || !vary.isObject()) {
            throw new InvalidInputException("spec", specFile, "a spec with a vary: section (the runs to compare)");
        }
        return vary;
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new InvalidInputException(key, v, "a non-empty string");
        }
        return v.asText();
    }

    private static JsonNode object(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isObject()) {
            throw new InvalidInputException(key, v, "an object");
        }
        return v;
    }
}
