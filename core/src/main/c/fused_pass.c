/*
 * The fused sweep of a gradient pass over a row-major matrix X (n x d) held in native memory: in one sweep
 * over the columns, the products u_i = <x_i, w> of the next rows of a pass and the update
 * g += sum_k c_k x_k of the rows before them, whose coefficients c_k the caller has just formed from their
 * products. The rows whose products are formed stream in from memory while the rows of the update, read
 * a moment ago, come from the core's cache, so both kinds of load overlap in one instruction stream;
 * done one after the other (two BLAS calls), they do not.
 *
 * Rounding, fixed by the code alone (compiled with -ffp-contract=off, so no multiply-add is fused and every
 * clone below gives the same bits):
 *   u_i = (((a_0 + a_1) + (a_2 + a_3)) + ((a_4 + a_5) + (a_6 + a_7))) + tail, where a_l sums
 *         x_i[j] w[j] over the columns j = l (mod 8) below the last multiple of 8, in column order, and the
 *         tail adds the remaining columns one by one;
 *   g[j] += c_k x_k[j], one row k after the other, in row order.
 * Rows are swept in groups of GROUP, each group of products paired with a group of the update.
 *
 * The lane loops carry "omp simd" (compiled with -fopenmp-simd, no OpenMP runtime): without it the compiler
 * leaves them scalar, and the sweep runs at half speed. Each lane keeps its own sum, so the vector code adds
 * in the same order as the scalar code.
 */
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE under -std=c11 */
#include <jni.h>
#include <stdint.h>
#include <sys/mman.h>

#define LANES 8
#define GROUP 8

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONES
#endif

/* One sweep over the columns: products of rows dot0..dot0+dots-1, update by rows ax0..ax0+axes-1. */
static inline __attribute__((always_inline))
void sweep_rows(const double *restrict x, long d, const double *restrict w, int dot0, int dots,
                double *restrict u, int ax0, int axes, const double *restrict c, double *restrict g) {
    double acc[GROUP][LANES];
    for (int r = 0; r < dots; r++) {
        for (int l = 0; l < LANES; l++) {
            acc[r][l] = 0.0;
        }
    }
    long body = d - d % LANES;
    for (long j = 0; j < body; j += LANES) {
        for (int r = 0; r < dots; r++) {
            const double *xr = x + (long) (dot0 + r) * d + j;
            #pragma omp simd
            for (int l = 0; l < LANES; l++) {
                acc[r][l] += xr[l] * w[j + l];
            }
        }
        for (int r = 0; r < axes; r++) {
            const double *xr = x + (long) (ax0 + r) * d + j;
            double cr = c[ax0 + r];
            #pragma omp simd
            for (int l = 0; l < LANES; l++) {
                g[j + l] += cr * xr[l];
            }
        }
    }
    for (int r = 0; r < dots; r++) {
        const double *xr = x + (long) (dot0 + r) * d;
        double s = ((acc[r][0] + acc[r][1]) + (acc[r][2] + acc[r][3]))
                 + ((acc[r][4] + acc[r][5]) + (acc[r][6] + acc[r][7]));
        for (long j = body; j < d; j++) {
            s += xr[j] * w[j];
        }
        u[dot0 + r] = s;
    }
    for (int r = 0; r < axes; r++) {
        const double *xr = x + (long) (ax0 + r) * d;
        double cr = c[ax0 + r];
        for (long j = body; j < d; j++) {
            g[j] += cr * xr[j];
        }
    }
}

/*
 * Sweeps of full groups (both kinds, products only, update only): with the row counts known when compiling,
 * the lane sums stay in registers (both kinds at 2000 x 5000, 375 -> 450 passes per second; at 300 x 1000,
 * 14k -> 19k). The rounding is the same.
 */
CLONES
static void sweep_full(const double *restrict x, long d, const double *restrict w, int dot0, double *restrict u,
                       int ax0, const double *restrict c, double *restrict g) {
    sweep_rows(x, d, w, dot0, GROUP, u, ax0, GROUP, c, g);
}

CLONES
static void sweep_products(const double *restrict x, long d, const double *restrict w, int dot0,
                           double *restrict u) {
    sweep_rows(x, d, w, dot0, GROUP, u, 0, 0, NULL, NULL);
}

