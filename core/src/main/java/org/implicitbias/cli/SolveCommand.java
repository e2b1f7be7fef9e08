package org.implicitbias.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.implicitbias.model.AtomicFiles;
import org.implicitbias.io.CertificateJson;
import org.implicitbias.io.Json;
import org.implicitbias.io.Problem;
import org.implicitbias.io.ProblemReader;
import org.implicitbias.linalg.Dense;
import org.implicitbias.linalg.NativeBlas;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.ReferenceSolver;
import org.implicitbias.oracle.certify.Certifier;
import org.implicitbias.oracle.certify.Proof;
import org.implicitbias.oracle.certify.SmtOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code solve FILE [--certify [--smt2 DIR] [--timeout SECONDS] [--certify-seconds S]]}: solves the problem's
 * {@code reference} program independently and prints the solution with its certificate as JSON.
 * With {@code --certify} the solution is certified on the exact data ({@link Certifier}): the
 * certificate carries the raised level and the certification details, and a {@code proofs} list
 * gives every proof attempted; {@code --smt2 DIR} writes each decided SMT query as a {@code .smt2}
 * file into DIR, next to the JSON solution {@code DIR/solution.json}.
 */
@Command(name = "solve",
        mixinStandardHelpOptions = true,
        description = {"Solves the reference program of a problem file and prints the solution with its certificate as JSON.",
            "",
            "Output fields: status (solved, infeasible or not-separable), reason (when not solved), reference, w "
                    + "(for max-margin: the unit-norm maximiser), gamma (max-margin), value, dual-value, multipliers, "
                    + "residuals (primal-feasibility, stationarity, complementary-slackness, dual-feasibility, "
                    + "duality-gap), max-margin (support, dual-weights, unique, face) and certificate "
                    + "{level: exact|smt|bounded|numeric, method, ...}; with --certify also proofs "
                    + "[{role, status, level, claim, reason, queries}]; and seconds {read, solve, certify, total} "
                    + "(certify is 0 without --certify)."},
        footer = {"", "Exit codes: 0 solved, 1 infeasible or not separable (the reason is printed), 2 bad input, "
                + "3 internal error."})
