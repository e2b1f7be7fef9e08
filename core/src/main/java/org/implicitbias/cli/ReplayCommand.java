package org.implicitbias.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.ReferenceOracle;
import org.implicitbias.claims.search.CounterexampleStore;
import org.implicitbias.claims.search.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replay [PATH...]}: re-checks recorded counterexamples (default {@code counterexamples/}) and
 * prints, per file, whether it reproduces; a corrupt or unreadable file is reported on one line and skipped.
 *
 * <p>Exit codes: 0 every file reproduces (also when there is none), 1 some file does not or cannot be
 * read, 2 bad arguments (a path that does not exist), 3 an internal error.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-checks recorded counterexamples (default: counterexamples/) and says whether each reproduces.")
public final class ReplayCommand extends ClaimsCommand {

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Counterexample files or folders (default: counterexamples/).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: 2).")
    int threads = 2;

    public ReplayCommand() {
        this(System.out, System.err, new CertifiedReferences());
    }

    /** For tests and embedding: where output goes and which oracle answers. */
    public ReplayCommand(PrintStream out, PrintStream err, ReferenceOracle oracle) {
        super(out, err, oracle, false);
    }

    @Override
    int execute() {
        long start = System.nanoTime();
        atLeastOne("--threads", threads);
        Path defaultDir = Path.of("counterexamples");
        if (paths.isEmpty() && !Files.isDirectory(defaultDir)) {
            out.println("no counterexamples to replay (no folder counterexamples/)");
            return ExitCodes.OK;
        }
        List<Path> files = CounterexampleStore.files(paths.isEmpty() ? List.of(defaultDir) : paths);
        if (files.isEmpty()) {
            out.println("no counterexample files in " + (paths.isEmpty() ? "counterexamples/" : paths));
            return ExitCodes.OK;
        }
        List<Replay.FileReplay> outcomes;
        try (Checker checker = new Checker(oracle, null, threads)) {
            outcomes = Replay.replay(checker, CounterexampleStore.read(files));
        }
        int ok = 0;
        for (Replay.FileReplay o : outcomes) {
            String name = relative(o.file());
            if (o.reproduces()) {
                ok++;
                out.println("reproduces     " + name + " (" + o.claim() + "): " + o.message());
            } else if (o.claim() == null) {
                out.println("skipped        " + name + ": " + o.message());
            } else {
                out.println("DOES NOT       " + name + " (" + o.claim() + "): " + o.message());
            }
        }
        out.printf(Locale.ROOT, "%d of %d counterexamples reproduce; %.1f s%n", ok, outcomes.size(),
                (System.nanoTime() - start) / 1e9);
        out.flush();
        return ok == outcomes.size() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }

    /** Runs the command with picocli, returning the exit code (for tests). */
    public static int run(ReplayCommand command, String... args) {
        return runStandalone(command, args);
    }
}
