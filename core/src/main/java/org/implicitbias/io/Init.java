package org.implicitbias.io;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.ExactNumbers;

/**
 * How the starting point {@code w0} is chosen ({@code init} in the files).
 *
 * <p>Vocabulary: {@code {kind: zero}}, {@code {kind: point, w: [...]}},
 * {@code {kind: argmin-potential}} (the minimiser of the run's potential: 1 for entropy, 0 for the
 * others), {@code {kind: random, scale, seed}} (independent Gaussians N(0, scale^2)) and
 * {@code {kind: random-positive, scale, seed}} (independent uniforms on {@code [scale/2, 3 scale/2)}).
 * Random points come from a {@link SplittableRandom} with the seed, so they are reproducible. The
 * one start type of problem files and specs; a spec's random start is drawn per instance
 * ({@link #forInstance}).
 */
public sealed interface Init {

    /** The {@code kind} in the vocabulary of the files. */
    String kind();

    /**
     * The starting point in dimension d, exactly.
     *
     * @param potential the potential whose minimiser {@code argmin-potential} means (never null)
     */
    BigFraction[] point(int d, Potential potential);

    /**
     * The start rule for instance {@code k} of a spec's data: random starts draw from the seed
     * {@code seed * 1000003 + k}, so every instance gets its own start; the others are unchanged.
     */
    default Init forInstance(int k) {
        return this;
    }

    /** {@code w0 = 0}. */
    record Zero() implements Init {
        @Override
        public String kind() {
            return "zero";
        }

        @Override
        public BigFraction[] point(int d, Potential potential) {
            BigFraction[] w = new BigFraction[d];
            Arrays.fill(w, BigFraction.ZERO);
            return w;
        }
    }

    /** A given point. */
    final class Point implements Init {
        private final BigFraction[] w;

        public Point(BigFraction[] w) {
            w = w.clone();
            this.w = w;
        }

        public BigFraction[] w() {
            return w;
        }

        @Override
        public String kind() {
            return "point";
        }

        @Override
        public BigFraction[] point(int d, Potential potential) {
            if (w.length != d) {
                throw new org.implicitbias.model.InvalidInputException("init.w", w.length + " entries",
                        d + " entries (the number of columns of X)");
            }
            return w.clone();
        }

        /** Equal when every component is, arrays compared by their contents. */
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Point other
                    && Arrays.equals(w, other.w));
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(w));
        }

        @Override
        public String toString() {
            return "Point[w=" + Arrays.toString(w) + "]";
        }
    }

    /** {@code w0 = argmin psi}. */
    record ArgminPotential() implements Init {
        @Override
        public String kind() {
            return "argmin-potential";
        }

        @Override
        public BigFraction[] point(int d, Potential potential) {
            return ExactNumbers.ofDoubles(potential.minimizer(d));
        }
    }

    /** Gaussian entries with standard deviation {@code scale}. */
    record Random(double scale, long seed) implements Init {
        @Override
        public String kind() {
            return "random";
        }

        @Override
        public Init forInstance(int k) {
            return new Random(scale, instanceSeed(seed, k));
        }

        @Override
        public BigFraction[] point(int d, Potential potential) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] w = new double[d];
            for (int j = 0; j < d; j++) {
                w[j] = scale * gaussian(r);
            }
            return ExactNumbers.ofDoubles(w);
        }
    }

    /** Uniform entries on {@code [scale/2, 3 scale/2)}: strictly positive, as entropy needs. */
    record RandomPositive(double scale, long seed) implements Init {
        @Override
        public String kind() {
            return "random-positive";
        }

        @Override
        public Init forInstance(int k) {
            return new RandomPositive(scale, instanceSeed(seed, k));
        }

        @Override
        public BigFraction[] point(int d, Potential potential) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] w = new double[d];
            for (int j = 0; j < d; j++) {
                w[j] = scale * (0.5 + r.nextDouble());
            }
            return ExactNumbers.ofDoubles(w);
        }
    }

    /** The seed of instance k's random start. */
    private static long instanceSeed(long seed, int k) {
        return seed * 1_000_003L + k;
    }

    /** A standard normal by Box-Muller (two uniforms per draw, so the sequence depends only on the seed). */
    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
