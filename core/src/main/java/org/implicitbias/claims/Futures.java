package org.implicitbias.claims;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread as if it had run in the caller's own. */
final class Futures {
    private Futures() {
    }

    /**
     * The result of {@code f}. An unchecked exception or error of the task is rethrown as it is, any
     * other cause wrapped in an {@link IllegalStateException}; an interrupt stays set on the thread
     * and ends the wait with an {@link IllegalStateException} saying {@code interrupted}.
     */
    static <T> T await(Future<T> f, String interrupted) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
