package org.implicitbias.claims;

import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
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
 * Reads the shared vocabulary of CONTRACT.md (losses, potentials, norms, steps, algorithms,
 * references) from strict {@link SpecNode}s. Parameterised names take an object
 * ({@code {kind: lp, p: "4/3"}}), plain names a string ({@code l1}).
 *
 * <p>Values that depend on the instance (the dimension of a quadratic D, AdaGrad's {@code g0}
 * broadcast, the matrix shape of nuclear norms and factorized runs) are resolved against a
 * {@link Shape}, so every (setting, instance) pair is validated before anything runs.
 */
public final class Vocabulary {
    private Vocabulary() {
    }

    /**
     * The shape of one instance's parameter.
     *
     * @param d    the dimension of w (columns of X)
     * @param size for matrix problems the side m of the symmetric m x m {@code X_n} (d = m^2), else 0
     */
    public record Shape(int d, int size) {
    }

    /** A name, given as a string or as an object's {@code kind}. */
    static String kindOf(SpecNode node, String expected) {
        if (node.isText()) {
            return node.text(expected);
        }
        if (node.isObject()) {
            return node.require("kind", expected).text(expected);
        }
        throw new InvalidInputException(node.path(), node.render(), expected);
    }

    private static void plainOnly(SpecNode node) {
        if (node.isObject()) {
            node.finish();
        }
    }

    /** {@code squared}, {@code huber} ({@code delta}), {@code exponential}, {@code logistic}. */
    public static Loss loss(SpecNode node) {
        String expected = "one of squared, {kind: huber, delta}, exponential, logistic";
        if (!node.present()) {
            throw new InvalidInputException(node.path(), null, expected);
        }
        String kind = kindOf(node, expected);
        Loss loss = switch (kind) {
            case "squared" -> new Loss.Squared();
            case "exponential" -> new Loss.Exponential();
            case "logistic" -> new Loss.Logistic();
            case "huber" -> {
                if (!node.isObject()) {
                    throw new InvalidInputException(node.path(), node.render(), "{kind: huber, delta: <number > 0>}");
                }
                yield new Loss.Huber(node.require("delta", "a number > 0").number(0, true, "a number > 0"));
            }
            default -> throw new InvalidInputException(node.path(), node.render(), expected);
        };
        plainOnly(node);
        return loss;
    }

    /** A potential of the vocabulary; a quadratic D must be d x d. */
    public static Potential potential(SpecNode node, Shape shape) {
        String expected = "one of squared-l2, {kind: quadratic, D}, entropy, {kind: squared-lp, p}, "
                + "{kind: lp-power, p}, {kind: hypentropy, beta}";
        if (!node.present()) {
            throw new InvalidInputException(node.path(), null, expected);
        }
        String kind = kindOf(node, expected);
        Potential p = switch (kind) {
            case "squared-l2" -> new Potential.SquaredL2();
            case "entropy" -> new Potential.Entropy();
            case "quadratic" -> new QuadraticPotential(matrixD(node, shape));
            case "squared-lp" -> {
                double v = param(node, "p", "a number p in (1, 2]");
                if (!(v > 1 && v <= 2)) {
                    throw new InvalidInputException(node.path() + ".p", v, "a number p in (1, 2]");
                }
                yield new Potential.SquaredLp(v);
            }
            case "lp-power" -> {
                double v = param(node, "p", "a number p > 1");
                if (!(v > 1)) {
                    throw new InvalidInputException(node.path() + ".p", v, "a number p > 1");
                }
                yield new Potential.LpPower(v);
            }
            case "hypentropy" -> new Potential.Hypentropy(positive(node, "beta"));
            default -> throw new InvalidInputException(node.path(), node.render(), expected);
        };
        plainOnly(node);
        return p;
    }

    /** A norm of the vocabulary; {@code nuclear} needs a matrix instance. */
    public static Norm norm(SpecNode node, Shape shape) {
        String expected = "one of l1, l2, linf, {kind: lp, p}, {kind: quadratic, D}, nuclear";
        if (!node.present()) {
            throw new InvalidInputException(node.path(), null, expected);
        }
        String kind = kindOf(node, expected);
        Norm n = switch (kind) {
            case "l1" -> new Norm.L1();
            case "l2" -> new Norm.L2();
            case "linf" -> new Norm.LInf();
            case "lp" -> {
                double v = param(node, "p", "a number p > 1");
                if (!(v > 1)) {
                    throw new InvalidInputException(node.path() + ".p", v, "a number p > 1 (use l1 or linf at the ends)");
                }
                yield new Norm.Lp(v);
            }
            case "quadratic" -> new QuadraticNorm(matrixD(node, shape));
            case "nuclear" -> {
                if (shape.size() == 0) {
                    throw new InvalidInputException(node.path(), "nuclear", "a vector norm (the data are not matrices)");
                }
                yield new Norm.Nuclear(shape.size(), shape.size());
            }
            default -> throw new InvalidInputException(node.path(), node.render(), expected);
        };
        plainOnly(node);
        return n;
    }

