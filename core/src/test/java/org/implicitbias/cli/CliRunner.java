package org.implicitbias.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@link Main} in-process with captured output. */
final class CliRunner {
    private CliRunner() {
    }

    /** The exit code and both streams of one invocation. */
    record Result(int code, String out, String err) {
        /** The non-empty lines of stderr. */
        String[] errLines() {
            return err.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
