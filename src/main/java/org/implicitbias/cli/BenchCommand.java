package org.implicitbias.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.implicitbias.io.Json;
import org.implicitbias.model.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench [--json]}: times the entries of {@link Benchmarks} and prints a table, or with
 * {@code --json} the object {@code {"results": [{"what", "loss", "n", "d", "per-second", "unit"}, ...]}}.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Times the optimizers on generated data and prints units of work per second.",
            "",
            "Entries: gradient-descent iterations (one fused loss-and-gradient pass plus the update) at N x d = "
                    + "100x1000, 1000x1000 and 2000x5000, for the squared loss on Gaussian regression data and the "
                    + "exponential loss on separable data, all generated from a fixed seed. Each entry is warmed up "
                    + "for 0.5 s and reported as the median of five timed runs of about 0.25 s. Progress goes to "
                    + "stderr when it is a terminal."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print the results as JSON")
    private boolean json;

    @Option(names = "--only", paramLabel = "WHAT", description = "run only the entries whose 'what' is WHAT (e.g. gd)")
    private String only;

    @Option(names = "--quick", description = "small sizes and short timings: a smoke test of the benchmarks, not a measurement")
    private boolean quick;

    /** One measured entry. */
    record Result(Benchmark benchmark, double perSecond) {
    }

    @Override
    public Integer call() {
        List<Benchmark> selected = new ArrayList<>();
        for (Benchmark b : Benchmarks.all(quick)) {
            if (only == null || b.what().equals(only)) {
                selected.add(b);
            }
        }
        if (selected.isEmpty()) {
            throw new InvalidInputException("--only", only, "the name of a benchmark, e.g. gd");
        }
        BenchTimer timer = quick ? new BenchTimer(0.02, 0.01, 3) : BenchTimer.standard();
        PrintWriter progress = System.console() != null ? spec.commandLine().getErr() : null;
        List<Result> results = new ArrayList<>();
        for (Benchmark b : selected) {
            if (progress != null) {
                progress.print("bench: " + b.label() + " ...\r");
                progress.flush();
            }
            results.add(new Result(b, timer.measure(b.prepare())));
        }
        if (progress != null) {
            progress.print(" ".repeat(60) + "\r");
            progress.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.write(toJson(results)) : table(results));
        return ExitCodes.OK;
    }

    /** The {@code --json} output. */
    static ObjectNode toJson(List<Result> results) {
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("results");
        for (Result r : results) {
            ObjectNode o = list.addObject();
            o.put("what", r.benchmark().what());
            o.put("loss", r.benchmark().loss());
            o.put("n", r.benchmark().n());
            o.put("d", r.benchmark().d());
            o.put("per-second", Math.round(r.perSecond() * 10) / 10.0);
            o.put("unit", r.benchmark().unit());
        }
        return root;
    }

    /** The human-readable table. */
    static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-6s %-12s %6s %6s %14s  %s%n", "what", "loss", "n", "d", "per second", "unit"));
        for (Result r : results) {
            Benchmark b = r.benchmark();
            sb.append(String.format(Locale.ROOT, "%-6s %-12s %6d %6d %,14.1f  %s%n", b.what(), b.loss(), b.n(), b.d(),
                    r.perSecond(), b.unit()));
        }
        return sb.toString().stripTrailing();
    }
}
