package org.implicitbias.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.io.CertificateJson;
import org.implicitbias.io.Json;
import org.implicitbias.model.AtomicFiles;
import org.implicitbias.model.Dataset;
import org.implicitbias.oracle.Reference;
import org.implicitbias.oracle.certify.Certifier;
import org.implicitbias.oracle.certify.SmtOutcome;

/**
 * Golden reference solutions: for every instance of every checked claim and every distinct reference
 * program of its runs ({@link Target#reference()}), the certified outcome written as
 * {@code <dir>/<claim-id>/<instance-label>[-<hash>].json} and its proofs' SMT-LIB queries as
 * {@code <dir>/<claim-id>/<same stem>-<proof>-<role>-<query>-<name>.smt2}.
 *
 * <p>The JSON is {@link CertificateJson#write} of the outcome without timing details (keys naming
 * seconds or milliseconds), plus {@code claim}, {@code instance} and {@code problem}: a problem file
 * ({@link org.implicitbias.io.ProblemReader}) with the exact data as rational strings ({@code X}, or
 * {@code Xs} for the nuclear program), {@code y}, the exact value of the start {@code w0} (min-bregman,
 * min-norm) and the {@code reference}; from it the program can be solved again. The {@code -<hash>}
 * suffix (8 hex digits of SHA-256 of the reference and start) is added only when an instance has
 * several programs. Names and contents are deterministic; files are written atomically, and stale
 * files of a rewritten claim folder are removed.
 */
public final class GoldenReferenceFiles {
    private GoldenReferenceFiles() {
    }

    /** The reference in the problem-file vocabulary ({@link org.implicitbias.io.Vocabulary#reference}). */
    public static ObjectNode referenceJson(Reference ref) {
        ObjectNode o = Json.object();
        o.put("kind", ref.kind());
        if (ref instanceof Reference.MinBregman mb) {
            o.set("potential", potentialJson(mb.potential()));
            if (mb.simplex()) {
                o.put("constraint", "simplex");
            }
        } else if (ref instanceof Reference.NormProgram mn) {
            o.set("norm", normJson(mn.norm()));
        } else if (ref instanceof Reference.MaxMargin mm) {
            o.set("norm", normJson(mm.norm()));
        }
        return o;
    }

    private static JsonNode potentialJson(Potential psi) {
        ObjectNode o = Json.object();
        if (psi instanceof Potential.SquaredL2) {
            o.put("kind", "squared-l2");
        } else if (psi instanceof Potential.Entropy) {
            o.put("kind", "entropy");
        } else if (psi instanceof QuadraticPotential q) {
            o.put("kind", "quadratic");
            o.set("D", matrix(q.form().matrix()));
        } else if (psi instanceof Potential.SquaredLp s) {
            o.put("kind", "squared-lp");
            o.put("p", s.p());
        } else if (psi instanceof Potential.LpPower s) {
            o.put("kind", "lp-power");
            o.put("p", s.p());
        } else if (psi instanceof Potential.Hypentropy h) {
            o.put("kind", "hypentropy");
            o.put("beta", h.beta());
        } else {
            throw new IllegalArgumentException("no problem-file form for the potential " + psi.name());
        }
        return o;
    }

    private static JsonNode normJson(Norm norm) {
        ObjectNode o = Json.object();
        if (norm instanceof Norm.L1) {
            o.put("kind", "l1");
        } else if (norm instanceof Norm.L2) {
            o.put("kind", "l2");
        } else if (norm instanceof Norm.LInf) {
            o.put("kind", "linf");
        } else if (norm instanceof Norm.Nuclear) {
            o.put("kind", "nuclear");
        } else if (norm instanceof Norm.Lp lp) {
            o.put("kind", "lp");
            o.put("p", lp.p());
        } else if (norm instanceof QuadraticNorm q) {
            o.put("kind", "quadratic");
            o.set("D", matrix(q.form().matrix()));
        } else {
            throw new IllegalArgumentException("no problem-file form for the norm " + norm.name());
        }
        return o;
    }

    private static ArrayNode matrix(double[][] m) {
        ArrayNode a = Json.object().arrayNode();
        for (double[] row : m) {
            ArrayNode r = a.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        return a;
    }

    /**
     * The program as a problem file: exact data, exact start (when given) and the reference.
     *
     * @param w0 the start, or null for the margin programs
     */
    public static ObjectNode problemJson(Reference ref, Dataset data, double[] w0) {
        ObjectNode o = CounterexampleWriter.exactInstance(data,
                ref instanceof Reference.MaxMarginNuclear nu ? nu.size() : 0);
        if (w0 != null) {
            o.set("w0", CounterexampleWriter.exactVector(w0));
        }
        o.set("reference", referenceJson(ref));
        return o;
    }

    /**
     * The cache key of a program: the reference, then a SHA-256 digest of the exact data and the exact start
     * (null for margins): a data set's X kept as doubles by their bits, exact numbers by their reduced
     * numerators and denominators. Equal programs give equal keys (a program given once by doubles and once
     * by the same values as rationals gets two, and is solved twice), different ones different keys up to a
     * digest collision; it costs one pass over the data instead of the problem file's text (megabytes at a
     * few hundred thousand entries).
     */
    static String programKey(Reference ref, Dataset data, double[] w0) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        java.nio.ByteBuffer dims = java.nio.ByteBuffer.allocate(12).putInt(data.n()).putInt(data.d())
                .putInt(w0 == null ? -1 : w0.length);
        md.update(dims.array());
        if (data.hasExactValues()) {
            md.update((byte) 'Q');
            for (BigFraction[] row : data.exactX()) {
                for (BigFraction v : row) {
                    feed(md, v);
                }
            }
        } else {
            // X is its doubles: their bits are its exact values (no rationals to form)
            md.update((byte) 'D');
            feed(md, data.rowMajor());
        }
        for (BigFraction v : data.exactY()) {
            feed(md, v);
        }
        if (w0 != null) {
            feed(md, w0);
        }
        StringBuilder b = new StringBuilder(referenceJson(ref).toString()).append(ref instanceof Reference.MaxMarginNuclear ? " Xs " : " X ");
        for (byte x : md.digest()) {
            b.append(String.format(Locale.ROOT, "%02x", x));
        }
        return b.toString();
    }

