package org.implicitbias.optim;

import java.util.Arrays;
import java.util.Objects;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.TieRule;
import org.implicitbias.model.Objective;

/**
 * An optimizer of the vocabulary with its hyperparameters, as a value: {@link #start} binds it to a
 * problem and returns the running {@link IterativeMethod}. One record per algorithm {@code kind}.
 */
public sealed interface Algorithm {

    /** The {@code kind} in the vocabulary of the files. */
    String kind();

    /**
     * Binds the algorithm to a problem.
     *
     * @param objective the loss on the data
     * @param w0        the starting point (copied)
     */
    IterativeMethod start(Objective objective, double[] w0);

    /**
     * {@code gradient-descent}: eq. 3 with optional momentum and mini-batches of {@code batch}
     * examples (0 for full gradients) drawn from {@code seed}.
     */
    record GradientDescentAlgorithm(StepRule step, Momentum momentum, int batch, long seed) implements Algorithm {
        @Override
        public String kind() {
            return "gradient-descent";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            return new GradientDescent(objective, w0, step, momentum, MiniBatch.of(batch, objective.data().n(), seed));
        }
    }

    /** Where mirror descent applies its momentum (eq. 7 dual, eq. 8 primal). */
    enum MomentumForm {
        /** eq. 7: momentum on the link values {@code grad psi(w_t) - grad psi(w_{t-1})}. */
        DUAL,
        /** eq. 8: momentum on the iterates, {@code grad psi(w_t + beta_t Dw_{t-1})}. */
        PRIMAL
    }

    /**
     * {@code mirror-descent} with potential psi: eq. 5, with dual (eq. 7) or primal (eq. 8) momentum,
     * optionally on the simplex (exponentiated gradient for entropy) and with mini-batches.
     */
    record MirrorDescentAlgorithm(Potential potential, StepRule step, Momentum momentum, MomentumForm form,
                                  boolean simplex, int batch, long seed) implements Algorithm {
        @Override
        public String kind() {
            return "mirror-descent";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            return new MirrorDescent(objective, w0, potential, step, momentum == null ? Momentum.none() : momentum,
                    form == null ? MomentumForm.DUAL : form, simplex, MiniBatch.of(batch, objective.data().n(), seed));
        }
    }

    /** {@code natural-gradient}: eq. 9, {@code w+ = w - eta_t H(w)^{-1} grad L(w)}. */
    record NaturalGradientAlgorithm(Potential potential, StepRule step) implements Algorithm {
        @Override
        public String kind() {
            return "natural-gradient";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            return new NaturalGradientDescent(objective, w0, potential, step);
        }
    }

    /** {@code natural-gradient-flow}: eq. 10, {@code dw/dtau = -H(w)^{-1} grad L(w)}, integrated adaptively. */
    record NaturalGradientFlowAlgorithm(Potential potential) implements Algorithm {
        @Override
        public String kind() {
            return "natural-gradient-flow";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            return new NaturalGradientFlow(objective, w0, potential);
        }
    }

    /** {@code steepest-descent} w.r.t. a norm: eq. 11-12. */
    record SteepestDescentAlgorithm(Norm norm, StepRule step, TieRule ties) implements Algorithm {
        @Override
        public String kind() {
            return "steepest-descent";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            return new SteepestDescent(objective, w0, norm, step, ties == null ? TieRule.LOWEST_INDEX : ties);
        }
    }

    /**
     * {@code adagrad}, diagonal: eq. 13-14, {@code w+ = w - eta G_t^{-1/2} grad L(w)},
     * {@code G_t = G_0 + sum_{u <= t} grad L(w_u)^2}; {@code g0} is the diagonal of G_0 (entries &gt; 0),
     * {@value #DEFAULT_G0} in every coordinate when a file does not give it.
     */
    final class AdagradAlgorithm implements Algorithm {
        private final double eta;
        private final double[] g0;

        public AdagradAlgorithm(double eta, double[] g0) {
            this.eta = eta;
            this.g0 = g0;
        }

        public double eta() {
            return eta;
        }

        public double[] g0() {
            return g0;
        }

        /**
         * The default diagonal entry of G_0: Keras's {@code initial_accumulator_value = 0.1}. There is no
         * epsilon here: G_0 must be positive definite (Proposition 6's conditions are stated on it). PyTorch's
         * defaults (accumulator 0, {@code eps = 1e-10} added to the root) are close to {@code g0: 1e-20},
         * since {@code sqrt(1e-20 + G) ~ sqrt(G) + 1e-10} once a coordinate's gradient is not tiny.
         */
        public static final double DEFAULT_G0 = 0.1;

        @Override
        public String kind() {
            return "adagrad";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            return new Adagrad(objective, w0, eta, g0);
        }

