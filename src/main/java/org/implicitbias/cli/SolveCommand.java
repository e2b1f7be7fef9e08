package org.implicitbias.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.implicitbias.io.CertificateJson;
import org.implicitbias.io.Json;
import org.implicitbias.io.Problem;
import org.implicitbias.io.ProblemReader;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.ReferenceSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solve FILE}: solves the problem's {@code reference} program independently and prints the
 * solution with its certificate as JSON.
 */
@Command(name = "solve",
        mixinStandardHelpOptions = true,
        description = {"Solves the reference program of a problem file and prints the solution with its certificate as JSON.",
            "",
            "Output fields: status (solved, infeasible or not-separable), reason (when not solved), reference, w "
                    + "(for max-margin: the unit-norm maximiser), gamma (max-margin), value, dual-value, multipliers, "
                    + "residuals (primal-feasibility, stationarity, complementary-slackness, dual-feasibility, "
                    + "duality-gap), max-margin (support, dual-weights, unique, face) and certificate "
                    + "{level: exact|smt|bounded|numeric, method, ...}."},
        footer = {"", "Exit codes: 0 solved, 1 infeasible or not separable (the reason is printed), 2 bad input, "
                + "3 internal error."})
public final class SolveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "problem file (JSON) with a reference")
    private Path file;

    @Override
    public Integer call() {
        Problem problem = ProblemReader.read(file);
        if (problem.reference() == null) {
            throw new InvalidInputException("reference", null,
                    "a reference program, e.g. {\"kind\": \"min-norm\", \"norm\": \"l2\"}");
        }
        Outcome outcome = new ReferenceSolver().solve(problem.reference(), problem.data(), problem.w0());
        spec.commandLine().getOut().println(Json.write(CertificateJson.write(outcome)));
        return outcome instanceof Outcome.Solved ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
