package org.implicitbias.io;

import java.util.Arrays;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticForm;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.geometry.TieRule;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Momentum;
import org.implicitbias.optim.StepRule;
import org.implicitbias.oracle.Reference;

/**
 * Reads the terms of the file vocabulary (losses, potentials, norms, step rules, algorithms,
 * references, starting points) from a JSON or YAML tree into their validated value types. Shared by
 * the problem-file reader and the spec reader.
 *
 * <p>Conventions. A term without parameters is a plain string ({@code "entropy"}) or an object with
 * only {@code kind}; a term with parameters is an object ({@code {"kind": "lp", "p": "4/3"}}). Keys a
 * term does not know are errors that name the key. Every error names the field path, the value and
 * what was expected.
 *
 * <p>Defaults (where the vocabulary leaves a parameter optional): momentum {@code gamma = 0} (heavy
 * ball) and {@code steps} unlimited; no mini-batches ({@code batch} absent) with {@code seed = 0};
 * {@code ties: lowest-index}; random starts with {@code scale = 1}, {@code seed = 0}. A step may be
 * abbreviated: a number means {@code {kind: constant, eta: <number>}} and the string
 * {@code exact-line-search} the exact line search.
 */
public final class Vocabulary {
    /** The loss names. */
    public static final String LOSSES = "squared, huber, exponential, logistic";
    /** The potential names. */
    public static final String POTENTIALS = "squared-l2, quadratic, entropy, squared-lp, lp-power, hypentropy";
    /** The norm names. */
    public static final String NORMS = "l1, l2, linf, lp, quadratic, nuclear";
    /** The step rule names. */
    public static final String STEPS = "constant, adaptive, exact-line-search, decaying";
    /** The algorithm kinds. */
    public static final String ALGORITHMS = "gradient-descent, mirror-descent, natural-gradient, natural-gradient-flow, "
            + "steepest-descent, adagrad, factorized-gradient-descent, diagonal-network, external";
    /** The reference kinds. */
    public static final String REFERENCES = "min-bregman, min-norm, min-distance, max-margin, max-margin-nuclear";
    /** The init kinds. */
    public static final String INITS = "zero, point, argmin-potential, random, random-positive";

    private static final String STEP_EXAMPLE = "a step rule, e.g. {\"kind\": \"constant\", \"eta\": 0.1}";

    private Vocabulary() {
    }

    /**
     * A loss: {@code "squared"}, {@code "exponential"}, {@code "logistic"}, or Huber written either as
     * {@code {"kind": "huber", "delta": 1}} or as {@code "huber"} with a sibling field {@code delta}.
     *
     * @param node  the {@code loss} field
     * @param delta the sibling {@code delta} field (may be absent)
     */
    public static Loss loss(Node node, Node delta) {
        String expected = "one of " + LOSSES + " (huber with delta, e.g. {\"kind\": \"huber\", \"delta\": 1})";
        if (!node.present()) {
            throw node.fail(expected);
        }
        String kind = node.kind(expected);
        if (!java.util.List.of("squared", "huber", "exponential", "logistic").contains(kind)) {
            throw node.isObject() ? node.get("kind").fail(expected) : node.fail(expected);
        }
        if (!kind.equals("huber")) {
            if (delta.present()) {
                throw new InvalidInputException(delta.path(), delta.json().toString(),
                        "no delta: only the huber loss takes one (the loss is " + kind + ")");
            }
            if (node.isObject()) {
                node.only(kind + " loss", "kind");
            }
        }
        switch (kind) {
            case "squared" -> {
                return new Loss.Squared();
            }
            case "exponential" -> {
                return new Loss.Exponential();
            }
            case "logistic" -> {
                return new Loss.Logistic();
            }
            default -> {
                Node d;
                if (node.isObject()) {
                    node.only("huber loss", "kind", "delta");
                    if (delta.present()) {
                        throw new InvalidInputException(delta.path(), delta.json().toString(),
                                "delta given once, inside the loss object (" + node.path() + ".delta)");
                    }
                    d = node.required("delta", "a number > 0 (the Huber threshold)");
                } else {
                    if (!delta.present()) {
                        throw new InvalidInputException(delta.path(), null,
                                "a number > 0 for the huber loss (or write \"loss\": {\"kind\": \"huber\", \"delta\": 1})");
                    }
                    d = delta;
                }
                return new Loss.Huber(d.positive());
            }
        }
    }

