package org.implicitbias.claims;

import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.Objective;
import org.implicitbias.optim.IterativeMethod;

/**
 * Wraps an AdaGrad run and accumulates its preconditioner independently of the method:
 * {@code G_t = G_0 + sum_{u <= t} grad L(w_u)^2} (elementwise, eq. 14), from the gradient at each
 * iterate before the step that uses it. After T steps {@link #accumulator()} is {@code G_{T-1}}, the
 * last preconditioner the method used.
 */
final class PreconditionerTracker implements IterativeMethod {
    private final IterativeMethod inner;
    private final Objective objective;
    private final Evaluation ev;
    private final double[] g;
    private final double[] acc;

    PreconditionerTracker(IterativeMethod inner, Objective objective, double[] g0) {
        this.inner = inner;
        this.objective = objective;
        this.ev = objective.newEvaluation();
        this.g = new double[g0.length];
        this.acc = g0.clone();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public double[] iterate() {
        return inner.iterate();
    }

    @Override
    public long steps() {
        return inner.steps();
    }

    @Override
    public void step() {
        objective.evaluate(inner.iterate(), ev);
        ev.gradient(g);
        for (int i = 0; i < g.length; i++) {
            acc[i] += g[i] * g[i];
        }
        inner.step();
    }

    @Override
    public Norm geometry() {
        return inner.geometry();
    }

    /** A copy of the diagonal of the accumulated preconditioner. */
    double[] accumulator() {
        return acc.clone();
    }
}
