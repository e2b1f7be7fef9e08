package org.implicitbias.bench;

import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.MaxMarginSolver;
import org.implicitbias.oracle.MinBregmanSolver;
import org.implicitbias.oracle.NuclearMaxMarginSolver;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;

/**
 * Timings of the reference solvers on generated data (seeded): min-Bregman with entropy, l2 and l1 max
 * margin, and the psd max margin. Each figure is the wall time of one solve after warm-up solves of the
 * same kind on smaller data (so that the JIT has compiled the kernels), with the certificate's largest
 * KKT residual, so that speed is never reported without the accuracy it bought. The large products run
 * on the common fork-join pool, so the figures depend on how many cores are free.
 */
public final class OracleBenchmarks {
    private OracleBenchmarks() {
    }

    /** One timing: what was solved, its size, seconds, the outcome and the largest residual. */
    public record Timing(String what, int n, int d, double seconds, String outcome, double maxResidual, double gap) {
        @Override
        public String toString() {
            return String.format("%-22s N=%-5d d=%-5d %8.3f s  %-8s max residual %.2e  gap %.2e", what, n, d, seconds,
                    outcome, maxResidual, gap);
        }
    }

    /**
     * The standard set: entropy and l2 margin at 200x500 and 1000x1000, l1 margin at 200x500 and 1000x1000,
     * psd at 20x20, N = 60.
     */
    public static List<Timing> standard() {
        List<Timing> out = new ArrayList<>();
        minBregmanEntropy(20, 40, 99);
        minBregmanEntropy(100, 250, 98);
        out.add(minBregmanEntropy(200, 500, 1));
        out.add(minBregmanEntropy(1000, 1000, 2));
        maxMarginL2(20, 40, 99);
        maxMarginL2(100, 250, 98);
        out.add(maxMarginL2(200, 500, 3));
        out.add(maxMarginL2(1000, 1000, 4));
        maxMarginL1(20, 40, 99);
        maxMarginL1(100, 250, 98);
        out.add(maxMarginL1(200, 500, 5));
        out.add(maxMarginL1(1000, 1000, 7));
        maxMarginNuclear(5, 10, 99);
        maxMarginNuclear(10, 30, 98);
        out.add(maxMarginNuclear(20, 60, 6));
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Entropy min-Bregman from w0 = 1 on Gaussian X with y = X w+, w+ uniform in [0.5, 1.5]. */
    public static Timing minBregmanEntropy(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        double[] planted = new double[d];
        for (int j = 0; j < d; j++) {
            planted[j] = 0.5 + r.nextDouble();
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = gaussian(r);
                s += x[i][j] * planted[j];
            }
            y[i] = s;
        }
        double[] w0 = new double[d];
        java.util.Arrays.fill(w0, 1.0);
        Dataset data = Dataset.of(x, y);
        long t = System.nanoTime();
        Outcome o = new MinBregmanSolver().solve(new Reference.MinBregman(new Potential.Entropy(), false), data, w0);
        return timing("min-bregman entropy", n, d, t, o);
    }

    /** Labels from a planted direction, examples with a small margin to it rejected. */
    public static Dataset separable(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] u = new double[d];
        for (int j = 0; j < d; j++) {
            u[j] = gaussian(r) / Math.sqrt(d);
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double m;
            do {
                m = 0;
                for (int j = 0; j < d; j++) {
                    x[i][j] = gaussian(r);
                    m += x[i][j] * u[j];
                }
            } while (Math.abs(m) < 0.2);
            y[i] = Math.signum(m);
        }
        return Dataset.of(x, y);
    }

    /** l2 max margin on {@link #separable} data. */
    public static Timing maxMarginL2(int n, int d, long seed) {
        Dataset data = separable(n, d, seed);
        long t = System.nanoTime();
        Outcome o = new MaxMarginSolver().solve(new Reference.MaxMargin(new Norm.L2()), data);
        return timing("max-margin l2", n, d, t, o);
    }

    /** l1 max margin on {@link #separable} data. */
    public static Timing maxMarginL1(int n, int d, long seed) {
        Dataset data = separable(n, d, seed);
        long t = System.nanoTime();
        Outcome o = new MaxMarginSolver().solve(new Reference.MaxMargin(new Norm.L1()), data);
        return timing("max-margin l1", n, d, t, o);
    }

    /** psd max margin: {@code X_n} symmetric Gaussian plus {@code 1.5 y_n I}. */
    public static Timing maxMarginNuclear(int k, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][k * k];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextBoolean() ? 1 : -1;
            for (int a = 0; a < k; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = gaussian(r) + (a == b ? 1.5 * y[i] : 0);
                    x[i][a * k + b] = v;
                    x[i][b * k + a] = v;
                }
            }
        }
        Dataset data = Dataset.of(x, y);
        long t = System.nanoTime();
        Outcome o = new NuclearMaxMarginSolver().solve(new Reference.MaxMarginNuclear(k), data);
        return timing("max-margin nuclear", n, k * k, t, o);
    }

    private static Timing timing(String what, int n, int d, long start, Outcome o) {
        double s = (System.nanoTime() - start) * 1e-9;
        if (o.status() != Outcome.Status.SOLVED) {
            return new Timing(what, n, d, s, o.status().name().toLowerCase(java.util.Locale.ROOT), Double.NaN, Double.NaN);
        }
        Certificate c = o.certificate();
        return new Timing(what, n, d, s, "solved", c.residuals().max(), c.residuals().dualityGap());
    }
}