public final class SolveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "problem file (JSON) with a reference")
    private Path file;

    @Option(names = "--certify", description = "Certify the solution on the exact data (exact rationals, Z3) "
            + "and print the raised certificate level with its proofs.")
    private boolean certify;

    @Option(names = "--smt2", paramLabel = "DIR", description = "With --certify: write every SMT query as DIR/*.smt2 "
            + "and the JSON solution as DIR/solution.json.")
    private Path smt2;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "With --certify: time limit of each SMT query "
            + "in seconds (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    private String timeout;

    @Option(names = "--certify-seconds", paramLabel = "S", description = "With --certify: time budget of the whole "
            + "certification in seconds (default: ${DEFAULT-VALUE}); exact routes estimated to need longer are skipped, "
            + "and the level proved when it runs out is kept.", defaultValue = "5")
    private String certifySeconds;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        boolean timeoutGiven = spec.commandLine().getParseResult().hasMatchedOption("--timeout");
        boolean budgetGiven = spec.commandLine().getParseResult().hasMatchedOption("--certify-seconds");
        if (!certify && (smt2 != null || timeoutGiven || budgetGiven)) {
            String flag = smt2 != null ? "--smt2" : timeoutGiven ? "--timeout" : "--certify-seconds";
            throw new InvalidInputException(flag, smt2 != null ? smt2 : timeoutGiven ? timeout : certifySeconds,
                    "to be given together with --certify");
        }
        Duration limit = certify ? seconds(timeout) : null;
        Duration budget = certify ? ClaimsCommand.certifyBudget("--certify-seconds", certifySeconds) : null;
        if (smt2 != null && Files.exists(smt2) && !Files.isDirectory(smt2)) {
            throw new InvalidInputException("--smt2", smt2, "a directory (it is an existing file)");
        }
        preloadKernels(file);
        Problem problem = ProblemReader.read(file);
        if (problem.reference() == null) {
            throw new InvalidInputException("reference", null,
                    "a reference program, e.g. {\"kind\": \"min-norm\", \"norm\": \"l2\"}");
        }
        long read = System.nanoTime();
        Outcome outcome = new ReferenceSolver().solve(problem.reference(), problem.data(), problem.w0());
        long solved = System.nanoTime();
        if (!certify) {
            ObjectNode json = CertificateJson.write(outcome);
            timings(json, start, read, solved, solved);
            spec.commandLine().getOut().println(Json.write(json));
            return exit(outcome);
        }
        Certifier.Certified certified = null;
        if (outcome instanceof Outcome.Solved) {
            certified = new Certifier(limit, Certifier.DEFAULT_RADIUS).withBudget(budget)
                    .certify(outcome, problem.reference(), problem.data(), problem.exactW0());
            outcome = new Outcome.Solved(certified.certificate());
        }
        long certifiedAt = System.nanoTime();
        ObjectNode json = CertificateJson.write(outcome);
        List<Path> files = List.of();
        if (smt2 != null) {
            files = certified == null ? List.of() : writeQueries(certified);
        }
        if (certified != null) {
            json.set("proofs", proofs(json, certified, files));
        }
        timings(json, start, read, solved, certifiedAt);
        String text = Json.write(json);
        if (smt2 != null) {
            AtomicFiles.write(smt2.resolve("solution.json"), text + System.lineSeparator());
        }
        spec.commandLine().getOut().println(text);
        return exit(outcome);
    }

    /**
     * Inputs from this size on (about 100 000 numbers of 20 characters, such as a 200 x 500 X) carry a
     * matrix near the size from which the native kernels run ({@link Dense#NATIVE_PRODUCT_WORK}): below
     * it, loading them would only slow the reading down (both compete for two cores).
     */
    private static final long NATIVE_INPUT_BYTES = 2 << 20;

    /**
     * Starts loading the native kernels in the background when the input is large enough to use them, so
     * that loading them overlaps with reading the file instead of adding to the solve.
     */
    private static void preloadKernels(Path file) {
        try {
            if (Files.size(file) >= NATIVE_INPUT_BYTES) {
                NativeBlas.preload();
            }
        } catch (IOException e) {
            // the reader reports the file
        }
    }

    /**
     * {@code seconds: {read, solve, certify, total}}: reading and validating the file (the exact rationals
     * of a large X are built later, by the certificate, only when it needs them), the reference solve, the
     * certification (0 without {@code --certify}), and the whole command up to its output.
     */
    private static void timings(ObjectNode json, long start, long read, long solved, long certified) {
        ObjectNode s = json.putObject("seconds");
        s.put("read", seconds(start, read));
        s.put("solve", seconds(read, solved));
        s.put("certify", seconds(solved, certified));
        s.put("total", seconds(start, System.nanoTime()));
    }

    private static double seconds(long from, long to) {
        return Math.round((to - from) / 1e3) / 1e6;
    }

    private List<Path> writeQueries(Certifier.Certified certified) {
        try {
            return certified.writeSmtLib(smt2);
        } catch (IOException e) {
            throw new InvalidInputException("--smt2", smt2, "a writable directory (" + e.getMessage() + ")");
        }
    }

    /** The proofs as JSON, each query with its answer and (with --smt2) its file name. */
    private static ArrayNode proofs(ObjectNode factory, Certifier.Certified certified, List<Path> files) {
        ArrayNode out = factory.arrayNode();
        int f = 0;
        for (Certifier.Step step : certified.steps()) {
            Proof p = step.proof();
            ObjectNode o = out.addObject();
            o.put("role", step.role());
            o.put("status", p.status().name().toLowerCase(Locale.ROOT));
            o.put("level", p.level().name().toLowerCase(Locale.ROOT));
            o.put("claim", p.claim());
            o.put("reason", p.reason());
            ArrayNode qs = o.putArray("queries");
            for (SmtOutcome q : p.queries()) {
                ObjectNode qo = qs.addObject();
                qo.put("name", q.query().name());
                qo.put("logic", q.query().logic());
                qo.put("answer", q.answer().smtLib());
                if (!q.reason().isEmpty()) {
                    qo.put("reason", q.reason());
                }
                qo.put("milliseconds", Math.round(q.millis() * 1000) / 1000.0);
                if (f < files.size()) {
                    qo.put("file", files.get(f++).getFileName().toString());
                }
            }
        }
        return out;
    }

    private static Duration seconds(String text) {
        BigDecimal s;
        try {
            s = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--timeout", text, "a number of seconds > 0, e.g. 5 or 0.5");
        }
        BigDecimal ms = s.movePointRight(3);
        if (s.signum() <= 0 || ms.compareTo(BigDecimal.ONE) < 0 || ms.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new InvalidInputException("--timeout", text, "a number of seconds between 0.001 and 2147483.647");
        }
        return Duration.ofMillis(ms.longValue());
    }

    private static int exit(Outcome outcome) {
        return outcome instanceof Outcome.Solved ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
