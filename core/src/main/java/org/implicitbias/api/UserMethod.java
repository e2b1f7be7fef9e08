package org.implicitbias.api;

import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.optim.DeclaredTail;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.MirrorTailCheck;
import org.implicitbias.optim.RunFailure;
import org.implicitbias.optim.TailDeclaring;

/**
 * A user's {@link Optimizer} as the oracle runs its own methods: the iterate is the optimizer's array,
 * every step is checked (a wrong length or a non-finite entry ends the run as a failure, never a
 * verdict), and a declared tail is checked against every increment.
 */
final class UserMethod implements IterativeMethod, TailDeclaring {
    private final String name;
    private final Stepper stepper;
    private final double[] w;
    private final int d;
    private final MirrorTailCheck tailCheck;
    private long t;

    UserMethod(Optimizer optimizer, Objective objective, double[] w0) {
        this.name = optimizer.name();
        this.d = w0.length;
        this.w = w0.clone();
        this.stepper = optimizer.start(new Problem(objective), w0.clone());
        if (stepper == null) {
            throw new IllegalArgumentException(name + ": start returned no stepper");
        }
        this.tailCheck = optimizer.tail()
                .map(x -> new MirrorTailCheck(objective.data(), new DeclaredTail(x.potential()), w0)).orElse(null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double[] iterate() {
        return w;
    }

    @Override
    public long steps() {
        return t;
    }

    @Override
    public void step() {
        try {
            stepper.step(w);
        } catch (RuntimeException e) {
            throw new RunFailure(RunFailure.Kind.EXTERNAL_FAILURE, name + " threw at step " + (t + 1) + ": " + e);
        }
        t++;
        if (w.length != d) {
            throw new RunFailure(RunFailure.Kind.EXTERNAL_FAILURE, name + " changed the length of w");
        }
        if (!Vectors.allFinite(w)) {
            throw new RunFailure(RunFailure.Kind.NON_FINITE, name + " produced a non-finite iterate at step " + t);
        }
        if (tailCheck != null) {
            tailCheck.observe(t, w);
        }
    }

    @Override
    public DeclaredTail declaredTail() {
        return tailCheck == null ? null : tailCheck.tail();
    }

    @Override
    public boolean declaredTailHolds() {
        return tailCheck != null && tailCheck.holds();
    }

    @Override
    public String declaredTailFailure() {
        return tailCheck == null ? null : tailCheck.failure();
    }
}
