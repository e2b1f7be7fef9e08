package org.implicitbias.optim;

/**
 * What every method this program steps itself shares: its name and the step count t. {@link #step()}
 * takes the step from {@code w_t} through {@link #stepFrom(long)} and counts it only once that returned,
 * so a step that throws {@link RunFailure} leaves {@link #steps()} at t, as it leaves the iterate at
 * {@code w_t}.
 */
abstract class SteppedMethod implements IterativeMethod {
    private final String name;
    private long t;

    /**
     * A method at step 0.
     *
     * @param name the method's short description, e.g. {@code mirror-descent(entropy)}
     */
    SteppedMethod(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long steps() {
        return t;
    }

    @Override
    public final void step() {
        stepFrom(t);
        t++;
    }

    /**
     * Moves the iterate from {@code w_t} to {@code w_{t+1}}.
     *
     * @param t the index of the current iterate (the number of steps taken so far)
     * @throws RunFailure when the step cannot be taken faithfully; the iterate must then still be {@code w_t}
     *                    (or, for the methods that say so, what the failed step left)
     */
    abstract void stepFrom(long t);
}