    /**
     * A potential psi.
     *
     * @param dims the problem's dimensions for checking a quadratic's D, or null if not known yet
     */
    public static Potential potential(Node node, Dimensions dims) {
        String expected = "a potential: one of " + POTENTIALS
                + " (with parameters as an object, e.g. {\"kind\": \"squared-lp\", \"p\": \"3/2\"})";
        if (!node.present()) {
            throw node.fail(expected);
        }
        String kind = node.kind(expected);
        switch (kind) {
            case "squared-l2" -> {
                plain(node, kind);
                return new Potential.SquaredL2();
            }
            case "entropy" -> {
                plain(node, kind);
                return new Potential.Entropy();
            }
            case "quadratic" -> {
                params(node, kind, "D").only("quadratic potential", "kind", "D");
                return new QuadraticPotential(quadraticForm(node.required("D", "a symmetric positive definite matrix"), dims));
            }
            case "squared-lp" -> {
                params(node, kind, "p").only("squared-lp potential", "kind", "p");
                Node p = node.required("p", "a number in (1, 2]");
                double v = p.number();
                if (!(v > 1 && v <= 2)) {
                    throw p.fail("a number in (1, 2] (squared-lp is strongly convex only there)");
                }
                return new Potential.SquaredLp(v);
            }
            case "lp-power" -> {
                params(node, kind, "p").only("lp-power potential", "kind", "p");
                Node p = node.required("p", "a number > 1");
                double v = p.number();
                if (!(v > 1)) {
                    throw p.fail("a number > 1");
                }
                return new Potential.LpPower(v);
            }
            case "hypentropy" -> {
                params(node, kind, "beta").only("hypentropy potential", "kind", "beta");
                return new Potential.Hypentropy(node.required("beta", "a number > 0").positive());
            }
            default -> throw node.fail(expected);
        }
    }

    /**
     * A norm.
     *
     * @param dims the problem's dimensions (a {@code nuclear} norm needs the matrix shape, a
     *             {@code quadratic} one is checked against d); null before the data are known, which
     *             only {@code nuclear} refuses
     */
    public static Norm norm(Node node, Dimensions dims) {
        String expected = "a norm: one of " + NORMS + " (with parameters as an object, e.g. {\"kind\": \"lp\", \"p\": \"4/3\"})";
        if (!node.present()) {
            throw node.fail(expected);
        }
        String kind = node.kind(expected);
        switch (kind) {
            case "l1" -> {
                plain(node, kind);
                return new Norm.L1();
            }
            case "l2" -> {
                plain(node, kind);
                return new Norm.L2();
            }
            case "linf" -> {
                plain(node, kind);
                return new Norm.LInf();
            }
            case "nuclear" -> {
                plain(node, kind);
                MatrixShape m = known(dims, node).matrix();
                if (m == null) {
                    throw node.fail("a vector norm: nuclear needs a matrix problem (data given as Xs)");
                }
                return new Norm.Nuclear(m.rows(), m.cols());
            }
            case "lp" -> {
                params(node, kind, "p").only("lp norm", "kind", "p");
                Node p = node.required("p", "a number > 1");
                double v = p.number();
                if (!(v > 1)) {
                    throw p.fail("a number > 1 (use l1 or linf for the limits)");
                }
                return new Norm.Lp(v);
            }
            case "quadratic" -> {
                params(node, kind, "D").only("quadratic norm", "kind", "D");
                return new QuadraticNorm(quadraticForm(node.required("D", "a symmetric positive definite matrix"), dims));
            }
            default -> throw node.fail(expected);
        }
    }

