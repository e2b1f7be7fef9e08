package org.implicitbias.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.io.Dimensions;
import org.implicitbias.io.Init;
import org.implicitbias.io.Json;
import org.implicitbias.io.MatrixShape;
import org.implicitbias.io.Node;
import org.implicitbias.io.ProblemReader;
import org.implicitbias.io.Vocabulary;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.optim.StepRule;
import org.implicitbias.oracle.Interiority;
import org.implicitbias.oracle.Reference;

/**
 * Reads and validates spec files ({@code specs/<id>.yaml}; the format, key by key, is
 * {@code docs/spec-reference.md}).
 *
 * <p>Everything is checked before anything runs: unknown keys, types, ranges, dimensions of every
 * (instance, grid point) pair, and the preconditions of the claim's theorem on the data (separable,
 * realizable, positively realizable, Proposition 6's conditions). Any problem is an
 * {@link SpecException} whose message is one line starting with the file name.
 */
public final class SpecLoader {
    private SpecLoader() {
    }

    /** A bad spec: the file and the one-line reason. */
    public static final class SpecException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Path file;

        public SpecException(Path file, String message, Throwable cause) {
            super(file + ": " + message, cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /** The spec files of the given files and folders (folders: their {@code *.yaml}/{@code *.yml}, sorted). */
    public static List<Path> files(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> {
                        String n = f.getFileName().toString();
                        return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml"));
                    }).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new SpecException(p, "cannot list the folder (" + e.getMessage() + ")", e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new SpecException(p, "no such file or folder", null);
            }
        }
        return out;
    }

    /**
     * Reads a piece of a spec written as YAML or JSON text (a value of {@code field}), as the loader reads files.
     *
     * @throws InvalidInputException naming the field when the text is not valid YAML
     */
    public static JsonNode parseYaml(String field, String text) {
        return Json.parseYaml(text, field);
    }

    /**
     * Reads a spec file's tree with the tool's one YAML reader ({@link Json#readYaml}: exact numbers,
     * a key given twice is an error); a file that cannot be read or parsed is a {@link SpecException}.
     */
    public static JsonNode readTree(Path file) {
        try {
            return Json.readYaml(file);
        } catch (InvalidInputException e) {
            // Json names the file as the field; the exception adds it again
            throw new SpecException(file, e.getMessage().substring(e.field().length() + 2), e);
        }
    }

    /**
     * The top-level mapping of a spec file's text as parsed by {@code yaml}, for tasks that carry a
     * spec as text and read it again where they run; text that is not YAML, or not a mapping, is a
     * {@link SpecException} naming the file.
     */
    public static ObjectNode mappingOf(Path file, String text, ObjectMapper yaml) {
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (IOException e) {
            throw new SpecException(file, "not valid YAML (" + e.getMessage() + ")", e);
        }
        if (!(tree instanceof ObjectNode o)) {
            throw new SpecException(file, "spec: expected a mapping", null);
        }
        return o;
    }

    /** Loads and validates one spec file. */
    public static ClaimSpec load(Path file) {
        JsonNode tree = readTree(file);
        try {
            return parse(file, tree);
        } catch (InvalidInputException e) {
            throw new SpecException(file, e.getMessage(), e);
        }
    }

