package org.implicitbias.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Objects;
import org.implicitbias.claims.Expectation;
import org.implicitbias.claims.SpecLoader;

/**
 * Builds a {@link Claim} in code, section by section as a spec file has them; {@link #build()} validates it
 * exactly as the loader validates a file, with the same one-line errors
 * ({@link org.implicitbias.model.InvalidInputException}). Values of sections are YAML or JSON text, as in
 * a spec: {@code .algorithm("{kind: gradient-descent, step: {kind: constant, eta: 0.1}}")}.
 *
 * <pre>{@code
 * Claim claim = Claim.builder("nesterov-l2-projection")
 *         .title("Nesterov momentum reaches the l2 projection of its start")
 *         .loss("squared")
 *         .generate("{kind: regression, n: 3, d: 8, count: 3, seed: 7}")
 *         .init("{kind: random, scale: 1, seed: 5}")
 *         .asserts(Assertion.limit("{kind: min-distance, norm: l2}"))
 *         .tolerance("{distance: 1.0e-7}")
 *         .budget("{iterations: 200000, seconds: 20}")
 *         .build();
 * }</pre>
 *
 * <p>A claim built without an algorithm judges only an {@link Optimizer} given to {@link Oracle#check(Claim, Optimizer)}.
 */
public final class ClaimBuilder {
    /** The algorithm a claim without one is bound with; never run (the user's optimizer replaces it). */
    private static final String PLACEHOLDER = "{kind: gradient-descent, step: {kind: constant, eta: 0.1}}";

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final ObjectNode tree = nodes.objectNode();
    private final ArrayNode instances = nodes.arrayNode();
    private final ArrayNode generators = nodes.arrayNode();
    private final ObjectNode vary = nodes.objectNode();
    private Assertion assertion;

    ClaimBuilder(String id) {
        tree.put("id", Objects.requireNonNull(id, "id"));
        tree.put("expect", "holds");
    }

    /** The one-line title (required). */
    public ClaimBuilder title(String title) {
        tree.put("title", title);
        return this;
    }

    /** Where the claim comes from. */
    public ClaimBuilder source(String source) {
        tree.put("source", source);
        return this;
    }

    /** A theorem ({@code HOLDS}, the default) or a statement expected to be refuted ({@code FAILS}). */
    public ClaimBuilder expect(Expectation expect) {
        tree.put("expect", expect.label());
        return this;
    }

    /** The loss: {@code squared}, {@code exponential}, {@code logistic} or {@code {kind: huber, delta: 0.5}}. */
    public ClaimBuilder loss(String loss) {
        return section("loss", loss);
    }

    /** A literal instance (X as rows, y); the numbers are taken as the exact decimals of the doubles. */
    public ClaimBuilder instance(double[][] x, double[] y) {
        ObjectNode inst = nodes.objectNode();
        ArrayNode rows = inst.putArray("X");
        for (double[] row : x) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        ArrayNode ys = inst.putArray("y");
        for (double v : y) {
            ys.add(v);
        }
        instances.add(inst);
        return this;
    }

    /** A literal instance written as in a spec, e.g. {@code {X: [[1, 2]], y: [1]}} (exact strings allowed). */
    public ClaimBuilder instance(String instance) {
        instances.add(yaml("data.instances", instance));
        return this;
    }

    /** A generator, e.g. {@code {kind: regression, n: 3, d: 6, count: 3, seed: 1}}; may be given several times. */
    public ClaimBuilder generate(String generator) {
        generators.add(yaml("data.generate", generator));
        return this;
    }

    /** The start, e.g. {@code {kind: zero}} or {@code {kind: random, scale: 1, seed: 5}}. */
    public ClaimBuilder init(String init) {
        return section("init", init);
    }

    /** The algorithm of the vocabulary the claim is about (not needed when an {@link Optimizer} is judged). */
    public ClaimBuilder algorithm(String algorithm) {
        return section("algorithm", algorithm);
    }

    /**
     * A vary key: one dotted path (or several comma-separated ones that move together) and its values, each
     * written as YAML; every combination of the keys is one grid point.
     */
    public ClaimBuilder vary(String path, String... values) {
        ArrayNode list = vary.putArray(path);
        for (String v : values) {
            list.add(yaml("vary." + path, v));
        }
        return this;
    }

    /** What the claim asserts (required). */
    public ClaimBuilder asserts(Assertion assertion) {
        this.assertion = Objects.requireNonNull(assertion, "assertion");
        return this;
    }

    /** Tolerances, e.g. {@code {distance: 1.0e-7}} or {@code {margin: 1.0e-3, distance: 1.0e-2}}. */
    public ClaimBuilder tolerance(String tolerance) {
        return section("tolerance", tolerance);
    }

    /** The budget of each run, e.g. {@code {iterations: 200000, seconds: 20}}. */
    public ClaimBuilder budget(String budget) {
        return section("budget", budget);
    }

    /**
     * Validates and binds the claim.
     *
     * @throws org.implicitbias.model.InvalidInputException naming the field, the value and what was expected
     */
    public Claim build() {
        ObjectNode t = tree.deepCopy();
        ObjectNode data = t.putObject("data");
        if (!instances.isEmpty()) {
            data.set("instances", instances.deepCopy());
        }
        if (generators.size() == 1) {
            data.set("generate", generators.get(0).deepCopy());
        } else if (generators.size() > 1) {
            data.set("generate", generators.deepCopy());
        }
        if (!vary.isEmpty()) {
            t.set("vary", vary.deepCopy());
        }
        t.set("claim", claimNode());
        boolean hasAlgorithm = t.has("algorithm");
        if (!hasAlgorithm && !(assertion instanceof Assertion.DataProperty)) {
            t.set("algorithm", yaml("algorithm", PLACEHOLDER));
        }
        return new Claim(SpecLoader.parse(Path.of(tree.get("id").asText() + ".yaml"), t),
                hasAlgorithm || assertion instanceof Assertion.DataProperty);
    }

    private JsonNode claimNode() {
        if (assertion == null) {
            return nodes.missingNode();
        }
        ObjectNode c = nodes.objectNode();
        if (assertion instanceof Assertion.Limit l) {
            if (l.limit() != null) {
                c.put("limit", l.limit());
            }
            c.set("reference", yaml("claim.reference", l.reference()));
        } else if (assertion instanceof Assertion.Invariance i) {
            ArrayNode over = c.putArray("invariant-over");
            i.over().forEach(over::add);
            if (i.reference() != null) {
                c.set("reference", yaml("claim.reference", i.reference()));
            }
        } else if (assertion instanceof Assertion.SameIterates s) {
            c.set("same-iterates-as", yaml("claim.same-iterates-as", s.algorithm()));
            c.put("iterates-compared", s.compared());
            if (s.reference() != null) {
                c.set("reference", yaml("claim.reference", s.reference()));
            }
        } else if (assertion instanceof Assertion.DataProperty p) {
            JsonNode n = yaml("claim", p.property());
            if (!n.isObject()) {
                throw new org.implicitbias.model.InvalidInputException("claim", p.property(),
                        "a mapping such as {property: gradient-dual-bound, norm: l2, points: 50, seed: 4}");
            }
            return n;
        }
        return c;
    }

    /** Sets the top-level key {@code key} of the spec to the YAML {@code text}. */
    private ClaimBuilder section(String key, String text) {
        tree.set(key, yaml(key, text));
        return this;
    }

    private static JsonNode yaml(String field, String text) {
        return SpecLoader.parseYaml(field, Objects.requireNonNull(text, field));
    }
}
