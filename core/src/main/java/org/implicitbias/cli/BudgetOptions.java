package org.implicitbias.cli;

import org.implicitbias.io.Limits;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.optim.Budget;
import picocli.CommandLine.Option;

/**
 * The budget flags of the commands that run a problem file's algorithm ({@code run}, {@code plot run})
 * and the one rule that turns them into a {@link Budget}: a flag overrides the file's limits, which
 * override the defaults of {@link Budget} (the same as a spec's).
 */
final class BudgetOptions {
    @Option(names = "--iterations", paramLabel = "N", description = "maximum number of steps")
    Long iterations;

    @Option(names = "--seconds", paramLabel = "S", description = "wall-clock limit in seconds")
    Double seconds;

    @Option(names = "--settle", paramLabel = "TOL", description = "stop once the tail moves at most TOL; 0 disables")
    Double settle;

    /**
     * The budget from the flags, the file's limits and the defaults.
     *
     * @param limits the limits the file gives
     * @param kind   whether the run's limit is a point or a direction (it sets the default early stop)
     * @throws InvalidInputException naming the flag when a resulting number is out of range
     */
    Budget budget(Limits limits, Budget.Limit kind) {
        long its = iterations != null ? iterations : limits.iterations() != null ? limits.iterations() : Budget.DEFAULT_ITERATIONS;
        if (its < 1) {
            throw new InvalidInputException("--iterations", its, "an integer >= 1");
        }
        double secs = seconds != null ? seconds : limits.seconds() != null ? limits.seconds() : Budget.DEFAULT_SECONDS;
        if (!(secs > 0) || Double.isNaN(secs)) {
            throw new InvalidInputException("--seconds", secs, "a number > 0");
        }
        double tol = settle != null ? settle : limits.settle() != null ? limits.settle()
                : Budget.defaultSettle(kind);
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new InvalidInputException("--settle", tol, "a finite number >= 0");
        }
        long window = limits.window() != null ? limits.window() : Budget.defaultWindow(its);
        return new Budget(its, secs, window, tol, kind);
    }
}
