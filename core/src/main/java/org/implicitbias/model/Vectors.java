package org.implicitbias.model;

/**
 * Small dense-vector kernels on {@code double[]}, written for the JIT: several independent
 * accumulators in reductions (instruction-level parallelism) and plain loops that vectorise.
 */
public final class Vectors {
    private Vectors() {
    }

    /** {@code sum_j a[offA + j] * b[j]} for j < len. */
    public static double dot(double[] a, int offA, double[] b, int len) {
        return dot(a, offA, b, 0, len);
    }

    /**
     * {@code sum_j a[offA + j] * b[offB + j]} for j < len, in four independent sums (entries j mod 4, the
     * remainder going to the first), combined as {@code (s0 + s1) + (s2 + s3)}: four chains of
     * multiply-adds keep the arithmetic units busy where one would wait on each addition.
     */
    public static double dot(double[] a, int offA, double[] b, int offB, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += a[offA + j] * b[offB + j];
            s1 += a[offA + j + 1] * b[offB + j + 1];
            s2 += a[offA + j + 2] * b[offB + j + 2];
            s3 += a[offA + j + 3] * b[offB + j + 3];
        }
        for (; j < len; j++) {
            s0 += a[offA + j] * b[offB + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code <a, b>}. */
    public static double dot(double[] a, double[] b) {
        return dot(a, 0, b, a.length);
    }

    /** {@code y[j] += c * a[offA + j]} for j < len. */
    public static void axpy(double c, double[] a, int offA, double[] y, int len) {
        for (int j = 0; j < len; j++) {
            y[j] += c * a[offA + j];
        }
    }

    /** {@code y += c * a}. */
    public static void axpy(double c, double[] a, double[] y) {
        // written out rather than delegated: the JIT vectorises this loop only when both arrays are
        // indexed by the same variable without an offset
        int len = a.length;
        for (int j = 0; j < len; j++) {
            y[j] += c * a[j];
        }
    }

    /**
     * {@code y[j] += (c0 a0[j] + c1 a1[j]) + (c2 a2[j] + c3 a3[j])} for j < len: four rows added to
     * y in one sweep, so y is loaded and stored once per four rows (vectorised).
     */
    public static void axpy4(double c0, double[] a0, double c1, double[] a1, double c2, double[] a2, double c3, double[] a3,
                      double[] y, int len) {
        for (int j = 0; j < len; j++) {
            y[j] += (c0 * a0[j] + c1 * a1[j]) + (c2 * a2[j] + c3 * a3[j]);
        }
    }

    /**
     * The four dot products {@code <a_r, b>} (r = 0..3, entries j < len) written to
     * {@code out[at..at+3]}: each row keeps four accumulators (sixteen independent chains) and every
     * load of b serves four rows. Each sum is combined as {@code (s0 + s1) + (s2 + s3)}.
     */
    public static void dot4(double[] a0, double[] a1, double[] a2, double[] a3, double[] b, int len, double[] out, int at) {
        double p0 = 0;
        double p1 = 0;
        double p2 = 0;
        double p3 = 0;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double q3 = 0;
        double r0 = 0;
        double r1 = 0;
        double r2 = 0;
        double r3 = 0;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            double b0 = b[j];
            double b1 = b[j + 1];
            double b2 = b[j + 2];
            double b3 = b[j + 3];
            p0 += a0[j] * b0;
            p1 += a0[j + 1] * b1;
            p2 += a0[j + 2] * b2;
            p3 += a0[j + 3] * b3;
            q0 += a1[j] * b0;
            q1 += a1[j + 1] * b1;
            q2 += a1[j + 2] * b2;
            q3 += a1[j + 3] * b3;
            r0 += a2[j] * b0;
            r1 += a2[j + 1] * b1;
            r2 += a2[j + 2] * b2;
            r3 += a2[j + 3] * b3;
            s0 += a3[j] * b0;
            s1 += a3[j + 1] * b1;
            s2 += a3[j + 2] * b2;
            s3 += a3[j + 3] * b3;
        }
        for (; j < len; j++) {
            double bj = b[j];
            p0 += a0[j] * bj;
            q0 += a1[j] * bj;
            r0 += a2[j] * bj;
            s0 += a3[j] * bj;
        }
        out[at] = (p0 + p1) + (p2 + p3);
        out[at + 1] = (q0 + q1) + (q2 + q3);
        out[at + 2] = (r0 + r1) + (r2 + r3);
        out[at + 3] = (s0 + s1) + (s2 + s3);
    }

    /** Euclidean norm, scaled to avoid overflow and underflow. */
    public static double norm2(double[] a) {
        return norm2(a, 0, a.length);
    }

    /** Euclidean norm of {@code a[off .. off + len)}, scaled to avoid overflow and underflow. */
    public static double norm2(double[] a, int off, int len) {
        double max = 0;
        for (int j = off; j < off + len; j++) {
            max = Math.max(max, Math.abs(a[j]));
        }
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        double s = 0;
        for (int j = off; j < off + len; j++) {
            double t = a[j] / max;
            s += t * t;
        }
        return max * Math.sqrt(s);
    }

    /** {@code max_j |a_j|}. */
    public static double normInf(double[] a) {
        double m = 0;
        for (double v : a) {
            double t = Math.abs(v);
            if (t > m || Double.isNaN(t)) {
                m = t;
            }
        }
        return m;
    }

    /** {@code sum_j |a_j|}. */
    public static double norm1(double[] a) {
        double s = 0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    /** Euclidean distance {@code ||a - b||_2}. */
    public static double distance(double[] a, double[] b) {
        double[] diff = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            diff[i] = a[i] - b[i];
        }
        return norm2(diff);
    }

    /** {@code a - b} as a new array. */
    public static double[] subtract(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /**
     * The weights {@code r_i = max(0, v_i) / sum_k max(0, v_k)} over the first n entries, as a new
     * array: multipliers clipped at zero and normalised to sum 1.
     */
    public static double[] clippedDistribution(double[] v, int n) {
        double[] r = new double[n];
        double rs = 0;
        for (int i = 0; i < n; i++) {
            r[i] = Math.max(0, v[i]);
            rs += r[i];
        }
        for (int i = 0; i < n; i++) {
            r[i] /= rs;
        }
        return r;
    }

    /** {@code c * a} as a new array. */
    public static double[] scaled(double c, double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = c * a[i];
        }
        return out;
    }

    /** True when every entry is finite. */
    public static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Matrix-vector product {@code M v} for a row-major n x d matrix. */
    public static double[] multiply(double[] rowMajor, int n, int d, double[] v) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = dot(rowMajor, i * d, v, d);
        }
        return out;
    }

    /** Transposed product {@code M' r} for a row-major n x d matrix. */
    public static double[] multiplyTransposed(double[] rowMajor, int n, int d, double[] r) {
        double[] out = new double[d];
        for (int i = 0; i < n; i++) {
            if (r[i] != 0) {
                axpy(r[i], rowMajor, i * d, out, d);
            }
        }
        return out;
    }
}
