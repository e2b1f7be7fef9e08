package org.implicitbias.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.implicitbias.model.Dataset;
import org.implicitbias.io.Node;
import org.implicitbias.model.InvalidInputException;

/**
 * Seeded instance generators ({@code data.generate} in a spec). Every instance is a pure function
 * of (kind, options, seed, index), so a spec always checks the same data.
 *
 * <ul>
 * <li>{@code regression}: N x d with N < d, rows of unit l2 norm (so fixed steps like 0.1 are safe for
 *     the squared loss: {@code lambda_max(2 X'X) <= 2 N}), full row rank, Gaussian y;
 *     {@code positive: true}: {@code y = X w+} for {@code w+} uniform in [1/2, 3/2]^d (G meets w > 0,
 *     so entropy references exist); {@code simplex: true}: {@code y = X w} for w uniform on the
 *     simplex interior; {@code integers: K}: entries integers in [-K, K] (exact data), y integer and not
 *     all zero, or {@code X w+} for an integer w+ in [1, K].</li>
 * <li>{@code separable}: labels +-1 from a random unit {@code w*}, points whose normalised margin
 *     {@code |<w*, x>| / ||x||} is at least 0.1 (uniform on the sphere given that: by rejection, or from
 *     d = {@value #DIRECT_FROM} on by drawing the cosine itself), rows of unit norm or integers.</li>
 * <li>{@code separable-psd}: symmetric d x d {@code X_n} of unit Frobenius norm, labels from
 *     {@code <W*, X_n>} for a random PSD {@code W* = A A'} of unit nuclear norm, margin at least 0.05.
 *     The data rows are the flattened {@code X_n} (d^2 columns).</li>
 * </ul>
 */
public final class DataGenerator {
    private static final double MIN_MARGIN = 0.1;
    private static final double MIN_MARGIN_PSD = 0.05;
    /**
     * From this dimension on, real separable points are drawn by their cosine with w* ({@link #onSphereAwayFrom}):
     * the same law as the rejection loop, whose acceptance rate {@code P(|N(0,1)| >= 0.1 sqrt(d))} falls from
     * 11% at d = 256 to 1e-5 at d = 2000. Below it the rejection loop stays, so the data of existing seeds do
     * not change.
     */
    static final int DIRECT_FROM = 256;
    /** Most entries of one generated instance (n times its columns): 160 MB of doubles. */
    static final int MAX_ENTRIES = 20_000_000;

    private DataGenerator() {
    }