    /**
     * A step-size rule: {@code {kind: constant, eta}}, {@code {kind: adaptive, c}},
     * {@code {kind: exact-line-search}}, {@code {kind: decaying, eta, power}}; a bare number is a
     * constant step.
     */
    public static StepRule step(Node node) {
        String expected = "a step rule: one of " + STEPS + " (e.g. {\"kind\": \"constant\", \"eta\": 0.1}) or a number";
        if (!node.present()) {
            throw node.fail(expected);
        }
        if (node.present() && node.json().isNumber()) {
            return new StepRule.Constant(node.positive());
        }
        String kind = node.kind(expected);
        switch (kind) {
            case "constant" -> {
                params(node, kind, "eta").only("constant step", "kind", "eta");
                return new StepRule.Constant(node.required("eta", "a number > 0").positive());
            }
            case "adaptive" -> {
                params(node, kind, "c").only("adaptive step", "kind", "c");
                return new StepRule.Adaptive(node.required("c", "a number > 0").positive());
            }
            case "exact-line-search" -> {
                plain(node, kind);
                return new StepRule.ExactLineSearch();
            }
            case "decaying" -> {
                params(node, kind, "eta, power").only("decaying step", "kind", "eta", "power");
                return new StepRule.Decaying(node.required("eta", "a number > 0").positive(),
                        node.required("power", "a number >= 0 (eta_t = eta / (t+1)^power)").nonNegative());
            }
            default -> throw node.fail(expected);
        }
    }

    /** Momentum of gradient descent: {@code {beta, gamma, steps}} (gamma default 0, steps default unlimited). */
    public static Momentum momentum(Node node) {
        node.object("momentum parameters {\"beta\": ..., \"gamma\": ...}").only("gradient-descent momentum",
                "beta", "gamma", "steps");
        return momentumValues(node);
    }

    private static Momentum momentumValues(Node node) {
        double beta = node.required("beta", "a number in [0, 1)").unitInterval();
        double gamma = node.has("gamma") ? node.get("gamma").unitInterval() : 0;
        long steps = node.has("steps") ? node.get("steps").integer(1, Long.MAX_VALUE) : Long.MAX_VALUE;
        return new Momentum(beta, gamma, steps);
    }

    /**
     * An algorithm with its hyperparameters.
     *
     * @param dims the problem's dimensions (for batch sizes, g0 and matrix shapes)
     */
    public static Algorithm algorithm(Node node, Dimensions dims) {
        return algorithm(node, dims, null);
    }

