package org.implicitbias.linalg;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.implicitbias.model.InvalidInputException;

/**
 * OpenBLAS (shipped for linux-x86_64 inside the JavaCPP presets' jars) for the dense kernels large enough
 * to repay a native call: the symmetric product {@code C = A diag(h) A'} (BLAS {@code dsyrk}), the
 * Cholesky factorisation (blocked on {@code dtrsm} and {@code dsyrk}) with its triangular solves
 * ({@code dtrsv}, through {@link NativeMatrix}), and the
 * matrix-vector products of repeated passes ({@code dgemv}; {@link RowMatrix} and {@link NativeMatrix}).
 * {@link Dense} and {@link RowMatrix} hand a kernel here only above a size ({@link Dense#NATIVE_PRODUCT_WORK},
 * {@link Dense#NATIVE_FACTOR_ORDER}, {@link RowMatrix#NATIVE_ENTRIES}); below it, and wherever the
 * natives do not load (another platform, an older C library, no directory the library can be unpacked
 * into), its own Java kernels run, and the result is the same up to rounding.
 *
 * <p>Why: a one-shot {@code solve} runs for about a second, too short for the JVM's optimising compiler to
 * repay itself, so the Java kernels run as first-tier compiled code, which is not vectorised: the Gram
 * product of a 600 x 1000 matrix takes 40-80 ms there, against 7 ms in OpenBLAS on one core, and a pass
 * over it 0.6 ms against 0.04 ms (0.15 ms when the matrix is copied across the native boundary at each
 * call, as for a Java array: hence {@link NativeMatrix} for repeated calls). Loading the
 * library costs about 0.1 s, which {@link #preload} overlaps with reading the input.
 *
 * <p>Determinism: OpenBLAS runs on one thread, always ({@code blas_set_num_threads(1)} right after
 * loading), so a kernel's bits do not depend on the caller's thread count or on timing; concurrent calls
 * from several Java threads are independent. The bits may differ from the Java kernels' and between
 * processor families (OpenBLAS picks its kernels for the processor it runs on).
 *
 * <p>Choice: the system property {@value #PROPERTY} is {@code auto} (the default: native where it loads,
 * including the gradient passes' own fused kernel, {@link FusedPass}), {@code openblas} (OpenBLAS alone,
 * without the fused kernel) or {@code java} (the Java kernels always, e.g. to compare bits with another
 * machine).
 */
public final class NativeBlas {
    /** The system property choosing the kernels: {@code auto}, {@code openblas} or {@code java}. */
    public static final String PROPERTY = "oracle.blas";

    private static final Object LOCK = new Object();
    private static CompletableFuture<String> loading;

    private NativeBlas() {
    }

