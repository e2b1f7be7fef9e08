package org.implicitbias.optim;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Reference solutions and optimality checks for minimum-Bregman problems, written independently of
 * the production potentials (links spelled out here from their formulas).
 */
final class BregmanTruths {
    private BregmanTruths() {
    }

    /**
     * {@code argmin_{Xw = y} sum_i w_i log(w_i/w0_i) - w_i + w0_i} by Newton's method on the dual:
     * the KKT point is {@code w(lambda) = w0 * exp(X' lambda)} with {@code X w(lambda) = y}, and the
     * Jacobian of {@code lambda -> X w(lambda)} is {@code X diag(w) X'}. Damped by halving until the
     * residual decreases.
     */
    static double[] entropyMinBregman(double[][] x, double[] y, double[] w0) {
        int n = x.length;
        int d = w0.length;
        double[] lambda = new double[n];
        double[] w = entropyPoint(x, w0, lambda);
        double res = residualNorm(x, y, w);
        for (int it = 0; it < 200 && res > 1e-15; it++) {
            double[][] j = new double[n][n];
            double[] r = new double[n];
            for (int a = 0; a < n; a++) {
                r[a] = y[a] - dot(x[a], w);
                for (int b = 0; b < n; b++) {
                    double s = 0;
                    for (int i = 0; i < d; i++) {
                        s += x[a][i] * w[i] * x[b][i];
                    }
                    j[a][b] = s;
                }
            }
            double[] delta = new LUDecomposition(new Array2DRowRealMatrix(j)).getSolver()
                    .solve(new ArrayRealVector(r)).toArray();
            double step = 1;
            while (true) {
                double[] trial = lambda.clone();
                for (int a = 0; a < n; a++) {
                    trial[a] += step * delta[a];
                }
                double[] wt = entropyPoint(x, w0, trial);
                double rt = residualNorm(x, y, wt);
                if (rt < res || step < 1e-12) {
                    lambda = trial;
                    w = wt;
                    if (!(rt < res)) {
                        return w;
                    }
                    res = rt;
                    break;
                }
                step /= 2;
            }
        }
        return w;
    }

    private static double[] entropyPoint(double[][] x, double[] w0, double[] lambda) {
        double[] w = new double[w0.length];
        for (int i = 0; i < w.length; i++) {
            double s = 0;
            for (int a = 0; a < x.length; a++) {
                s += x[a][i] * lambda[a];
            }
            w[i] = w0[i] * Math.exp(s);
        }
        return w;
    }

    /** {@code ||Xw - y||_2}. */
    static double residualNorm(double[][] x, double[] y, double[] w) {
        double s = 0;
        for (int a = 0; a < x.length; a++) {
            double r = dot(x[a], w) - y[a];
            s += r * r;
        }
        return Math.sqrt(s);
    }

    /**
     * Distance of r from the row space of A: {@code ||r - A'(AA')^{-1} A r||_2} (A with independent rows).
     */
    static double distanceFromRowSpace(double[][] a, double[] r) {
        RealMatrix m = new Array2DRowRealMatrix(a);
        ArrayRealVector v = new ArrayRealVector(r);
        double[] coef = new LUDecomposition(m.multiply(m.transpose())).getSolver().solve(m.operate(v)).toArray();
        double[] proj = m.transpose().operate(coef);
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            double e = r[i] - proj[i];
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** Rows of x followed by a row of ones. */
    static double[][] withOnes(double[][] x) {
        double[][] a = new double[x.length + 1][];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i].clone();
        }
        a[x.length] = new double[x[0].length];
        java.util.Arrays.fill(a[x.length], 1.0);
        return a;
    }

    /** {@code grad psi(w) - grad psi(w0)} for a link applied coordinate-wise or as a whole. */
    static double[] linkDifference(java.util.function.UnaryOperator<double[]> link, double[] w, double[] w0) {
        double[] a = link.apply(w);
        double[] b = link.apply(w0);
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** Link of entropy: {@code log w}. */
    static double[] entropyLink(double[] w) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = Math.log(w[i]);
        }
        return out;
    }

    /** Link of {@code 1/2 ||w||_p^2}: {@code ||w||_p^{2-p} sign(w) |w|^{p-1}}. */
    static double[] squaredLpLink(double[] w, double p) {
        double n = 0;
        for (double v : w) {
            n += Math.pow(Math.abs(v), p);
        }
        n = Math.pow(n, 1 / p);
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = Math.pow(n, 2 - p) * Math.signum(w[i]) * Math.pow(Math.abs(w[i]), p - 1);
        }
        return out;
    }

    /** Link of {@code (1/p) sum |w_i|^p}: {@code sign(w) |w|^{p-1}}. */
    static double[] lpPowerLink(double[] w, double p) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = Math.signum(w[i]) * Math.pow(Math.abs(w[i]), p - 1);
        }
        return out;
    }

    /** Link of hypentropy: {@code asinh(w/beta) = log(w/beta + sqrt((w/beta)^2 + 1))}. */
    static double[] hypentropyLink(double[] w, double beta) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double z = w[i] / beta;
            out[i] = z >= 0 ? Math.log(z + Math.sqrt(z * z + 1)) : -Math.log(-z + Math.sqrt(z * z + 1));
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
