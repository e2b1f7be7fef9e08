package org.implicitbias.model;

import java.util.Arrays;
import org.implicitbias.linalg.NativeBlas;
import org.implicitbias.linalg.NativeRows;

/**
 * The empirical loss {@code L(w) = sum_n loss(<w, x_n>, y_n)} of a linear model and its gradient
 * {@code grad L(w) = sum_n loss'(<w, x_n>, y_n) x_n}, evaluated in one pass over the rows of X: a
 * chunk of rows has its predictions formed, its loss derivatives taken and is added to the gradient
 * while it is still in cache.
 *
 * <p>For monotone losses the pass keeps a running maximum of {@code log(-l'(m_n))} and rescales the
 * partial gradient when it grows (a streaming log-sum-exp, once per chunk of rows), so the gradient
 * is exact up to rounding at any margin; see {@link Evaluation} for the scaled form.
 *
 * <p>Layout and speed. The Java kernels take their own copy of X as one array per row, because the JIT
 * vectorises {@code g += c x_n} only when the row starts at index 0 of its array; predictions of
 * four rows are formed together (sixteen independent accumulators sharing the loads of w). Problems
 * whose two copies fit in the last-level cache ({@value #TRANSPOSED_LIMIT} entries or fewer, at least
 * {@value #MIN_TRANSPOSED_ROWS} rows) also keep the columns of X, cut at the row blocks below so that
 * each block streams a contiguous copy of its own, and form the predictions
 * {@code u = sum_j w_j X[:, j]} as vectorised column updates, which is about twice as fast as scalar
 * dot products there.
 *
 * <p>Where the native kernels load ({@link NativeBlas}), problems of {@value #NATIVE_ENTRIES} entries or more
 * keep a native copy of X instead of the column copy, and a pass goes over it in chunks of rows through
 * {@link NativeRows}: the project's fused kernel forms the next chunk's predictions in the same vectorised
 * sweep that adds this chunk's rows times their coefficients (or, where that kernel was not built, two
 * OpenBLAS {@code dgemv} calls per chunk). Mini-batches and smaller problems run the Java kernels.
 *
 * <p>Parallelism and determinism. From {@value #PARALLEL_THRESHOLD} entries of X on, the rows are
 * split into a fixed number of blocks that depends only on N and d ({@link #blocks(int, int)}), run
 * by {@link PassPool}; the blocks' partial sums are combined in block order. The result therefore
 * does not depend on timing or on the number of cores. (A native pass runs on the block's thread alone. Its
 * bits differ from the Java kernels'; the fused kernel's are the same on every x86-64 processor, OpenBLAS's
 * may differ between processor families, see {@link NativeBlas}.)
 *
 * <p>An Objective owns scratch buffers and is not thread-safe: one per run.
 */
