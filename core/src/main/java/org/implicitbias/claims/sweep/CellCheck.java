package org.implicitbias.claims.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.ReferenceOracle;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.claims.Verdict;
import org.implicitbias.engine.Engine;
import org.implicitbias.model.InvalidInputException;

/**
 * The check of one cell of a sweep, a pure function of (spec, axes, cell index): the spec with the
 * cell's values written at the axes' paths, every {@code vary} key that names one of those paths (or a
 * path inside or around one) dropped, checked like any claim. It carries the spec's text and the axes
 * as plain strings; where it was shipped (a Spark executor) one certified oracle per process, spec and
 * certification budget serves every cell, so cells that share a reference program share its solution;
 * it certifies within the caller's fixed budget ({@code --certify-seconds}) when the caller's has one.
 */
final class CellCheck implements Engine.Task<Integer, SweepCell> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object LOCK = new Object();
    private static String oracleKey;
    private static ReferenceOracle oracle;

    private final String file;
    private final String text;
    private final List<SweepAxis> axes;
    /** The caller's fixed certification budget, or null for the specs' own. */
    private final Duration certify;
    private final transient Checker checker;

    /**
     * @param file    the spec file's path as given
     * @param text    its text
     * @param axes    one or two axes
     * @param checker the caller's checker when the task runs in the caller's process, else null
     * @param certify the certification budget that overrides the specs', or null
     */
    CellCheck(Path file, String text, List<SweepAxis> axes, Checker checker, Duration certify) {
        this.file = file.toString();
        this.text = text;
        this.axes = List.copyOf(axes);
        this.checker = checker;
        this.certify = certify;
    }

    int cells() {
        return axes.get(0).size() * (axes.size() > 1 ? axes.get(1).size() : 1);
    }

    int columns() {
        return axes.size() > 1 ? axes.get(1).size() : 1;
    }

    /** The claim at cell {@code k} ({@code i = k / columns}, {@code j = k % columns}); bad input throws. */
    ClaimSpec spec(int k) {
        Path path = Path.of(file);
        ObjectNode o = SpecLoader.mappingOf(path, text, YAML);
        List<String> swept = new ArrayList<>();
        axes.forEach(a -> swept.addAll(a.paths()));
        if (o.get("vary") instanceof ObjectNode vary) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vary.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                for (String p : e.getKey().split(",", -1)) {
                    String v = p.trim();
                    if (swept.stream().anyMatch(s -> s.equals(v) || s.startsWith(v + ".") || v.startsWith(s + "."))) {
                        it.remove();
                        break;
                    }
                }
            }
            if (vary.isEmpty()) {
                o.remove("vary");
            }
        }
        axes.get(0).apply(o, k / columns(), JSON);
        if (axes.size() > 1) {
            axes.get(1).apply(o, k % columns(), JSON);
        }
        try {
            return SpecLoader.parse(path, o);
        } catch (InvalidInputException e) {
            throw new SpecLoader.SpecException(path, e.getMessage(), e);
        }
    }

    @Override
    public SweepCell apply(Integer index) {
        int k = index;
        ClaimSpec spec = spec(k);
        ClaimResult r;
        if (checker != null) {
            r = checker.check(List.of(spec), null).get(0);
        } else {
            try (Checker own = new Checker(shippedOracle(), null, 1)) {
                r = own.check(List.of(spec), null).get(0);
            }
        }
        return cell(k / columns(), k % columns(), r);
    }

    /**
     * The oracle of cells checked where the task was shipped: one per process for the spec being swept and
     * the caller's budget (its cache is what cells share).
     */
    ReferenceOracle shippedOracle() {
        synchronized (LOCK) {
            String key = file + "\n" + text + "\n" + certify;
            if (!key.equals(oracleKey)) {
                oracleKey = key;
                oracle = CertifiedReferences.within(certify);
            }
            return oracle;
        }
    }

    /** The cell's summary of a claim result. */
    static SweepCell cell(int i, int j, ClaimResult r) {
        RunResult pick = r.verdict() == Verdict.REFUTED ? r.refuting() : null;
        if (pick == null) {
            for (RunResult run : r.runs()) {
                if (Double.isFinite(run.distance()) && (pick == null || run.distance() > pick.distance())) {
                    pick = run;
                }
            }
        }
        if (pick == null && !r.runs().isEmpty()) {
            pick = r.runs().get(0);
        }
        if (pick == null) {
            return new SweepCell(i, j, r.verdict().label(), "distance", Double.NaN, Double.NaN, Double.NaN, "none", 0, r.reason());
        }
        return new SweepCell(i, j, r.verdict().label(), pick.measure().label(), pick.distance(), pick.tolerance(), pick.errorBound(),
                pick.level().label(), r.runs().size(), r.reason());
    }
}
