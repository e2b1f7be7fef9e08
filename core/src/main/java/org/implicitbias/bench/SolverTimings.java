package org.implicitbias.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The slow entries of {@code bench}: reference solves and certificates take from milliseconds to
 * seconds each, so they are timed a few times each (after a warm-up on a small instance) rather
 * than by {@link BenchTimer}'s repeated runs.
 */
public final class SolverTimings {
    /** The {@code what} names of these entries. */
    public static final List<String> WHATS = List.of("oracle", "certificate");

    private SolverTimings() {
    }

    public static List<BenchResult> run(boolean quick, String only, Consumer<String> progress) {
        List<BenchResult> out = new ArrayList<>();
        if (only == null || only.equals("oracle")) {
            progress.accept("oracle solvers");
            List<OracleBenchmarks.Timing> timings = quick
                    ? List.of(OracleBenchmarks.minBregmanEntropy(20, 40, 1), OracleBenchmarks.maxMarginL2(20, 40, 3),
                    OracleBenchmarks.maxMarginL1(20, 40, 5), OracleBenchmarks.maxMarginNuclear(4, 10, 6))
                    : OracleBenchmarks.standard();
            for (OracleBenchmarks.Timing t : timings) {
                out.add(new BenchResult("oracle", t.what().replace(' ', '-'), t.n(), t.d(), 1 / t.seconds(),
                        "solves", t.seconds(), t.maxResidual()));
            }
        }
        if (only == null || only.equals("certificate")) {
            int reps = quick ? 1 : 5;
            for (int d : quick ? new int[] {10} : new int[] {10, 100}) {
                progress.accept("exact certificate d = " + d);
                out.add(certificate("exact-l2-min-norm", d / 2, d, CertificationBenchmarks.exactL2Millis(d, reps)));
                out.add(certificate("exact-l1-min-norm", d / 2, d, CertificationBenchmarks.exactL1Millis(d, reps)));
            }
            for (int d : quick ? new int[] {3} : new int[] {3, 6}) {
                progress.accept("smt certificate d = " + d);
                out.add(certificate("smt-lp-4/3-min-norm", 2, d, CertificationBenchmarks.smtPowerMillis(d, reps)));
                out.add(certificate("smt-entropy", d == 3 ? 1 : 3, d, CertificationBenchmarks.smtEntropyMillis(d, reps)));
            }
        }
        return out;
    }

    private static BenchResult certificate(String program, int n, int d, double millis) {
        double seconds = millis / 1000;
        return new BenchResult("certificate", program, n, d, 1 / seconds, "certificates", seconds, Double.NaN);
    }
}
