package org.implicitbias.bench;

import org.implicitbias.claims.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.implicitbias.claims.DataGenerator;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.geometry.Potential;
import org.implicitbias.io.Init;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import org.implicitbias.oracle.ReferenceSolver;
import org.implicitbias.oracle.certify.Certifier;

/**
 * The {@code certify} entries of {@code bench}: the time of one certification against the size of
 * the data, within a time budget, and the level it reached. The program is Theorem 1's for entropy
 * mirror descent, {@code argmin_{Xw = y} D_entropy(w, w0)}, on the data of
 * {@code data.generate: {kind: regression, n, d, seed: 3, positive: true}} (unit Gaussian rows,
 * {@code y = X w+} for {@code w+} uniform in [1/2, 3/2]^d) from the start
 * {@code init: {kind: random-positive, seed: 7}}; the certifier is a check's (1 s per Z3 query).
 * One certification per size after a warm-up at 5 x 20: the budget, not the repetition, is what
 * is measured. {@code seconds} is the certification's wall time, {@code level} the level reached.
 */
public final class CertifyTimings {
    /** The {@code what} of these entries. */
    public static final String WHAT = "certify";
    /** N x d of the standard run. */
    public static final int[][] SIZES = {{20, 100}, {50, 400}, {100, 1000}, {200, 2000}};
    /** N x d of {@code --quick}. */
    public static final int[][] QUICK_SIZES = {{5, 20}, {10, 40}};

    private CertifyTimings() {
    }

    public static List<BenchResult> run(boolean quick, Duration budget, Consumer<String> progress) {
        Certifier certifier = new Certifier(CertifiedReferences.CHECK_TIMEOUT, Certifier.DEFAULT_RADIUS).withBudget(budget);
        Instance.of(5, 20).certify(certifier);
        List<BenchResult> out = new ArrayList<>();
        for (int[] s : quick ? QUICK_SIZES : SIZES) {
            progress.accept("certify entropy " + s[0] + "x" + s[1] + " (budget " + budget.toMillis() / 1000.0 + " s)");
            Instance instance = Instance.of(s[0], s[1]);
            long t = System.nanoTime();
            Certificate c = instance.certify(certifier);
            double seconds = (System.nanoTime() - t) / 1e9;
            out.add(new BenchResult(WHAT, "min-bregman-entropy", s[0], s[1], 1 / seconds, "certificates", seconds,
                    Double.NaN, c.level().label()));
        }
        return out;
    }

    /** One generated instance with its floating-point solution (neither is timed). */
    private record Instance(Reference ref, Dataset data, double[] w0, Outcome solved) {
        static Instance of(int n, int d) {
            Dataset data = DataGenerator.regression(new SplittableRandom(3 * 7919L), n, d, 0, true, false);
            double[] w0 = ExactNumbers.toDoubles(new Init.RandomPositive(1, 7).forInstance(0).point(d, new Potential.Entropy()));
            Reference ref = new Reference.MinBregman(new Potential.Entropy(), false);
            Outcome o = new ReferenceSolver().solve(ref, data, w0);
            if (!(o instanceof Outcome.Solved)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "entropy %dx%d not solved: %s", n, d, o.reason()));
            }
            return new Instance(ref, data, w0, o);
        }

        /** The timed part: the certification, from the exact copy of the data on. */
        Certificate certify(Certifier certifier) {
            return certifier.certify(solved, ref, data, w0).certificate();
        }
    }
}
