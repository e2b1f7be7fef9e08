package org.implicitbias.bench;

import org.implicitbias.oracle.certify.EntropyCertificates;
import org.implicitbias.oracle.certify.PolyhedralCertificates;
import org.implicitbias.oracle.certify.PowerCertificates;
import org.implicitbias.oracle.certify.Proof;
import org.implicitbias.oracle.certify.QuadraticCertificates;
import org.implicitbias.oracle.certify.RationalAlgebra;
import org.implicitbias.oracle.certify.Z3Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.implicitbias.model.ExactNumbers;

/**
 * Timing of the certificates on seeded instances: the median wall time of one certificate,
 * excluding the floating-point solve that produces its candidate. Entry points:
 * {@link #exactL2Millis}, {@link #exactL1Millis}, {@link #smtPowerMillis}, {@link #smtEntropyMillis},
 * {@link #sessionChurn}, and {@link #main} which prints them all.
 */
public final class CertificationBenchmarks {
    private CertificationBenchmarks() {
    }

    /** Result of {@link #sessionChurn}. */
    public record Churn(int checks, double seconds, long residentGrowthMb, int openSessionsAfter) {
    }

    /**
     * Median milliseconds of an EXACT minimum-l2-distance certificate (rationals only) on N = d/2
     * random integer rows in [-5, 5], rational targets and reference point.
     */
    public static double exactL2Millis(int d, int repetitions) {
        SplittableRandom rnd = new SplittableRandom(d);
        int n = Math.max(1, d / 2);
        BigFraction[][] x = integers(rnd, n, d, 5);
        BigFraction[] y = fractions(rnd, n, 9, 4);
        BigFraction[] w0 = fractions(rnd, d, 3, 3);
        double[] candidate = projection(x, y, w0);
        return median(repetitions, () -> QuadraticCertificates.minBregman(x, y, w0, null, candidate, null,
                new BigFraction(1, 1_000_000), null));
    }

    /**
     * Median milliseconds of an EXACT minimum-l1-distance certificate (vertex reconstruction and
     * exact primal-dual check, rationals only) on N = d/2 random integer rows; the candidate comes
     * from Commons Math's floating-point simplex.
     */
    public static double exactL1Millis(int d, int repetitions) {
        SplittableRandom rnd = new SplittableRandom(100 + d);
        int n = Math.max(1, d / 2);
        BigFraction[][] x = integers(rnd, n, d, 5);
        BigFraction[] y = integers(rnd, 1, n, 9)[0];
        BigFraction[] w0 = RationalAlgebra.zeros(d);
        double[] candidate = simplexL1(x, y);
        return median(repetitions, () -> PolyhedralCertificates.minNorm(PolyhedralCertificates.PolyhedralNorm.L1, x, y, w0,
                candidate, null, new BigFraction(1, 1_000_000), null));
    }

    /**
     * Median milliseconds of an SMT certificate of {@code argmin_{Xw = y} ||w||_{4/3}} in a box of
     * width 1e-9: d = 3 is Example 4; otherwise N = 2 random rows with entries in [-3, 3].
     */
    public static double smtPowerMillis(int d, int repetitions) {
        BigFraction[][] x;
        BigFraction[] y;
        if (d == 3) {
            x = new BigFraction[][] {ints(1, 1, 1), ints(1, 2, 0)};
            y = ints(1, 10);
        } else {
            SplittableRandom rnd = new SplittableRandom(200 + d);
            x = integers(rnd, 2, d, 3);
            y = integers(rnd, 1, 2, 9)[0];
        }
        double[] candidate = minNormL43(x, y);
        return smtMedian(repetitions, s -> PowerCertificates.box(PowerCertificates.Program.MIN_NORM, new BigFraction(4, 3),
                x, y, RationalAlgebra.zeros(d), candidate, new BigFraction(1, 2_000_000_000), s));
    }

    /**
     * Median milliseconds of an SMT certificate of the entropy minimum-Bregman point in a box of
     * width 2e-9: d = 3 is {@code X = [[1, 2, 3]], y = 1, w0 = 1}; d = 6 has the three rows
     * {@code 1, (0..5), (1, 0, 1, 0, 1, 0)} and {@code w0 = 1}.
     */
    public static double smtEntropyMillis(int d, int repetitions) {
        BigFraction[][] x;
        BigFraction[] y;
        if (d == 3) {
            x = new BigFraction[][] {ints(1, 2, 3)};
            y = ints(1);
        } else {
            x = new BigFraction[][] {ints(1, 1, 1, 1, 1, 1), ints(0, 1, 2, 3, 4, 5), ints(1, 0, 1, 0, 1, 0)};
            y = ints(3, 7, 2);
        }
        BigFraction[] w0 = new BigFraction[d];
        Arrays.fill(w0, BigFraction.ONE);
        double[] candidate = entropyKkt(x, y);
        return smtMedian(repetitions, s -> EntropyCertificates.box(x, y, w0, candidate, new BigFraction(1, 1_000_000_000), s));
    }