    /** Validates a parsed tree read from {@code file}. */
    public static ClaimSpec parse(Path file, JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidInputException("spec", Node.describe(tree), "a mapping with id, expect, loss, data, algorithm, claim");
        }
        Node root = Node.root(tree);
        String id = root.required("id", "the claim id").text("the claim id");
        if (!id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new InvalidInputException("id", id, "a kebab-case id like gd-min-l2-distance");
        }
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!stem.equals(id)) {
            throw new InvalidInputException("id", id, "the file's name without .yaml (" + stem + ")");
        }
        String title = root.required("title", "a one-line title").text("a one-line title");
        String source = root.get("source").text("where the claim comes from", "");
        String ex = root.required("expect", "holds or fails").text("holds or fails");
        Expectation expect = switch (ex) {
            case "holds" -> Expectation.HOLDS;
            case "fails" -> Expectation.FAILS;
            default -> throw new InvalidInputException("expect", ex, "holds or fails");
        };
        List<Instance> instances = instances(root.required("data", "{instances: [...]} and/or {generate: {...}}"));
        Grid grid = Grid.read(root.get("vary"));
        SearchSpec search = search(root.get("search"));
        for (String k : List.of("loss", "init", "algorithm", "claim", "tolerance", "budget")) {
            root.get(k);
        }
        root.finish();

        List<Grid.Point> points = grid.expand((ObjectNode) tree);
        List<RunPlan> runs = new ArrayList<>();
        List<String> invariant = List.of();
        Map<Integer, Boolean> separable = new HashMap<>();
        for (Instance inst : instances) {
            for (int g = 0; g < points.size(); g++) {
                Grid.Point point = points.get(g);
                RunPlan plan;
                try {
                    plan = bind(runs.size(), inst, g, point, grid, separable, folderOf(file));
                } catch (InvalidInputException e) {
                    throw atPoint(e, point, inst, instances.size() > 1);
                }
                invariant = plan.target().invariantOver();
                runs.add(plan);
            }
        }
        return new ClaimSpec(id, title, source, expect, file, List.copyOf(instances), points.size(), List.copyOf(runs),
                invariant, search);
    }

    private static InvalidInputException atPoint(InvalidInputException e, Grid.Point point, Instance inst, boolean many) {
        StringBuilder where = new StringBuilder();
        if (!point.assignment().isEmpty()) {
            where.append("grid point ");
            boolean first = true;
            for (Map.Entry<String, JsonNode> a : point.assignment().entrySet()) {
                if (!first) {
                    where.append(", ");
                }
                first = false;
                where.append(a.getKey()).append('=').append(Grid.render(a.getValue()));
            }
        }
        if (many) {
            where.append(where.length() > 0 ? "; " : "").append("instance ").append(inst.label());
        }
        if (where.length() == 0) {
            return e;
        }
        String msg = e.getMessage().substring(e.field().length() + 2);
        return new InvalidInputException(e.field(), msg + " (" + where + ")");
    }

    // ---------------------------------------------------------------- data

    static List<Instance> instances(Node data) {
        data.requireObject();
        List<Instance> out = new ArrayList<>();
        Node lit = data.get("instances");
        if (lit.present()) {
            List<Node> items = lit.elements("a list of {X: [[...]], y: [...]} (or {Xs: [[[...]]], y})");
            for (Node item : items) {
                out.add(literal(item, out.size()));
            }
        }
        Node gen = data.get("generate");
        if (gen.present()) {
            if (gen.isArray()) {
                for (Node g : gen.elements("a generator or a list of generators")) {
                    out.addAll(DataGenerator.generate(g, out.size()));
                }
            } else {
                out.addAll(DataGenerator.generate(gen, out.size()));
            }
        }
        data.finish();
        if (out.isEmpty()) {
            throw new InvalidInputException(data.path(), data.render(), "at least one instance (instances: [...] or generate: {...})");
        }
        return out;
    }

    private static Instance literal(Node item, int index) {
        item.requireObject();
        BigFraction[] y = item.required("y", "a list of targets").exactVector(-1);
        Dataset data;
        int size = 0;
        if (item.has("Xs")) {
            if (item.has("X")) {
                throw new InvalidInputException(item.path() + ".X", "X and Xs", "one of X (vectors) and Xs (matrices)");
            }
            List<Node> mats = item.get("Xs").elements("a list of symmetric m x m matrices");
            if (mats.isEmpty()) {
                throw new InvalidInputException(item.path() + ".Xs", "[]", "at least one matrix");
            }
            BigFraction[][] rows = new BigFraction[mats.size()][];
            for (int i = 0; i < mats.size(); i++) {
                BigFraction[][] m = mats.get(i).exactMatrix(-1, -1);
                if (size == 0) {
                    size = m.length;
                }
                if (m.length != size || m[0].length != size) {
                    throw new InvalidInputException(mats.get(i).path(), m.length + " x " + m[0].length,
                            "a " + size + " x " + size + " matrix like Xs[0]");
                }
                rows[i] = new BigFraction[size * size];
                for (int p = 0; p < size; p++) {
                    for (int q = 0; q < size; q++) {
                        if (!m[p][q].equals(m[q][p])) {
                            throw new InvalidInputException(mats.get(i).path(), "a non-symmetric matrix", "a symmetric matrix");
                        }
                        rows[i][p * size + q] = m[p][q];
                    }
                }
            }
            data = Dataset.exact(rows, y);
        } else {
            BigFraction[][] x = item.required("X", "a matrix (list of rows)").exactMatrix(-1, -1);
            try {
                data = Dataset.exact(x, y);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(item.path() + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
            }
        }
        item.finish();
        return new Instance(index, "literal[" + index + "]", data, size, 0);
    }

    // ---------------------------------------------------------------- search

    static SearchSpec search(Node s) {
        if (!s.present()) {
            return null;
        }
        s.requireObject();
        int instances = (int) s.get("instances").integer(1, 1_000_000, 100);
        int[] n = range(s.get("n"), 1, 10_000, new int[]{1, 5});
        int[] d = range(s.get("d"), 1, 1_000, new int[]{2, 5});
        int integers = (int) s.get("integers").integer(0, 1_000, 0);
        double seconds = s.get("seconds").number(60);
        if (!(seconds > 0)) {
            throw new InvalidInputException(s.path() + ".seconds", seconds, "a number > 0");
        }
        long seed = s.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, 1);
        s.finish();
        return new SearchSpec(instances, n[0], n[1], d[0], d[1], integers, seconds, seed);
    }

    private static int[] range(Node r, int min, int max, int[] fallback) {
        if (!r.present()) {
            return fallback;
        }
        if (!r.isArray()) {
            int v = (int) r.integer(min, max);
            return new int[]{v, v};
        }
        List<Node> items = r.elements("[low, high]");
        if (items.size() != 2) {
            throw new InvalidInputException(r.path(), r.render(), "[low, high]");
        }
        int lo = (int) items.get(0).integer(min, max);
        int hi = (int) items.get(1).integer(min, max);
        if (lo > hi) {
            throw new InvalidInputException(r.path(), r.render(), "[low, high] with low <= high");
        }
        return new int[]{lo, hi};
    }

    // ---------------------------------------------------------------- one run

    /** The folder of a spec file, where an external algorithm's program runs. */
    private static Path folderOf(Path file) {
        return file == null ? null : file.toAbsolutePath().getParent();
    }

    private static RunPlan bind(int index, Instance inst, int gridIndex, Grid.Point point, Grid grid,
                                Map<Integer, Boolean> separableCache, Path folder) {
        ObjectNode tree = point.tree();
        Dataset data = inst.data();
        Loss loss = Vocabulary.loss(Node.at(tree.get("loss"), "loss"), Node.at(null, "delta"));

        Node claimNode = Node.at(tree.get("claim"), "claim");
        if (!claimNode.present()) {
            throw new InvalidInputException("claim", null, "a claim {limit, reference | invariant-over | property}");
        }
        claimNode.requireObject();
        Property property = property(claimNode, inst);

        Node algoNode = Node.at(tree.get("algorithm"), "algorithm");
        Algorithm algorithm = null;
        ObjectNode algoTree = algoNode.isObject() ? (ObjectNode) algoNode.json() : null;
        if (property instanceof Property.GradientDualBound) {
            if (algoNode.present()) {
                throw new InvalidInputException("algorithm", algoNode.render(), "no algorithm (gradient-dual-bound is a data-level check)");
            }
        } else {
            if (!algoNode.present()) {
                throw new InvalidInputException("algorithm", null, "an algorithm {kind: " + Vocabulary.ALGORITHMS + "}");
            }
            algorithm = Vocabulary.algorithm(algoNode, dims(inst), folder);
        }

        Node initNode = Node.at(tree.get("init"), "init");
        // a random start draws from the seed mixed with the instance's index: every instance its own start
        Init init = initNode.present() ? Vocabulary.init(initNode, data.d()).forInstance(inst.index()) : new Init.Zero();
        Potential potential = potentialOf(algorithm);
        if (init instanceof Init.ArgminPotential && potential == null) {
            throw new InvalidInputException("init.kind", "argmin-potential",
                    "an init other than argmin-potential (" + (algorithm == null ? "no algorithm" : algorithm.kind()) + " has no potential)");
        }
        double[] w0 = ExactNumbers.toDoubles(init.point(data.d(), potential));

        Target target = target(claimNode, loss, algorithm, algoTree, property, grid, inst);
        Tolerance tol = tolerance(Node.at(tree.get("tolerance"), "tolerance"));
        RunBudget budget = budget(Node.at(tree.get("budget"), "budget"), target.limit());
        requireTolerances(target, tol, property);
        checkPreconditions(inst, loss, algorithm, w0, target, separableCache);

        Map<String, String> assignment = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> a : point.assignment().entrySet()) {
            assignment.put(a.getKey(), Grid.render(a.getValue()));
        }
        return new RunPlan(index, inst, gridIndex, assignment, tree, loss, algorithm, w0, target, tol, budget);
    }

    /** The potential of a mirror-type algorithm (argmin psi starts, domains), or null. */
    static Potential potentialOf(Algorithm a) {
        if (a instanceof Algorithm.GradientDescentAlgorithm) {
            return new Potential.SquaredL2();
        }
        if (a instanceof Algorithm.SteepestDescentAlgorithm s) {
            if (s.norm() instanceof Norm.L2) {
                return new Potential.SquaredL2();
            }
            if (s.norm() instanceof QuadraticNorm q) {
                return new QuadraticPotential(q.form());
            }
        }
        // mirror-type algorithms, and an external optimizer's declared tail (its domain, argmin-potential
        // starts, Theorem 1's program)
        return ProblemReader.namedPotential(a);
    }

    /** The dimensions the shared vocabulary resolves against. */
    static Dimensions dims(Instance inst) {
        return new Dimensions(inst.data().n(), inst.data().d(),
                inst.size() > 0 ? new MatrixShape(inst.size(), inst.size()) : null);
    }

    private static Property property(Node claim, Instance inst) {
        Node p = claim.get("property");
        String expected = "gradient-dual-bound, bounded-preconditioner, update-identity or support-vector-gradients";
        if (!p.present()) {
            for (String k : List.of("norm", "points", "seed", "steps")) {
                if (claim.has(k)) {
                    throw new InvalidInputException("claim." + k, claim.get(k).render(), "no " + k + " (it belongs to a claim.property)");
                }
            }
            return null;
        }
        String name = p.text(expected);
        return switch (name) {
            case "gradient-dual-bound" -> new Property.GradientDualBound(
                    Vocabulary.norm(claim.required("norm", "the norm of the margin"), dims(inst)),
                    (int) claim.get("points").integer(1, 1_000_000, 50),
                    claim.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, 1));
            case "bounded-preconditioner" -> new Property.BoundedPreconditioner();
            case "update-identity" -> new Property.UpdateIdentity((int) claim.get("steps").integer(1, 10_000, 20));
            case "support-vector-gradients" -> new Property.SupportVectorGradients();
            default -> throw new InvalidInputException("claim.property", name, expected);
        };
    }

    private static Target target(Node claim, Loss loss, Algorithm algorithm, ObjectNode algoTree, Property property,
                                 Grid grid, Instance inst) {
        Target.Limit defaultLimit = loss.monotone() ? Target.Limit.DIRECTION : Target.Limit.POINT;
        String limitText = claim.get("limit").text("point or direction", defaultLimit.label());
        Target.Limit limit = switch (limitText) {
            case "point" -> Target.Limit.POINT;
            case "direction" -> Target.Limit.DIRECTION;
            default -> throw new InvalidInputException("claim.limit", limitText, "point or direction");
        };
        if (limit == Target.Limit.POINT && loss.monotone()) {
            throw new InvalidInputException("claim.limit", "point",
                    "direction (the " + loss.name() + " loss has no finite minimiser on separable data)");
        }
        if (limit == Target.Limit.DIRECTION && !loss.monotone()) {
            throw new InvalidInputException("claim.limit", "direction", "point (the " + loss.name() + " loss has a finite root)");
        }
        Reference reference = null;
        if (claim.has("reference")) {
            reference = Vocabulary.reference(claim.get("reference"),
                    dims(inst));
        }
        List<String> invariant = new ArrayList<>();
        if (claim.has("invariant-over")) {
            for (Node p : claim.get("invariant-over").elements("a list of varied paths")) {
                String path = p.text("a varied path like algorithm.step.eta");
                if (!grid.paths().contains(path)) {
                    throw new InvalidInputException(p.path(), path, "one of the varied paths " + grid.paths());
                }
                invariant.add(path);
            }
            if (invariant.isEmpty()) {
                throw new InvalidInputException("claim.invariant-over", "[]", "at least one varied path");
            }
        }
        String judgeText = claim.get("judge").text("limit or bounded-residual", "limit");
        Target.Judge judge = switch (judgeText) {
            case "limit" -> Target.Judge.LIMIT;
            case "bounded-residual" -> Target.Judge.BOUNDED_RESIDUAL;
            default -> throw new InvalidInputException("claim.judge", judgeText, "limit or bounded-residual");
        };
        String predText = claim.get("predictor").text("automatic, last-iterate, theorem-1 or settled-preconditioner", "automatic");
        Target.Predictor predictor = switch (predText) {
            case "automatic" -> Target.Predictor.AUTOMATIC;
            case "last-iterate" -> Target.Predictor.LAST_ITERATE;
            case "theorem-1" -> Target.Predictor.THEOREM_1;
            case "settled-preconditioner" -> Target.Predictor.SETTLED_PRECONDITIONER;
            default -> throw new InvalidInputException("claim.predictor", predText,
                    "automatic, last-iterate, theorem-1 or settled-preconditioner");
        };
        Algorithm same = null;
        int compared = 0;
        if (claim.has("same-iterates-as")) {
            Node s = claim.get("same-iterates-as");
            s.requireObject();
            if (algoTree == null) {
                throw new InvalidInputException("claim.same-iterates-as", s.render(), "no same-iterates-as without an algorithm");
            }
            ObjectNode merged = algoTree.deepCopy();
            merged.setAll((ObjectNode) s.json());
            same = Vocabulary.algorithm(Node.at(merged, "claim.same-iterates-as"), dims(inst));
            compared = (int) claim.get("iterates-compared").integer(1, 100_000_000, 100);
        } else if (claim.has("iterates-compared")) {
            throw new InvalidInputException("claim.iterates-compared", claim.get("iterates-compared").render(),
                    "no iterates-compared without same-iterates-as");
        }
        claim.finish();

        if (property != null) {
            if (reference != null || !invariant.isEmpty() || same != null || judge != Target.Judge.LIMIT
                    || predictor != Target.Predictor.AUTOMATIC) {
                throw new InvalidInputException("claim.property", property.name(),
                        "a property alone (no reference, invariant-over, same-iterates-as, judge or predictor)");
            }
            if (!loss.monotone()) {
                throw new InvalidInputException("loss", loss.name(), "a monotone loss (exponential or logistic) for " + property.name());
            }
            if (property instanceof Property.GradientDualBound && !(loss instanceof Loss.Exponential)) {
                throw new InvalidInputException("loss", loss.name(), "exponential (Lemma 10 is about the exponential loss)");
            }
            if (property instanceof Property.BoundedPreconditioner && !(algorithm instanceof Algorithm.AdagradAlgorithm)) {
                throw new InvalidInputException("algorithm.kind", algorithm.kind(), "adagrad (bounded-preconditioner is about AdaGrad)");
            }
            if (property instanceof Property.UpdateIdentity && !(algorithm instanceof Algorithm.FactorizedGradientDescentAlgorithm)) {
                throw new InvalidInputException("algorithm.kind", algorithm.kind(),
                        "factorized-gradient-descent (update-identity is eq. 19)");
            }
            return new Target(Target.Limit.DIRECTION, null, List.of(), judge, predictor, null, 0, property);
        }
        if (reference == null && invariant.isEmpty()) {
            throw new InvalidInputException("claim.reference", null,
                    "a reference {kind: min-bregman | min-norm | max-margin | max-margin-nuclear, ...}, an invariant-over list or a property");
        }
        if (reference != null) {
            boolean margin = reference instanceof Reference.MaxMargin || reference instanceof Reference.MaxMarginNuclear;
            if (margin && limit == Target.Limit.POINT) {
                throw new InvalidInputException("claim.reference.kind", reference.kind(), "min-bregman or min-norm for a point limit");
            }
            if (!margin && limit == Target.Limit.DIRECTION) {
                throw new InvalidInputException("claim.reference.kind", reference.kind(),
                        "max-margin or max-margin-nuclear for a direction limit");
            }
            if (reference instanceof Reference.MaxMargin mm && mm.norm() instanceof Norm.Nuclear) {
                throw new InvalidInputException("claim.reference.norm", "nuclear", "a vector norm (use {kind: max-margin-nuclear})");
            }
        }
        if (judge == Target.Judge.BOUNDED_RESIDUAL) {
            if (!(reference instanceof Reference.MaxMargin mm && mm.norm() instanceof Norm.L2)) {
                throw new InvalidInputException("claim.judge", "bounded-residual", "a max-margin l2 reference (Soudry's test is for gradient descent)");
            }
            if (!(algorithm instanceof Algorithm.GradientDescentAlgorithm gd) || !(gd.step() instanceof StepRule.Constant)
                    || gd.batch() != 0) {
                throw new InvalidInputException("claim.judge", "bounded-residual",
                        "a full-batch gradient-descent algorithm with a constant step (Soudry's test)");
            }
        }
        if (predictor == Target.Predictor.SETTLED_PRECONDITIONER && !(algorithm instanceof Algorithm.AdagradAlgorithm)) {
            throw new InvalidInputException("claim.predictor", "settled-preconditioner", "an adagrad algorithm");
        }
        if (predictor == Target.Predictor.SETTLED_PRECONDITIONER && limit != Target.Limit.DIRECTION) {
            throw new InvalidInputException("claim.predictor", "settled-preconditioner", "a direction limit");
        }
        if (predictor == Target.Predictor.THEOREM_1 && (limit != Target.Limit.POINT
                || !RunEngine.plainMirrorTail(algorithm, Long.MAX_VALUE))) {
            throw new InvalidInputException("claim.predictor", "theorem-1",
                    "a point limit of an algorithm whose tail is mirror descent (gradient descent, mirror descent without "
                            + "lasting primal momentum, steepest descent w.r.t. a quadratic norm, natural gradient with a "
                            + "quadratic potential)");
        }
        return new Target(limit, reference, List.copyOf(invariant), judge, predictor, same, compared, null);
    }

    private static Tolerance tolerance(Node t) {
        if (!t.present()) {
            return new Tolerance(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        t.requireObject();
        double[] v = new double[5];
        String[] keys = {"distance", "margin", "value", "iterates", "residual-growth"};
        for (int i = 0; i < keys.length; i++) {
            Node n = t.get(keys[i]);
            v[i] = n.present() ? n.nonNegative() : Double.NaN;
        }
        t.finish();
        return new Tolerance(v[0], v[1], v[2], v[3], v[4]);
    }

    private static void requireTolerances(Target target, Tolerance tol, Property property) {
        if (property instanceof Property.GradientDualBound || property instanceof Property.BoundedPreconditioner
                || property instanceof Property.UpdateIdentity) {
            need(tol.value(), "value");
            return;
        }
        if (property instanceof Property.SupportVectorGradients) {
            need(tol.distance(), "distance");
            return;
        }
        if (target.sameIterates() != null) {
            need(tol.iterates(), "iterates");
        }
        if (target.judge() == Target.Judge.BOUNDED_RESIDUAL) {
            need(tol.residualGrowth(), "residual-growth");
            need(tol.distance(), "distance");
            return;
        }
        if (target.limit() == Target.Limit.POINT) {
            boolean valueJudged = target.reference() instanceof Reference.NormProgram mn
                    && (mn.norm() instanceof Norm.L1 || mn.norm() instanceof Norm.LInf);
            if (valueJudged && !Tolerance.given(tol.value()) && !Tolerance.given(tol.distance())) {
                throw new InvalidInputException("tolerance.value", null, "a number >= 0 (an l1/linf minimum is judged by its value)");
            }
            if (!valueJudged) {
                need(tol.distance(), "distance");
            }
        } else if (!Tolerance.given(tol.margin()) && !Tolerance.given(tol.distance())) {
            throw new InvalidInputException("tolerance.margin", null, "a number >= 0 (or tolerance.distance) for a direction limit");
        } else if (target.reference() == null) {
            need(tol.distance(), "distance");
        }
    }

    private static void need(double v, String key) {
        if (!Tolerance.given(v)) {
            throw new InvalidInputException("tolerance." + key, null, "a number >= 0");
        }
    }

    private static RunBudget budget(Node b, Target.Limit limit) {
        // the defaults are Budget's, the same for run and plot run
        long iterations = Budget.DEFAULT_ITERATIONS;
        double seconds = Budget.DEFAULT_SECONDS;
        double settle = Budget.defaultSettle(limit == Target.Limit.POINT ? Budget.Limit.POINT : Budget.Limit.DIRECTION);
        long window = -1;
        double certify = RunBudget.DEFAULT_CERTIFY_SECONDS;
        if (b.present()) {
            b.requireObject();
            iterations = b.get("iterations").integer(1, 1_000_000_000_000L, iterations);
            Node s = b.get("seconds");
            if (s.present()) {
                seconds = s.positive();
            }
            Node st = b.get("settle");
            if (st.present()) {
                settle = st.nonNegative();
            }
            window = b.get("window").integer(1, 1_000_000_000L, -1);
            Node c = b.get("certify");
            if (c.present()) {
                certify = c.number();
                if (!(certify >= 0.001 && certify <= 86_400)) {
                    throw c.fail("a time budget in seconds between 0.001 and 86400");
                }
            }
            b.finish();
        }
        if (window < 0) {
            window = Budget.defaultWindow(iterations);
        }
        return new RunBudget(iterations, seconds, settle, window, certify);
    }

    private static void checkPreconditions(Instance inst, Loss loss, Algorithm algorithm, double[] w0, Target target,
                                           Map<Integer, Boolean> separableCache) {
        Dataset data = inst.data();
        if (loss.monotone()) {
            if (!data.hasSignLabels()) {
                throw new InvalidInputException("data (" + inst.label() + ").y", "targets other than +-1",
                        "labels +1/-1 for the " + loss.name() + " loss");
            }
            boolean sep = separableCache.computeIfAbsent(inst.index(), k -> Preconditions.separable(data));
            if (!sep) {
                throw new InvalidInputException("data (" + inst.label() + ")", "data that are not linearly separable",
                        "separable data (some w has y_n <w, x_n> > 0 for every n), as the claim's theorem assumes");
            }
        } else {
            if (!Preconditions.realizable(data)) {
                throw new InvalidInputException("data (" + inst.label() + ")", "Xw = y has no solution (G is empty)",
                        "data with a global minimum of zero loss (realizable, e.g. fewer examples than dimensions)");
            }
        }
        if (target.reference() instanceof Reference.MinBregman mb) {
            boolean positive = mb.potential() instanceof Potential.Entropy;
            if (positive || mb.simplex()) {
                Interiority.Decision inside = Preconditions.interiority(data, mb.simplex());
                if (!inside.positive()) {
                    throw new InvalidInputException("claim.reference", mb.potential().name() + (mb.simplex() ? " on the simplex" : ""),
                            "data whose G = {Xw = y} meets " + (mb.simplex() ? "the interior of the simplex" : "w > 0")
                                    + " (instance " + inst.label() + " is infeasible for this reference: " + inside.reason() + ")");
                }
            }
        }
        Potential p = potentialOf(algorithm);
        if (p != null && !p.inDomain(w0)) {
            throw new InvalidInputException("init", java.util.Arrays.toString(w0), "a start inside the domain of " + p.name() + " (w > 0)");
        }
        if (algorithm instanceof Algorithm.MirrorDescentAlgorithm m && m.simplex()) {
            double s = 0;
            boolean pos = true;
            for (double v : w0) {
                s += v;
                pos &= v > 0;
            }
            if (!pos || Math.abs(s - 1) > 1e-12) {
                throw new InvalidInputException("init", java.util.Arrays.toString(w0), "a point in the simplex interior (w > 0, sum w = 1)");
            }
        }
        if (target.property() instanceof Property.BoundedPreconditioner) {
            Algorithm.AdagradAlgorithm a = (Algorithm.AdagradAlgorithm) algorithm;
            double l0 = new Objective(data, loss).value(w0);
            if (!(a.eta() * a.eta() * l0 < 1)) {
                throw new InvalidInputException("algorithm.eta", a.eta(),
                        "eta^2 L(w0) < 1 (Proposition 6; here L(w0) = " + (float) l0 + ")");
            }
            for (int i = 0; i < data.n(); i++) {
                double s = 0;
                for (int j = 0; j < data.d(); j++) {
                    double v = data.x(i, j) / Math.pow(a.g0()[j], 0.25);
                    s += v * v;
                }
                if (Math.sqrt(s) > 1 + 1e-12) {
                    throw new InvalidInputException("algorithm.g0", java.util.Arrays.toString(a.g0()),
                            "||G_0^{-1/4} x_n||_2 <= 1 for every n (Proposition 6; example " + i + " of " + inst.label()
                                    + " has " + (float) Math.sqrt(s) + ")");
                }
            }
        }
    }
}