    /**
     * An algorithm with its hyperparameters, read from a file in the folder {@code base}: an
     * {@code external} algorithm's program runs there (null: the current directory).
     */
    public static Algorithm algorithm(Node node, Dimensions dims, java.nio.file.Path base) {
        known(dims, node);
        String expected = "an algorithm object with a kind: one of " + ALGORITHMS;
        node.object(expected);
        String kind = node.required("kind", "one of " + ALGORITHMS).text("one of " + ALGORITHMS);
        switch (kind) {
            case "gradient-descent" -> {
                node.only(kind, "kind", "step", "momentum", "batch", "seed");
                Momentum m = node.has("momentum") ? momentum(node.get("momentum")) : Momentum.none();
                return new Algorithm.GradientDescentAlgorithm(step(node.required("step", STEP_EXAMPLE)), m,
                        batch(node, dims), seed(node.get("seed")));
            }
            case "mirror-descent" -> {
                node.only(kind, "kind", "potential", "step", "momentum", "constraint", "batch", "seed");
                Potential psi = potential(node.required("potential", "a potential"), dims);
                StepRule step = step(node.required("step", STEP_EXAMPLE));
                Momentum m = Momentum.none();
                Algorithm.MomentumForm form = Algorithm.MomentumForm.DUAL;
                if (node.has("momentum")) {
                    Node mn = node.get("momentum");
                    mn.object("momentum {\"kind\": \"dual\" | \"primal\", \"beta\": ..., \"gamma\": ..., \"steps\": ...}")
                            .only("mirror-descent momentum", "kind", "beta", "gamma", "steps");
                    Node k = mn.required("kind", "dual (eq. 7) or primal (eq. 8)");
                    String fk = k.text("dual (eq. 7) or primal (eq. 8)");
                    form = switch (fk) {
                        case "dual" -> Algorithm.MomentumForm.DUAL;
                        case "primal" -> Algorithm.MomentumForm.PRIMAL;
                        default -> throw k.fail("dual (eq. 7) or primal (eq. 8)");
                    };
                    m = momentumValues(mn);
                }
                boolean simplex = node.has("constraint") && constraint(node.get("constraint"));
                return new Algorithm.MirrorDescentAlgorithm(psi, step, m, form, simplex, batch(node, dims),
                        seed(node.get("seed")));
            }
            case "natural-gradient" -> {
                node.only(kind, "kind", "potential", "step");
                return new Algorithm.NaturalGradientAlgorithm(potential(node.required("potential", "a potential"), dims),
                        step(node.required("step", STEP_EXAMPLE)));
            }
            case "natural-gradient-flow" -> {
                node.only(kind, "kind", "potential");
                return new Algorithm.NaturalGradientFlowAlgorithm(potential(node.required("potential", "a potential"), dims));
            }
            case "steepest-descent" -> {
                node.only(kind, "kind", "norm", "step", "ties");
                Norm norm = norm(node.required("norm", "a norm"), dims);
                StepRule step = step(node.required("step", STEP_EXAMPLE));
                TieRule ties = node.has("ties")
                        ? TieRule.named(node.get("ties").path(), node.get("ties").text("lowest-index or average"))
                        : TieRule.LOWEST_INDEX;
                return new Algorithm.SteepestDescentAlgorithm(norm, step, ties);
            }
            case "adagrad" -> {
                node.only(kind, "kind", "eta", "g0");
                double eta = node.required("eta", "a number > 0").positive();
                Node g = node.get("g0");
                String positive = "a number > 0 (G_0 must be positive definite)";
                double[] g0 = new double[dims.d()];
                if (!g.present()) {
                    Arrays.fill(g0, Algorithm.AdagradAlgorithm.DEFAULT_G0);
                } else if (g.isArray()) {
                    g0 = g.vector(dims.d());
                    for (int j = 0; j < g0.length; j++) {
                        if (!(g0[j] > 0)) {
                            throw g.elements("").get(j).fail(positive);
                        }
                    }
                } else {
                    if (g.exact().getNumerator().signum() <= 0) {
                        throw g.fail(positive);
                    }
                    Arrays.fill(g0, g.number());
                }
                return new Algorithm.AdagradAlgorithm(eta, g0);
            }
            case "factorized-gradient-descent" -> {
                node.only(kind, "kind", "step", "init-scale", "seed");
                if (dims.matrix() == null) {
                    throw node.get("kind").fail("an algorithm for vectors: factorized-gradient-descent needs a matrix "
                            + "problem (data given as Xs)");
                }
                StepRule step = step(node.required("step", STEP_EXAMPLE));
                double scale = node.required("init-scale", "a number > 0 (the scale of U0)").positive();
                return new Algorithm.FactorizedGradientDescentAlgorithm(step, scale, dims.matrix().rows(),
                        dims.matrix().cols(), seed(node.get("seed")));
            }
            case "diagonal-network" -> {
                node.only(kind, "kind", "step", "init-scale");
                StepRule step = step(node.required("step", STEP_EXAMPLE));
                return new Algorithm.DiagonalNetworkAlgorithm(step,
                        node.required("init-scale", "a number > 0 (alpha: u = v = alpha at the start)").positive());
            }
            case "external" -> {
                return ExternalAlgorithmReader.read(node, dims, base);
            }
            default -> throw node.get("kind").fail("one of " + ALGORITHMS);
        }
    }

    /**
     * A characterising convex program.
     *
     * @param dims the problem's dimensions (norms and the nuclear program need them)
     */
    public static Reference reference(Node node, Dimensions dims) {
        String expected = "a reference: one of " + REFERENCES + " (e.g. {\"kind\": \"min-norm\", \"norm\": \"l2\"})";
        if (!node.present()) {
            throw node.fail(expected);
        }
        String kind = node.kind(expected);
        switch (kind) {
            case "min-bregman" -> {
                params(node, kind, "potential").only("min-bregman reference", "kind", "potential", "constraint");
                Potential psi = potential(node.required("potential", "a potential"), dims);
                boolean simplex = node.has("constraint") && constraint(node.get("constraint"));
                return new Reference.MinBregman(psi, simplex);
            }
            case "min-norm" -> {
                params(node, kind, "norm").only("min-norm reference", "kind", "norm");
                return new Reference.MinNorm(norm(node.required("norm", "a norm"), dims));
            }
            case "min-distance" -> {
                params(node, kind, "norm").only("min-distance reference", "kind", "norm");
                return new Reference.MinDistance(norm(node.required("norm", "a norm"), dims));
            }
            case "max-margin" -> {
                params(node, kind, "norm").only("max-margin reference", "kind", "norm");
                return new Reference.MaxMargin(norm(node.required("norm", "a norm"), dims));
            }
            case "max-margin-nuclear" -> {
                plain(node, kind);
                MatrixShape m = known(dims, node).matrix();
                if (m == null || !m.square()) {
                    throw node.fail("a vector reference: max-margin-nuclear needs square symmetric data matrices (Xs)"
                            + (m == null ? "" : ", the data are " + m));
                }
                return new Reference.MaxMarginNuclear(m.rows());
            }
            default -> throw node.fail(expected);
        }
    }

