package org.implicitbias.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.implicitbias.model.InvalidInputException;
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
 * <p>Exit codes: 0 written, 2 bad input (one line naming the field, the value and what was
 * expected; nothing half-written), 3 internal failure.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draws pictures as PNG and SVG.",
        subcommands = {PlotCommand.FigureOne.class})
public final class PlotCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int BAD_INPUT = 2;
    static final int INTERNAL = 3;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    /** {@code plot figure-1 --out DIR}. */
    @Command(name = "figure-1", mixinStandardHelpOptions = true,
            description = {"Draws Figure 1 of Gunasekar et al. (2018) as figure-1a/b/c .png and .svg:",
                "(a) entropy mirror descent with primal momentum, (b) natural gradient descent and its flow,",
                "(c) steepest descent w.r.t. the l_4/3 norm; prints each setting's limit and the reference points."})
    static final class FigureOne implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if missing)")
        Path out;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PlotWriter.ensureHeadless();
            PrintWriter o = spec.commandLine().getOut();
            return guarded(spec, () -> {
                PlotWriter.prepareDirectory(out);
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
                for (Path f : files) {
                    o.println("wrote " + f);
                }
                o.flush();
            });
        }
    }

    /** Work that may fail with bad input (exit 2) or an I/O or internal error (exit 3). */
    @FunctionalInterface
    interface Work {
        void run() throws IOException;
    }

    static int guarded(CommandLine.Model.CommandSpec spec, Work work) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            work.run();
            return OK;
        } catch (InvalidInputException e) {
            err.println(e.getMessage());
            err.flush();
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("error: could not write the pictures: " + e.getMessage());
            err.flush();
            return INTERNAL;
        }
    }

    static String vector(double[] w) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < w.length; i++) {
            b.append(i > 0 ? ", " : "").append(w[i]);
        }
        return b.append(']').toString();
    }
}
