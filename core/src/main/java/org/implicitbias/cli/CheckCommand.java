package org.implicitbias.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implicitbias.claims.CheckPipeline;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.GoldenReferenceFiles;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.ReferenceOracle;
import org.implicitbias.claims.RunResult;
import org.implicitbias.report.ConsoleReport;
import org.implicitbias.report.HtmlReport;
import org.implicitbias.report.JUnitXmlReport;
import org.implicitbias.report.JsonReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check [PATH...] [--json FILE] [--html DIR] [--only ID] [--update-oracles]}: checks every claim of the spec files and
 * folders (default {@code specs/}), prints the table, writes the counterexamples of refuted claims to
 * {@code counterexamples/}, with {@code --json} the report and with {@code --html} the HTML report
 * ({@code DIR/index.html} and one plot per claim), and with {@code --update-oracles} the golden
 * reference solutions of every instance and their proofs ({@link GoldenReferenceFiles}, default {@code oracles/}).
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

    @Option(names = "--junit-xml", paramLabel = "FILE",
            description = "Also write a JUnit XML report to FILE: one test case per claim, a failure for each claim that"
                    + " missed its verdict (for Jenkins, GitLab, GitHub).")
    Path junitXml;

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

    /** Grids larger than this are refused unless the user raises it: a typo in a vary list can ask for millions. */
    static final int DEFAULT_MAX_RUNS = 10_000;

    @Option(names = "--max-runs", paramLabel = "N",
            description = "Refuse to start when the specs ask for more than N runs in all (default: 10000).")
    int maxRuns = DEFAULT_MAX_RUNS;

    public CheckCommand() {
        this(System.out, System.err, new CertifiedReferences(), Terminal.attached());
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
        atLeastOne("--threads", threads);
        if (html != null) {
            HtmlReport.validate(html);
        }
        List<ClaimSpec> specs = CheckPipeline.load(paths.isEmpty() ? List.of(Path.of("specs")) : paths, only, maxRuns);
        Checker.Progress progress = terminal ? new Checker.Progress() {
            @Override
            public void done(int k, int total, String claim, RunResult last) {
                show("[" + k + "/" + total + "] " + claim + ": " + last.plan().instance().label() + " "
                        + last.verdict().label());
            }

            @Override
            public void running(int k, int total, String claim, String run, long steps, long budget) {
                show("[" + k + "/" + total + "] " + claim + ": " + run + " at step " + steps + " of " + budget);
            }

            private void show(String line) {
                synchronized (err) {
                    progress(String.format("%-78.78s", line));
                }
            }
        } : null;
        CheckPipeline.Results outcome = CheckPipeline.check(specs, oracle, threads, counterexamples, progress);
        clearProgress(78);
        List<ClaimResult> results = outcome.results();
        // the table and reports list claims in file order
        Map<String, String> written = new LinkedHashMap<>();
        for (ClaimResult r : results) {
            Path p = outcome.counterexamples().get(r.spec().id());
            if (p != null) {
                written.put(r.spec().id(), relative(p));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json != null) {
            JsonReport.write(json, results, written, seconds);
        }
        if (html != null) {
            HtmlReport.write(html, results, written, seconds, RunResult::curve);
        }
        if (junitXml != null) {
            JUnitXmlReport.write(junitXml, results, written, seconds);
        }
        if (updateOracles) {
            // the production oracle answers from the cache the check filled; another oracle (tests) is
            // replaced by a fresh production one, since golden files hold certified solutions only
            CertifiedReferences references = oracle instanceof CertifiedReferences o ? o : new CertifiedReferences();
            List<Path> goldens = GoldenReferenceFiles.write(oracles, results, references);
            err.println("wrote " + goldens.stream().filter(p -> p.toString().endsWith(".json")).count()
                    + " golden reference solutions and " + goldens.stream().filter(p -> p.toString().endsWith(".smt2")).count()
                    + " proofs to " + relative(oracles));
        }
        out.print(ConsoleReport.render(results, written, seconds));
        out.flush();
        return results.stream().allMatch(ClaimResult::passed) ? 0 : 1;
    }

    /** Runs the command with picocli, returning the exit code (for tests). */
    public static int run(CheckCommand command, String... args) {
        return runStandalone(command, args);
    }
}