    /**
     * {@code checks} small certificates, each in its own Z3 session (a Lemma 10 decision in QF_LRA,
     * every twentieth an entropy box in QF_NRA and every twentieth a quadratic cross-check), with the
     * growth of the resident set (VmRSS) after a warm-up of 200 checks.
     */
    public static Churn sessionChurn(int checks) throws IOException {
        BigFraction[][] toy = {new BigFraction[] {new BigFraction(1, 2), new BigFraction(3, 2)},
                new BigFraction[] {new BigFraction(3, 2), new BigFraction(1, 2)}};
        BigFraction[][] ex2 = {ints(1, 2)};
        for (int i = 0; i < 200; i++) {
            churnOnce(i, toy, ex2);
        }
        System.gc();
        long rss0 = residentKb();
        long t0 = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            churnOnce(i, toy, ex2);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        return new Churn(checks, seconds, (residentKb() - rss0) / 1024, Z3Session.openSessions());
    }

    // ---- helpers -------------------------------------------------------------------------------

    private interface WithSession {
        Proof run(Z3Session s);
    }

    private static double smtMedian(int repetitions, WithSession body) {
        try (Z3Session s = Z3Session.open(Duration.ofSeconds(60))) {
            return median(repetitions, () -> body.run(s));
        }
    }

