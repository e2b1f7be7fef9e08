package org.implicitbias.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.implicitbias.io.Json;
import org.implicitbias.io.Problem;
import org.implicitbias.io.ProblemReader;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.optim.ChunkedMethod;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.Runner;
import org.implicitbias.optim.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code run FILE}: reads a problem with an {@code algorithm}, runs it within a budget and prints
 * the last iterate and the run's diagnostics as JSON.
 *
 * <p>The budget is, from highest precedence: the flags, the file ({@code iterations},
 * {@code budget: {...}}), then the defaults of {@link Budget}, the same as a spec's.
 */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Runs the algorithm of a problem file and prints the last iterate and the run's diagnostics as JSON.",
            "",
            "Output fields: method, w (the last iterate), direction (w/||w|| in the method's norm) and margin "
                    + "(min_n y_n <w, x_n> / ||w||) for exponential and logistic loss, loss and log-loss, "
                    + "log-gradient-dual-norm, iterations, settled, tail-movement and tail-steps (how far the iterate, "
                    + "or its direction, moved over the last window), outcome (settled, iteration-limit, time-limit, "
                    + "domain-exit, non-finite or external-failure), failure (null unless the run failed) and seconds. Non-finite "
                    + "numbers are printed as null (an exactly zero loss has log-loss null)."},
        footer = {"",
            "Budget: the flags override the file (iterations, or budget: {iterations, seconds, window, settle}), "
                    + "which overrides the defaults (the same as a spec's budget): " + Budget.DEFAULT_ITERATIONS
                    + " iterations, " + (long) Budget.DEFAULT_SECONDS + " seconds, a window of iterations/100 steps "
                    + "clamped to [10, 1000], and an early stop once the tail movement is at most "
                    + Budget.DEFAULT_SETTLE_POINT + " relative to max(1, ||w||) (squared and huber loss: the limit is a "
                    + "point) or " + Budget.DEFAULT_SETTLE_DIRECTION + " in the direction w/||w|| (exponential and "
                    + "logistic loss). --settle 0 runs the whole budget.",
            "",
            "Exit codes: 0 the run finished (also when its outcome is a failure such as domain-exit), "
                    + "2 bad input, 3 internal error."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "problem file (JSON) with an algorithm")
    private Path file;

    @Mixin
    private BudgetOptions budgetOptions;

    @Override
    public Integer call() {
        Problem problem = ProblemReader.read(file);
        Algorithm algorithm = algorithm(problem);
        Budget budget = budgetOptions.budget(problem.limits(), problem.limitKind());
        Objective objective = new Objective(problem.data(), problem.loss());
        IterativeMethod method = algorithm.start(objective, problem.w0());
        Trace trace;
        try {
            trace = new Runner(objective).run(method, budget);
        } finally {
            // an external optimizer's process ends here, also after a failure
            ChunkedMethod.closeIfHeld(method);
        }
        spec.commandLine().getOut().println(Json.write(report(trace, problem)));
        return ExitCodes.OK;
    }

    /**
     * The problem file's algorithm, which a command that runs the file needs.
     *
     * @throws InvalidInputException naming the missing {@code algorithm} field
     */
    static Algorithm algorithm(Problem problem) {
        if (problem.algorithm() == null) {
            throw new InvalidInputException("algorithm", null,
                    "an algorithm to run, e.g. {\"kind\": \"gradient-descent\", \"step\": {\"kind\": \"constant\", \"eta\": 0.1}}");
        }
        return problem.algorithm();
    }

    /** The JSON printed for a run. */
    static ObjectNode report(Trace trace, Problem problem) {
        ObjectNode o = Json.object();
        o.put("method", trace.method());
        o.set("w", Json.finiteArray(trace.w()));
        if (problem.loss().monotone()) {
            if (trace.direction() != null) {
                o.set("direction", Json.finiteArray(trace.direction()));
            } else {
                o.putNull("direction");
            }
            Json.putFinite(o, "margin", trace.margin());
        }
        Json.putFinite(o, "loss", trace.loss());
        Json.putFinite(o, "log-loss", trace.logLoss());
        Json.putFinite(o, "log-gradient-dual-norm", trace.logGradientDualNorm());
        o.put("iterations", trace.iterations());
        o.put("settled", trace.settled());
        Json.putFinite(o, "tail-movement", trace.tailMovement());
        o.put("tail-steps", trace.tailSteps());
        o.put("outcome", trace.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (trace.failure() != null) {
            o.put("failure", trace.failure());
        } else {
            o.putNull("failure");
        }
        o.put("seconds", trace.seconds());
        return o;
    }
}