    /**
     * A starting point rule: {@code zero}, {@code argmin-potential}, {@code {kind: point, w}},
     * {@code {kind: random, scale, seed}}, {@code {kind: random-positive, scale, seed}}.
     *
     * @param d the dimension for checking a given point, or -1 if not known yet
     */
    public static Init init(Node node, int d) {
        String expected = "an init: one of " + INITS + " (e.g. {\"kind\": \"zero\"})";
        if (!node.present()) {
            throw node.fail(expected);
        }
        String kind = node.kind(expected);
        switch (kind) {
            case "zero" -> {
                plain(node, kind);
                return new Init.Zero();
            }
            case "argmin-potential" -> {
                plain(node, kind);
                return new Init.ArgminPotential();
            }
            case "point" -> {
                params(node, kind, "w").only("point init", "kind", "w");
                return new Init.Point(node.required("w", "a list of numbers").exactVector(d));
            }
            case "random" -> {
                if (node.isObject()) {
                    node.only("random init", "kind", "scale", "seed");
                }
                return new Init.Random(node.has("scale") ? node.get("scale").positive() : 1, seed(node.get("seed")));
            }
            case "random-positive" -> {
                if (node.isObject()) {
                    node.only("random-positive init", "kind", "scale", "seed");
                }
                return new Init.RandomPositive(node.has("scale") ? node.get("scale").positive() : 1,
                        seed(node.get("seed")));
            }
            default -> throw node.fail(expected);
        }
    }

    /** {@code constraint: simplex} (the only constraint of the vocabulary); true when given. */
    public static boolean constraint(Node node) {
        String c = node.kind("simplex (w >= 0, sum w = 1)");
        if (!c.equals("simplex")) {
            throw node.fail("simplex (w >= 0, sum w = 1)");
        }
        if (node.isObject()) {
            node.only("simplex constraint", "kind");
        }
        return true;
    }

    /** A seed: any integer, 0 when absent. */
    public static long seed(Node node) {
        return node.present() ? node.integer(Long.MIN_VALUE, Long.MAX_VALUE) : 0;
    }

    /** The terms that are shaped by the data cannot be read before the data. */
    private static Dimensions known(Dimensions dims, Node node) {
        if (dims == null) {
            throw new IllegalArgumentException(node.path() + " is read before the data it depends on");
        }
        return dims;
    }

    private static int batch(Node node, Dimensions dims) {
        Node b = node.get("batch");
        if (!b.present()) {
            return 0;
        }
        return (int) b.integer(1, dims == null ? Integer.MAX_VALUE : dims.n());
    }

    private static QuadraticForm quadraticForm(Node dNode, Dimensions dims) {
        int size = dims == null ? -1 : dims.d();
        double[][] m = dNode.matrix(size, size);
        if (size < 0 && m.length != m[0].length) {
            throw new InvalidInputException(dNode.path(), m.length + " x " + m[0].length, "a square matrix");
        }
        return new QuadraticForm(dNode.path(), m);
    }

    /** A parameterless term: a string, or an object with only {@code kind}. */
    private static void plain(Node node, String kind) {
        if (node.isObject()) {
            node.only(kind, "kind");
        }
    }

    /** A term with parameters must be an object. */
    private static Node params(Node node, String kind, String names) {
        if (!node.isObject()) {
            throw node.fail("an object {\"kind\": \"" + kind + "\", ...} with " + names);
        }
        return node;
    }
}
