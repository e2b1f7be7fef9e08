package org.implicitbias.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.oracle.Reference;

/**
 * Reads a problem file (JSON) for {@code solve} and {@code run} into a validated {@link Problem}.
 *
 * <pre>
 * { "X": [[1, 2]], "y": [1], "w0": [1, 1],
 *   "loss": "squared",
 *   "reference": {"kind": "min-bregman", "potential": "entropy"},
 *   "algorithm": {"kind": "mirror-descent", "potential": "entropy", "step": {"kind": "constant", "eta": 0.1}},
 *   "iterations": 100000 }
 * </pre>
 *
 * <p>Top-level keys: {@code X} (N x d matrix, list of rows) or {@code Xs} (N matrices of one shape
 * r x c, each flattened row-major into a row of the data, d = r c), {@code y} (N targets; labels
 * +-1 for exponential and logistic loss and for max-margin references), {@code loss} (with
 * {@code delta} for huber, either inside the loss object or as a top-level sibling), the start as
 * {@code w0} (d numbers) or {@code init} (default {@code zero}), optional {@code reference} and
 * {@code algorithm} (see {@link Vocabulary}), optional limits {@code iterations} and
 * {@code budget: {iterations, seconds, window, settle}}, and a free-text {@code description}.
 * Numbers are JSON numbers or exact strings ({@code "1/3"}, {@code "0.1"}); the data keep them exactly.
 *
 * <p>Checks beyond the shapes: a start inside the domain of every entropy potential of the file
 * ({@code w0 > 0}), a start on the simplex for mirror descent constrained to it, and symmetric
 * square matrices for {@code max-margin-nuclear}. {@code argmin-potential} takes the algorithm's
 * potential, else the min-bregman reference's, else squared-l2 (the origin).
 */
public final class ProblemReader {
    private static final String[] KEYS = {"X", "Xs", "y", "w0", "init", "loss", "delta", "reference", "algorithm",
        "iterations", "budget", "description"};

    private ProblemReader() {
    }