    /** Standard normal by Box-Muller. */
    public static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Reads {@code data.generate} and builds its instances, numbered from {@code firstIndex}. */
    public static List<Instance> generate(Node g, int firstIndex) {
        g.requireObject();
        String kindExpected = "regression, separable or separable-psd";
        String kind = g.required("kind", kindExpected).text(kindExpected);
        int n = (int) g.required("n", "an integer >= 1").integer(1, 10_000);
        int d = (int) g.required("d", "an integer >= 1").integer(1, kind.equals("separable-psd") ? 1_000 : MAX_ENTRIES);
        long columns = kind.equals("separable-psd") ? (long) d * d : d;
        if ((long) n * columns > MAX_ENTRIES) {
            throw new InvalidInputException(g.path() + ".d", d, "at most " + MAX_ENTRIES + " entries in an instance (n = "
                    + n + " rows of " + columns + " columns)");
        }
        int count = (int) g.get("count").integer(1, 10_000, 1);
        long seed = g.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE, 1);
        int integers = (int) g.get("integers").integer(1, 1_000, 0);
        double clear = 0;
        boolean positive = false;
        boolean simplex = false;
        if (kind.equals("regression")) {
            positive = g.get("positive").bool(false);
            simplex = g.get("simplex").bool(false);
            if (positive && simplex) {
                throw new InvalidInputException(g.path() + ".simplex", true, "at most one of positive and simplex");
            }
            if (n >= d) {
                throw new InvalidInputException(g.path() + ".n", n,
                        "fewer examples than dimensions (n < d = " + d + "), so that G = {Xw = y} is a non-trivial affine set");
            }
        } else if (kind.equals("separable")) {
            Node c = g.get("clear-margin");
            if (c.present()) {
                clear = c.number();
                if (!(clear >= 1 && clear <= 10)) {
                    throw new InvalidInputException(c.path(), c.render(), "a ratio in [1, 10]");
                }
            }
        } else if (!kind.equals("separable-psd")) {
            throw new InvalidInputException(g.path() + ".kind", kind, kindExpected);
        }
        if (kind.equals("separable-psd") && integers > 0) {
            throw new InvalidInputException(g.path() + ".integers", integers, "no integers option for separable-psd");
        }
        g.finish();
        List<Instance> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            SplittableRandom r = new SplittableRandom(seed * 7919L + k);
            int index = firstIndex + k;
            String label = kind + "[" + k + "] seed " + seed;
            switch (kind) {
                case "regression" -> out.add(new Instance(index, label, regression(r, n, d, integers, positive, simplex), 0, seed));
                case "separable" -> out.add(new Instance(index, label, clearSeparable(r, n, d, integers, clear), 0, seed));
                default -> out.add(new Instance(index, label, separablePsd(r, n, d), d, seed));
            }
        }
        return out;
    }

    /**
     * One {@code regression} instance drawn from r (instance k of seed s draws from
     * {@code new SplittableRandom(s * 7919 + k)}); {@code integers} 0 for real entries.
     */
    public static Dataset regression(SplittableRandom r, int n, int d, int integers, boolean positive, boolean simplex) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            if (integers > 0) {
                BigFraction[][] x = new BigFraction[n][d];
                double[][] xd = new double[n][d];
                for (int i = 0; i < n; i++) {
                    boolean zero = true;
                    while (zero) {
                        for (int j = 0; j < d; j++) {
                            int v = r.nextInt(2 * integers + 1) - integers;
                            x[i][j] = new BigFraction(v);
                            xd[i][j] = v;
                            zero &= v == 0;
                        }
                    }
                }
                if (!fullRowRank(xd)) {
                    continue;
                }
                BigFraction[] y = new BigFraction[n];
                BigFraction[] w = null;
                if (positive) {
                    w = new BigFraction[d];
                    for (int j = 0; j < d; j++) {
                        w[j] = new BigFraction(1 + r.nextInt(integers));
                    }
                } else if (simplex) {
                    w = new BigFraction[d];
                    int[] c = new int[d];
                    int total = 0;
                    for (int j = 0; j < d; j++) {
                        c[j] = 1 + r.nextInt(integers);
                        total += c[j];
                    }
                    for (int j = 0; j < d; j++) {
                        w[j] = new BigFraction(c[j], total);
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (w == null) {
                        y[i] = new BigFraction(r.nextInt(2 * integers + 1) - integers);
                    } else {
                        BigFraction s = BigFraction.ZERO;
                        for (int j = 0; j < d; j++) {
                            s = s.add(x[i][j].multiply(w[j]));
                        }
                        y[i] = s;
                    }
                }
                boolean zeroTargets = true;
                for (BigFraction v : y) {
                    zeroTargets &= v.getNumerator().signum() == 0;
                }
                if (zeroTargets) {
                    // y = 0 puts the origin in G: every method started there is trivially at its limit
                    continue;
                }
                return Dataset.exact(x, y);
            }
            double[][] x = new double[n][d];
            for (int i = 0; i < n; i++) {
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    x[i][j] = gaussian(r);
                    norm += x[i][j] * x[i][j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) {
                    x[i][j] /= norm;
                }
            }
            if (!fullRowRank(x)) {
                continue;
            }
            double[] y = new double[n];
            double[] w = null;
            if (positive) {
                w = new double[d];
                for (int j = 0; j < d; j++) {
                    w[j] = 0.5 + r.nextDouble();
                }
            } else if (simplex) {
                w = new double[d];
                double s = 0;
                for (int j = 0; j < d; j++) {
                    w[j] = 0.5 + r.nextDouble();
                    s += w[j];
                }
                for (int j = 0; j < d; j++) {
                    w[j] /= s;
                }
            }
            for (int i = 0; i < n; i++) {
                if (w == null) {
                    y[i] = gaussian(r);
                } else {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += x[i][j] * w[j];
                    }
                    y[i] = s;
                }
            }
            return Dataset.of(x, y);
        }
        throw new InvalidInputException("data.generate", n + " x " + d, "dimensions that allow a full-rank random X");
    }

    /**
     * A separable instance whose l2 max-margin structure is clear: every example off the support set
     * has margin at least {@code clear} times gamma, and every support vector carries dual weight at
     * least {@code 1/(10 |S|)} (no degenerate support vector). These are the instances on which the
     * O(t^-(ratio-1)) transients of fixed-step gradient descent (Soudry et al.) die out within a budget;
     * drawn by rejection, so still seeded. {@code clear = 0}: any separable instance.
     */
    static Dataset clearSeparable(SplittableRandom r, int n, int d, int integers, double clear) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Dataset data = separable(r, n, d, integers);
            if (clear == 0 || clearlySeparated(data, clear)) {
                return data;
            }
        }
        throw new InvalidInputException("data.generate.clear-margin", clear,
                "a ratio that random " + n + " x " + d + " instances can meet (try a smaller one)");
    }

    private static boolean clearlySeparated(Dataset data, double clear) {
        org.implicitbias.oracle.Outcome o;
        try {
            o = new org.implicitbias.oracle.ReferenceSolver().solve(
                    new org.implicitbias.oracle.Reference.MaxMargin(new org.implicitbias.geometry.Norm.L2()), data, null);
        } catch (IllegalStateException e) {
            // the solver could not certify this draw: its structure is not clear, draw another
            return false;
        }
        if (o.status() != org.implicitbias.oracle.Outcome.Status.SOLVED) {
            return false;
        }
        org.implicitbias.oracle.MarginFace f = o.certificate().margin().orElseThrow();
        double[] w = f.maximiser();
        double gamma = f.gamma();
        double[] r = f.dualWeights();
        int support = 0;
        for (double v : r) {
            if (v > 0) {
                support++;
            }
        }
        for (int i = 0; i < data.n(); i++) {
            double m = data.y(i) * org.implicitbias.model.Vectors.dot(data.row(i), w);
            boolean onMargin = m <= gamma * (1 + 1e-9);
            if (onMargin && r[i] < 0.1 / support) {
                return false;
            }
            if (!onMargin && m < clear * gamma) {
                return false;
            }
        }
        return true;
    }

    static Dataset separable(SplittableRandom r, int n, int d, int integers) {
        double[] ws = unitGaussian(r, d);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        if (integers == 0 && d >= DIRECT_FROM) {
            for (int i = 0; i < n; i++) {
                y[i] = onSphereAwayFrom(r, ws, x[i]);
            }
            return Dataset.of(x, y);
        }
        BigFraction[][] ex = integers > 0 ? new BigFraction[n][d] : null;
        for (int i = 0; i < n; i++) {
            for (int attempt = 0; ; attempt++) {
                if (attempt > 100_000) {
                    throw new InvalidInputException("data.generate", "d = " + d, "a dimension where random points have margin >= 0.1");
                }
                double norm = 0;
                for (int j = 0; j < d; j++) {
                    x[i][j] = integers > 0 ? r.nextInt(2 * integers + 1) - integers : gaussian(r);
                    norm += x[i][j] * x[i][j];
                }
                norm = Math.sqrt(norm);
                if (norm == 0) {
                    continue;
                }
                double m = 0;
                for (int j = 0; j < d; j++) {
                    m += x[i][j] * ws[j];
                }
                if (Math.abs(m) / norm < MIN_MARGIN) {
                    continue;
                }
                y[i] = m > 0 ? 1 : -1;
                if (integers == 0) {
                    for (int j = 0; j < d; j++) {
                        x[i][j] /= norm;
                    }
                } else {
                    for (int j = 0; j < d; j++) {
                        ex[i][j] = new BigFraction((long) x[i][j]);
                    }
                }
                break;
            }
        }
        if (ex != null) {
            BigFraction[] ey = new BigFraction[n];
            for (int i = 0; i < n; i++) {
                ey[i] = new BigFraction((long) y[i]);
            }
            return Dataset.exact(ex, ey);
        }
        return Dataset.of(x, y);
    }

    /**
     * A point uniform on the unit sphere among those with {@code |<w*, x>| >= }{@value #MIN_MARGIN}, the law of the
     * rejection loop of {@link #separable}, drawn without rejecting whole points: the cosine {@code c = |<w*, x>|}
     * of a uniform direction has density proportional to {@code (1 - c^2)^((d-3)/2)}, so with {@code s = 1 - c^2}
     * it is proportional to {@code s^((d-3)/2) / sqrt(1 - s)} on {@code [0, 1 - 0.1^2]}; s is proposed from
     * {@code s^((d-3)/2)} (inverse CDF: {@code (1 - 0.01) U^(2/(d-1))}) and kept with probability
     * {@code 0.1 / c}, the ratio of the two densities over its maximum (at least 0.1, about 1 in high dimension).
     * The sign is a fair coin, and the rest of x is uniform on the unit sphere orthogonal to w*.
     *
     * @return the label, the sign of {@code <w*, x>}
     */
    private static double onSphereAwayFrom(SplittableRandom r, double[] ws, double[] x) {
        int d = ws.length;
        double c;
        do {
            double s = (1 - MIN_MARGIN * MIN_MARGIN) * Math.pow(r.nextDouble(), 2.0 / (d - 1));
            c = Math.sqrt(1 - s);
        } while (r.nextDouble() * c > MIN_MARGIN);
        double label = r.nextBoolean() ? 1 : -1;
        double[] v = new double[d];
        double norm = 0;
        while (!(norm > 0)) {
            double along = 0;
            for (int j = 0; j < d; j++) {
                v[j] = gaussian(r);
                along += v[j] * ws[j];
            }
            norm = 0;
            for (int j = 0; j < d; j++) {
                v[j] -= along * ws[j];
                norm += v[j] * v[j];
            }
            norm = Math.sqrt(norm);
        }
        double side = Math.sqrt(1 - c * c) / norm;
        for (int j = 0; j < d; j++) {
            x[j] = label * c * ws[j] + side * v[j];
        }
        return label;
    }

    static Dataset separablePsd(SplittableRandom r, int n, int m) {
        // W* = A A' / trace(A A'), a random PSD matrix of unit nuclear norm
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a[i][j] = gaussian(r);
            }
        }
        double[] ws = new double[m * m];
        double tr = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < m; k++) {
                    s += a[i][k] * a[j][k];
                }
                ws[i * m + j] = s;
            }
            tr += ws[i * m + i];
        }
        for (int i = 0; i < ws.length; i++) {
            ws[i] /= tr;
        }
        double[][] x = new double[n][m * m];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int attempt = 0; ; attempt++) {
                if (attempt > 100_000) {
                    throw new InvalidInputException("data.generate", "d = " + m, "a size where random matrices have margin >= 0.05");
                }
                double norm = 0;
                for (int p = 0; p < m; p++) {
                    for (int q = p; q < m; q++) {
                        double v = gaussian(r);
                        x[i][p * m + q] = v;
                        x[i][q * m + p] = v;
                        norm += p == q ? v * v : 2 * v * v;
                    }
                }
                norm = Math.sqrt(norm);
                double s = 0;
                for (int p = 0; p < m * m; p++) {
                    x[i][p] /= norm;
                    s += x[i][p] * ws[p];
                }
                if (Math.abs(s) < MIN_MARGIN_PSD) {
                    continue;
                }
                y[i] = s > 0 ? 1 : -1;
                break;
            }
        }
        return Dataset.of(x, y);
    }

    private static double[] unitGaussian(SplittableRandom r, int d) {
        double[] w = new double[d];
        double s = 0;
        while (s == 0) {
            for (int j = 0; j < d; j++) {
                w[j] = gaussian(r);
                s += w[j] * w[j];
            }
        }
        s = Math.sqrt(s);
        for (int j = 0; j < d; j++) {
            w[j] /= s;
        }
        return w;
    }

    /**
     * Whether the N x d matrix (N < d) has full row rank by a wide margin: {@code sigma_min > 1e-6 sigma_max}.
     * The singular values are the square roots of the eigenvalues of the N x N Gram matrix {@code X X'}
     * (N^2 d / 2 multiply-adds, not a decomposition of the N x d matrix); its rounding moves a singular value by
     * about {@code sqrt(eps) sigma_max = 1.5e-8 sigma_max}, far below the threshold.
     */
    static boolean fullRowRank(double[][] x) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                k[i][j] = org.implicitbias.model.Vectors.dot(x[i], x[j]);
                k[j][i] = k[i][j];
            }
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(k, false)).getRealEigenvalues();
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double v : ev) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        return max > 0 && min > 1e-12 * max;
    }
}
