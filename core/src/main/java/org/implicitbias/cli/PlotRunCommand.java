package org.implicitbias.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.implicitbias.io.Problem;
import org.implicitbias.io.ProblemReader;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.report.PlotWriter;
import org.implicitbias.report.ReferenceSolution;
import org.implicitbias.report.RunPlots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plot run FILE --out DIR}: runs a problem file's algorithm with the same budget as
 * {@code run} (file limits, then the defaults of {@link RunCommand}) and draws it:
 * {@code STEM-loss}, {@code STEM-distance} (when the file has a {@code reference}, solved by the
 * oracle's reference solver) and {@code STEM-trajectory} (d = 2), each as PNG and SVG, where STEM is
 * the file name without its extension.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the algorithm of a problem file and draws the run as PNG and SVG.",
            "STEM-loss:       L(w_t) against t, log-log.",
            "STEM-distance:   with a reference: ||w_t - w*|| for a limit point; for",
            "                 exponential/logistic loss the direction distance",
            "                 ||w_t/||w_t|| - w*|| and the margin gap gamma - margin(w_t).",
            "STEM-trajectory: d = 2 only: w_t over the data points, G's line, w*.",
            "STEM is the file name without its extension. The budget is run's: the",
            "file's limits, then run's defaults, unless overridden by the flags."},
        footer = {"", "Exit codes: 0 written, 2 bad input, 3 internal error."})
final class PlotRunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "problem file (JSON) with an algorithm")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory (created if missing)")
    Path out;

    @Mixin
    BudgetOptions budgetOptions;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PlotWriter.ensureHeadless();
        Problem problem = ProblemReader.read(file);
        Algorithm algorithm = RunCommand.algorithm(problem);
        PlotWriter.prepareDirectory(out);
        Budget budget = budgetOptions.budget(problem.limits(), problem.limitKind());
        List<String> notes = new ArrayList<>();
        ReferenceSolution reference = problem.reference() == null ? null
                : RunPlots.solveReference(problem.reference(), problem.data(), problem.w0(), notes);
        String name = file.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        RunPlots.Run run = new RunPlots.Run(name, problem.data(), problem.loss(), problem.w0(), algorithm, budget);
        RunPlots.Result result = RunPlots.compute(run, reference, notes);
        List<Path> files = RunPlots.write(result, out, stem);
        PrintWriter o = spec.commandLine().getOut();
        o.println(run.algorithm().kind() + ": " + result.trace().iterations() + " steps, outcome "
                + result.trace().outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + ", last iterate " + PlotCommand.vector(result.trace().w()));
        if (reference != null) {
            o.println("reference (" + reference.source() + "): " + PlotCommand.vector(reference.w())
                    + (reference.isDirection() ? ", gamma " + reference.gamma() : ""));
        }
        for (String n : result.notes()) {
            o.println("note: " + n);
        }
        return PlotCommand.wrote(o, files);
    }
}
