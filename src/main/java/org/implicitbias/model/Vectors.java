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
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += a[offA + j] * b[j];
            s1 += a[offA + j + 1] * b[j + 1];
            s2 += a[offA + j + 2] * b[j + 2];
            s3 += a[offA + j + 3] * b[j + 3];
        }
        for (; j < len; j++) {
            s0 += a[offA + j] * b[j];
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
        axpy(c, a, 0, y, a.length);
    }

    /** Euclidean norm, scaled to avoid overflow and underflow. */
    public static double norm2(double[] a) {
        double max = normInf(a);
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        double s = 0;
        for (double v : a) {
            double t = v / max;
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
