package org.implicitbias.oracle.certify;

import com.microsoft.z3.AlgebraicNum;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.RatNum;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import com.microsoft.z3.Z3Exception;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.InvalidInputException;

/**
 * A Z3 solver session: one {@link Context} owned by the thread that opened the session.
 *
 * <p>Rules:
 * <ul>
 *   <li>Confinement: a Z3 context is not thread-safe, so the session belongs to the thread that
 *       opened it; {@link #check} and {@link #close} from any other thread throw
 *       {@link IllegalStateException} (a cheap reference comparison per call). Open one session
 *       per worker thread.</li>
 *   <li>Lifetime: open in try-with-resources; {@link #close} releases the native context exactly
 *       once and later calls do nothing. {@link #openSessions()} counts sessions not yet closed in
 *       this JVM, so leaks are visible.</li>
 *   <li>Time: every query runs with Z3's {@code timeout} parameter (milliseconds) set to the
 *       session's timeout, or to the time left of the calling thread's {@link Deadline} when that
 *       is less; a query started after the deadline throws {@link BudgetExhaustedException}, and
 *       one cut short by it is unknown with that reason.</li>
 *   <li>Honesty: Z3's {@code unknown} (including timeouts and cancellation) becomes
 *       {@link SmtOutcome.Answer#UNKNOWN} with Z3's {@code reason-unknown}; it is never turned into
 *       sat or unsat.</li>
 * </ul>
 *
 * <p>Queries are given as SMT-LIB text ({@link SmtQuery}) and parsed by Z3 itself, so the decided
 * formula is exactly the exported one. The native libraries come with the {@code z3-turnkey}
 * artifact, which unpacks and links them when {@code com.microsoft.z3.Native} is first loaded.
 */
public final class Z3Session implements AutoCloseable {
    private static final AtomicInteger OPEN = new AtomicInteger();
    /** Decimal digits of the rational enclosures of algebraic model values. */
    private static final int ALGEBRAIC_DIGITS = 30;

    private final Context context;
    private final Thread owner;
    private final Duration timeout;
    private final int maxQueryChars;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Z3Session(Duration timeout, int maxQueryChars) {
        this.timeout = timeout;
        this.maxQueryChars = maxQueryChars;
        this.owner = Thread.currentThread();
        this.context = new Context(Map.of("model", "true"));
        OPEN.incrementAndGet();
    }

    /**
     * Opens a session whose queries each run for at most {@code timeout}.
     *
     * @throws InvalidInputException if the timeout is not between 1 ms and about 24 days
     */
    public static Z3Session open(Duration timeout) {
        return open(timeout, Integer.MAX_VALUE);
    }

    /**
     * Opens a session whose queries each run for at most {@code timeout} and that does not attempt
     * queries longer than {@code maxQueryChars} characters of SMT-LIB text: those are answered
     * unknown at once. Why: Z3 checks its timeout only between steps, and on linear queries with
     * long rational coefficients (e.g. the exact values of floating-point data) single steps of
     * its rational arithmetic run far past the timeout (measured: 24,000 characters, a 2 s timeout,
     * 255 s until Z3 answered unknown).
     *
     * @throws InvalidInputException if the timeout is not between 1 ms and about 24 days, or the
     *                               limit is not positive
     */
    public static Z3Session open(Duration timeout, int maxQueryChars) {
        if (timeout == null || timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new InvalidInputException("timeout", timeout, "a duration between 1 ms and 2^31 - 1 ms");
        }
        if (maxQueryChars < 1) {
            throw new InvalidInputException("maxQueryChars", maxQueryChars, "a positive number of characters");
        }
        return new Z3Session(timeout, maxQueryChars);
    }

    /** Sessions opened and not yet closed in this JVM. */
    public static int openSessions() {
        return OPEN.get();
    }

    /** The per-query timeout. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Time budget of a first, direct attempt that has a fallback: one second (the direct nlsat
     * queries either settle in well under a second or stall), never more than the timeout.
     */
    Duration firstAttemptBudget() {
        Duration floor = Duration.ofSeconds(1);
        return floor.compareTo(timeout) > 0 ? timeout : floor;
    }

    /** Whether {@link #close} has run. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Decides one query. The answer is sat (with the model's values of the declared variables as
     * rational enclosures), unsat, or unknown with Z3's reason.
     *
     * @throws IllegalStateException if the session is closed or used from another thread
     */
    public SmtOutcome check(SmtQuery query) {
        return check(query, timeout);
    }

