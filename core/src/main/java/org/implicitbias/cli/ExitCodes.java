package org.implicitbias.cli;

/** The exit codes shared by every command (the command table of README.md). */
public final class ExitCodes {
    /** Success: every check passed, the problem was solved, the run finished. */
    public static final int OK = 0;
    /** The command ran, but its answer is negative: a claim missed its verdict, a problem is infeasible, a counterexample was found. */
    public static final int NEGATIVE = 1;
    /** Bad input: a file, a spec or a flag. */
    public static final int BAD_INPUT = 2;
    /** A failure of the tool itself. */
    public static final int INTERNAL_ERROR = 3;

    private ExitCodes() {
    }
}
