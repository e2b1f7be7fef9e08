package org.implicitbias.optim.external;

import java.lang.ref.Cleaner;
import java.util.List;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Objective;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.ChunkedMethod;
import org.implicitbias.optim.ForeignMethod;
import org.implicitbias.optim.MirrorTailCheck;
import org.implicitbias.optim.RunFailure;

/**
 * An optimizer written in any language, run as a process and driven through the JSON-lines
 * {@link Protocol}: it is started and sent the problem on construction, {@link #advance} asks it for
 * k more steps and reads its iterate, {@link #close()} sends {@code stop} and ends it.
 *
 * <p>Honesty. Whatever goes wrong (the program cannot start, a line that is not JSON, a wrong length,
 * a non-finite number, {@code t} not advancing by k, an early exit, a crash, no answer in time) ends the
 * process at once and throws a {@link RunFailure} whose message quotes the offending line or event and
 * the last lines of the program's stderr; the {@link org.implicitbias.optim.Runner} turns it into a
 * failed run, which the checker reports as INCONCLUSIVE. The failure is sticky: every later call throws
 * it again. Non-finite numbers are {@link RunFailure.Kind#NON_FINITE} (a diverging run, as for the
 * built-in methods), everything else {@link RunFailure.Kind#EXTERNAL_FAILURE}.
 *
 * <p>Time. An answer must arrive by the caller's deadline (the run's time budget) plus a grace of
 * {@code max(2 s, budget / 10)}, so a chunk that straddles the deadline still ends as a time-limited
 * run while a hang is cut off; when the caller has no deadline (the judge's extra tail windows, step by
 * step comparisons) each answer gets the run's whole budget as last seen, or {@value #DEFAULT_SECONDS} s
 * before any.
 *
 * <p>A declared tail is checked by {@link MirrorTailCheck} on every answer; {@link #declaredTailHolds()}
 * says whether the checker may treat the run's tail as mirror descent with the declared potential.
 */
public final class ExternalOptimizer extends ForeignMethod implements ChunkedMethod {
    /** The answer timeout before any budget was seen, in seconds. */
    static final long DEFAULT_SECONDS = 60;
    /** The least grace past the deadline, in nanoseconds. */
    static final long MIN_GRACE_NANOS = 2_000_000_000L;

    private static final Cleaner CLEANER = Cleaner.create();

    private final int d;
    private final ExternalProcess process;
    private final Cleaner.Cleanable cleanable;
    private long budgetNanos = -1;
    private RunFailure failure;
    private boolean closed;

    /**
     * Starts the program and sends it the problem. Never throws for the program's faults: a start that
     * fails is reported by the first {@link #advance}.
     */
    public ExternalOptimizer(Algorithm.ExternalAlgorithm algorithm, Objective objective, double[] w0) {
        super("external(" + describe(algorithm.command()) + ")", objective.data(), w0, algorithm.tail());
        Dataset data = objective.data();
        this.d = data.d();
        ExternalProcess p = null;
        try {
            // a line holds d numbers of at most 25 characters each, and whatever else the program adds
            int maxLine = (int) Math.min(Integer.MAX_VALUE - 16, (1L << 20) + 64L * d);
            p = ExternalProcess.start(algorithm.command(), algorithm.workingDir(), maxLine);
            p.send(Protocol.problem(data, objective.loss(), w0, algorithm.rows(), algorithm.cols()));
        } catch (ExternalProcess.Failure e) {
            failure = new RunFailure(RunFailure.Kind.EXTERNAL_FAILURE, name() + " " + e.getMessage());
        }
        this.process = p;
        ExternalProcess held = p;
        this.cleanable = p == null ? null : CLEANER.register(this, () -> held.kill());
    }

    @Override
    public void advance(long k, long deadlineNanos) {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw fail(RunFailure.Kind.EXTERNAL_FAILURE, "was already stopped");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k);
        }
        long now = System.nanoTime();
        if (deadlineNanos != Long.MAX_VALUE && budgetNanos < 0) {
            budgetNanos = Math.max(0, deadlineNanos - now);
        }
        long answerBy;
        String within;
        if (deadlineNanos != Long.MAX_VALUE) {
            long grace = Math.max(MIN_GRACE_NANOS, budgetNanos / 10);
            answerBy = saturatedAdd(deadlineNanos, grace);
            within = "within the run's time budget of " + seconds(budgetNanos) + " s (+ " + seconds(grace) + " s grace)";
        } else {
            long wait = budgetNanos > 0 ? Math.max(budgetNanos, MIN_GRACE_NANOS) : DEFAULT_SECONDS * 1_000_000_000L;
            answerBy = saturatedAdd(now, wait);
            within = "within " + seconds(wait) + " s";
        }
        String request = Protocol.advance(k);
        process.send(request);
        String line;
        try {
            line = process.receive(answerBy, request + " at t = " + steps(), within);
        } catch (ExternalProcess.Failure e) {
            throw fail(RunFailure.Kind.EXTERNAL_FAILURE, e.getMessage());
        }
        Protocol.Answer answer;
        try {
            answer = Protocol.answer(line, d, steps() + k);
        } catch (Protocol.Violation v) {
            throw fail(v.nonFinite() ? RunFailure.Kind.NON_FINITE : RunFailure.Kind.EXTERNAL_FAILURE,
                    v.getMessage() + " (asked " + request + " at t = " + steps() + ")");
        }
        System.arraycopy(answer.w(), 0, iterate(), 0, d);
        setSteps(answer.t());
        observeTail();
    }

    /** The process id, for tests that check that nothing is left behind (-1 if it never started). */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Sends {@code stop}, closes stdin and ends the process (killing it and its descendants if needed). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (process != null) {
            if (failure == null) {
                process.stop(Protocol.STOP);
            } else {
                process.kill();
            }
            cleanable.clean();
        }
    }

    /** Ends the process at once and records the failure, with the last lines of its stderr. */
    private RunFailure fail(RunFailure.Kind kind, String what) {
        if (process != null) {
            process.kill();
        }
        failure = new RunFailure(kind, name() + " " + what + "; " + (process == null ? "" : process.stderrTail()));
        return failure;
    }

    private static String describe(List<String> command) {
        StringBuilder b = new StringBuilder();
        for (String part : command) {
            if (b.length() > 0) {
                b.append(' ');
            }
            int slash = part.lastIndexOf('/');
            b.append(slash >= 0 && slash < part.length() - 1 ? part.substring(slash + 1) : part);
        }
        return b.length() > 120 ? b.substring(0, 117) + "..." : b.toString();
    }

    private static String seconds(long nanos) {
        String s = String.format(java.util.Locale.ROOT, "%.3g", nanos / 1e9);
        // 0.99997 s of a 1 s budget left at the first exchange reads "1", not "1.00"
        return s.contains("e") || !s.contains(".") ? s : s.replaceFirst("\\.?0+$", "");
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
