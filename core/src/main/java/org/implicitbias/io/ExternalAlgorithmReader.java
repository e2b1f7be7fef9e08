package org.implicitbias.io;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.implicitbias.geometry.Potential;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.DeclaredTail;

/**
 * Reads {@code algorithm: {kind: external, command: [...], tail: {kind: mirror-descent, potential: P}}}.
 *
 * <p>{@code command} is the program and its arguments (strings; numbers are taken as written). The
 * folder of the spec or problem file is the process's working directory, so relative paths among the
 * arguments resolve against it; the program itself, when written as a path (it contains a {@code /}),
 * is resolved against that folder too and must be an executable file, and a bare name is looked up on
 * {@code PATH} as a shell would. Both are checked when the file is read, so a typo is bad input rather
 * than a failed run. {@code tail} is optional.
 */
final class ExternalAlgorithmReader {
    private static final String COMMAND = "a non-empty list: the program and its arguments, e.g. [python3, optimizer.py]";
    private static final String TAIL = "{kind: mirror-descent, potential: <a potential>}";

    private ExternalAlgorithmReader() {
    }

    static Algorithm.ExternalAlgorithm read(Node node, Dimensions dims, Path base) {
        node.only("external", "kind", "command", "tail");
        Path dir = (base == null ? Path.of("") : base).toAbsolutePath().normalize();
        Node cmd = node.required("command", COMMAND);
        List<Node> parts = cmd.elements(COMMAND);
        if (parts.isEmpty()) {
            throw cmd.fail(COMMAND);
        }
        List<String> command = new ArrayList<>();
        for (Node p : parts) {
            if (!p.present() || !(p.isText() || p.json().isNumber())) {
                throw p.fail("a string (a program or an argument)");
            }
            String s = p.isText() ? p.json().textValue() : p.json().asText();
            if (s.isEmpty() || s.indexOf('\0') >= 0) {
                throw p.fail("a non-empty string without NUL characters");
            }
            command.add(s);
        }
        command.set(0, program(parts.get(0), command.get(0), dir));
        DeclaredTail tail = null;
        if (node.has("tail")) {
            Node t = node.get("tail").object(TAIL);
            t.only("declared tail", "kind", "potential");
            Node kind = t.required("kind", "mirror-descent");
            if (!kind.text("mirror-descent").equals("mirror-descent")) {
                throw kind.fail("mirror-descent (the only tail that can be declared)");
            }
            Potential psi = Vocabulary.potential(t.required("potential", "a potential, e.g. squared-l2"), dims);
            tail = new DeclaredTail(psi);
        }
        int rows = dims.matrix() == null ? 0 : dims.matrix().rows();
        int cols = dims.matrix() == null ? 0 : dims.matrix().cols();
        return new Algorithm.ExternalAlgorithm(command, dir, tail, rows, cols);
    }

    /** The program: a path resolved against {@code dir}, or a name found on PATH (kept as written). */
    private static String program(Node node, String program, Path dir) {
        if (program.contains("/")) {
            Path p = dir.resolve(program).normalize();
            if (!Files.isRegularFile(p)) {
                throw node.fail("an existing program file (no file " + p + ")");
            }
            if (!Files.isExecutable(p)) {
                throw node.fail("an executable file (" + p + " is not: chmod +x it, or run it through its interpreter, "
                        + "e.g. [python3, " + program + "])");
            }
            return p.toString();
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator, -1)) {
                Path p = Path.of(d.isEmpty() ? "." : d).resolve(program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return program;
                }
            }
        }
        throw node.fail("a program on PATH (" + program + " was not found there; write ./" + program
                + " for a program in the folder of the file)");
    }
}
