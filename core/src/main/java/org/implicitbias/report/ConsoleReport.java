package org.implicitbias.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.Expectation;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.Verdict;

/**
 * The console table of {@code check}: one line per claim with what the catalogue expects, the verdict,
 * the runs (confirmed/refuted/inconclusive), the worst measured gap with the name of what it measures
 * ({@code distance}, {@code margin-gap}, {@code value-gap}, ...), the certificate levels and the time
 * the claim's runs took (summed over its runs, which overlap when several threads run them); under a
 * refuted claim's line, where its counterexample was written. Then the wall-clock total and, for every
 * claim that did not get its expected verdict, why.
 */
public final class ConsoleReport {
    private static final int RIGHT_RUNS = 3;
    private static final int RIGHT_TIME = 6;

    private ConsoleReport() {
    }

    /** The table and summary as text without counterexample lines (ends with a newline). */
    public static String render(List<ClaimResult> results, double seconds) {
        return render(results, Map.of(), seconds);
    }

    /**
     * The table and summary as text (ends with a newline).
     *
     * @param results         the claims' results in check order
     * @param counterexamples the counterexample file written for a claim, by claim id
     * @param seconds         wall-clock time of the whole check
     */
    public static String render(List<ClaimResult> results, Map<String, String> counterexamples, double seconds) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"claim", "expected", "verdict", "runs c/r/i", "worst gap", "certificates", "run time", "ok"});
        int passed = 0;
        double summed = 0;
        for (ClaimResult r : results) {
            rows.add(new String[]{
                    r.spec().id(),
                    r.spec().expect().label(),
                    r.verdict().label(),
                    r.count(Verdict.CONFIRMED) + "/" + r.count(Verdict.REFUTED) + "/" + r.count(Verdict.INCONCLUSIVE),
                    gap(r),
                    levels(r.levels()),
                    String.format(Locale.ROOT, "%.1fs", r.seconds()),
                    r.passed() ? "yes" : "NO"});
            summed += r.seconds();
            if (r.passed()) {
                passed++;
            }
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] row = rows.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean right = i == RIGHT_RUNS || i == RIGHT_TIME;
                line.append(pad(row[i], width[i], right));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (k == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                b.append("-".repeat(total - 2)).append('\n');
            } else {
                ClaimResult claim = results.get(k - 1);
                if (!claim.runs().isEmpty()) {
                    b.append("  says: ").append(ClaimWords.describe(claim.runs().get(0).plan().target())).append('\n');
                }
                String cx = counterexamples.get(claim.spec().id());
                if (cx != null) {
                    b.append("  counterexample written to ").append(cx).append('\n');
                }
            }
        }
        b.append(String.format(Locale.ROOT,
                "%d of %d claims got their expected verdict; total %.1fs wall clock (run time summed over runs: %.1fs)%n",
                passed, results.size(), seconds, summed));
        for (ClaimResult r : results) {
            if (!r.passed()) {
                b.append("claim ").append(r.spec().id()).append(": expected ")
                        .append(r.spec().expect() == Expectation.HOLDS ? "confirmed" : "refuted")
                        .append(" (").append(r.spec().expect().label()).append("), got ").append(r.verdict().label())
                        .append(": ").append(r.reason()).append('\n');
            }
        }
        return b.toString();
    }

    /** The worst measured gap with the name of its measure, e.g. {@code 5.13e-02 margin-gap}; {@code -} when none. */
    static String gap(ClaimResult r) {
        double worst = r.worstDistance();
        if (Double.isNaN(worst)) {
            return "-";
        }
        String measure = null;
        for (RunResult run : r.runs()) {
            if (Double.compare(run.distance(), worst) == 0) {
                measure = run.measure().label();
                break;
            }
        }
        return number(worst) + (measure == null ? "" : " " + measure);
    }

    private static String pad(String s, int w, boolean right) {
        String sp = " ".repeat(Math.max(0, w - s.length()));
        return right ? sp + s : s + sp;
    }

    /** The certificate levels reached and how often, as {@code level:count} pairs separated by spaces. */
    static String levels(Map<String, Integer> levels) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Integer> e : levels.entrySet()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(e.getKey()).append(':').append(e.getValue());
        }
        return b.toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
