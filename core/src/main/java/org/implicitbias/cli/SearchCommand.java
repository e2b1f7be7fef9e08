package org.implicitbias.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.CounterexampleWriter;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.ReferenceOracle;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.Verdict;
import org.implicitbias.claims.search.CounterexampleSearch;
import org.implicitbias.engine.Engine;
import org.implicitbias.engine.EngineOptions;
import org.implicitbias.engine.Engines;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code search SPEC [--budget N] [--seed S]}: looks for a counterexample to one claim
 * ({@link CounterexampleSearch}), shrinks it, stores it in {@code counterexamples/} and prints the
 * instance, the observed limit, the reference, the gap and the certificate level.
 *
 * <p>Exit codes: 0 no counterexample found, 1 one was found (and stored), 2 bad input, 3 an internal error.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Looks for a counterexample to one claim, shrinks it and stores it in counterexamples/.")
public final class SearchCommand extends ClaimsCommand {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file of the claim.")
    Path spec;

    @Option(names = "--budget", paramLabel = "N", description = "Instances to try (default: the spec's search.instances).")
    Integer budget;

    @Option(names = "--seed", paramLabel = "S", description = "Search seed (default: the spec's search.seed, or 1).")
    Long seed;

    @Option(names = "--seconds", paramLabel = "T", description = "Time bound of the search (default: the spec's search.seconds).")
    Double seconds;

    @Option(names = "--shrink-seconds", paramLabel = "T", description = "Time bound of shrinking (default: as --seconds).")
    Double shrinkSeconds;

    @Option(names = "--n", paramLabel = "N|LOW:HIGH", description = "Examples per instance (default: the spec's search.n).")
    String rows;

    @Option(names = "--d", paramLabel = "D|LOW:HIGH", description = "Dimension of the instances (default: the spec's search.d).")
    String columns;

    @Option(names = "--integers", paramLabel = "K",
            description = "Integer entries in [-K, K], 0 for real entries (default: the spec's search.integers).")
    Integer integers;

    @Option(names = "--keep", paramLabel = "K",
            description = "Refuting instances to collect before shrinking the clearest one (default: 3).")
    int keep = 3;