    private static double[][] matrixD(SpecNode node, Shape shape) {
        if (!node.isObject()) {
            throw new InvalidInputException(node.path(), node.render(), "{kind: quadratic, D: <d x d matrix>}");
        }
        SpecNode dn = node.require("D", "a d x d symmetric positive definite matrix");
        double[][] d = dn.matrix("a d x d symmetric positive definite matrix");
        if (d.length != shape.d()) {
            throw new InvalidInputException(dn.path(), d.length + " x " + d[0].length + " matrix",
                    shape.d() + " x " + shape.d() + " (the dimension of w)");
        }
        new org.implicitbias.geometry.QuadraticForm(dn.path(), d);
        return d;
    }

    private static double param(SpecNode node, String key, String expected) {
        if (!node.isObject()) {
            throw new InvalidInputException(node.path(), node.render(), "an object with " + key + ": " + expected);
        }
        return node.require(key, expected).number();
    }

    private static double positive(SpecNode node, String key) {
        double v = param(node, key, "a number > 0");
        if (!(v > 0)) {
            throw new InvalidInputException(node.path() + "." + key, v, "a number > 0");
        }
        return v;
    }

    /** {@code {kind: constant, eta}}, {@code {kind: adaptive, c}}, {@code {kind: exact-line-search}}, {@code {kind: decaying, eta, power}}. */
    public static StepRule step(SpecNode node) {
        String expected = "{kind: constant, eta}, {kind: adaptive, c}, {kind: exact-line-search} or {kind: decaying, eta, power}";
        if (!node.isObject()) {
            throw new InvalidInputException(node.path(), node.render(), expected);
        }
        String kind = node.require("kind", expected).text(expected);
        StepRule s = switch (kind) {
            case "constant" -> new StepRule.Constant(node.require("eta", "a number > 0").number(0, true, "a number > 0"));
            case "adaptive" -> new StepRule.Adaptive(node.require("c", "a number > 0").number(0, true, "a number > 0"));
            case "exact-line-search" -> new StepRule.ExactLineSearch();
            case "decaying" -> new StepRule.Decaying(node.require("eta", "a number > 0").number(0, true, "a number > 0"),
                    node.require("power", "a number >= 0").number(0, false, "a number >= 0"));
            default -> throw new InvalidInputException(node.path() + ".kind", kind,
                    "constant, adaptive, exact-line-search or decaying");
        };
        node.finish();
        return s;
    }

    private static Momentum momentum(SpecNode node) {
        double beta = unit(node.require("beta", "a number in [0, 1)"));
        double gamma = node.has("gamma") ? unit(node.get("gamma")) : 0;
        long steps = node.get("steps").integer(1, Long.MAX_VALUE, Long.MAX_VALUE);
        return new Momentum(beta, gamma, steps);
    }

    private static double unit(SpecNode n) {
        double v = n.number();
        if (!(v >= 0 && v < 1)) {
            throw new InvalidInputException(n.path(), n.render(), "a number in [0, 1)");
        }
        return v;
    }

    /** The algorithm kinds of the vocabulary. */
    public static final String ALGORITHMS = "gradient-descent, mirror-descent, natural-gradient, natural-gradient-flow, "
            + "steepest-descent, adagrad, factorized-gradient-descent, diagonal-network";

