package org.implicitbias.claims;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implicitbias.cli.CheckCommand;

/** Small spec files written to a temporary folder, and the check command run on them. */
final class SpecFiles {
    private SpecFiles() {
    }

    /** A quick valid spec: GD on a 2 x 3 literal instance reaches the l2 projection of 0. */
    static final String TINY = """
            id: tiny
            title: GD reaches the l2 projection
            expect: holds
            loss: squared
            data:
              instances:
                - {X: [[1, 2, 0], [0, 1, 1]], y: [1, 2]}
            init: {kind: zero}
            algorithm:
              kind: gradient-descent
              step: {kind: constant, eta: 0.1}
            vary:
              algorithm.step.eta: [0.05, 0.1]
            claim:
              limit: point
              reference: {kind: min-norm, norm: l2}
            tolerance: {distance: 1.0e-7}
            budget: {iterations: 100000, seconds: 10}
            """;

    /** Writes text as {@code dir/<name>.yaml}. */
    static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    /** The outcome of one check command. */
    record Outcome(int code, String out, String err) {
    }

    /** Runs {@code check} with the given arguments, counterexamples going to {@code cx}. */
    static Outcome check(Path cx, ReferenceOracle oracle, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--counterexamples";
        all[args.length + 1] = cx.toString();
        int code = CheckCommand.run(new CheckCommand(o, e, oracle, false), all);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