public final class Objective {
    /**
     * Below this many entries of X a pass runs on the calling thread only: such a pass takes a few
     * microseconds, less than handing half of it to a helper costs. From here on, two blocks: measured at
     * 100 x 1000 (a pass of about 18 us on one thread), GD runs 1.8x faster on two (55-62k -> 100-110k
     * iterations per second), more than twice the work per core since each half and its column copy then
     * fit in one core's L2 cache. (With 2^18, chosen when the hand-over cost more, 100 x 1000 ran on one
     * thread.) When the helper is busy elsewhere, the caller runs both blocks itself.
     */
    static final long PARALLEL_THRESHOLD = 1L << 16;
    /**
     * Up to this many entries of X (8 MB), predictions are formed column by column. The copy by columns
     * doubles the bytes read per pass (columns for the predictions, rows for the gradient); while both
     * copies stay in the last-level cache that costs less than the scalar dot products save. Measured,
     * GD iterations per second: 1000 x 1000 (both copies 16 MB) 30-40% faster by columns, 1000 x 2000
     * (32 MB) and 2000 x 2000 20-30% slower, so beyond this size the pass reads X once, by rows.
     */
    static final long TRANSPOSED_LIMIT = 1L << 20;
    /** Column updates need rows to vectorise over. */
    static final int MIN_TRANSPOSED_ROWS = 16;
    /** The most row blocks a pass is split into. */
    static final int MAX_BLOCKS = 4;
    /** Bytes of X per chunk of the row-wise pass: a chunk is read twice, the second time from L2. */
    static final int CHUNK_BYTES = 1 << 17;
    /**
     * From this many entries of X on, the full passes run natively where the kernels load. Measured in GD
     * iterations per second, interleaved: with OpenBLAS's dgemv pairs against the Java kernels, 100 x 1000
     * 41-42k against 21-43k, 1000 x 1000 3.4-3.8k against 1.8-3.0k (by columns), 2000 x 5000 250-260 against
     * 160-200 (by rows); the fused kernel against the dgemv pairs (best of five), 100 x 1000 39.8k against
     * 35.3k, 300 x 1000 15.1k against 16.6k, 1000 x 1000 5.0k against 4.3k, 2000 x 5000 433 against 320.
     * Smaller passes run on one thread in microseconds, where a native call's fixed cost would show, and
     * keep the Java kernels' bits.
     */
    static final long NATIVE_ENTRIES = PARALLEL_THRESHOLD;
    /**
     * Bytes of X per chunk of the native pass (rounded down to a multiple of {@value #NATIVE_CHUNK_ROWS}
     * rows, at least that many): large enough that a call's fixed cost (about a microsecond) is small against
     * its work, small enough that the chunk stays in a core's L2 cache between its products and its update.
     * Measured with the fused kernel on two threads: 2000 x 5000 430 passes per second with 8 rows (0.3 MB),
     * 370 with 16, 300 with 24; 1000 x 1000 4200-4600 with 8 to 32 rows, 3800 with 64.
     */
    static final int NATIVE_CHUNK_BYTES = 1 << 18;
    /** The fused kernel sweeps rows eight at a time. */
    static final int NATIVE_CHUNK_ROWS = 8;

    private final Dataset data;
    private final Loss loss;
    private final int n;
    private final int d;
    /**
     * X's rows, each its own array from index 0 (the Java kernels' operand); on the native route, where full
     * passes do not need them, made only at the first mini-batch or {@link #logValue} ({@link #rowArrays}).
     */
    private double[][] rows;
    private final double[] y;
    private final int chunk;
    private final Block[] blocks;
    /** The native copy of X for the full passes, or null when the Java kernels run them. */
    private final NativeRows nativeRows;
    private final int nativeChunk;
    private final Pass pass;
    private double[] coefficients;
    private double[] slopes;

    public Objective(Dataset data, Loss loss) {
        this(data, loss, true);
    }

    /**
     * @param nativeKernels whether large passes may run natively (false: the Java kernels always, as where
     *                      the natives do not load)
     */
    Objective(Dataset data, Loss loss, boolean nativeKernels) {
        this.data = data;
        this.loss = loss;
        this.n = data.n();
        this.d = data.d();
        double[] x = data.rowMajor();
        long size = (long) n * d;
        boolean nativePasses = nativeKernels && size >= NATIVE_ENTRIES && NativeBlas.available();
        this.nativeRows = nativePasses ? new NativeRows(x, n, d) : null;
        if (!nativePasses) {
            rowArrays();
        }
        boolean byColumns = nativeRows == null && size <= TRANSPOSED_LIMIT && n >= MIN_TRANSPOSED_ROWS;
        this.y = data.y();
        this.chunk = Math.max(4, (CHUNK_BYTES / (8 * d)) & ~3);
        int chunkRows = NATIVE_CHUNK_BYTES / (8 * d);
        this.nativeChunk = Math.max(NATIVE_CHUNK_ROWS, chunkRows - chunkRows % NATIVE_CHUNK_ROWS);
        int parts = blocks(n, d);
        this.blocks = new Block[parts];
        for (int b = 0; b < parts; b++) {
            blocks[b] = new Block(b == 0 ? null : new double[d],
                    byColumns ? columns(x, d, blockStart(n, b, parts), blockStart(n, b + 1, parts)) : null,
                    nativeRows == null ? null : nativeRows.cursor(nativeChunk));
        }
        this.pass = new Pass();
        this.coefficients = new double[n];
        this.slopes = new double[n];
    }

