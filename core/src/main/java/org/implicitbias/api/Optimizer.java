package org.implicitbias.api;

import java.util.Optional;

/**
 * An optimizer to be judged, written by the user: given the problem and the start, it returns a
 * {@link Stepper} that advances w one step at a time (the shape of MLCommons AlgoPerf's
 * {@code init_optimizer_state} / {@code update_params}, as one object).
 *
 * <pre>{@code
 * Optimizer gd = (problem, w0) -> {
 *     double[] g = new double[problem.d()];
 *     return w -> {
 *         problem.gradient(w, g);
 *         for (int j = 0; j < w.length; j++) {
 *             w[j] -= 0.1 * g[j];
 *         }
 *     };
 * };
 * }</pre>
 *
 * <p>An optimizer may declare its tail ({@link #tail()}): "after finitely many steps this is mirror descent
 * with potential psi". The oracle then checks the declaration against the iterates it observes (every
 * link-space increment {@code grad psi(w_{t+1}) - grad psi(w_t)} must lie in the row space of X) and, once
 * borne out, predicts the limit exactly by Theorem 1 restarted at the last iterate. A wrong declaration is
 * reported and ignored.
 */
@FunctionalInterface
public interface Optimizer {

    /**
     * Starts a run.
     *
     * @param problem the loss on the data (read only)
     * @param w0      the start (a copy the optimizer may keep)
     * @return the run's stepper
     */
    Stepper start(Problem problem, double[] w0);

    /** The declared tail, if any. */
    default Optional<Tail> tail() {
        return Optional.empty();
    }

    /** A short name for reports. */
    default String name() {
        return "user optimizer";
    }

    /** This optimizer under a name. */
    default Optimizer named(String name) {
        return new Configured(this, name, tail());
    }

    /** This optimizer with a declared tail. */
    default Optimizer declaring(Tail tail) {
        return new Configured(this, name(), Optional.of(tail));
    }

    /** An optimizer with another name or declared tail. */
    record Configured(Optimizer base, String name, Optional<Tail> tail) implements Optimizer {
        @Override
        public Stepper start(Problem problem, double[] w0) {
            return base.start(problem, w0);
        }
    }
}
