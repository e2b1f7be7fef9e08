package org.implicitbias.linalg;

import java.io.File;
import java.io.IOException;
import org.bytedeco.javacpp.Loader;

/**
 * The fused sweep of a gradient pass, a small C kernel of this project ({@code core/src/main/c}, built with
 * the jar where a C compiler is found, for linux-x86_64 with clones for AVX-512, AVX2 and plain x86-64
 * chosen at load time): in one sweep over the columns of X it forms the products {@code u_i = <x_i, w>} of
 * the next rows of a pass and adds {@code sum_k c_k x_k} of the rows before them to the gradient. The rows
 * of the products stream in from memory while those of the update come from the core's cache, and the two
 * kinds of load overlap; as two BLAS calls one after the other they do not. Measured in GD at 2000 x 5000 on
 * two cores: 400-430 iterations per second against 280-320 with a pair of {@code dgemv} calls per chunk
 * (numpy, computing the loss as well: 200-270).
 *
 * <p>Rounding is fixed by the kernel's code alone: no fused multiply-add, the products summed in eight
 * lanes by columns modulo 8 and the lanes added in a fixed tree, the update added row after row. So every
 * clone gives the same bits, on every x86-64 processor.
 *
 * <p>{@link NativeBlas#PROPERTY} = {@code openblas} leaves the passes to OpenBLAS's {@code dgemv}, {@code java}
 * to the Java kernels.
 */
final class FusedPass {
    /** The library, as a resource next to this class. */
    static final String LIBRARY = "linux-x86_64/libimplicitbias-fusedpass.so";

    /** Null once loaded, else why not. */
    private static final String UNAVAILABLE = load();

    private FusedPass() {
    }

    /** Whether the kernel is in use. */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why the kernel is not in use, or null when it is. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    private static String load() {
        String mode = NativeBlas.mode();
        if (!mode.equals("auto")) {
            return NativeBlas.PROPERTY + "=" + mode;
        }
        if (!"linux-x86_64".equals(Loader.getPlatform())) {
            return "built for linux-x86_64 only, not " + Loader.getPlatform();
        }
        try {
            File library = Loader.cacheResource(FusedPass.class, LIBRARY);
            if (library == null) {
                return "not built with the jar (no C compiler, or it failed: see the build's output)";
            }
            System.load(library.getAbsolutePath());
            return null;
        } catch (IOException | LinkageError | SecurityException e) {
            return e.toString();
        }
    }

    /**
     * {@code u[i] = <x_i, w>} for {@code dotLo <= i < dotHi} and {@code g += sum_k c[k] x_k} for
     * {@code axLo <= k < axHi}, X being the row-major matrix at native address {@code x} with d columns; u
     * and c are indexed by row. Only to be called when {@link #available()}.
     */
    static native void sweep(long x, int d, double[] w, int dotLo, int dotHi, double[] u, int axLo, int axHi,
            double[] c, double[] g);

    /**
     * Advises the kernel to back {@code bytes} of untouched native memory from {@code address} (a multiple of
     * 2 MB) with transparent huge pages; true when it accepted. Only to be called when {@link #available()}.
     */
    static boolean adviseHugePages(long address, long bytes) {
        return adviseHugePages0(address, bytes) == 0;
    }

    private static native int adviseHugePages0(long address, long bytes);
}
