package org.implicitbias.claims;

import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;

/**
 * The starting point {@code w0} ({@code init:} in a spec).
 * {@code {kind: zero}}, {@code {kind: point, w}}, {@code {kind: argmin-potential}},
 * {@code {kind: random, scale, seed}} (Gaussian entries times scale),
 * {@code {kind: random-positive, scale, seed}} (entries uniform in [scale/2, 3 scale/2]).
 * Random starts mix the instance index into the seed, so each instance gets its own start.
 */
public sealed interface InitSpec {

    /** The start for an instance of dimension d; {@code argminPotential} is the algorithm's argmin psi. */
    double[] resolve(int d, int instance, double[] argminPotential);

    record Zero() implements InitSpec {
        @Override
        public double[] resolve(int d, int instance, double[] argminPotential) {
            return new double[d];
        }
    }

    record Point(BigFraction[] w, String field) implements InitSpec {
        @Override
        public double[] resolve(int d, int instance, double[] argminPotential) {
            if (w.length != d) {
                throw new InvalidInputException(field, w.length + " entries", d + " entries (the dimension of w)");
            }
            return ExactNumbers.toDoubles(w);
        }
    }

    record ArgminPotential() implements InitSpec {
        @Override
        public double[] resolve(int d, int instance, double[] argminPotential) {
            return argminPotential.clone();
        }
    }

    record Random(double scale, long seed) implements InitSpec {
        @Override
        public double[] resolve(int d, int instance, double[] argminPotential) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + instance);
            double[] w = new double[d];
            for (int j = 0; j < d; j++) {
                w[j] = scale * DataGenerator.gaussian(r);
            }
            return w;
        }
    }

    record RandomPositive(double scale, long seed) implements InitSpec {
        @Override
        public double[] resolve(int d, int instance, double[] argminPotential) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + instance);
            double[] w = new double[d];
            for (int j = 0; j < d; j++) {
                w[j] = scale * (0.5 + r.nextDouble());
            }
            return w;
        }
    }

    /** Reads an init object. */
    static InitSpec read(SpecNode node) {
        String expected = "{kind: zero | point | argmin-potential | random | random-positive, ...}";
        if (!node.isObject()) {
            throw new InvalidInputException(node.path(), node.render(), expected);
        }
        String kind = node.require("kind", expected).text(expected);
        InitSpec s = switch (kind) {
            case "zero" -> new Zero();
            case "point" -> new Point(node.require("w", "a list of d numbers").exactVector("a list of d numbers"),
                    node.path() + ".w");
            case "argmin-potential" -> new ArgminPotential();
            case "random" -> new Random(node.get("scale").number(1), node.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, 1));
            case "random-positive" -> new RandomPositive(node.get("scale").number(1),
                    node.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, 1));
            default -> throw new InvalidInputException(node.path() + ".kind", kind,
                    "zero, point, argmin-potential, random or random-positive");
        };
        double scale = s instanceof Random r ? r.scale() : s instanceof RandomPositive p ? p.scale() : 1;
        if (!(scale > 0)) {
            throw new InvalidInputException(node.path() + ".scale", scale, "a number > 0");
        }
        node.finish();
        return s;
    }
}
