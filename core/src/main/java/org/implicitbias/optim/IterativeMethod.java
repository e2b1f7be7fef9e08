package org.implicitbias.optim;

/**
 * One optimizer on one problem, holding its own state: {@link #step()} advances from
 * {@code w_t} to {@code w_{t+1}}. Implementations allocate their buffers once and nothing per step.
 *
 * <p>A step that cannot be taken faithfully (an iterate leaves the potential's domain, a value
 * becomes NaN or infinite) throws {@link RunFailure}; the {@link Runner} reports it, it is never
 * clipped or hidden.
 */
public interface IterativeMethod {

    /** Short description, e.g. {@code mirror-descent(entropy)}. */
    String name();

    /** The current iterate {@code w_t}; the method's own buffer, read only, changes on {@link #step()}. */
    double[] iterate();

    /** Number of steps taken so far (t). */
    long steps();

    /** Advances one step. */
    void step();

    /**
     * The norm in which this method's limit direction and normalised margin are measured (the
     * steepest-descent norm; l2 otherwise).
     */
    default org.implicitbias.geometry.Norm geometry() {
        return new org.implicitbias.geometry.Norm.L2();
    }
}
