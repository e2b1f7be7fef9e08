package org.implicitbias.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.CounterexampleWriter;
import org.implicitbias.claims.GoldenOracles;
import org.implicitbias.claims.OracleReferences;
import org.implicitbias.claims.ReferenceOracle;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.claims.Verdict;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.report.ConsoleReport;
import org.implicitbias.report.HtmlReport;
import org.implicitbias.report.JsonReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check [PATH...] [--json FILE] [--html DIR] [--only ID] [--update-oracles]}: checks every claim of the spec files and
 * folders (default {@code specs/}), prints the table, writes the counterexamples of refuted claims to
 * {@code counterexamples/}, with {@code --json} the report and with {@code --html} the HTML report
 * ({@code DIR/index.html} and one plot per claim), and with {@code --update-oracles} the golden
 * reference solutions of every instance and their proofs ({@link GoldenOracles}, default {@code oracles/}).
 *
 * <p>Exit codes: 0 every claim got its expected verdict, 1 some did not (each named with the reason),
 * 2 bad input (one line naming the file, field, value and expectation; nothing is written), 3 an
 * internal error. All specs are loaded and validated before anything runs, and files are written only
 * after every claim was checked.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks the claims of spec files (default specs/) and prints a table of verdicts.")
public final class CheckCommand extends ClaimsCommand {

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Spec files or folders (default: specs/).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON report to FILE (atomically).")
    Path json;

    @Option(names = "--html", paramLabel = "DIR",
            description = "Also write the HTML report to DIR/index.html, with one plot per claim next to it.")
    Path html;

    @Option(names = "--only", paramLabel = "ID", description = "Check only the claim with this id.")
    String only;

    @Option(names = "--counterexamples", paramLabel = "DIR", description = "Where counterexamples go (default: counterexamples/).")
    Path counterexamples = Path.of("counterexamples");

    @Option(names = "--update-oracles",
            description = "Also write the golden reference solutions and their proofs to the oracles folder.")
    boolean updateOracles;

    @Option(names = "--oracles", paramLabel = "DIR", description = "Where --update-oracles writes (default: oracles/).")
    Path oracles = Path.of("oracles");

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: 2).")
    int threads = 2;

    public CheckCommand() {
        this(System.out, System.err, new OracleReferences(), System.console() != null);
    }

    /** For tests and embedding: where output goes, which oracle answers, and whether to show progress. */
    public CheckCommand(PrintStream out, PrintStream err, ReferenceOracle oracle, boolean terminal) {
        super(out, err, oracle, terminal);
    }

    /** Bad specs are reported as the loader words them, starting with the spec file's name. */
    @Override
    String badInputLine(RuntimeException e) {
        return e.getMessage();
    }

    @Override
    int execute() throws java.io.IOException {
        long start = System.nanoTime();
        if (threads < 1) {
            throw new InvalidInputException("--threads", threads, "an integer >= 1");
        }
        if (html != null) {
            HtmlReport.validate(html);
        }
        List<Path> files = SpecLoader.files(paths.isEmpty() ? List.of(Path.of("specs")) : paths);
        if (files.isEmpty()) {
            throw new InvalidInputException("PATH", paths.isEmpty() ? "specs" : paths.toString(), "at least one .yaml spec file");
        }
        List<ClaimSpec> specs = new ArrayList<>();
        for (Path f : files) {
            ClaimSpec s = SpecLoader.load(f);
            if (only == null || only.equals(s.id())) {
                specs.add(s);
            }
        }
        if (specs.isEmpty()) {
            throw new InvalidInputException("--only", only, "the id of a claim in the given specs");
        }
        Map<String, Path> seen = new LinkedHashMap<>();
        for (ClaimSpec s : specs) {
            Path before = seen.put(s.id(), s.file());
            if (before != null) {
                throw new SpecLoader.SpecException(s.file(), "id: got " + s.id() + ", expected an id not used by " + before, null);
            }
        }
        List<ClaimResult> results;
        try (Checker checker = new Checker(oracle, null, threads)) {
            Checker.Progress progress = terminal ? (k, total, claim, last) -> {
                String line = "[" + k + "/" + total + "] " + claim + ": " + last.plan().instance().label() + " "
                        + last.verdict().label();
                synchronized (err) {
                    err.print("\r" + String.format("%-78.78s", line));
                    err.flush();
                }
            } : null;
            results = checker.check(specs, progress);
            if (terminal) {
                err.print("\r" + " ".repeat(78) + "\r");
                err.flush();
            }
        }
        Map<String, String> written = new LinkedHashMap<>();
        CounterexampleWriter writer = new CounterexampleWriter(counterexamples);
        for (ClaimResult r : results) {
            if (r.verdict() == Verdict.REFUTED && r.refuting() != null) {
                Path p = writer.write(r.spec(), r.refuting());
                written.put(r.spec().id(), relative(p));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json != null) {
            JsonReport.write(json, results, written, seconds);
        }
        if (html != null) {
            HtmlReport.write(html, results, written, seconds);
        }
        if (updateOracles) {
            // the production oracle answers from the cache the check filled; another oracle (tests) is
            // replaced by a fresh production one, since golden files hold certified solutions only
            OracleReferences references = oracle instanceof OracleReferences o ? o : new OracleReferences();
            List<Path> goldens = GoldenOracles.write(oracles, results, references);
            err.println("wrote " + goldens.stream().filter(p -> p.toString().endsWith(".json")).count()
                    + " golden reference solutions and " + goldens.stream().filter(p -> p.toString().endsWith(".smt2")).count()
                    + " proofs to " + relative(oracles));
        }
        out.print(ConsoleReport.render(results, seconds));
        out.flush();
        return results.stream().allMatch(ClaimResult::passed) ? 0 : 1;
    }

    private static String relative(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath();
        return (abs.startsWith(cwd) ? cwd.relativize(abs) : abs).toString().replace('\\', '/');
    }

    /** Runs the command with picocli, returning the exit code (for tests). */
    public static int run(CheckCommand command, String... args) {
        picocli.CommandLine cl = new picocli.CommandLine(command);
        cl.setOut(new PrintWriter(command.out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(command.err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> {
            command.err.println(ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }
}
