package org.implicitbias.claims.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.claims.Verdict;
import org.implicitbias.model.InvalidInputException;

/**
 * Re-checks stored counterexamples. A file reproduces when the claim, re-run on the recorded instance
 * with the recorded algorithm and hyperparameters, is REFUTED again by the same measure (so its gap is
 * again beyond tolerance plus every error bound). Anything else, including a file that cannot be read,
 * does not reproduce, with the reason.
 */
public final class Replay {
    private Replay() {
    }

    /**
     * The replay of one file.
     *
     * @param file        the file
     * @param claim       the claim id (null when the file could not be read)
     * @param reproduces  whether the recorded refutation reproduced
     * @param message     one line: what happened
     * @param run         the refuting run of the replay, or null
     * @param recordedGap the gap the file recorded (NaN when unreadable)
     */
    public record FileReplay(Path file, String claim, boolean reproduces, String message, RunResult run, double recordedGap) {
    }

    /** Replays every entry in order; the checker runs the readable ones together. */
    public static List<FileReplay> replay(Checker checker, List<CounterexampleStore.Entry> entries) {
        List<ClaimSpec> specs = new ArrayList<>();
        for (CounterexampleStore.Entry e : entries) {
            if (e instanceof CounterexampleStore.Loaded l) {
                specs.add(l.spec());
            }
        }
        List<ClaimResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            results.addAll(checker.check(specs, null));
        } catch (RuntimeException batchFailure) {
            // one bad file must not hide the others: check them one at a time to find it
            for (ClaimSpec s : specs) {
                try {
                    results.add(checker.check(s));
                    failures.add(null);
                } catch (SpecLoader.SpecException | InvalidInputException | IllegalStateException e) {
                    results.add(null);
                    failures.add(e.getMessage());
                }
            }
        }
        List<FileReplay> out = new ArrayList<>();
        int k = 0;
        for (CounterexampleStore.Entry e : entries) {
            if (e instanceof CounterexampleStore.Problem p) {
                String message = p.message().startsWith("tampered:") ? p.message() : "unreadable: " + p.message();
                out.add(new FileReplay(p.file(), null, false, message, null, Double.NaN));
                continue;
            }
            CounterexampleStore.Loaded l = (CounterexampleStore.Loaded) e;
            ClaimResult r = results.get(k);
            String failure = failures.isEmpty() ? null : failures.get(k);
            k++;
            if (r == null) {
                out.add(new FileReplay(l.file(), l.claim(), false, "cannot be re-run: " + failure, null, l.gap()));
                continue;
            }
            out.add(judge(l, r));
        }
        return out;
    }

    private static FileReplay judge(CounterexampleStore.Loaded l, ClaimResult r) {
        for (RunResult run : r.runs()) {
            if (run.verdict() == Verdict.REFUTED && run.measure().label().equals(l.measure())) {
                return new FileReplay(l.file(), l.claim(), true, String.format(Locale.ROOT,
                        "refuted again: %s %.6g > tolerance %.3g + error bound %.3g (recorded %.6g; certificate %s)",
                        run.measure(), run.distance(), run.tolerance(), run.errorBound(), l.gap(), run.level()), run, l.gap());
            }
        }
        RunResult first = r.runs().isEmpty() ? null : r.runs().get(0);
        String why = r.verdict() == Verdict.REFUTED
                ? "refuted by another measure than the recorded " + l.measure() + ": " + r.reason()
                : r.verdict().label() + " (recorded refuted by " + l.measure() + " " + String.format(Locale.ROOT, "%.6g", l.gap())
                + "): " + (first != null ? first.reason() : r.reason());
        return new FileReplay(l.file(), l.claim(), false, why, null, l.gap());
    }
}
