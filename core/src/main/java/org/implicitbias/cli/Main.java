package org.implicitbias.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.implicitbias.linalg.NativeBlas;
import org.implicitbias.model.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code oracle} command line. Each subcommand is its own class, registered in the
 * {@code subcommands} list below; they share the exit codes of {@link ExitCodes} and the error
 * handling installed by {@link #commandLine()}: bad input (an {@link InvalidInputException} or a bad
 * flag) prints one line {@code error: <message>} on stderr and exits 2; anything unexpected prints
 * one line {@code internal error: <message>} and exits 3 (with the stack trace when the
 * environment variable {@code ORACLE_DEBUG} is set).
 */
@Command(name = "oracle",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Checks implicit-bias claims of optimizers against certified convex programs.",
        subcommands = {CheckCommand.class, RunCommand.class, SolveCommand.class, BenchCommand.class, PlotCommand.class,
                SearchCommand.class, ReplayCommand.class, SweepCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 a check failed, 2 bad input, 3 internal error."})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: print the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given output streams and returns the exit code (no {@code System.exit}). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            NativeBlas.mode();
        } catch (InvalidInputException e) {
            // the kernels' choice is read from a system property before any command runs
            err.println("error: " + oneLine(e.getMessage()));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The configured command line: subcommands, exit codes and error handlers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(Main::badFlag);
        cl.setExecutionExceptionHandler(Main::failure);
        return cl;
    }

    private static int badFlag(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("error: " + oneLine(ex.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        cmd.getErr().flush();
        return ExitCodes.BAD_INPUT;
    }

    private static int failure(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof InvalidInputException) {
            err.println("error: " + oneLine(ex.getMessage()));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        String message = ex.getMessage() == null ? ex.getClass().getName() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
        err.println("internal error: " + oneLine(message));
        if (System.getenv("ORACLE_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /** Messages are printed on one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
