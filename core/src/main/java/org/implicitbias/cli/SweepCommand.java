package org.implicitbias.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.ReferenceOracle;
import org.implicitbias.claims.sweep.Sweep;
import org.implicitbias.claims.sweep.SweepAxis;
import org.implicitbias.claims.sweep.SweepCell;
import org.implicitbias.engine.Engine;
import org.implicitbias.engine.EngineOptions;
import org.implicitbias.engine.Engines;
import org.implicitbias.model.AtomicFiles;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.report.PlotWriter;
import org.implicitbias.report.SweepHeatMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sweep SPEC --over PATH=VALUES [--over PATH=VALUES] --out DIR}: judges one claim at every cell
 * of a grid of settings ({@link Sweep}) and writes {@code DIR/<id>-sweep.csv} (one row per cell) and
 * the heat map {@code DIR/<id>-sweep.png} / {@code .svg} ({@link SweepHeatMap}).
 *
 * <p>Exit codes: 0 the sweep ran (whatever its verdicts), 2 bad input, 3 an internal error.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Measures a claim's gap over a grid of settings: a CSV table and a heat map with each cell's verdict.")
public final class SweepCommand extends ClaimsCommand {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file of the claim.")
    Path spec;

    @Option(names = "--over", paramLabel = "PATH=VALUES", required = true,
            description = "An axis: a spec path and its values, a comma list (0.1,0.5,0.9), LO:HI:N or LO:HI:Nlog; "
                    + "given once or twice. Paths that move together: P1,P2=VALUES1;VALUES2.")
    List<String> over = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the CSV and the heat map go.")
    Path outDir;

    @Option(names = "--engine", paramLabel = "local|spark", description = "Where the cells are checked (default: local).")
    String engine = "local";

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], embedded).")
    String master;

    @Option(names = "--threads", paramLabel = "N", description = "Cells checked at once on the local engine (default: 2).")
    int threads = 2;

    @Option(names = "--partitions", paramLabel = "N", description = "Spark partitions (default: Spark's default parallelism).")
    Integer partitions;

    public SweepCommand() {
        this(System.out, System.err, new CertifiedReferences(), Terminal.attached());
    }

    /** For tests and embedding: where output goes, which oracle answers, and whether to show progress. */
    public SweepCommand(PrintStream out, PrintStream err, ReferenceOracle oracle, boolean terminal) {
        super(out, err, oracle, terminal);
    }

    @Override
    int execute() throws IOException {
        atLeastOne("--threads", threads);
        atLeastOne("--partitions", partitions);
        if (!Files.isRegularFile(spec)) {
            throw new InvalidInputException("SPEC", spec, "an existing spec file (.yaml)");
        }
        if (over.isEmpty() || over.size() > 2) {
            throw new InvalidInputException("--over", over.size() + " axes", "one or two --over PATH=VALUES");
        }
        List<SweepAxis> axes = new ArrayList<>();
        for (String o : over) {
            axes.add(SweepAxis.parse(o));
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new InvalidInputException("--out", outDir, "a directory (this path is a file)");
        }
        EngineOptions eo = engineOptions(engine, master, threads, partitions);
        Sweep.Result r;
        String where;
        try (Engine en = Engines.open(eo); Checker checker = new Checker(oracle, null, threads)) {
            where = en.describe();
            long t0 = System.nanoTime();
            Sweep.Listener listener = terminal ? (done, total, c, ref, inc) -> {
                double rate = done / Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
                progress(String.format(Locale.ROOT, "[%d/%d] cells: %d confirmed, %d refuted, %d inconclusive, %.2f cells/s        ",
                        done, total, c, ref, inc, rate));
            } : null;
            r = new Sweep(checker, en).run(spec, axes, listener);
            clearProgress(90);
        }
        String base = r.spec().id() + "-sweep";
        PlotWriter.prepareDirectory(outDir);
        Path csv = outDir.resolve(base + ".csv");
        AtomicFiles.write(csv, Sweep.csv(r));
        List<Path> pictures = SweepHeatMap.write(r, outDir, base);
        out.printf(Locale.ROOT, "sweep %s: %d cells over %s on %s; %d confirmed, %d refuted, %d inconclusive; %.1f s%n",
                r.spec().id(), r.cells().size(), String.join(" x ", axes.stream().map(a -> a.name() + " (" + a.size() + ")").toList()),
                where, r.count("confirmed"), r.count("refuted"), r.count("inconclusive"), r.seconds());
        out.print(grid(r));
        out.println("written: " + relative(csv) + ", " + relative(pictures.get(0)) + ", " + relative(pictures.get(1)));
        out.flush();
        return ExitCodes.OK;
    }

    /** The verdicts as a grid of letters (c, R, ?): the second axis down from its largest value, the first across. */
    static String grid(Sweep.Result r) {
        SweepAxis xa = r.axes().get(0);
        SweepAxis ya = r.axes().size() > 1 ? r.axes().get(1) : null;
        int ny = ya != null ? ya.size() : 1;
        int w = 2;
        for (String l : xa.labels()) {
            w = Math.max(w, l.length() + 1);
        }
        int lw = 4;
        if (ya != null) {
            for (String l : ya.labels()) {
                lw = Math.max(lw, l.length());
            }
        }
        StringBuilder b = new StringBuilder();
        char[][] v = new char[xa.size()][ny];
        for (SweepCell c : r.cells()) {
            v[c.i()][c.j()] = c.verdict().equals("confirmed") ? 'c' : c.verdict().equals("refuted") ? 'R' : '?';
        }
        for (int j = ny - 1; j >= 0; j--) {
            b.append(String.format(Locale.ROOT, "  %" + lw + "s |", ya != null ? ya.labels().get(j) : ""));
            for (int i = 0; i < xa.size(); i++) {
                b.append(String.format(Locale.ROOT, "%" + w + "s", v[i][j]));
            }
            b.append('\n');
        }
        b.append("  ").append(" ".repeat(lw)).append(" +").append("-".repeat(w * xa.size())).append('\n');
        b.append("  ").append(" ".repeat(lw)).append("  ");
        for (String l : xa.labels()) {
            b.append(String.format(Locale.ROOT, "%" + w + "s", l));
        }
        b.append("   (").append(xa.name()).append(ya != null ? " across, " + ya.name() + " up" : "").append("; c confirmed, R refuted, ? inconclusive)\n");
        return b.toString();
    }

    /** Runs the command with picocli, returning the exit code (for tests). */
    public static int run(SweepCommand command, String... args) {
        return runStandalone(command, args);
    }
}