    /** Feeds doubles by their bits, -0 as 0 (the same rational). */
    private static void feed(MessageDigest md, double[] values) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 * 1024);
        for (double v : values) {
            if (!buf.hasRemaining()) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putLong(Double.doubleToLongBits(v == 0 ? 0.0 : v));
        }
        md.update(buf.array(), 0, buf.position());
    }

    /** Feeds a rational as its reduced numerator and denominator, each length-prefixed. */
    private static void feed(MessageDigest md, BigFraction v) {
        BigFraction r = v.reduce();
        for (java.math.BigInteger part : new java.math.BigInteger[] {r.getNumerator(), r.getDenominator()}) {
            byte[] bytes = part.toByteArray();
            md.update((byte) (bytes.length >>> 24));
            md.update((byte) (bytes.length >>> 16));
            md.update((byte) (bytes.length >>> 8));
            md.update((byte) bytes.length);
            md.update(bytes);
        }
    }

    /** The outcome JSON with every timing detail removed (keys naming seconds or milliseconds). */
    public static ObjectNode stableOutcome(org.implicitbias.oracle.Outcome outcome) {
        ObjectNode o = CertificateJson.write(outcome);
        JsonNode cert = o.get("certificate");
        if (cert instanceof ObjectNode c) {
            for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                if (timing(it.next())) {
                    it.remove();
                }
            }
        }
        return o;
    }

    private static boolean timing(String key) {
        return key.contains("seconds") || key.contains("millis") || key.endsWith("-ms") || key.contains("time-");
    }

    /**
     * Writes the golden files of the checked claims under {@code dir} (see the class comment) and
     * returns the files written, in order. The programs come from the oracle's cache when the check
     * solved them.
     */
    public static List<Path> write(Path dir, List<ClaimResult> results, CertifiedReferences oracle) throws IOException {
        List<Path> written = new ArrayList<>();
        for (ClaimResult r : results) {
            String claim = r.spec().id();
            Path folder = dir.resolve(safe(claim));
            // instance label -> program key -> (reference, data, start)
            Map<String, Map<String, Program>> programs = new LinkedHashMap<>();
            for (RunResult run : r.runs()) {
                RunPlan plan = run.plan();
                if (plan.target() == null || plan.target().reference() == null) {
                    continue;
                }
                Reference ref = plan.target().reference();
                double[] start = CertifiedReferences.start(ref, plan.w0());
                Dataset data = plan.instance().data();
                programs.computeIfAbsent(plan.instance().label(), k -> new LinkedHashMap<>())
                        .putIfAbsent(programKey(ref, data, start), new Program(ref, data, start));
            }
            Set<Path> keep = new HashSet<>();
            for (Map.Entry<String, Map<String, Program>> inst : programs.entrySet()) {
                boolean several = inst.getValue().size() > 1;
                for (Program p : inst.getValue().values()) {
                    String stem = safe(inst.getKey()) + (several ? "-" + hash(p) : "");
                    CertifiedReferences.Entry e = oracle.certified(p.reference, p.data, p.start);
                    ObjectNode json = Json.object();
                    json.put("claim", claim);
                    json.put("instance", inst.getKey());
                    json.setAll(stableOutcome(e.outcome()));
                    json.set("problem", problemJson(p.reference, p.data, p.start));
                    Path file = folder.resolve(stem + ".json");
                    AtomicFiles.write(file, Json.write(json));
                    written.add(file);
                    keep.add(file);
                    List<Certifier.Step> steps = e.steps();
                    for (int i = 0; i < steps.size(); i++) {
                        Certifier.Step s = steps.get(i);
                        List<SmtOutcome> qs = s.proof().queries();
                        for (int k = 0; k < qs.size(); k++) {
                            Path q = folder.resolve(String.format(Locale.ROOT, "%s-%02d-%s-%02d-%s.smt2", stem, i + 1,
                                    s.role(), k + 1, safe(qs.get(k).query().name())));
                            AtomicFiles.write(q, qs.get(k).toSmtLib());
                            written.add(q);
                            keep.add(q);
                        }
                    }
                }
            }
            removeStale(folder, keep);
        }
        return written;
    }

    private static void removeStale(Path folder, Set<Path> keep) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> stale;
        try (Stream<Path> s = Files.list(folder)) {
            stale = s.filter(f -> (f.toString().endsWith(".json") || f.toString().endsWith(".smt2")) && !keep.contains(f))
                    .toList();
        }
        for (Path f : stale) {
            Files.deleteIfExists(f);
        }
    }

    private static final class Program {
        private final Reference reference;
        private final Dataset data;
        private final double[] start;

        Program(Reference reference, Dataset data, double[] start) {
            this.reference = reference;
            this.data = data;
            this.start = start;
        }
    }

    private static String hash(Program p) {
        ObjectNode o = Json.object();
        o.set("reference", referenceJson(p.reference));
        if (p.start != null) {
            o.set("w0", CounterexampleWriter.exactVector(p.start));
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(o.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                b.append(String.format(Locale.ROOT, "%02x", h[i]));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** A file-name-safe form: letters, digits, '.', '_', '-' kept; anything else becomes '_'. */
    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