    /** {@link #rows}, made on first use. */
    private double[][] rowArrays() {
        if (rows == null) {
            double[] x = data.rowMajor();
            double[][] r = new double[n][];
            for (int i = 0; i < n; i++) {
                r[i] = Arrays.copyOfRange(x, i * d, (i + 1) * d);
            }
            rows = r;
        }
        return rows;
    }

    /** The first row of block b of a pass over n rows in {@code parts} blocks (b = parts: n). */
    private static int blockStart(int n, int b, int parts) {
        return (int) ((long) n * b / parts);
    }

    /**
     * Columns 0..d-1 of rows lo..hi-1 of the row-major x, each its own array from index 0: a block streams
     * only its own part of the column copy, and the JIT vectorises loops over arrays from their start.
     */
    private static double[][] columns(double[] x, int d, int lo, int hi) {
        double[][] c = new double[d][hi - lo];
        for (int i = lo; i < hi; i++) {
            for (int j = 0; j < d; j++) {
                c[j][i - lo] = x[i * d + j];
            }
        }
        return c;
    }

    /**
     * The number of row blocks of a full pass: a function of the shape only, so that the order in
     * which partial sums are combined (and hence every rounding) is the same on every machine.
     */
    static int blocks(int n, int d) {
        long size = (long) n * d;
        if (size < PARALLEL_THRESHOLD || n < 8) {
            return 1;
        }
        int parts = size < (1L << 22) ? 2 : MAX_BLOCKS;
        return Math.min(parts, n / 4);
    }

    /** Whether the full passes run natively ({@link NativeRows}) rather than in the Java kernels. */
    boolean nativePasses() {
        return nativeRows != null;
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
        checkPoint(w);
        int parts = blocks.length;
        for (int b = 0; b < parts; b++) {
            Block block = blocks[b];
            block.set(w, null, blockStart(n, b, parts), blockStart(n, b + 1, parts), out);
        }
        if (parts == 1) {
            blocks[0].compute();
        } else {
            PassPool.run(pass);
        }
        combine(out);
        return out;
    }

    /**
     * Loss and gradient of the mini-batch {@code sum_{n in rows[0..count)} loss(<w, x_n>, y_n)}
     * (rows may repeat); only those entries of {@code out.predictions()} are updated.
     */
    public Evaluation evaluate(double[] w, int[] rows, int count, Evaluation out) {
        checkPoint(w);
        if (count < 1 || count > rows.length) {
            throw new IllegalArgumentException("batch of " + count + " rows out of " + rows.length);
        }
        if (count > coefficients.length) {
            coefficients = new double[count];
            slopes = new double[count];
        }
        rowArrays(); // the batch runs on the Java kernels
        Block only = blocks[0];
        only.set(w, rows, 0, count, out);
        only.compute();
        // squared and Huber gradients are stored unscaled; a monotone batch whose slopes all vanish has scale 1
        out.logScale = !loss.monotone() || only.maxSlope == Double.NEGATIVE_INFINITY ? 0 : only.maxSlope;
        out.logLoss = only.logLoss();
        return out;
    }

    /** {@code L(w)}, computed in log space for monotone losses and then exponentiated. */
    public double value(double[] w) {
        return Math.exp(logValue(w));
    }

    /** {@code log L(w)} without touching any gradient buffer. */
    public double logValue(double[] w) {
        checkPoint(w);
        double[][] x = rowArrays();
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = Vectors.dot(x[i], 0, w, d);
        }
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

