package org.implicitbias.cli;

import java.io.Console;

/** Whether a person is watching: progress lines are written only then. */
final class Terminal {
    private Terminal() {
    }

    /**
     * Whether the JVM is attached to an interactive terminal. Up to Java 21 {@code System.console()} is
     * non-null exactly then; from Java 22 it returns a console for redirected streams as well, and
     * {@code Console.isTerminal()} (absent before 22, hence called reflectively) tells the two apart.
     */
    static boolean attached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        if (Runtime.version().feature() < 22) {
            return true;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError(e.getMessage(), e);
        }
    }
}
