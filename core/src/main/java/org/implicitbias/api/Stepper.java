package org.implicitbias.api;

/**
 * One run of a user's optimizer: {@link #step} advances the iterate in place, {@code w_t -> w_{t+1}}.
 * It owns whatever state the method keeps between steps (momentum buffers, accumulated squared
 * gradients); the oracle calls it from one thread, once per step, with the same array every time.
 */
@FunctionalInterface
public interface Stepper {

    /**
     * Takes one step of the method.
     *
     * @param w the current iterate {@code w_t}, to be overwritten with {@code w_{t+1}}
     */
    void step(double[] w);
}
