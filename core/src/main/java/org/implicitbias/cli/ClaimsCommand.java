package org.implicitbias.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.implicitbias.claims.ReferenceOracle;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.engine.EngineOptions;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.oracle.certify.Deadline;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The common part of the commands that check claims ({@code check}, {@code search}, {@code sweep},
 * {@code replay}): where output goes, which oracle answers, whether progress is shown, and one mapping of
 * failures to exit codes. Bad input (a spec or a flag) prints one line and exits 2; a file that cannot be
 * written and anything unexpected print one {@code internal error: ...} line and exit 3.
 */
abstract class ClaimsCommand implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;
    /** The oracle; with {@code --certify-seconds}, the one given certifying within that budget. */
    ReferenceOracle oracle;
    final boolean terminal;

    @Option(names = "--certify-seconds", paramLabel = "S",
            description = "Time budget of the certification of each reference solution, in seconds, over every "
                    + "spec's budget.certify (default: the specs', else 5).")
    String certifySeconds;

    /**
     * @param out      where results go
     * @param err      where errors and progress go
     * @param oracle   which oracle answers the reference programs
     * @param terminal whether to show progress
     */
    ClaimsCommand(PrintStream out, PrintStream err, ReferenceOracle oracle, boolean terminal) {
        this.out = out;
        this.err = err;
        this.oracle = oracle;
        this.terminal = terminal;
    }

    /**
     * A certification budget given on the command line, in seconds.
     *
     * @throws InvalidInputException naming the flag unless it is a number in [0.001, 86400]
     */
    static java.time.Duration certifyBudget(String flag, String text) {
        double s;
        try {
            s = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            s = Double.NaN;
        }
        if (!(s >= 0.001 && s <= 86_400)) {
            throw new InvalidInputException(flag, text, "a time budget in seconds between 0.001 and 86400");
        }
        return Deadline.ofSeconds(flag, s);
    }

    /** The command's work; its exit code. */
    abstract int execute() throws IOException;

    /** The one line printed for bad input: {@code error: <message>} unless a command says otherwise. */
    String badInputLine(RuntimeException e) {
        return "error: " + Main.oneLine(e.getMessage());
    }

    /**
     * Runs a command on its own with picocli (for tests and embedding, without {@link Main}'s handlers):
     * output on the command's streams, a bad flag reported as {@link #badInputLine} on its error stream
     * with exit code 2; the exit code is returned.
     */
    static int runStandalone(ClaimsCommand command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(command.out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(command.err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> {
            command.err.println(command.badInputLine(ex));
            return ExitCodes.BAD_INPUT;
        });
        return cl.execute(args);
    }

    /**
     * Checks a count flag ({@code --threads}, {@code --partitions}; null when not given).
     *
     * @throws InvalidInputException naming the flag when the value is below 1
     */
    static void atLeastOne(String flag, Integer value) {
        if (value != null && value < 1) {
            throw new InvalidInputException(flag, value, "an integer >= 1");
        }
    }

    /**
     * Where the checks run: the local engine with {@code threads} threads, or Spark with {@code partitions}
     * partitions (0, Spark's default parallelism, when not given).
     */
    static EngineOptions engineOptions(String engine, String master, int threads, Integer partitions) {
        return new EngineOptions(engine, master, "local".equals(engine) ? threads : partitions == null ? 0 : partitions);
    }

    /** Overwrites the progress line on a terminal with the next one. */
    void progress(String line) {
        err.print("\r" + line);
        err.flush();
    }

    /** Blanks the last {@code width} characters of progress, when progress is shown. */
    void clearProgress(int width) {
        if (terminal) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
        }
    }

    /** A path as printed: relative to the working directory when below it, with forward slashes. */
    static String relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath();
        return (abs.startsWith(cwd) ? cwd.relativize(abs) : abs).toString().replace('\\', '/');
    }

    @Override
    public final Integer call() {
        try {
            if (certifySeconds != null) {
                oracle = oracle.certifyingWithin(certifyBudget("--certify-seconds", certifySeconds));
            }
            return execute();
        } catch (SpecLoader.SpecException | InvalidInputException e) {
            err.println(badInputLine(e));
            return ExitCodes.BAD_INPUT;
        } catch (IOException e) {
            err.println("internal error: cannot write: " + Main.oneLine(e.getMessage()));
            return ExitCodes.INTERNAL_ERROR;
        } catch (RuntimeException | Error e) {
            err.println("internal error: " + Main.oneLine(String.valueOf(e)));
            return ExitCodes.INTERNAL_ERROR;
        }
    }
}
