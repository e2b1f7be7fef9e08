package org.implicitbias.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.Verdict;

/**
 * The console table of {@code check}: one line per claim with what the catalogue expects, the verdict,
 * the runs (confirmed/refuted/inconclusive), the worst measured gap, the certificate levels and the
 * time, then the total and, for every claim that did not get its expected verdict, why.
 */
public final class ConsoleReport {
    private ConsoleReport() {
    }

    /** The table and summary as text (ends with a newline). */
    public static String render(List<ClaimResult> results, double seconds) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"claim", "expected", "verdict", "runs c/r/i", "worst distance", "certificates", "time", "ok"});
        int passed = 0;
        for (ClaimResult r : results) {
            rows.add(new String[]{
                    r.spec().id(),
                    r.spec().expect().label(),
                    r.verdict().label(),
                    r.count(Verdict.CONFIRMED) + "/" + r.count(Verdict.REFUTED) + "/" + r.count(Verdict.INCONCLUSIVE),
                    number(r.worstDistance()),
                    levels(r.levels()),
                    String.format(Locale.ROOT, "%.1fs", r.seconds()),
                    r.passed() ? "yes" : "NO"});
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
            for (int i = 0; i < row.length; i++) {
                boolean right = i == 3 || i == 4 || i == 6;
                String cell = right ? pad(row[i], width[i], true) : pad(row[i], width[i], false);
                b.append(cell);
                if (i < row.length - 1) {
                    b.append("  ");
                }
            }
            b.append('\n');
            if (k == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                b.append("-".repeat(total - 2)).append('\n');
            }
        }
        b.append(String.format(Locale.ROOT, "%d of %d claims got their expected verdict; total %.1fs%n",
                passed, results.size(), seconds));
        for (ClaimResult r : results) {
            if (!r.passed()) {
                b.append("claim ").append(r.spec().id()).append(": expected ")
                        .append(r.spec().expect() == org.implicitbias.claims.Expectation.HOLDS ? "confirmed" : "refuted")
                        .append(" (").append(r.spec().expect().label()).append("), got ").append(r.verdict().label())
                        .append(": ").append(r.reason()).append('\n');
            }
        }
        return b.toString();
    }

    private static String pad(String s, int w, boolean right) {
        String sp = " ".repeat(Math.max(0, w - s.length()));
        return right ? sp + s : s + sp;
    }

    private static String levels(Map<String, Integer> levels) {
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