    private void checkPoint(double[] w) {
        if (w.length != d) {
            throw new IllegalArgumentException("w has " + w.length + " entries, the data " + d + " columns");
        }
    }

    /**
     * {@code g = sum_b f_b g_b} in block order, where block 0 accumulated in place in
     * {@code out.scaledGradient} and {@code f_b = exp(maxSlope_b - maxSlope)} for monotone losses.
     */
    private void combine(Evaluation out) {
        double[] g = out.scaledGradient;
        boolean monotone = loss.monotone();
        double maxSlope = Double.NEGATIVE_INFINITY;
        double maxLoss = Double.NEGATIVE_INFINITY;
        for (Block b : blocks) {
            maxSlope = Math.max(maxSlope, b.maxSlope);
            maxLoss = Math.max(maxLoss, b.maxLoss);
        }
        double lossSum = 0;
        for (int k = 0; k < blocks.length; k++) {
            Block b = blocks[k];
            double f = monotone ? (b.maxSlope == Double.NEGATIVE_INFINITY ? 0 : Math.exp(b.maxSlope - maxSlope)) : 1;
            if (k == 0) {
                if (f != 1) {
                    for (int j = 0; j < d; j++) {
                        g[j] *= f;
                    }
                }
            } else if (f != 0) {
                double[] part = b.ownGrad;
                for (int j = 0; j < d; j++) {
                    g[j] += f * part[j];
                }
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

    /** The blocks of a full pass as a job of the pool. */
    private final class Pass extends PassPool.Job {
        @Override
        int parts() {
            return blocks.length;
        }

        @Override
        void run(int index) {
            blocks[index].compute();
        }
    }

    /**
     * One row block of a pass (positions {@code lo..hi-1}, each naming a row directly or through
     * {@code index}): its partial gradient, running maxima and sums.
     */
    private final class Block {
        /** The block's own gradient buffer; null for block 0, which writes the output's buffer. */
        final double[] ownGrad;
        /** The columns of the block's rows ({@link #columns}), or null when predictions are dot products. */
        final double[][] cols;
        /** The block's predictions while they are formed by columns. */
        final double[] local;
        /** The block's native pass over X, or null when the Java kernels run the full passes. */
        final NativeRows.Cursor cursor;
        double[] grad;
        double[] w;
        int[] index;
        int lo;
        int hi;
        double[] predictions;
        double maxSlope;
        double maxLoss;
        double lossSum;

        Block(double[] ownGrad, double[][] cols, NativeRows.Cursor cursor) {
            this.ownGrad = ownGrad;
            this.cols = cols;
            this.cursor = cursor;
            this.local = cols == null ? null : new double[cols.length == 0 ? 0 : cols[0].length];
        }

        void set(double[] w, int[] index, int lo, int hi, Evaluation out) {
            this.w = w;
            this.index = index;
            this.lo = lo;
            this.hi = hi;
            this.predictions = out.predictions;
            this.grad = ownGrad == null ? out.scaledGradient : ownGrad;
        }

        double logLoss() {
            return loss.monotone() ? maxLoss + Math.log(lossSum) : Math.log(lossSum);
        }

        /** Whether this evaluation is a full pass on the native route (its gradient kept by {@link #cursor}). */
        private boolean nativePass() {
            return cursor != null && index == null;
        }

        private int row(int k) {
            return index == null ? k : index[k];
        }

        void compute() {
            Arrays.fill(grad, 0);
            maxSlope = Double.NEGATIVE_INFINITY;
            maxLoss = Double.NEGATIVE_INFINITY;
            lossSum = 0;
            if (nativePass()) {
                cursor.start(w, grad);
                int c0 = lo;
                int c1 = Math.min(hi, lo + nativeChunk);
                cursor.predict(c0, c1, predictions);
                while (c0 < hi) {
                    lossTerms(c0, c1);
                    int c2 = Math.min(hi, c1 + nativeChunk);
                    // this chunk's update and the next chunk's predictions
                    cursor.addRowsAndPredict(c0, c1, coefficients, c1, c2, predictions);
                    c0 = c1;
                    c1 = c2;
                }
                cursor.finish();
            } else if (cols != null && index == null) {
                predictByColumns(lo, hi);
                accumulate(lo, hi);
            } else {
                for (int c0 = lo; c0 < hi; c0 += chunk) {
                    int c1 = Math.min(hi, c0 + chunk);
                    predictByRows(c0, c1);
                    accumulate(c0, c1);
                }
            }
        }

        /**
         * {@code u_i = sum_j w_j X[i][j]} for the block's rows lo..hi-1 (the whole block), as updates along
         * its columns (vectorised).
         */
        private void predictByColumns(int lo, int hi) {
            double[] u = local;
            double[] v = w;
            int len = hi - lo;
            Arrays.fill(u, 0);
            int j = 0;
            for (; j + 3 < d; j += 4) {
                double w0 = v[j];
                double w1 = v[j + 1];
                double w2 = v[j + 2];
                double w3 = v[j + 3];
                if (w0 == 0 && w1 == 0 && w2 == 0 && w3 == 0) {
                    continue; // adds exact zeros only
                }
                double[] a0 = cols[j];
                double[] a1 = cols[j + 1];
                double[] a2 = cols[j + 2];
                double[] a3 = cols[j + 3];
                for (int i = 0; i < len; i++) {
                    u[i] += (w0 * a0[i] + w1 * a1[i]) + (w2 * a2[i] + w3 * a3[i]);
                }
            }
            for (; j < d; j++) {
                double wj = v[j];
                if (wj == 0) {
                    continue;
                }
                double[] a = cols[j];
                for (int i = 0; i < len; i++) {
                    u[i] += wj * a[i];
                }
            }
            System.arraycopy(u, 0, predictions, lo, len);
        }

        /** Predictions of positions lo..hi-1 by dot products, four rows at a time. */
        private void predictByRows(int lo, int hi) {
            int k = lo;
            for (; k + 3 < hi; k += 4) {
                int i0 = row(k);
                int i1 = row(k + 1);
                int i2 = row(k + 2);
                int i3 = row(k + 3);
                Vectors.dot4(rows[i0], rows[i1], rows[i2], rows[i3], w, d, slopes, k);
                predictions[i0] = slopes[k];
                predictions[i1] = slopes[k + 1];
                predictions[i2] = slopes[k + 2];
                predictions[i3] = slopes[k + 3];
            }
            for (; k < hi; k++) {
                int i = row(k);
                predictions[i] = Vectors.dot(rows[i], 0, w, d);
            }
        }

        /** Loss terms and derivatives of positions lo..hi-1 (predictions formed), then the gradient update. */
        private void accumulate(int lo, int hi) {
            lossTerms(lo, hi);
            double[] c = coefficients;
            double[] g = grad;
            int k = lo;
            for (; k + 3 < hi; k += 4) {
                double c0 = c[k];
                double c1 = c[k + 1];
                double c2 = c[k + 2];
                double c3 = c[k + 3];
                if (c0 == 0 && c1 == 0 && c2 == 0 && c3 == 0) {
                    continue; // adds exact zeros only
                }
                Vectors.axpy4(c0, rows[row(k)], c1, rows[row(k + 1)], c2, rows[row(k + 2)], c3, rows[row(k + 3)], g, d);
            }
            for (; k < hi; k++) {
                if (c[k] != 0) {
                    Vectors.axpy(c[k], rows[row(k)], g);
                }
            }
        }

        /**
         * The loss terms of positions lo..hi-1 (predictions formed) into the block's sums, and their
         * coefficients {@code c_k} in the gradient (the loss derivatives, for monotone losses relative to the
         * running maximum) into {@code coefficients[lo..hi)}.
         */
        private void lossTerms(int lo, int hi) {
            double[] c = coefficients;
            if (loss instanceof Loss.Monotone m) {
                monotoneCoefficients(m, lo, hi);
            } else if (loss instanceof Loss.Squared) {
                double sum = 0;
                for (int k = lo; k < hi; k++) {
                    int i = row(k);
                    double r = predictions[i] - y[i];
                    sum += r * r;
                    c[k] = 2 * r;
                }
                lossSum += sum;
            } else {
                double sum = 0;
                for (int k = lo; k < hi; k++) {
                    int i = row(k);
                    double u = predictions[i];
                    sum += loss.value(u, y[i]);
                    c[k] = loss.derivative(u, y[i]);
                }
                lossSum += sum;
            }
        }

        /**
         * For {@code l(m)} monotone: the streaming log-sum-exp of the losses, and coefficients
         * {@code c_k = -y_k exp(log(-l'(m_k)) - maxSlope)} with the running maximum; when a chunk
         * raises the maximum, the gradient so far is rescaled once.
         */
        private void monotoneCoefficients(Loss.Monotone m, int lo, int hi) {
            double[] c = coefficients;
            double[] a = slopes;
            boolean sameLogs = m instanceof Loss.Exponential;
            double chunkSlope = Double.NEGATIVE_INFINITY;
            double chunkLoss = Double.NEGATIVE_INFINITY;
            for (int k = lo; k < hi; k++) {
                int i = row(k);
                double margin = predictions[i] * y[i];
                double s = m.logSlope(margin);
                a[k] = s;
                if (s > chunkSlope) {
                    chunkSlope = s;
                }
                if (!sameLogs) {
                    double b = m.logLoss(margin);
                    c[k] = b;
                    if (b > chunkLoss) {
                        chunkLoss = b;
                    }
                }
            }
            // the chunk's loss sum relative to its own maximum
            double chunkSum = 0;
            if (!sameLogs) {
                for (int k = lo; k < hi; k++) {
                    chunkSum += Math.exp(c[k] - chunkLoss);
                }
            }
            if (chunkSlope > maxSlope) {
                if (maxSlope != Double.NEGATIVE_INFINITY) {
                    scaleGradient(Math.exp(maxSlope - chunkSlope));
                }
                maxSlope = chunkSlope;
            }
            if (chunkSlope == Double.NEGATIVE_INFINITY) {
                // every slope is 0 (or NaN, which must stay visible)
                for (int k = lo; k < hi; k++) {
                    c[k] = Double.isNaN(a[k]) ? Double.NaN : 0;
                }
                if (sameLogs) {
                    chunkLoss = chunkSlope;
                }
                mergeLoss(chunkLoss, chunkSum);
                return;
            }
            double toMax = Math.exp(chunkSlope - maxSlope);
            for (int k = lo; k < hi; k++) {
                double e = Math.exp(a[k] - chunkSlope);
                if (sameLogs) {
                    chunkSum += e;
                }
                c[k] = -y[row(k)] * (e * toMax);
            }
            if (sameLogs) {
                chunkLoss = chunkSlope;
            }
            mergeLoss(chunkLoss, chunkSum);
        }

        /** {@code g *= f} for the gradient accumulated so far, wherever the running pass keeps it. */
        private void scaleGradient(double f) {
            if (nativePass()) {
                cursor.scaleGradient(f);
                return;
            }
            double[] g = grad;
            for (int j = 0; j < d; j++) {
                g[j] *= f;
            }
        }

        /** Adds {@code exp(chunkLoss) * chunkSum} to the running {@code exp(maxLoss) * lossSum}. */
        private void mergeLoss(double chunkLoss, double chunkSum) {
            if (chunkLoss > maxLoss) {
                lossSum = lossSum * Math.exp(maxLoss - chunkLoss) + chunkSum;
                maxLoss = chunkLoss;
            } else if (chunkLoss != Double.NEGATIVE_INFINITY) {
                lossSum += chunkSum * Math.exp(chunkLoss - maxLoss);
            }
        }
    }
}