        /** Equal when every component is, arrays compared by their contents. */
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof AdagradAlgorithm other
                    && Double.compare(eta, other.eta) == 0
                    && Arrays.equals(g0, other.g0));
        }

        @Override
        public int hashCode() {
            return Objects.hash(eta, Arrays.hashCode(g0));
        }

        @Override
        public String toString() {
            return "AdagradAlgorithm[eta=" + eta
                    + ", g0=" + Arrays.toString(g0) + "]";
        }
    }

    /**
     * {@code factorized-gradient-descent}: GD on U with {@code W = U U'} (eq. 17-19) for a
     * rows x cols matrix problem whose data rows are the flattened {@code X_n}; a non-square or
     * non-symmetric problem is run as U V' through its symmetric embedding. U0 is
     * {@code initScale} times a seeded Gaussian matrix (full rank almost surely): d x d for the
     * symmetric form, and {@code [U0; V0]} a (rows + cols) square matrix for the product form. The
     * start {@code W0 = U0 U0'} (or {@code U0 V0'}) is set by them; {@code w0} is checked for its length only.
     */
    record FactorizedGradientDescentAlgorithm(StepRule step, double initScale, int rows, int cols, long seed)
            implements Algorithm {
        @Override
        public String kind() {
            return "factorized-gradient-descent";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            if (w0 != null && w0.length != objective.data().d()) {
                throw new org.implicitbias.model.InvalidInputException("w0", w0.length + " entries",
                        objective.data().d() + " entries (the number of columns of X)");
            }
            if (rows < 1 || cols < 1 || (long) rows * cols != objective.data().d()) {
                throw new org.implicitbias.model.InvalidInputException("algorithm.rows", rows + " x " + cols,
                        "a matrix shape with rows * cols = " + objective.data().d() + " (the number of columns of X)");
            }
            if (rows == cols && symmetricData(objective.data(), rows)) {
                return FactorizedGradientDescent.symmetric(objective, rows, rows,
                        FactorizedGradientDescent.gaussianFactor(rows, rows, initScale, seed), step);
            }
            // U V' as the symmetric embedding: U~0 = [U0; V0] is a full-rank (rows + cols) square factor
            int m = rows + cols;
            double[] tilde = FactorizedGradientDescent.gaussianFactor(m, m, initScale, seed);
            double[] u0 = java.util.Arrays.copyOfRange(tilde, 0, rows * m);
            double[] v0 = java.util.Arrays.copyOfRange(tilde, rows * m, m * m);
            return FactorizedGradientDescent.product(objective, rows, cols, m, u0, v0, step);
        }

        /** Whether every flattened d x d data matrix {@code X_n} is symmetric. */
        private static boolean symmetricData(org.implicitbias.model.Dataset data, int d) {
            for (int n = 0; n < data.n(); n++) {
                for (int i = 0; i < d; i++) {
                    for (int j = i + 1; j < d; j++) {
                        if (data.x(n, i * d + j) != data.x(n, j * d + i)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }
    }

    /**
     * {@code external}: an optimizer in another program, driven through the JSON-lines protocol of
     * {@link org.implicitbias.optim.external.ExternalOptimizer}: the oracle starts {@code command} in
     * {@code workingDir} (the folder of the spec or problem file), sends it the problem and advances it.
     *
     * @param command    the program (resolved: absolute when it was given as a path) and its arguments
     * @param workingDir the process's working directory
     * @param tail       the declared tail ({@code tail: {kind: mirror-descent, potential: P}}), or null
     * @param rows       for matrix problems the shape {@code rows x cols} of each flattened {@code X_n}, else 0
     * @param cols       see rows
     */
    record ExternalAlgorithm(java.util.List<String> command, java.nio.file.Path workingDir,
                             org.implicitbias.optim.DeclaredTail tail, int rows, int cols) implements Algorithm {
        public ExternalAlgorithm {
            command = java.util.List.copyOf(command);
        }

        @Override
        public String kind() {
            return "external";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            Methods.checkStart(objective, w0);
            return new org.implicitbias.optim.external.ExternalOptimizer(this, objective, w0);
        }
    }

    /**
     * {@code diagonal-network}: GD on (u, v) with {@code w = u*u - v*v} from {@code u = v = alpha 1};
     * its flow is MD with {@code hypentropy}, beta = 2 alpha^2. The start is w = 0; any other w0 is refused.
     */
    record DiagonalNetworkAlgorithm(StepRule step, double initScale) implements Algorithm {
        @Override
        public String kind() {
            return "diagonal-network";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            if (w0 != null) {
                for (double x : w0) {
                    if (x != 0) {
                        throw new org.implicitbias.model.InvalidInputException("init", java.util.Arrays.toString(w0),
                                "zero: the diagonal network starts at u = v = alpha, i.e. w = 0");
                    }
                }
            }
            return new DiagonalNetwork(objective, initScale, step);
        }
    }
}