    /**
     * Reads and validates a problem file. X is read by the fast path ({@link FastMatrixReader}) when the
     * file allows it: its doubles at once, straight from the file's bytes, and its exact rationals from the
     * same bytes when first asked for. Otherwise the file is read as text, the exact way, with its messages.
     */
    public static Problem read(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        byte[] bytes = Json.bytes(file);
        FastMatrixReader.Result fast = FastMatrixReader.read(bytes);
        if (fast == null) {
            String text = Json.text(file);
            return read(Json.parse(text, file.toString()), folder);
        }
        String source = file.toString();
        int n = fast.n();
        int d = fast.d();
        java.util.function.Supplier<BigFraction[][]> exact = () -> Node.root(
                Json.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), source)).get("X").exactMatrix(n, d);
        return read(fast.rest(), folder, fast, exact);
    }

    /** Parses and validates problem JSON text ({@code source} names it in messages). */
    public static Problem parse(String json, String source) {
        return read(Json.parse(json, source));
    }

    /** Validates a problem tree. */
    public static Problem read(JsonNode tree) {
        return read(tree, null, null, null);
    }

    /** Validates a problem tree read from a file in {@code folder} (where an external algorithm runs; null: here). */
    public static Problem read(JsonNode tree, Path folder) {
        return read(tree, folder, null, null);
    }

    /**
     * Validates a problem tree; with {@code fast} given, the tree has no X and X is {@code fast}'s doubles,
     * with {@code exactX} building its rationals on demand.
     */
    private static Problem read(JsonNode tree, Path folder, FastMatrixReader.Result fast,
                                java.util.function.Supplier<BigFraction[][]> exactX) {
        Node root = Node.root(tree).object("a JSON object with X (or Xs), y, loss, ...");
        root.only("a problem file", KEYS);
        if (root.has("description")) {
            root.get("description").text("a string");
        }

        MatrixShape shape = null;
        BigFraction[][] x = null;
        if (root.has("X") && root.has("Xs")) {
            throw new InvalidInputException(root.get("Xs").path(), "given together with X (give one: X for vectors, Xs for matrices)");
        }
        if (fast != null) {
            // X was read (and checked: non-empty, rectangular, finite) by the fast path; the file has no Xs
        } else if (root.has("Xs")) {
            Node xs = root.get("Xs");
            List<Node> mats = xs.elements("a non-empty list of matrices (lists of rows)");
            if (mats.isEmpty()) {
                throw new InvalidInputException(xs.path(), "[]", "a non-empty list of matrices");
            }
            BigFraction[][] first = mats.get(0).exactMatrix(-1, -1);
            shape = new MatrixShape(first.length, first[0].length);
            x = new BigFraction[mats.size()][];
            for (int i = 0; i < mats.size(); i++) {
                BigFraction[][] m = i == 0 ? first : mats.get(i).exactMatrix(shape.rows(), shape.cols());
                x[i] = flatten(m, shape);
            }
        } else {
            x = root.required("X", "a non-empty matrix (list of rows), or Xs for matrix data").exactMatrix(-1, -1);
        }
        int n = fast != null ? fast.n() : x.length;
        int d = fast != null ? fast.d() : x[0].length;
        Node yNode = root.required("y", "a list of " + n + " numbers (one per example)");
        List<Node> yItems = yNode.elements("a list of " + n + " numbers (one per example)");
        if (yItems.size() != n) {
            throw new InvalidInputException(yNode.path(), yItems.size() + " entries",
                    n + " entries, one per " + (shape == null ? "row of X" : "matrix of Xs"));
        }
        BigFraction[] y = yNode.exactVector(n);
        Dataset data = fast != null ? Dataset.lazyExact(n, d, fast.x(), y, exactX) : Dataset.exact(x, y);
        Dimensions dims = new Dimensions(n, d, shape);

        // a file for `solve` alone needs no loss: the program does not depend on it
        Loss loss = !root.get("loss").present() && !root.get("algorithm").present() && root.get("reference").present()
                ? lossForReference(root.get("reference"))
                : Vocabulary.loss(root.get("loss"), root.get("delta"));
        if (loss.monotone()) {
            requireLabels(yItems, y, "the " + loss.name() + " loss is a function of the margin y <w, x>");
        }
        Algorithm algorithm = root.has("algorithm") ? Vocabulary.algorithm(root.get("algorithm"), dims, folder) : null;
        Reference reference = root.has("reference") ? Vocabulary.reference(root.get("reference"), dims) : null;
        if (reference instanceof Reference.MaxMargin || reference instanceof Reference.MaxMarginNuclear) {
            requireLabels(yItems, y, "a max-margin reference classifies");
        }
        if (reference instanceof Reference.MaxMarginNuclear) {
            requireSymmetric(root.get("Xs"), x, shape);
        }

        Init init;
        if (root.has("w0") && root.has("init")) {
            throw new InvalidInputException(root.get("init").path(), "given together with w0 (give one of them)");
        }
        Start start;
        if (root.has("w0")) {
            init = new Init.Point(root.get("w0").exactVector(d));
            start = new Start("w0", true);
        } else if (root.has("init")) {
            init = Vocabulary.init(root.get("init"), d);
            start = init instanceof Init.Point ? new Start("init.w", true) : new Start("init", false);
        } else {
            init = new Init.Zero();
            start = new Start("w0", false);
        }
        BigFraction[] w0 = init.point(d, startPotential(algorithm, reference));
        checkStart(w0, start, algorithm, reference);

        Limits limits = limits(root);
        return new Problem(data, shape, loss, w0, init, reference, algorithm, limits);
    }

    /** The potential whose minimiser {@code argmin-potential} means. */
    private static Potential startPotential(Algorithm algorithm, Reference reference) {
        Potential p = namedPotential(algorithm);
        if (p == null && reference instanceof Reference.MinBregman mb) {
            p = mb.potential();
        }
        return p == null ? new Potential.SquaredL2() : p;
    }

    /**
     * The potential an algorithm names itself: that of mirror descent, natural gradient (descent or
     * flow), or the declared tail of an external optimizer; null for any other algorithm.
     */
    public static Potential namedPotential(Algorithm algorithm) {
        if (algorithm instanceof Algorithm.MirrorDescentAlgorithm md) {
            return md.potential();
        }
        if (algorithm instanceof Algorithm.NaturalGradientAlgorithm ng) {
            return ng.potential();
        }
        if (algorithm instanceof Algorithm.NaturalGradientFlowAlgorithm nf) {
            return nf.potential();
        }
        if (algorithm instanceof Algorithm.ExternalAlgorithm ex && ex.tail() != null) {
            return ex.tail().potential();
        }
        return null;
    }

    /** Where the start was written: an explicit list of numbers, or a rule (init, or the default). */
    private record Start(String field, boolean explicit) {
        String at(int j) {
            return explicit ? field + "[" + j + "]" : field;
        }

        String value(BigFraction[] w0, int j) {
            return explicit ? ExactNumbers.format(w0[j])
                    : (field.equals("w0") ? "nothing (the default start 0)" : "a start with w0[" + j + "] = " + ExactNumbers.format(w0[j]));
        }
    }

    /** The start must lie in the domain of every entropy potential, and on the simplex for constrained MD. */
    private static void checkStart(BigFraction[] w0, Start start, Algorithm algorithm, Reference reference) {
        Potential algo = namedPotential(algorithm);
        boolean entropy = algo instanceof Potential.Entropy
                || (reference instanceof Reference.MinBregman mb && mb.potential() instanceof Potential.Entropy);
        if (entropy) {
            for (int j = 0; j < w0.length; j++) {
                if (w0[j].compareTo(BigFraction.ZERO) <= 0) {
                    throw new InvalidInputException(start.at(j), start.value(w0, j),
                            "a number > 0: entropy is defined for w > 0 (init {\"kind\": \"argmin-potential\"} starts at 1)");
                }
            }
        }
        if (algorithm instanceof Algorithm.MirrorDescentAlgorithm md && md.simplex()) {
            String simplex = "a point of the simplex (w >= 0, sum w = 1) for mirror descent on the simplex";
            BigFraction sum = BigFraction.ZERO;
            for (int j = 0; j < w0.length; j++) {
                if (w0[j].compareTo(BigFraction.ZERO) < 0) {
                    throw new InvalidInputException(start.at(j), start.value(w0, j), simplex);
                }
                sum = sum.add(w0[j]);
            }
            if (Math.abs(sum.doubleValue() - 1) > 1e-12) {
                throw new InvalidInputException(start.field(), "entries summing to " + ExactNumbers.format(sum), simplex);
            }
        }
    }

    private static Limits limits(Node root) {
        Long iterations = null;
        Double seconds = null;
        Long window = null;
        Double settle = null;
        if (root.has("iterations")) {
            iterations = root.get("iterations").integer(1, Long.MAX_VALUE);
        }
        if (root.has("budget")) {
            Node b = root.get("budget").object("an object {iterations, seconds, window, settle}")
                    .only("budget", "iterations", "seconds", "window", "settle");
            if (b.has("iterations")) {
                if (iterations != null) {
                    throw new InvalidInputException(b.get("iterations").path(),
                            "given twice (also as the top-level iterations); give it once");
                }
                iterations = b.get("iterations").integer(1, Long.MAX_VALUE);
            }
            if (b.has("seconds")) {
                seconds = b.get("seconds").positive();
            }
            if (b.has("window")) {
                window = b.get("window").integer(1, Long.MAX_VALUE);
            }
            if (b.has("settle")) {
                settle = b.get("settle").nonNegative();
            }
        }
        return new Limits(iterations, seconds, window, settle);
    }

    private static void requireLabels(List<Node> items, BigFraction[] y, String why) {
        for (int i = 0; i < y.length; i++) {
            if (!y[i].abs().equals(BigFraction.ONE)) {
                throw items.get(i).fail("a label +1 or -1 (" + why + ")");
            }
        }
    }

    private static void requireSymmetric(Node xs, BigFraction[][] x, MatrixShape shape) {
        if (shape == null || !shape.square()) {
            return; // the reference reader already refused these
        }
        int k = shape.rows();
        for (int i = 0; i < x.length; i++) {
            for (int a = 0; a < k; a++) {
                for (int b = a + 1; b < k; b++) {
                    if (!x[i][a * k + b].equals(x[i][b * k + a])) {
                        throw new InvalidInputException(xs.path() + "[" + i + "]",
                                "a matrix with entry [" + a + "][" + b + "] = " + ExactNumbers.format(x[i][a * k + b])
                                        + " but [" + b + "][" + a + "] = " + ExactNumbers.format(x[i][b * k + a]),
                                "symmetric matrices (max-margin-nuclear)");
                    }
                }
            }
        }
    }

    private static BigFraction[] flatten(BigFraction[][] m, MatrixShape shape) {
        BigFraction[] row = new BigFraction[shape.rows() * shape.cols()];
        for (int a = 0; a < shape.rows(); a++) {
            System.arraycopy(m[a], 0, row, a * shape.cols(), shape.cols());
        }
        return row;
    }

    /** The loss a reference-only file stands for: exponential for margin programs, squared otherwise. */
    private static Loss lossForReference(Node reference) {
        String kind = reference.present() && reference.isObject() && reference.get("kind").isText()
                ? reference.get("kind").json().asText() : "";
        return kind.startsWith("max-margin") ? new Loss.Exponential() : new Loss.Squared();
    }
}
