package org.implicitbias.claims.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.ReferenceOracle;
import org.implicitbias.claims.SearchSpec;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.engine.Engine;
import org.implicitbias.model.InvalidInputException;

/**
 * The check of one instance of a search, a pure function of (spec, search settings, index): instance
 * k is drawn from its own seed ({@link CounterexampleSearch#instanceSeed}), bound to the claim and
 * checked at every grid point. Every engine calls this same function, so the outcome of instance k does
 * not depend on where or next to what it was checked.
 *
 * <p>It carries only the spec's text and file name and the search's numbers; the spec is parsed again
 * where the task runs. A checker handed over by the caller (same process) is used directly; where the
 * task was shipped (a Spark executor) each instance gets its own checker and certified oracle, so no
 * cache grows over millions of instances; that oracle certifies within the caller's fixed budget
 * ({@code --certify-seconds}) when the caller's has one, as the caller's would.
 */
final class InstanceCheck implements Engine.Task<Integer, InstanceOutcome> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String file;
    private final String text;
    private final int instances;
    private final int nMin;
    private final int nMax;
    private final int dMin;
    private final int dMax;
    private final int integers;
    private final double seconds;
    private final long seed;
    /** The caller's fixed certification budget, or null for the specs' own. */
    private final Duration certify;

    private transient Checker checker;
    private transient Prepared prepared;

    /** The spec as parsed where the task runs. */
    record Prepared(ClaimSpec spec, ClaimBinding binding, CounterexampleSearch.Generator generator) {
    }

    /**
     * @param file    the spec file's path as given (its name is the claim id)
     * @param text    the spec file's text
     * @param search  the search's effective settings
     * @param checker the caller's checker when the task runs in the caller's process, else null
     * @param certify the certification budget that overrides the specs', or null
     */
    InstanceCheck(Path file, String text, SearchSpec search, Checker checker, Duration certify) {
        this.file = file.toString();
        this.text = text;
        this.instances = search.instances();
        this.nMin = search.nMin();
        this.nMax = search.nMax();
        this.dMin = search.dMin();
        this.dMax = search.dMax();
        this.integers = search.integers();
        this.seconds = search.seconds();
        this.seed = search.seed();
        this.checker = checker;
        this.certify = certify;
    }

    SearchSpec search() {
        return new SearchSpec(instances, nMin, nMax, dMin, dMax, integers, seconds, seed);
    }

    /** Parses the spec (once per copy of the task). */
    synchronized Prepared prepared() {
        if (prepared == null) {
            Path path = Path.of(file);
            ObjectNode o = SpecLoader.mappingOf(path, text, YAML);
            ClaimSpec spec;
            try {
                spec = SpecLoader.parse(path, o);
            } catch (InvalidInputException e) {
                throw new SpecLoader.SpecException(path, e.getMessage(), e);
            }
            ClaimBinding binding = new ClaimBinding(path, o);
            prepared = new Prepared(spec, binding, CounterexampleSearch.generator(spec, binding.tree(), search()));
        }
        return prepared;
    }

    /** The claim bound to instance {@code k}; throws {@link InvalidInputException} outside the preconditions. */
    ClaimSpec bind(int k) {
        Prepared p = prepared();
        return p.binding().bindGenerated(p.generator().draw(seed, k));
    }

    /** The oracle of an instance checked where the task was shipped: a fresh one, with the caller's budget. */
    ReferenceOracle shippedOracle() {
        return CertifiedReferences.within(certify);
    }

    @Override
    public InstanceOutcome apply(Integer index) {
        int k = index;
        ClaimSpec cs;
        try {
            cs = bind(k);
        } catch (InvalidInputException | SpecLoader.SpecException e) {
            return new InstanceOutcome(k, "generated[" + k + "]", InstanceOutcome.Kind.INVALID, Double.NaN, e.getMessage());
        }
        ClaimResult r;
        Checker shared = checker;
        if (shared != null) {
            r = shared.check(List.of(cs), null).get(0);
        } else {
            try (Checker own = new Checker(shippedOracle(), null, 1)) {
                r = own.check(List.of(cs), null).get(0);
            }
        }
        String label = cs.instances().get(0).label();
        return switch (r.verdict()) {
            case REFUTED -> {
                String unfaithful = CounterexampleSearch.unfaithful(r.refuting());
                yield unfaithful != null
                        ? new InstanceOutcome(k, label, InstanceOutcome.Kind.UNFAITHFUL, Double.NaN, unfaithful)
                        : new InstanceOutcome(k, label, InstanceOutcome.Kind.REFUTED, CounterexampleSearch.excess(r.refuting()),
                        r.refuting().reason());
            }
            case CONFIRMED -> new InstanceOutcome(k, label, InstanceOutcome.Kind.CONFIRMED, Double.NaN, r.reason());
            default -> new InstanceOutcome(k, label, InstanceOutcome.Kind.INCONCLUSIVE, Double.NaN, r.reason());
        };
    }
}
