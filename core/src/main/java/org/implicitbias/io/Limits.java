package org.implicitbias.io;

/**
 * Optional run limits written in a file: a null field was not given and leaves the command's default.
 *
 * @param iterations maximum number of steps (at least 1)
 * @param seconds    wall-clock limit in seconds (> 0)
 * @param window     number of steps over which the tail movement is measured (at least 1)
 * @param settle     stop once the tail movement is at most this (relative to {@code max(1, ||w||)}
 *                   for points); 0 disables the early stop
 */
public record Limits(Long iterations, Double seconds, Long window, Double settle) {
    /** No limit given. */
    public static Limits none() {
        return new Limits(null, null, null, null);
    }
}