    private static double median(int repetitions, Supplier<Proof> body) {
        for (int warm = 0; warm < 3; warm++) {
            Proof first = body.get();
            if (!first.proved()) {
                throw new IllegalStateException("benchmark certificate not proved: " + first);
            }
        }
        double[] ms = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long t0 = System.nanoTime();
            Proof p = body.get();
            ms[r] = (System.nanoTime() - t0) / 1e6;
            if (!p.proved()) {
                throw new IllegalStateException("benchmark certificate not proved: " + p);
            }
        }
        Arrays.sort(ms);
        return ms[repetitions / 2];
    }

    private static void churnOnce(int i, BigFraction[][] toy, BigFraction[][] ex2) {
        try (Z3Session s = Z3Session.open(Duration.ofSeconds(10))) {
            Proof p;
            if (i % 20 == 0) {
                p = EntropyCertificates.box(ex2, ints(1), ints(1, 1), new double[] {0.5, 0.25}, new BigFraction(1, 1_000_000_000), s);
            } else if (i % 20 == 10) {
                p = QuadraticCertificates.minBregman(new BigFraction[][] {ints(1, 1)}, ints(1), ints(0, 0), null,
                        new double[] {0.5, 0.5}, null, new BigFraction(1, 1_000_000_000), s);
            } else {
                p = PolyhedralCertificates.lemma10(PolyhedralCertificates.PolyhedralNorm.L1, toy, BigFraction.ONE, null, s);
            }
            if (!p.proved()) {
                throw new IllegalStateException("check " + i + " not proved: " + p);
            }
        }
    }

    public static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    private static BigFraction[] ints(long... v) {
        BigFraction[] out = new BigFraction[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = new BigFraction(v[i]);
        }
        return out;
    }

    private static BigFraction[][] integers(SplittableRandom rnd, int n, int d, int bound) {
        BigFraction[][] x = new BigFraction[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = new BigFraction(rnd.nextInt(-bound, bound + 1));
            }
        }
        return x;
    }

    private static BigFraction[] fractions(SplittableRandom rnd, int n, int bound, int den) {
        BigFraction[] v = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            v[i] = new BigFraction(rnd.nextInt(-bound, bound + 1), den);
        }
        return v;
    }

    private static double[][] doubles(BigFraction[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = ExactNumbers.toDoubles(x[i]);
        }
        return out;
    }

    /** {@code w0 + X'(XX')^{-1}(y - X w0)} in floating point. */
    private static double[] projection(BigFraction[][] x, BigFraction[] y, BigFraction[] w0) {
        RealMatrix xm = new Array2DRowRealMatrix(doubles(x), false);
        double[] w0d = ExactNumbers.toDoubles(w0);
        ArrayRealVector r = new ArrayRealVector(ExactNumbers.toDoubles(y)).subtract(xm.operate(new ArrayRealVector(w0d)));
        double[] lam = new LUDecomposition(xm.multiply(xm.transpose())).getSolver().solve(r).toArray();
        double[] corr = xm.transpose().operate(lam);
        for (int j = 0; j < w0d.length; j++) {
            w0d[j] += corr[j];
        }
        return w0d;
    }

    /** {@code argmin ||w||_1 s.t. Xw = y} by the floating-point simplex (w = p - m, p, m >= 0). */
    private static double[] simplexL1(BigFraction[][] x, BigFraction[] y) {
        int n = x.length;
        int d = x[0].length;
        double[] obj = new double[2 * d];
        Arrays.fill(obj, 1);
        Collection<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[2 * d];
            for (int j = 0; j < d; j++) {
                row[j] = x[i][j].doubleValue();
                row[d + j] = -x[i][j].doubleValue();
            }
            cons.add(new LinearConstraint(row, Relationship.EQ, y[i].doubleValue()));
        }
        PointValuePair pv = new SimplexSolver(1e-9, 10, 1e-12).optimize(new MaxIter(100_000),
                new LinearObjectiveFunction(obj, 0), new LinearConstraintSet(cons), GoalType.MINIMIZE,
                new NonNegativeConstraint(true));
        double[] s = pv.getPoint();
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = s[j] - s[d + j];
        }
        return w;
    }

    /** KKT point of {@code min ||w||_{4/3}}: w = (X'lambda)^3 with X w = y, by damped Newton on lambda. */
    private static double[] minNormL43(BigFraction[][] x, BigFraction[] y) {
        double[][] xd = doubles(x);
        double[] yd = ExactNumbers.toDoubles(y);
        int d = xd[0].length;
        // Start from the least-squares multipliers of the l2 solution's cube root.
        double[] w2 = projection(x, y, RationalAlgebra.zeros(d));
        RealMatrix xt = new Array2DRowRealMatrix(xd, false).transpose();
        double[] g0 = new double[d];
        for (int j = 0; j < d; j++) {
            g0[j] = Math.cbrt(w2[j]);
        }
        double[] lam = new org.apache.commons.math3.linear.QRDecomposition(xt).getSolver().solve(new ArrayRealVector(g0)).toArray();
        double[] h = dualNewton(xd, yd, xt, lam, new DualLink() {
            @Override
            public double value(double xa, double hj) {
                return xa * hj * hj * hj;
            }

            @Override
            public double slope(double xa, double hj, double xb) {
                return xa * 3 * hj * hj * xb;
            }
        });
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = h[j] * h[j] * h[j];
        }
        return w;
    }

    /** KKT point of the entropy problem from w0 = 1: w = exp(X'lambda) with X w = y, by damped Newton. */
    private static double[] entropyKkt(BigFraction[][] x, BigFraction[] y) {
        double[][] xd = doubles(x);
        double[] yd = ExactNumbers.toDoubles(y);
        int n = xd.length;
        int d = xd[0].length;
        RealMatrix xt = new Array2DRowRealMatrix(xd, false).transpose();
        double[] lam = new double[n];
        double[] h = dualNewton(xd, yd, xt, lam, new DualLink() {
            @Override
            public double value(double xa, double hj) {
                return xa * Math.exp(hj);
            }

            @Override
            public double slope(double xa, double hj, double xb) {
                return xa * Math.exp(hj) * xb;
            }
        });
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = Math.exp(h[j]);
        }
        return w;
    }

    /**
     * The terms of the dual equations for a KKT point {@code w_j = g(h_j)}, {@code h = X'lambda}:
     * {@code x_aj g(h_j)} and {@code x_aj g'(h_j) x_bj}, each written in the order its caller rounds it.
     */
    private interface DualLink {
        double value(double xa, double hj);

        double slope(double xa, double hj, double xb);
    }

    /**
     * Damped Newton on the dual equations {@code F_a(lambda) = sum_j x_aj g((X'lambda)_j) - y_a = 0},
     * Jacobian {@code J_ab = sum_j x_aj g'((X'lambda)_j) x_bj}: 500 steps, halved for the first 50.
     * Updates {@code lam} in place and returns {@code h = X'lambda} at the end.
     */
    private static double[] dualNewton(double[][] xd, double[] yd, RealMatrix xt, double[] lam, DualLink link) {
        int n = xd.length;
        int d = xd[0].length;
        for (int it = 0; it < 500; it++) {
            double[] h = xt.operate(lam);
            double[] f = new double[n];
            double[][] jac = new double[n][n];
            for (int a = 0; a < n; a++) {
                f[a] = -yd[a];
                for (int j = 0; j < d; j++) {
                    f[a] += link.value(xd[a][j], h[j]);
                    for (int b = 0; b < n; b++) {
                        jac[a][b] += link.slope(xd[a][j], h[j], xd[b][j]);
                    }
                }
            }
            double[] step = new LUDecomposition(new Array2DRowRealMatrix(jac, false)).getSolver()
                    .solve(new ArrayRealVector(f, false)).toArray();
            double t = it < 50 ? 0.5 : 1;
            for (int a = 0; a < n; a++) {
                lam[a] -= t * step[a];
            }
        }
        return xt.operate(lam);
    }
}
