package org.implicitbias.api;

import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.optim.DeclaredTail;
import org.implicitbias.optim.ForeignMethod;
import org.implicitbias.optim.RunFailure;

/**
 * A user's {@link Optimizer} as the oracle runs its own methods: the iterate is the optimizer's array,
 * every step is checked (a non-finite entry, or a stepper that throws, ends the run as a failure, never
 * a verdict), and a declared tail is checked against every increment.
 */
final class UserMethod extends ForeignMethod {
    private final Stepper stepper;

    UserMethod(Optimizer optimizer, Objective objective, double[] w0) {
        super(optimizer.name(), objective.data(), w0, optimizer.tail().map(x -> new DeclaredTail(x.potential())).orElse(null));
        this.stepper = optimizer.start(new Problem(objective), w0.clone());
        if (stepper == null) {
            throw new IllegalArgumentException(name() + ": start returned no stepper");
        }
    }

    @Override
    public void step() {
        double[] w = iterate();
        long t = steps() + 1;
        try {
            stepper.step(w);
        } catch (RuntimeException e) {
            throw new RunFailure(RunFailure.Kind.EXTERNAL_FAILURE, name() + " threw at step " + t + ": " + e);
        }
        // counted before the check, so a run that fails here reports the step that produced the bad iterate
        setSteps(t);
        if (!Vectors.allFinite(w)) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, name() + " produced a non-finite iterate at step " + t);
        }
        observeTail();
    }
}
