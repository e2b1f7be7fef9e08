package org.implicitbias.oracle.certify;

import java.time.Duration;
import java.util.Locale;
import org.implicitbias.model.InvalidInputException;

/**
 * The time budget of one certification: a point in time ({@link System#nanoTime()}) after which the
 * exact work gives up. Cooperative: no other thread is started or interrupted; the long exact loops
 * (Bareiss elimination and back substitution, Gram matrices and products over large matrices, the
 * LDL' psd decisions, vertex reconstruction, Poincaré–Miranda faces, SMT query construction) call
 * {@link #check(String)} once per row or step, which throws {@link BudgetExhaustedException} once the
 * deadline has passed, and every Z3 query runs for at most the {@link #remaining()} time.
 *
 * <p>Scope: the deadline of a certification is installed for the calling thread by
 * {@link #install()} (in try-with-resources) and read by the exact kernels through {@link #current()},
 * as the thread's interrupt status is, so that the arithmetic helpers need not carry it in every
 * signature. Outside any scope {@link #current()} is {@link #none()}, which never expires: tests and
 * library callers of the certificate classes see no change.
 *
 * <p>Route names: a certificate class names the route it is in with {@link #route(String)}; the
 * exception and the skip messages of {@link #unaffordable} quote it, so a report says where the
 * budget ran out ("entropy SMT box").
 */
public final class Deadline {
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();
    private static final Deadline NONE = new Deadline(null, Long.MAX_VALUE);
    /** The largest budget accepted: a day. */
    public static final Duration MAX_BUDGET = Duration.ofDays(1);

    private final Duration budget;
    private final long end;
    private String route = "certification";

    private Deadline(Duration budget, long end) {
        this.budget = budget;
        this.end = end;
    }

    /**
     * A deadline {@code budget} from now.
     *
     * @throws InvalidInputException if the budget is not between 1 ms and {@link #MAX_BUDGET}
     */
    public static Deadline after(Duration budget) {
        validate("budget", budget);
        return new Deadline(budget, System.nanoTime() + budget.toNanos());
    }

    /** A deadline that never expires. */
    public static Deadline none() {
        return NONE;
    }

    /**
     * Checks a certification budget: between 1 ms and a day.
     *
     * @throws InvalidInputException naming {@code field} otherwise
     */
    public static Duration validate(String field, Duration budget) {
        if (budget == null || budget.toMillis() < 1 || budget.compareTo(MAX_BUDGET) > 0) {
            throw new InvalidInputException(field, budget == null ? null : seconds(budget),
                    "a time budget in seconds between 0.001 and 86400");
        }
        return budget;
    }

    /** A budget given in seconds, validated as {@link #validate} does. */
    public static Duration ofSeconds(String field, double seconds) {
        if (!(seconds >= 0.001 && seconds <= MAX_BUDGET.toSeconds())) {
            throw new InvalidInputException(field, seconds, "a time budget in seconds between 0.001 and 86400");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The deadline installed for this thread, or {@link #none()}. */
    public static Deadline current() {
        Deadline d = CURRENT.get();
        return d == null ? NONE : d;
    }

    /** Installs this deadline for the calling thread until the scope is closed (the previous one is restored). */
    public Scope install() {
        Deadline previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The installation of a deadline on a thread; closing it restores the previous one. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether this deadline can expire. */
    public boolean bounded() {
        return budget != null;
    }

    /** The whole budget, or null for {@link #none()}. */
    public Duration budget() {
        return budget;
    }

    /** Names the route now running (for the messages); returns this. */
    public Deadline route(String name) {
        if (this != NONE) {
            route = name;
        }
        return this;
    }

    /** The route named last. */
    public String routeName() {
        return route;
    }

    /** Nanoseconds left, at least 0; {@link Long#MAX_VALUE} for {@link #none()}. */
    public long remainingNanos() {
        return budget == null ? Long.MAX_VALUE : Math.max(0, end - System.nanoTime());
    }

    /** Time left (zero once expired); a very long time for {@link #none()}. */
    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return budget != null && System.nanoTime() - end >= 0;
    }

    /**
     * Throws {@link BudgetExhaustedException} if the deadline has passed; {@code where} says which
     * loop noticed (e.g. "Bareiss elimination"). Costs one clock read.
     */
    public void check(String where) {
        if (expired()) {
            throw exhausted(where);
        }
    }

    /** The exception for this deadline, noticed in {@code where}. */
    BudgetExhaustedException exhausted(String where) {
        return new BudgetExhaustedException(budget, route, where);
    }

    /**
     * Null when {@code estimatedSeconds} of exact work fit in the remaining time; otherwise the reason
     * to skip it: {@code not attempted: <what> is estimated at E s, more than the R s left of the
     * certification budget of B s}.
     */
    public String unaffordable(double estimatedSeconds, String what) {
        if (budget == null || estimatedSeconds * 1e9 <= remainingNanos()) {
            return null;
        }
        return "not attempted: " + what + " is estimated at " + seconds(estimatedSeconds) + " s, more than the "
                + seconds(remainingNanos() / 1e9) + " s left of the certification budget of " + seconds(budget) + " s";
    }

    /** Seconds with at most three significant decimals, e.g. {@code 5}, {@code 0.25}, {@code 1.2e+03}. */
    static String seconds(Duration d) {
        return seconds(d.toNanos() / 1e9);
    }

    static String seconds(double s) {
        if (s >= 1000) {
            return String.format(Locale.ROOT, "%.3g", s);
        }
        String t = String.format(Locale.ROOT, "%.3f", s);
        t = t.contains(".") ? t.replaceAll("0+$", "").replaceAll("\\.$", "") : t;
        return t;
    }

    @Override
    public String toString() {
        return budget == null ? "Deadline[none]" : "Deadline[budget=" + seconds(budget) + " s, remaining="
                + seconds(remainingNanos() / 1e9) + " s, route=" + route + "]";
    }
}
