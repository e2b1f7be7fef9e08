package org.implicitbias.claims.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.CounterexampleWriter;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;

/**
 * Binds a claim to other data: the claim's spec tree with its {@code data:} section replaced by one
 * literal instance (exact rationals as strings) or by one generated instance, validated by the spec
 * loader like any spec. The loader checks the claim's preconditions on the new data (separable,
 * {@code G} non-empty, {@code G} meeting {@code w > 0} or the simplex), so a binding that throws
 * {@link InvalidInputException} is data outside the claim's hypotheses, never a counterexample.
 */
public final class ClaimBinding {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path file;
    private final ObjectNode tree;

    /**
     * @param file the spec file (its name must be the claim id with {@code .yaml})
     * @param tree the spec as parsed (copied)
     */
    public ClaimBinding(Path file, ObjectNode tree) {
        this.file = file;
        this.tree = tree.deepCopy();
    }

    /** Reads a spec file's tree (the file must also pass {@link SpecLoader#load(Path)}). */
    public static ClaimBinding read(Path file) {
        JsonNode t = SpecLoader.readTree(file);
        if (!(t instanceof ObjectNode o)) {
            throw new SpecLoader.SpecException(file, "spec: expected a mapping", null);
        }
        return new ClaimBinding(file, o);
    }

    public Path file() {
        return file;
    }

    /** A copy of the tree. */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** The same claim with another tree (e.g. one grid point's setting). */
    public ClaimBinding withTree(ObjectNode other) {
        return new ClaimBinding(file, other);
    }

    /**
     * The claim on one literal instance.
     *
     * @param data       the data (exact values are written as they are)
     * @param matrixSize side m of symmetric matrix data ({@code Xs}), else 0
     * @throws InvalidInputException if the data break the claim's preconditions or shapes
     */
    public ClaimSpec bind(Dataset data, int matrixSize) {
        ObjectNode t = tree.deepCopy();
        ObjectNode dataNode = NODES.objectNode();
        dataNode.putArray("instances").add(CounterexampleWriter.exactInstance(data, matrixSize));
        t.set("data", dataNode);
        return SpecLoader.parse(file, t);
    }

    /**
     * The claim on one generated instance ({@code data: {generate: {...}}}).
     *
     * @param generate the generator object (kind, n, d, seed, integers, positive, simplex); count is set to 1
     */
    public ClaimSpec bindGenerated(ObjectNode generate) {
        ObjectNode t = tree.deepCopy();
        ObjectNode g = generate.deepCopy();
        g.put("count", 1);
        ObjectNode dataNode = NODES.objectNode();
        dataNode.set("generate", g);
        t.set("data", dataNode);
        return SpecLoader.parse(file, t);
    }
}