    /**
     * As {@link #check(SmtQuery)} with a smaller time budget for this query: the lesser of the
     * budget and the session's timeout.
     */
    public SmtOutcome check(SmtQuery query, Duration budget) {
        confined();
        if (closed.get()) {
            throw new IllegalStateException("Z3 session is closed");
        }
        long start = System.nanoTime();
        Deadline deadline = Deadline.current();
        deadline.check("before the SMT query " + query.name());
        int length = query.body().length();
        if (length > maxQueryChars) {
            return new SmtOutcome(query, SmtOutcome.Answer.UNKNOWN, "not attempted: the query has " + length
                    + " characters, more than the session's limit of " + maxQueryChars, Map.of(), millisSince(start));
        }
        Solver solver = context.mkSolver(query.logic());
        Params params = context.mkParams();
        // the certification's remaining time caps every query (Z3 overruns a timeout only by a step)
        long left = deadline.bounded() ? Math.max(1, deadline.remainingNanos() / 1_000_000) : Long.MAX_VALUE;
        long millis = Math.max(1, Math.min(Math.min(timeout.toMillis(), budget.toMillis()), left));
        params.add("timeout", (int) millis);
        solver.setParameters(params);
        solver.fromString(query.body());
        Status status;
        try {
            status = solver.check();
        } catch (Z3Exception e) {
            if (deadline.expired()) {
                return new SmtOutcome(query, SmtOutcome.Answer.UNKNOWN, budgetReason(deadline), Map.of(), millisSince(start));
            }
            // Cancellation and resource limits surface as exceptions in some Z3 paths: they are unknowns.
            return new SmtOutcome(query, SmtOutcome.Answer.UNKNOWN, "z3: " + e.getMessage(), Map.of(),
                    millisSince(start));
        }
        switch (status) {
            case SATISFIABLE -> {
                Map<String, SmtOutcome.ModelValue> values = new LinkedHashMap<>();
                Model model = solver.getModel();
                for (String v : query.variables()) {
                    values.put(v, value(model.eval(context.mkRealConst(v), true), v));
                }
                return new SmtOutcome(query, SmtOutcome.Answer.SAT, "", values, millisSince(start));
            }
            case UNSATISFIABLE -> {
                return new SmtOutcome(query, SmtOutcome.Answer.UNSAT, "", Map.of(), millisSince(start));
            }
            default -> {
                if (deadline.expired()) {
                    // unknown because the budget, not the query's own timeout, ran out: an unknown like any
                    // other (a rational proof it cross-checks stands); the next check of the deadline ends the work
                    return new SmtOutcome(query, SmtOutcome.Answer.UNKNOWN, budgetReason(deadline), Map.of(), millisSince(start));
                }
                String reason = solver.getReasonUnknown();
                return new SmtOutcome(query, SmtOutcome.Answer.UNKNOWN,
                        reason == null || reason.isBlank() ? "unknown" : reason, Map.of(), millisSince(start));
            }
        }
    }

    /**
     * Releases the native context. Idempotent: only the first call releases.
     *
     * @throws IllegalStateException if called from a thread other than the owner
     */
    @Override
    public void close() {
        confined();
        if (closed.compareAndSet(false, true)) {
            try {
                context.close();
            } finally {
                OPEN.decrementAndGet();
            }
        }
    }

    private void confined() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("Z3 session belongs to thread " + owner.getName()
                    + " and was used from " + Thread.currentThread().getName());
        }
    }

    private static SmtOutcome.ModelValue value(Expr<?> e, String name) {
        if (e instanceof RatNum r) {
            BigFraction v = new BigFraction(r.getBigIntNumerator(), r.getBigIntDenominator());
            return new SmtOutcome.ModelValue(v, v);
        }
        if (e instanceof IntNum i) {
            BigFraction v = new BigFraction(i.getBigInteger());
            return new SmtOutcome.ModelValue(v, v);
        }
        if (e instanceof AlgebraicNum a) {
            RatNum lo = a.toLower(ALGEBRAIC_DIGITS);
            RatNum hi = a.toUpper(ALGEBRAIC_DIGITS);
            return new SmtOutcome.ModelValue(new BigFraction(lo.getBigIntNumerator(), lo.getBigIntDenominator()),
                    new BigFraction(hi.getBigIntNumerator(), hi.getBigIntDenominator()));
        }
        throw new IllegalStateException("model value of " + name + " is not a number: " + e);
    }

    private static String budgetReason(Deadline deadline) {
        return "timeout: the certification's time budget of " + Deadline.seconds(deadline.budget()) + " s ran out";
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
