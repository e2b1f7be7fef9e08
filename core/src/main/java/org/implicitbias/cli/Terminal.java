package org.implicitbias.cli;

import java.io.Console;
import java.util.Optional;

/** Whether a person is watching: progress lines are written only then. */
final class Terminal {
    private Terminal() {
    }

    /**
     * Whether the JVM is attached to an interactive terminal. Before Java 22 {@code System.console()} exists
     * exactly then; from Java 22 it exists for redirected streams as well, and {@code Console.isTerminal()}
     * (absent before 22, hence called reflectively) tells the two apart.
     */
    static boolean attached() {
        Optional<Console> console = Optional.ofNullable(System.console());
        if (Runtime.version().feature() < 22) {
            return console.isPresent();
        }
        return console.map(Terminal::isTerminal).orElse(false);
    }

    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError(e.getMessage(), e);
        }
    }
}