    /**
     * The value of {@value #PROPERTY}, checked.
     *
     * @throws InvalidInputException naming the property, its value and the values expected
     */
    public static String mode() {
        String given = System.getProperty(PROPERTY, "auto");
        String v = given.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("auto") && !v.equals("openblas") && !v.equals("java")) {
            throw new InvalidInputException(PROPERTY, given, "auto, openblas or java");
        }
        return v;
    }

    /**
     * Starts loading the native library on a background thread, unless it is loading or loaded already
     * or the Java kernels are chosen. Callers that know a large kernel is coming (a large input being
     * read) call this first, so the load overlaps with their other work.
     */
    public static void preload() {
        start(true);
    }

    /**
     * Whether the native kernels are in use: the property allows them and the library has loaded (waiting
     * for a load in progress, or loading on this thread). The answer never changes within a process.
     */
    public static boolean available() {
        return start(false).join() == null;
    }

    /**
     * Why the native kernels are not in use, or null when they are (waits like {@link #available}).
     */
    public static String unavailableReason() {
        return start(false).join();
    }

    /**
     * The name of the kernels in use, as {@code bench} reports it: {@code openblas+fused-pass},
     * {@code openblas} or {@code java}.
     */
    public static String kernels() {
        return !available() ? "java" : FusedPass.available() ? "openblas+fused-pass" : "openblas";
    }

    /** Why the gradient passes' fused kernel ({@link FusedPass}) is not in use, or null when it is. */
    public static String fusedPassUnavailableReason() {
        String reason = unavailableReason();
        return reason != null ? reason : FusedPass.unavailableReason();
    }

    private static CompletableFuture<String> start(boolean background) {
        synchronized (LOCK) {
            if (loading == null) {
                if (mode().equals("java")) {
                    loading = CompletableFuture.completedFuture(PROPERTY + "=java");
                } else if (background) {
                    loading = new CompletableFuture<>();
                    CompletableFuture<String> f = loading;
                    Thread t = new Thread(() -> f.complete(load()), "openblas-load");
                    t.setDaemon(true);
                    t.start();
                } else {
                    loading = CompletableFuture.completedFuture(load());
                }
            }
            return loading;
        }
    }

    /** Loads the library; null on success, else the reason it did not load. */
    private static String load() {
        try {
            Binding.load();
            return null;
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError (no natives for this platform, or an older C library),
            // NoClassDefFoundError (the jars left out by a library client), or a cache directory that
            // cannot be written
            return e.toString();
        }
    }

    /**
     * Lower triangle of {@code C = A diag(h) A'} (row-major; A is m x d, C is m x m with leading dimension
     * m; {@code h == null} for the identity; every {@code h[t] >= 0}): the rows of A are scaled by
     * {@code sqrt(h)} and handed to {@code dsyrk}. The strict upper triangle of C is not written.
     * Only to be called when {@link #available()}.
     */
    static void syrk(double[] a, int m, int d, double[] h, double[] c) {
        double[] b = a;
        if (h != null) {
            double[] root = new double[d];
            for (int t = 0; t < d; t++) {
                root[t] = Math.sqrt(h[t]);
            }
            b = new double[m * d];
            Dense.scaleColumns(a, m, d, root, b);
        }
        for (int i = 0; i < m; i++) {
            // C += B B' from zeros: with beta 0, OpenBLAS may scale C by 0, which keeps an earlier NaN
            java.util.Arrays.fill(c, i * m, i * m + i + 1, 0.0);
        }
        Binding.syrk(b, m, d, c);
    }

    /** What {@link #cholesky} returns when it leaves a skipping factorisation to the Java kernel. */
    static final int LEFT_TO_JAVA = Integer.MIN_VALUE;

    /**
     * In-place Cholesky {@code A = L L'} of the lower triangle of the row-major m x m matrix a, blocked on
     * BLAS ({@link NativeMatrix#cholesky}; the strict upper triangle is not touched), with
     * {@link Dense#cholesky}'s contract.
     * <ul>
     *   <li>Strict ({@code skipBelow < 0}): -1 when A is numerically positive definite, else the index of
     *       the first pivot that is not positive.</li>
     *   <li>Skipping: 0 (no pivot replaced) when every pivot {@code L_jj^2} clears {@code skipBelow}, the
     *       case where the skipping factorisation replaces none and is the strict one; otherwise a is left
     *       as it was and {@link #LEFT_TO_JAVA} returned, for the Java kernel to skip the pivots it must.</li>
     * </ul>
     * Only to be called when {@link #available()}.
     */
    static int cholesky(double[] a, int m, double skipBelow) {
        try (NativeMatrix copy = new NativeMatrix(a, m, m)) {
            int pivot = copy.cholesky();
            if (skipBelow >= 0) {
                if (pivot >= 0) {
                    return LEFT_TO_JAVA;
                }
                double[] diagonal = copy.diagonal();
                for (double l : diagonal) {
                    if (!(l * l > skipBelow)) {
                        return LEFT_TO_JAVA;
                    }
                }
                pivot = 0;
            }
            copy.copyTo(a);
            return pivot;
        }
    }

    /**
     * The calls into the JavaCPP presets, in a class of their own so that {@link NativeBlas} loads (and
     * reports "not available") even when the presets' jars are missing.
     */
    private static final class Binding {
        private Binding() {
        }

        static void load() {
            Loader.load(openblas_nolapack.class);
            openblas_nolapack.blas_set_num_threads(1);
        }

        static void syrk(double[] a, int m, int d, double[] c) {
            openblas_nolapack.cblas_dsyrk(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasLower,
                    openblas_nolapack.CblasNoTrans, m, d, 1.0, a, d, 1.0, c, m);
        }
    }
}
