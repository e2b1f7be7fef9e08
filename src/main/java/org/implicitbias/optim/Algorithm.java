package org.implicitbias.optim;

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
            MiniBatch b = batch > 0 ? new MiniBatch(batch, objective.data().n(), seed) : null;
            return new GradientDescent(objective, w0, step, momentum, b);
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
            MiniBatch b = batch > 0 ? new MiniBatch(batch, objective.data().n(), seed) : null;
            return new MirrorDescent(objective, w0, potential, step, momentum == null ? Momentum.none() : momentum,
                    form == null ? MomentumForm.DUAL : form, simplex, b);
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
            throw new UnsupportedOperationException("steepest-descent");
        }
    }

    /**
     * {@code adagrad}, diagonal: eq. 13-14, {@code w+ = w - eta G_t^{-1/2} grad L(w)},
     * {@code G_t = G_0 + sum_{u <= t} grad L(w_u)^2}; {@code g0} is the diagonal of G_0.
     */
    record AdagradAlgorithm(double eta, double[] g0) implements Algorithm {
        @Override
        public String kind() {
            return "adagrad";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            throw new UnsupportedOperationException("adagrad");
        }
    }

    /**
     * {@code factorized-gradient-descent}: GD on U with {@code W = U U'} (eq. 17-19) for a
     * rows x cols matrix problem whose data rows are the flattened {@code X_n}; a non-square or
     * non-symmetric problem is run as U V' through its symmetric embedding. U0 is
     * {@code initScale} times a seeded Gaussian matrix (full rank almost surely).
     */
    record FactorizedGradientDescentAlgorithm(StepRule step, double initScale, int rows, int cols, long seed)
            implements Algorithm {
        @Override
        public String kind() {
            return "factorized-gradient-descent";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            throw new UnsupportedOperationException("factorized-gradient-descent");
        }
    }

    /**
     * {@code diagonal-network}: GD on (u, v) with {@code w = u*u - v*v} from {@code u = v = alpha 1};
     * its flow is MD with {@code hypentropy}, beta = 2 alpha^2.
     */
    record DiagonalNetworkAlgorithm(StepRule step, double initScale) implements Algorithm {
        @Override
        public String kind() {
            return "diagonal-network";
        }

        @Override
        public IterativeMethod start(Objective objective, double[] w0) {
            throw new UnsupportedOperationException("diagonal-network");
        }
    }
}
