package org.implicitbias.optim;

import org.implicitbias.model.Dataset;

/**
 * What the methods this program does not implement itself share (an optimizer run in another process,
 * one given through the library API): a name, the iterate they report, kept in one buffer that
 * {@link #iterate()} returns and the subclass overwrites, the step count they report, and the check of
 * the tail they may declare: every reported iterate is handed to a {@link MirrorTailCheck}, and the
 * declaration counts only once those iterates bore it out ({@link TailDeclaring}).
 */
public abstract class ForeignMethod implements IterativeMethod, TailDeclaring {
    private final String name;
    private final double[] w;
    private final MirrorTailCheck tailCheck;
    private long t;

    /**
     * A method at step 0, at its start.
     *
     * @param name the method's name in reports
     * @param data the data (a declared tail's increments must stay in its row space)
     * @param w0   the start (copied), the iterate at t = 0
     * @param tail the declared tail, or null
     */
    protected ForeignMethod(String name, Dataset data, double[] w0, DeclaredTail tail) {
        this.name = name;
        this.w = w0.clone();
        this.tailCheck = tail == null ? null : new MirrorTailCheck(data, tail, w0);
    }

    @Override
    public final String name() {
        return name;
    }

    /** The reported iterate {@code w_t}; the buffer the subclass writes each reported iterate into. */
    @Override
    public final double[] iterate() {
        return w;
    }

    @Override
    public final long steps() {
        return t;
    }

    /** Records the step count the method reached. */
    protected final void setSteps(long steps) {
        t = steps;
    }

    /** Hands the current iterate {@code w_t} to the declared tail's check (nothing without a declaration). */
    protected final void observeTail() {
        if (tailCheck != null) {
            tailCheck.observe(t, w);
        }
    }

    @Override
    public final DeclaredTail declaredTail() {
        return tailCheck == null ? null : tailCheck.tail();
    }

    /** Whether a tail was declared and every iterate observed so far bears it out. */
    @Override
    public final boolean declaredTailHolds() {
        return tailCheck != null && tailCheck.holds();
    }

    /** Why the declared tail is not (yet) taken, or null when it holds or none was declared. */
    @Override
    public final String declaredTailFailure() {
        return tailCheck == null ? null : tailCheck.failure();
    }
}