    /** An algorithm of the vocabulary, bound to the instance's shape. */
    public static Algorithm algorithm(SpecNode node, Shape shape) {
        if (!node.isObject()) {
            throw new InvalidInputException(node.path(), node.render(), "an algorithm {kind: ..., ...}");
        }
        String kind = node.require("kind", "one of " + ALGORITHMS).text("one of " + ALGORITHMS);
        Algorithm a = switch (kind) {
            case "gradient-descent" -> {
                StepRule step = step(node.require("step", "a step rule"));
                SpecNode m = node.get("momentum");
                Momentum mom = Momentum.none();
                if (m.present()) {
                    m.requireObject();
                    mom = momentum(m);
                    m.finish();
                }
                int batch = (int) node.get("batch").integer(0, Integer.MAX_VALUE, 0);
                long seed = node.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, 1);
                yield new Algorithm.GradientDescentAlgorithm(step, mom, batch, seed);
            }
            case "mirror-descent" -> {
                Potential p = potential(node.require("potential", "a potential"), shape);
                StepRule step = step(node.require("step", "a step rule"));
                SpecNode m = node.get("momentum");
                Momentum mom = Momentum.none();
                Algorithm.MomentumForm form = Algorithm.MomentumForm.DUAL;
                if (m.present()) {
                    m.requireObject();
                    String f = m.require("kind", "dual or primal").text("dual or primal");
                    form = switch (f) {
                        case "dual" -> Algorithm.MomentumForm.DUAL;
                        case "primal" -> Algorithm.MomentumForm.PRIMAL;
                        default -> throw new InvalidInputException(m.path() + ".kind", f, "dual or primal");
                    };
                    mom = momentum(m);
                    m.finish();
                }
                boolean simplex = false;
                SpecNode c = node.get("constraint");
                if (c.present()) {
                    String cs = c.text("simplex");
                    if (!cs.equals("simplex")) {
                        throw new InvalidInputException(c.path(), cs, "simplex");
                    }
                    simplex = true;
                }
                int batch = (int) node.get("batch").integer(0, Integer.MAX_VALUE, 0);
                long seed = node.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, 1);
                yield new Algorithm.MirrorDescentAlgorithm(p, step, mom, form, simplex, batch, seed);
            }
            case "natural-gradient" -> new Algorithm.NaturalGradientAlgorithm(
                    potential(node.require("potential", "a potential"), shape), step(node.require("step", "a step rule")));
            case "natural-gradient-flow" -> new Algorithm.NaturalGradientFlowAlgorithm(
                    potential(node.require("potential", "a potential"), shape));
            case "steepest-descent" -> {
                Norm n = norm(node.require("norm", "a norm"), shape);
                StepRule step = step(node.require("step", "a step rule"));
                TieRule ties = TieRule.named(node.path() + ".ties", node.get("ties").text("lowest-index or average", "lowest-index"));
                yield new Algorithm.SteepestDescentAlgorithm(n, step, ties);
            }
            case "adagrad" -> {
                double eta = node.require("eta", "a number > 0").number(0, true, "a number > 0");
                SpecNode g = node.get("g0");
                double[] g0 = new double[shape.d()];
                if (!g.present()) {
                    java.util.Arrays.fill(g0, 1);
                } else if (g.isArray()) {
                    double[] v = g.vector("a number > 0 or a list of d numbers > 0");
                    if (v.length != shape.d()) {
                        throw new InvalidInputException(g.path(), v.length + " entries",
                                shape.d() + " entries (the dimension of w) or one number");
                    }
                    g0 = v;
                } else {
                    java.util.Arrays.fill(g0, g.number());
                }
                for (double v : g0) {
                    if (!(v > 0)) {
                        throw new InvalidInputException(g.path(), g.render(), "numbers > 0 (the diagonal of G_0)");
                    }
                }
                yield new Algorithm.AdagradAlgorithm(eta, g0);
            }
            case "factorized-gradient-descent" -> {
                if (shape.size() == 0) {
                    throw new InvalidInputException(node.path() + ".kind", kind,
                            "an algorithm for vector data (factorized-gradient-descent needs matrix data: separable-psd)");
                }
                StepRule step = step(node.require("step", "a step rule"));
                double scale = node.get("init-scale").number(1);
                if (!(scale > 0)) {
                    throw new InvalidInputException(node.path() + ".init-scale", scale, "a number > 0");
                }
                long seed = node.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, 1);
                yield new Algorithm.FactorizedGradientDescentAlgorithm(step, scale, shape.size(), shape.size(), seed);
            }
            case "diagonal-network" -> {
                StepRule step = step(node.require("step", "a step rule"));
                double scale = node.require("init-scale", "a number > 0").number(0, true, "a number > 0");
                yield new Algorithm.DiagonalNetworkAlgorithm(step, scale);
            }
            default -> throw new InvalidInputException(node.path() + ".kind", kind, "one of " + ALGORITHMS);
        };
        node.finish();
        return a;
    }

    /** A reference (convex program) of the vocabulary. */
    public static Reference reference(SpecNode node, Shape shape) {
        String expected = "{kind: min-bregman, potential}, {kind: min-norm, norm}, {kind: max-margin, norm} or {kind: max-margin-nuclear}";
        if (!node.isObject()) {
            throw new InvalidInputException(node.path(), node.render(), expected);
        }
        String kind = node.require("kind", expected).text(expected);
        Reference r = switch (kind) {
            case "min-bregman" -> {
                Potential p = potential(node.require("potential", "a potential"), shape);
                SpecNode c = node.get("constraint");
                boolean simplex = false;
                if (c.present()) {
                    String cs = c.text("simplex");
                    if (!cs.equals("simplex")) {
                        throw new InvalidInputException(c.path(), cs, "simplex");
                    }
                    simplex = true;
                }
                yield new Reference.MinBregman(p, simplex);
            }
            case "min-norm" -> new Reference.MinNorm(norm(node.require("norm", "a norm"), shape));
            case "max-margin" -> new Reference.MaxMargin(norm(node.require("norm", "a norm"), shape));
            case "max-margin-nuclear" -> {
                if (shape.size() == 0) {
                    throw new InvalidInputException(node.path() + ".kind", kind, "a vector reference (the data are not matrices)");
                }
                yield new Reference.MaxMarginNuclear(shape.size());
            }
            default -> throw new InvalidInputException(node.path() + ".kind", kind,
                    "min-bregman, min-norm, max-margin or max-margin-nuclear");
        };
        node.finish();
        return r;
    }
}
