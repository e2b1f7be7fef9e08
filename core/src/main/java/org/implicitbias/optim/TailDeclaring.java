package org.implicitbias.optim;

/**
 * A method that declares what its tail is (an optimizer the checker does not implement itself: one in
 * another process, or one given through the library API). The declaration is a claim about the method,
 * so it counts only once the method's own iterates bore it out ({@link MirrorTailCheck}); then Theorem 1
 * restarted at the last iterate gives the limit.
 */
public interface TailDeclaring {

    /** The declared tail, or null when there is none. */
    DeclaredTail declaredTail();

    /** Whether the declaration has been checked against at least one increment and none contradicted it. */
    boolean declaredTailHolds();

    /** Why the declaration was rejected, or null. */
    String declaredTailFailure();
}
