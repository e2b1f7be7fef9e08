package org.implicitbias.model;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The empirical loss {@code L(w) = sum_n loss(<w, x_n>, y_n)} of a linear model and its gradient
 * {@code grad L(w) = sum_n loss'(<w, x_n>, y_n) x_n}, evaluated in ONE pass over X: each row is read
 * from memory once, its prediction formed, its loss derivative taken and the row added to the
 * gradient while it is still in cache.
 *
 * <p>For monotone losses the pass keeps a running maximum of {@code log(-l'(m_n))} and rescales the
 * partial gradient when it grows (the streaming log-sum-exp), so the gradient is exact up to rounding
 * at any margin; see {@link Evaluation} for the scaled form.
 *
 * <p>Large problems are split into row blocks evaluated on the common fork-join pool (both cores);
 * the blocks' partial sums are combined in a fixed order, so results do not depend on timing.
 *
 * <p>An Objective owns scratch buffers and is not thread-safe: one per run.
 */
public final class Objective {
    /** Below this many entries of X a pass runs on the calling thread only (fork/join costs more). */
    static final long PARALLEL_THRESHOLD = 1L << 17;

    private final Dataset data;
    private final Loss loss;
    private final int n;
    private final int d;
    private final double[] x;
    private final double[] y;
    private final Block[] blocks;

    public Objective(Dataset data, Loss loss) {
        this.data = data;
        this.loss = loss;
        this.n = data.n();
        this.d = data.d();
        this.x = data.rowMajor();
        this.y = data.y();
        int parts = (long) n * d >= PARALLEL_THRESHOLD
                ? Math.min(n, Math.max(1, ForkJoinPool.getCommonPoolParallelism() + 1)) : 1;
        this.blocks = new Block[parts];
        for (int b = 0; b < parts; b++) {
            blocks[b] = new Block(d);
        }
    }

    public Dataset data() {
        return data;
    }

    public Loss loss() {
        return loss;
    }

    /** A fresh evaluation buffer of the right size. */
    public Evaluation newEvaluation() {
        return new Evaluation(d, n);
    }

    /** Loss and gradient at w over all examples (fused single pass). */
    public Evaluation evaluate(double[] w, Evaluation out) {
        int parts = blocks.length;
        for (int b = 0; b < parts; b++) {
            blocks[b].set(w, null, (int) ((long) n * b / parts), (int) ((long) n * (b + 1) / parts), out.predictions);
        }
        if (parts == 1) {
            blocks[0].compute();
        } else {
            for (int b = 1; b < parts; b++) {
                blocks[b].reinitialize();
                blocks[b].fork();
            }
            blocks[0].compute();
            for (int b = 1; b < parts; b++) {
                blocks[b].join();
            }
        }
        combine(out);
        return out;
    }

    /**
     * Loss and gradient of the mini-batch {@code sum_{n in rows[0..count)} loss(<w, x_n>, y_n)}
     * (rows may repeat); only those entries of {@code out.predictions()} are updated.
     */
    public Evaluation evaluate(double[] w, int[] rows, int count, Evaluation out) {
        blocks[0].set(w, rows, 0, count, out.predictions);
        blocks[0].compute();
        Block only = blocks[0];
        // as in combine(): rooted losses store the true gradient (scale 1); monotone ones their max slope
        out.logScale = !loss.monotone() || only.maxSlope == Double.NEGATIVE_INFINITY ? 0 : only.maxSlope;
        out.logLoss = only.logLoss();
        System.arraycopy(only.grad, 0, out.scaledGradient, 0, d);
        return out;
    }

    /** {@code L(w)}, computed in log space for monotone losses and then exponentiated. */
    public double value(double[] w) {
        return Math.exp(logValue(w));
    }

    /** {@code log L(w)} without touching any gradient buffer. */
    public double logValue(double[] w) {
        double[] u = Vectors.multiply(x, n, d, w);
        return logValueOfPredictions(u);
    }

    /** {@code log L} for given predictions {@code u_n} (used by line searches along a direction). */
    public double logValueOfPredictions(double[] u) {
        if (loss instanceof Loss.Monotone m) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double b = m.logLoss(u[i] * y[i]);
                if (b > max) {
                    sum = sum * Math.exp(max - b) + 1;
                    max = b;
                } else {
                    sum += Math.exp(b - max);
                }
            }
            return max + Math.log(sum);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += loss.value(u[i], y[i]);
        }
        return Math.log(s);
    }

    private void combine(Evaluation out) {
        double[] g = out.scaledGradient;
        boolean monotone = loss.monotone();
        double maxSlope = Double.NEGATIVE_INFINITY;
        double maxLoss = Double.NEGATIVE_INFINITY;
        for (Block b : blocks) {
            maxSlope = Math.max(maxSlope, b.maxSlope);
            maxLoss = Math.max(maxLoss, b.maxLoss);
        }
        java.util.Arrays.fill(g, 0);
        double lossSum = 0;
        for (Block b : blocks) {
            double f = monotone ? (b.maxSlope == Double.NEGATIVE_INFINITY ? 0 : Math.exp(b.maxSlope - maxSlope)) : 1;
            if (f != 0) {
                Vectors.axpy(f, b.grad, 0, g, d);
            }
            if (monotone) {
                lossSum += b.maxLoss == Double.NEGATIVE_INFINITY ? 0 : b.lossSum * Math.exp(b.maxLoss - maxLoss);
            } else {
                lossSum += b.lossSum;
            }
        }
        if (monotone) {
            out.logScale = maxSlope == Double.NEGATIVE_INFINITY ? 0 : maxSlope;
            out.logLoss = maxLoss + Math.log(lossSum);
        } else {
            out.logScale = 0;
            out.logLoss = Math.log(lossSum);
        }
    }

    /** One row block of a pass: its partial gradient, running maxima and sums. */
    private final class Block extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        final double[] grad;
        double[] w;
        int[] rows;
        int lo;
        int hi;
        double[] predictions;
        double maxSlope;
        double maxLoss;
        double lossSum;

        Block(int d) {
            this.grad = new double[d];
        }

        void set(double[] w, int[] rows, int lo, int hi, double[] predictions) {
            this.w = w;
            this.rows = rows;
            this.lo = lo;
            this.hi = hi;
            this.predictions = predictions;
        }

        double logLoss() {
            return loss.monotone() ? maxLoss + Math.log(lossSum) : Math.log(lossSum);
        }

        @Override
        protected void compute() {
            java.util.Arrays.fill(grad, 0);
            maxSlope = Double.NEGATIVE_INFINITY;
            maxLoss = Double.NEGATIVE_INFINITY;
            lossSum = 0;
            if (loss instanceof Loss.Monotone m) {
                computeMonotone(m);
            } else {
                computeRooted();
            }
        }

        private void computeRooted() {
            double sum = 0;
            for (int k = lo; k < hi; k++) {
                int i = rows == null ? k : rows[k];
                int off = i * d;
                double u = Vectors.dot(x, off, w, d);
                predictions[i] = u;
                sum += loss.value(u, y[i]);
                double c = loss.derivative(u, y[i]);
                if (c != 0) {
                    Vectors.axpy(c, x, off, grad, d);
                }
            }
            lossSum = sum;
        }

        private void computeMonotone(Loss.Monotone m) {
            double slopeMax = Double.NEGATIVE_INFINITY;
            double lossMax = Double.NEGATIVE_INFINITY;
            double lsum = 0;
            for (int k = lo; k < hi; k++) {
                int i = rows == null ? k : rows[k];
                int off = i * d;
                double u = Vectors.dot(x, off, w, d);
                predictions[i] = u;
                double margin = u * y[i];
                double b = m.logLoss(margin);
                if (b > lossMax) {
                    lsum = lsum * Math.exp(lossMax - b) + 1;
                    lossMax = b;
                } else {
                    lsum += Math.exp(b - lossMax);
                }
                double a = m.logSlope(margin);
                if (a > slopeMax) {
                    if (slopeMax != Double.NEGATIVE_INFINITY) {
                        double f = Math.exp(slopeMax - a);
                        for (int j = 0; j < d; j++) {
                            grad[j] *= f;
                        }
                    }
                    slopeMax = a;
                }
                double c = -y[i] * Math.exp(a - slopeMax);
                if (c != 0) {
                    Vectors.axpy(c, x, off, grad, d);
                }
            }
            maxSlope = slopeMax;
            maxLoss = lossMax;
            lossSum = lsum;
        }
    }
}