CLONES
static void sweep_update(const double *restrict x, long d, int ax0, const double *restrict c,
                         double *restrict g) {
    sweep_rows(x, d, NULL, 0, 0, NULL, ax0, GROUP, c, g);
}

/* A sweep of shorter groups (the end of a range). */
CLONES
static void sweep_part(const double *restrict x, long d, const double *restrict w, int dot0, int dots,
                       double *restrict u, int ax0, int axes, const double *restrict c, double *restrict g) {
    sweep_rows(x, d, w, dot0, dots, u, ax0, axes, c, g);
}

/*
 * u[i] = <x_i, w> for dotLo <= i < dotHi, and g += sum_k c[k] x_k for axLo <= k < axHi, in sweeps of up to
 * GROUP rows of each kind. x is the address of X; u and c are indexed by row.
 */
JNIEXPORT void JNICALL Java_org_implicitbias_linalg_FusedPass_sweep(JNIEnv *env, jclass cls, jlong x, jint d,
        jdoubleArray wArray, jint dotLo, jint dotHi, jdoubleArray uArray, jint axLo, jint axHi,
        jdoubleArray cArray, jdoubleArray gArray) {
    (void) cls;
    double *w = (*env)->GetPrimitiveArrayCritical(env, wArray, NULL);
    double *u = (*env)->GetPrimitiveArrayCritical(env, uArray, NULL);
    double *c = (*env)->GetPrimitiveArrayCritical(env, cArray, NULL);
    double *g = (*env)->GetPrimitiveArrayCritical(env, gArray, NULL);
    int pinned = w != NULL && u != NULL && c != NULL && g != NULL;
    if (pinned) {
        const double *matrix = (const double *) (intptr_t) x;
        int dot = dotLo;
        int ax = axLo;
        while (dot < dotHi || ax < axHi) {
            int dots = dotHi - dot < GROUP ? dotHi - dot : GROUP;
            int axes = axHi - ax < GROUP ? axHi - ax : GROUP;
            if (dots == GROUP && axes == GROUP) {
                sweep_full(matrix, d, w, dot, u, ax, c, g);
            } else if (dots == GROUP && axes == 0) {
                sweep_products(matrix, d, w, dot, u);
            } else if (dots == 0 && axes == GROUP) {
                sweep_update(matrix, d, ax, c, g);
            } else {
                sweep_part(matrix, d, w, dot, dots, u, ax, axes, c, g);
            }
            dot += dots;
            ax += axes;
        }
    }
    if (g != NULL) (*env)->ReleasePrimitiveArrayCritical(env, gArray, g, 0);
    if (c != NULL) (*env)->ReleasePrimitiveArrayCritical(env, cArray, c, JNI_ABORT);
    if (u != NULL) (*env)->ReleasePrimitiveArrayCritical(env, uArray, u, 0);
    if (w != NULL) (*env)->ReleasePrimitiveArrayCritical(env, wArray, w, JNI_ABORT);
    if (!pinned && !(*env)->ExceptionCheck(env)) {
        /* never a silent no-op: the caller would read stale predictions and gradient */
        jclass error = (*env)->FindClass(env, "java/lang/IllegalStateException");
        if (error != NULL) {
            (*env)->ThrowNew(env, error, "fused pass: the JVM did not give access to an array");
        }
    }
}

/*
 * Asks the kernel to back the given range of fresh (not yet touched) memory with transparent huge pages
 * (2 MB) where it offers them on request: a pass streams X through the translation buffer, and with 4 KB
 * pages every 4 KB of X costs a page-table walk. Returns 0 when the kernel took the advice, -1 where it has
 * no such pages (madvise fails); the memory works the same either way.
 */
JNIEXPORT jint JNICALL Java_org_implicitbias_linalg_FusedPass_adviseHugePages0(JNIEnv *env, jclass cls,
        jlong address, jlong bytes) {
    (void) env;
    (void) cls;
#ifdef MADV_HUGEPAGE
    return madvise((void *) (intptr_t) address, (size_t) bytes, MADV_HUGEPAGE);
#else
    (void) address;
    (void) bytes;
    return -1;
#endif
}