    @Option(names = "--counterexamples", paramLabel = "DIR", description = "Where the counterexample goes (default: counterexamples/).")
    Path counterexamples = Path.of("counterexamples");

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: 2).")
    int threads = 2;

    @Option(names = "--engine", paramLabel = "local|spark",
            description = "Where the instances are checked: local threads or a Spark job (default: local).")
    String engine = "local";

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: local[*], embedded; under spark-submit: the one it was given).")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Spark partitions, instances checked at once (default: Spark's default parallelism).")
    Integer partitions;

    private String describeEngine = "local";

    public SearchCommand() {
        this(System.out, System.err, new CertifiedReferences(), Terminal.attached());
    }

    /** For tests and embedding: where output goes, which oracle answers, and whether to show progress. */
    public SearchCommand(PrintStream out, PrintStream err, ReferenceOracle oracle, boolean terminal) {
        super(out, err, oracle, terminal);
    }

    @Override
    int execute() throws IOException {
        atLeastOne("--threads", threads);
        if (!Files.isRegularFile(spec)) {
            throw new InvalidInputException("SPEC", spec, "an existing spec file (.yaml)");
        }
        CounterexampleSearch.Options options = new CounterexampleSearch.Options(budget, seed, seconds, shrinkSeconds, keep, 0.5,
                range("--n", rows), range("--d", columns), integers);
        CounterexampleSearch.Result r;
        atLeastOne("--partitions", partitions);
        EngineOptions eo = engineOptions(engine, master, threads, partitions);
        try (Engine en = Engines.open(eo); Checker checker = new Checker(oracle, null, threads)) {
            long t0 = System.nanoTime();
            int[] counts = new int[2];
            CounterexampleSearch.Listener listener = terminal ? new CounterexampleSearch.Listener() {
                @Override
                public void checked(int tried, int total, String label, Verdict verdict) {
                    counts[0] += verdict == Verdict.REFUTED ? 1 : 0;
                    counts[1] += verdict == Verdict.INCONCLUSIVE ? 1 : 0;
                    double rate = tried / Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
                    progress(String.format(Locale.ROOT, "[%d/%d] checked, %d refuted, %d inconclusive, %.1f instances/s            ",
                            tried, total, counts[0], counts[1], rate));
                }

                @Override
                public void shrinking(int round, Dataset current) {
                    progress("shrinking, round " + (round + 1) + ": " + current.n() + " x " + current.d() + "                    ");
                }
            } : null;
            describeEngine = en.describe();
            r = new CounterexampleSearch(checker, en).search(spec, options, listener);
            clearProgress(70);
        }
        out.printf(Locale.ROOT, "search %s: seed %d, up to %d instances of %s rows and %s columns%s, %.0f s, on %s%n",
                r.spec().id(), r.search().seed(), r.search().instances(), range(r.search().nMin(), r.search().nMax()),
                range(r.search().dMin(), r.search().dMax()),
                r.search().integers() > 0 ? ", integers in [-" + r.search().integers() + ", " + r.search().integers() + "]" : "",
                r.search().seconds(), describeEngine);
        out.printf(Locale.ROOT, "checked %d instances: %d refuted, %d confirmed, %d inconclusive%s; %d skipped (outside the claim's preconditions)%s; %.1f s%n",
                r.tried(), r.refuted(), r.confirmed(), r.inconclusive(),
                r.unfaithful() > 0 ? ", " + r.unfaithful() + " refuted only by runs beyond double precision (ignored)" : "",
                r.invalid(),
                r.timedOut() ? "; stopped by the time bound" : "", r.seconds());
        if (r.failed() > 0) {
            out.printf(Locale.ROOT, "%d checks failed and count as inconclusive; first: %s%n", r.failed(), Main.oneLine(r.failure()));
        }
        CounterexampleSearch.Found f = r.found();
        if (f == null) {
            out.println("no counterexample found");
            out.flush();
            return ExitCodes.OK;
        }
        Path written = new CounterexampleWriter(counterexamples).write(r.spec(), f.run());
        out.printf(Locale.ROOT, "counterexample: %s x %s shrunk to %d x %d in %d steps (%d candidates tried, %d outside the preconditions, %.1f s%s)%n",
                f.original().n(), f.original().d(), f.shrunk().n(), f.shrunk().d(), f.shrink().steps(), f.shrink().tried(),
                f.shrink().invalid(), f.shrink().seconds(), f.shrink().timedOut() ? ", stopped by the time bound" : "");
        out.print(describe(f.run(), f.shrunk()));
        out.println("  written: " + relative(written));
        out.flush();
        return ExitCodes.NEGATIVE;
    }

    /** The instance, grid point, limit, reference, gap and certificate of a refuting run, indented lines. */
    static String describe(RunResult run, Dataset data) {
        StringBuilder b = new StringBuilder();
        b.append("  X = ").append(matrix(data.exactX())).append('\n');
        b.append("  y = ").append(vector(data.exactY())).append('\n');
        if (!run.plan().assignment().isEmpty()) {
            b.append("  grid point: ").append(run.plan().settingLabel()).append('\n');
        }
        b.append("  algorithm: ").append(run.plan().setting().path("algorithm")).append('\n');
        b.append("  limit (").append(run.plan().target().limit().label()).append(", ").append(run.iterations())
                .append(" iterations): ").append(numbers(run.estimate())).append('\n');
        String ref = run.plan().target().reference() != null ? run.plan().target().reference().kind() : "other runs";
        b.append("  reference ").append(ref).append(" (certificate ").append(run.level()).append("): ")
                .append(numbers(run.reference())).append('\n');
        b.append(String.format(Locale.ROOT, "  gap: %s %.6g > tolerance %.3g + error bound %.3g%n", run.measure(),
                run.distance(), run.tolerance(), run.errorBound()));
        b.append("  ").append(run.reason()).append('\n');
        return b.toString();
    }

    /** Reads {@code N} or {@code LOW:HIGH}. */
    static int[] range(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            String[] parts = text.split(":", -1);
            if (parts.length == 1) {
                int v = Integer.parseInt(parts[0].trim());
                return new int[]{v, v};
            }
            if (parts.length == 2) {
                return new int[]{Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(field, text, "N or LOW:HIGH, e.g. 3 or 2:5");
    }

    private static String range(int lo, int hi) {
        return lo == hi ? Integer.toString(lo) : lo + "-" + hi;
    }

    private static String matrix(BigFraction[][] x) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < x.length; i++) {
            b.append(i > 0 ? ", " : "").append(vector(x[i]));
        }
        return b.append(']').toString();
    }

    private static String vector(BigFraction[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int j = 0; j < v.length; j++) {
            b.append(j > 0 ? ", " : "").append(ExactNumbers.format(v[j]));
        }
        return b.append(']').toString();
    }

    private static String numbers(double[] v) {
        if (v == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder("[");
        for (int j = 0; j < v.length; j++) {
            b.append(j > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.6g", v[j]));
        }
        return b.append(']').toString();
    }

    /** Runs the command with picocli, returning the exit code (for tests). */
    public static int run(SearchCommand command, String... args) {
        return runStandalone(command, args);
    }
}
