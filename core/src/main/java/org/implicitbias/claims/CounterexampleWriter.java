package org.implicitbias.claims;

import org.implicitbias.model.AtomicFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.io.Json;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;

/**
 * Writes a refuting run as a counterexample file ({@code counterexamples/<claim-id>-<hash>.json}).
 *
 * <p>The file holds everything needed to replay the run: the exact instance (rationals as strings),
 * the start, the loss, the algorithm with its hyperparameters, the claim, tolerances and budget as
 * they stood at the run's grid point, the observed limit, the reference with its certificate level,
 * the measured gap with its error bounds, the instance's seed and the versions. The name is stable:
 * the claim id and the first 12 hex digits of the SHA-256 of the instance and settings, so the same
 * counterexample found twice is one file. Files are written atomically ({@link AtomicFiles}).
 */
public final class CounterexampleWriter {
    /** The format tag of counterexample files. */
    public static final String FORMAT = "implicit-bias-counterexample/1";


    private final Path dir;

    /** @param dir the folder counterexamples go to (created when the first one is written) */
    public CounterexampleWriter(Path dir) {
        this.dir = dir;
    }

    /** Writes the counterexample of a refuting run and returns its path. */
    public Path write(ClaimSpec spec, RunResult run) throws IOException {
        String text = Json.writeRecord(document(spec, run));
        Path target = dir.resolve(name((ObjectNode) Json.parse(text, "counterexample")));
        AtomicFiles.write(target, text + "\n");
        return target;
    }

    /** The stable file name of a run's counterexample. */
    public static String name(ClaimSpec spec, RunResult run) {
        return name((ObjectNode) Json.parse(Json.writeRecord(document(spec, run)), "counterexample"));
    }

    /**
     * The file name a counterexample document must have: {@code <claim>-<hash>.json}, the hash (SHA-256, first 12
     * hex digits) taken over its exact instance (without label and seed), start and settings, as the file reads
     * back; so {@code replay} can tell a file whose content does not match its name.
     */
    public static String name(ObjectNode document) {
        ObjectNode inst = ((ObjectNode) document.path("instance")).deepCopy();
        inst.remove("label");
        inst.remove("seed");
        return name(document.path("claim").asText(), inst, document.get("w0"), document.get("settings"));
    }

    private static String name(String claim, JsonNode instance, JsonNode w0, JsonNode settings) {
        ObjectNode key = Json.object();
        key.set("instance", instance);
        key.set("w0", w0);
        key.set("settings", settings);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(Json.writeRecord(key).getBytes(StandardCharsets.UTF_8));
            return claim + "-" + HexFormat.of().formatHex(h).substring(0, 12) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON document of a counterexample. */
    public static ObjectNode document(ClaimSpec spec, RunResult run) {
        RunPlan plan = run.plan();
        ObjectNode doc = Json.object();
        doc.put("format", FORMAT);
        doc.put("claim", spec.id());
        doc.put("title", spec.title());
        doc.put("expect", spec.expect().label());
        doc.put("verdict", run.verdict().label());
        doc.put("spec", spec.file().toString().replace('\\', '/'));
        ObjectNode inst = instance(plan.instance());
        inst.put("label", plan.instance().label());
        inst.put("seed", plan.instance().seed());
        doc.set("instance", inst);
        doc.set("w0", exactVector(plan.w0()));
        ObjectNode grid = doc.putObject("grid-point");
        for (Map.Entry<String, String> a : plan.assignment().entrySet()) {
            grid.put(a.getKey(), a.getValue());
        }
        doc.set("settings", settings(plan));
        ObjectNode obs = doc.putObject("observed");
        obs.put("limit-kind", plan.target().limit().label());
        if (run.estimate() != null) {
            obs.set("limit", numbers(run.estimate()));
        }
        obs.put("iterations", run.iterations());
        putNumber(obs, "tail-movement", run.tailMovement());
        ObjectNode ref = doc.putObject("reference");
        if (plan.target().reference() != null) {
            ref.put("kind", plan.target().reference().kind());
        }
        if (run.reference() != null) {
            ref.set("point", numbers(run.reference()));
        }
        ref.put("certificate-level", run.level().label());
        ObjectNode gap = doc.putObject("gap");
        gap.put("measure", run.measure().label());
        putNumber(gap, "value", run.distance());
        putNumber(gap, "tolerance", run.tolerance());
        putNumber(gap, "error-bound", run.errorBound());
        doc.put("reason", run.reason());
        doc.put("seed", plan.instance().seed());
        ObjectNode v = doc.putObject("versions");
        v.put("implicit-bias-oracle", version());
        v.put("java", System.getProperty("java.specification.version"));
        return doc;
    }

    private static ObjectNode settings(RunPlan plan) {
        ObjectNode s = Json.object();
        for (String k : new String[]{"loss", "init", "algorithm", "claim", "tolerance", "budget"}) {
            JsonNode v = plan.setting().get(k);
            if (v != null) {
                s.set(k, v.deepCopy());
            }
        }
        return s;
    }

    private static ObjectNode instance(Instance inst) {
        return exactInstance(inst.data(), inst.size());
    }

    /**
     * A literal instance node {@code {X: [[...]], y: [...]}} (or {@code Xs} for matrix data of size
     * {@code matrixSize > 0}) with every number as an exact rational string.
     */
    public static ObjectNode exactInstance(Dataset data, int matrixSize) {
        ObjectNode o = Json.object();
        BigFraction[][] x = data.exactX();
        if (matrixSize > 0) {
            ArrayNode xs = o.putArray("Xs");
            for (BigFraction[] row : x) {
                ArrayNode mat = xs.addArray();
                for (int i = 0; i < matrixSize; i++) {
                    ArrayNode r = mat.addArray();
                    for (int j = 0; j < matrixSize; j++) {
                        r.add(ExactNumbers.format(row[i * matrixSize + j]));
                    }
                }
            }
        } else {
            ArrayNode xa = o.putArray("X");
            for (BigFraction[] row : x) {
                ArrayNode r = xa.addArray();
                for (BigFraction v : row) {
                    r.add(ExactNumbers.format(v));
                }
            }
        }
        ArrayNode y = o.putArray("y");
        for (BigFraction v : data.exactY()) {
            y.add(ExactNumbers.format(v));
        }
        return o;
    }

    /** The exact values of the doubles, as rational strings. */
    static ArrayNode exactVector(double[] w) {
        ArrayNode a = Json.array();
        for (double v : w) {
            a.add(ExactNumbers.format(ExactNumbers.ofDouble(v)));
        }
        return a;
    }

    private static ArrayNode numbers(double[] w) {
        ArrayNode a = Json.array();
        for (double v : w) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.add(Double.toString(v));
            }
        }
        return a;
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v > 0 ? "inf" : "-inf");
        }
    }

    /** The project's version, from the jar's Maven descriptor ("development" when run from classes). */
    public static String version() {
        try (InputStream in = CounterexampleWriter.class.getResourceAsStream(
                "/META-INF/maven/org.implicitbias/implicit-bias-oracle/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                return p.getProperty("version", "development");
            }
        } catch (IOException e) {
            return "development";
        }
        return "development";
    }
}
