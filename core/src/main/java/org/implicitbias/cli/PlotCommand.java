package org.implicitbias.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.implicitbias.report.Figure1;
import org.implicitbias.report.PlotWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plot}: pictures as PNG and SVG. Subcommands {@code figure-1} (the paper's Figure 1) and
 * {@code run FILE} (loss, distance to the reference and trajectory of one problem file's run).
 *
 * <p>Exit codes: 0 written; 2 bad input (an {@link org.implicitbias.model.InvalidInputException} or
 * a bad flag, reported on one line by {@link Main}'s handlers; nothing half-written); 3 internal
 * failure (e.g. a picture could not be written).
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draws pictures, each as NAME.png and NAME.svg.",
        subcommands = {PlotCommand.FigureOne.class, PlotRunCommand.class},
        footer = {"", "Exit codes: 0 written, 2 bad input, 3 internal error."})
public final class PlotCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage, and exit code 2 (a subcommand is required). */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand: figure-1 or run");
    }

    /** {@code plot figure-1 --out DIR}. */
    @Command(name = "figure-1", mixinStandardHelpOptions = true,
            description = {"Draws Figure 1 of Gunasekar et al. (2018) as figure-1a, -1b, -1c",
                "(PNG and SVG) and prints each setting's limit and the reference points:",
                "(a) Example 2: entropy mirror descent, primal momentum, several (beta, gamma);",
                "(b) Example 3: natural gradient descent, several step sizes, and its flow;",
                "(c) Example 4: steepest descent w.r.t. l_4/3, several step sizes, with the",
                "    minimum-norm point and the extrapolated eta -> 0 limit."},
            footer = {"", "Exit codes: 0 written, 2 bad input, 3 internal error."})
    static final class FigureOne implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if missing)")
        Path out;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PlotWriter.ensureHeadless();
            PlotWriter.prepareDirectory(out);
            PrintWriter o = spec.commandLine().getOut();
            List<Figure1.Panel> panels = Figure1.compute();
            List<Path> files = Figure1.write(panels, out);
            for (Figure1.Panel p : panels) {
                o.println(p.title());
                for (Figure1.Setting s : p.settings()) {
                    o.println("  " + s.label() + ": limit " + vector(s.limit()) + " after "
                            + s.trace().iterations() + " steps" + (s.trace().settled() ? "" : " (not settled)"));
                }
                p.points().forEach((k, v) -> o.println("  " + k + ": " + vector(v)));
                for (String n : p.notes()) {
                    o.println("  note: " + n);
                }
            }
            return wrote(o, files);
        }
    }

    /** Ends a plot command: lists the files written, one {@code wrote FILE} line each; exit code 0. */
    static int wrote(PrintWriter o, List<Path> files) {
        for (Path f : files) {
            o.println("wrote " + f);
        }
        o.flush();
        return ExitCodes.OK;
    }

    static String vector(double[] w) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < w.length; i++) {
            b.append(i > 0 ? ", " : "").append(w[i]);
        }
        return b.append(']').toString();
    }
}
