package org.implicitbias.cli;

import org.implicitbias.bench.BenchResult;
import org.implicitbias.bench.BenchPlot;
import org.implicitbias.bench.BenchTimer;
import org.implicitbias.bench.Benchmark;
import org.implicitbias.bench.Benchmarks;
import org.implicitbias.bench.CertifyTimings;
import org.implicitbias.bench.CheckTimings;
import org.implicitbias.bench.SearchTimings;
import org.implicitbias.bench.SolveTimings;
import org.implicitbias.bench.SolverTimings;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.implicitbias.io.Json;
import org.implicitbias.linalg.NativeBlas;
import org.implicitbias.model.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench [--json]}: times the entries of {@link Benchmarks} and prints a table, or with
 * {@code --json} the object
 * {@code {"results": [{"what", "loss", "n", "d", "per-second", "unit"}, ...], "kernels"}}, where
 * {@code kernels} names the kernels the solves and passes ran on ({@code openblas+fused-pass}, {@code openblas} or
 * {@code java}, {@link NativeBlas}); the table ends with the same as a line {@code dense kernels: ...}.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Times the optimizers, the reference solvers and the certificates on generated data.",
            "",
            "Entries: gradient-descent iterations (one fused loss-and-gradient pass plus the update) at N x d = "
                    + "100x1000, 1000x1000 and 2000x5000, for the squared loss on Gaussian regression data and the "
                    + "exponential loss on separable data, all generated from a fixed seed. Each entry is warmed up "
                    + "for 0.5 s and reported as the median of five timed runs of about 0.25 s. Progress goes to "
                    + "stderr when it is a terminal.",
            "",
            "Then (what = solve-<program>) reference solves at a ladder of sizes up to min-Bregman entropy "
                    + "at 600x1000 and l2 and l1 max margin at 600x1500, median of five after warm-up solves that take at least 1 s, "
                    + "unit solves, loss the loss the program goes with (squared, exponential).",
            "",
            "Then (what = oracle) one solve of each reference program after a warm-up: min-Bregman entropy and "
                    + "l2 max margin at 200x500 and 1000x1000, l1 max margin at 200x500, psd max margin at d = 20, "
                    + "N = 60, with the largest KKT residual; and (what = certificate) the median time of an exact "
                    + "certificate at d = 10 and 100 and of an smt certificate at d = 3 and 6. --only gd|solve|oracle|certificate|search "
                    + "selects one group; --plot DIR draws seconds per solve and per gd iteration against N x d "
                    + "(log-log) as DIR/bench-scaling.png and .svg.",
            "",
            "Then (what = search) instances per second of a counterexample search for a theorem (every instance "
                    + "checked) on the local engine with 1 and 2 threads and, when the spark module is on the class "
                    + "path, on Spark with 1 and 2 workers (local[1], local[2]); n is the instances per search, d the "
                    + "workers.",
            "",
            "Then (what = certify) the wall time of one certification of entropy min-Bregman (Theorem 1's program) "
                    + "on generated positive regression data at N x d = 20x100, 50x400, 100x1000 and 200x2000, within "
                    + "the budget of --certify-seconds, and the certificate level it reached.",
            "",
            "Then (what = check-<claim>-load and check-<claim>-runs, unit checks) the stages of a whole check other "
                    + "than certification: loading (data generation and preconditions, e.g. the LP deciding whether G "
                    + "meets w > 0) and the runs (reference solve, run, judging): Theorem 1 with entropy mirror descent "
                    + "at 100x1000 and 200x2000, l2, l1 and linf steepest descent against the max margin at 500x200; "
                    + "--only check selects them."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print the results as JSON")
    private boolean json;

    @Option(names = "--only", paramLabel = "WHAT", description = "run only the entries whose 'what' is WHAT (e.g. gd)")
    private String only;

    @Option(names = "--plot", paramLabel = "DIR", description = "also draw the scaling picture (seconds against N x d, "
            + "log-log) of the solve and gd entries as DIR/bench-scaling.png and .svg")
    private java.nio.file.Path plot;

    @Option(names = "--quick", description = "small sizes and short timings: a smoke test of the benchmarks, not a measurement")
    private boolean quick;

    @Option(names = "--certify-seconds", paramLabel = "S", description = "time budget of each certification of the "
            + "certify entries, in seconds (default: ${DEFAULT-VALUE})", defaultValue = "5")
    private String certifySeconds;

    @Override
    public Integer call() throws java.io.IOException {
        if (plot != null) {
            if (java.nio.file.Files.exists(plot) && !java.nio.file.Files.isDirectory(plot)) {
                throw new InvalidInputException("--plot", plot, "a directory (this path is a file)");
            }
            org.implicitbias.report.PlotWriter.prepareDirectory(plot);
        }
        List<Benchmark> selected = new ArrayList<>();
        for (Benchmark b : Benchmarks.all(quick)) {
            if (only == null || b.what().equals(only)) {
                selected.add(b);
            }
        }
        boolean solves = only == null || only.equals(SolveTimings.GROUP);
        boolean solvers = only == null || SolverTimings.WHATS.contains(only);
        boolean searches = only == null || SearchTimings.WHAT.equals(only);
        boolean certifies = only == null || CertifyTimings.WHAT.equals(only);
        boolean checks = only == null || CheckTimings.GROUP.equals(only);
        if (selected.isEmpty() && !solvers && !solves && !searches && !certifies && !checks) {
            throw new InvalidInputException("--only", only, "the name of a benchmark: gd, " + SolveTimings.GROUP + ", "
                    + String.join(", ", SolverTimings.WHATS) + ", " + SearchTimings.WHAT + ", " + CertifyTimings.WHAT
                    + ", " + CheckTimings.GROUP);
        }
        java.time.Duration certifyBudget = ClaimsCommand.certifyBudget("--certify-seconds", certifySeconds);
        BenchTimer timer = quick ? BenchTimer.quick() : BenchTimer.standard();
        PrintWriter progress = Terminal.attached() ? spec.commandLine().getErr() : null;
        List<BenchResult> results = new ArrayList<>();
        for (Benchmark b : selected) {
            progress(progress, b.label());
            results.add(BenchResult.of(b, timer.measure(b.prepare())));
        }
        if (solves) {
            results.addAll(SolveTimings.run(quick, label -> progress(progress, label)));
        }
        if (solvers) {
            results.addAll(SolverTimings.run(quick, only, label -> progress(progress, label)));
        }
        if (searches) {
            results.addAll(SearchTimings.run(quick, label -> progress(progress, label)));
        }
        if (certifies) {
            results.addAll(CertifyTimings.run(quick, certifyBudget, label -> progress(progress, label)));
        }
        if (checks) {
            results.addAll(CheckTimings.run(quick, label -> progress(progress, label)));
        }
        if (progress != null) {
            progress.print(" ".repeat(60) + "\r");
            progress.flush();
        }
        if (plot != null) {
            BenchPlot.write(results, plot);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.write(toJson(results)) : table(results));
        return ExitCodes.OK;
    }

    private static void progress(PrintWriter progress, String label) {
        if (progress != null) {
            progress.print("bench: " + label + " ...\r");
            progress.flush();
        }
    }

    /** The {@code --json} output. */
    static ObjectNode toJson(List<BenchResult> results) {
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("results");
        root.put("kernels", NativeBlas.kernels());
        for (BenchResult r : results) {
            ObjectNode o = list.addObject();
            o.put("what", r.what());
            o.put("loss", r.loss());
            o.put("n", r.n());
            o.put("d", r.d());
            o.put("per-second", Math.round(r.perSecond() * 10) / 10.0);
            o.put("unit", r.unit());
            if (Double.isFinite(r.seconds())) {
                o.put("seconds", r.seconds());
            }
            if (Double.isFinite(r.maxResidual())) {
                o.put("max-residual", r.maxResidual());
            }
            if (r.level() != null) {
                o.put("level", r.level());
            }
        }
        return root;
    }

    /** The human-readable table. */
    static String table(List<BenchResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-26s %-22s %6s %6s %14s  %-12s %10s  %s%n", "what", "loss/program", "n", "d",
                "per second", "unit", "seconds", "max residual / level"));
        for (BenchResult r : results) {
            sb.append(String.format(Locale.ROOT, "%-26s %-22s %6d %6d %,14.1f  %-12s %10s  %s%n", r.what(), r.loss(), r.n(),
                    r.d(), r.perSecond(), r.unit(), Double.isFinite(r.seconds()) ? String.format(Locale.ROOT, "%.4f", r.seconds()) : "",
                    Double.isFinite(r.maxResidual()) ? String.format(Locale.ROOT, "%.1e", r.maxResidual())
                            : r.level() != null ? r.level() : ""));
        }
        sb.append("dense kernels: ").append(NativeBlas.kernels());
        return sb.toString();
    }
}
