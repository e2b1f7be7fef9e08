package org.implicitbias.optim;

import java.util.Locale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Vectors;

/**
 * Checks a declared mirror-descent tail against the iterates an external optimizer reports.
 *
 * <p>Mirror descent with potential psi on a loss of the predictions {@code <x_n, w>} updates its link
 * value by a combination of the data rows: {@code grad psi(w_{t+1}) - grad psi(w_t) = -eta_t grad L(w_t)}
 * lies in {@code span{x_n}}, the row space R of X, and so does every sum of such increments (momentum on
 * the link values, mini-batches and any step rule keep this). So for the observed iterates
 * {@code w_a, w_b} (the method is seen at chunk boundaries only) the increment
 * {@code D = grad psi(w_b) - grad psi(w_a)} must satisfy {@code P_perp D = 0}, where {@code P_perp}
 * projects onto the orthogonal complement of R. Each observed increment, and the total increment since
 * the first observed iterate, is tested with
 * <pre>  ||P_perp D||_2 <= {@value #RELATIVE} ||D||_2 + {@value #FLOOR} max(1, ||grad psi(w_a)||_2, ||grad psi(w_b)||_2),</pre>
 * the second term absorbing the rounding of iterates that moved by less than that (a float64 run
 * accumulates some 1e-13 relative over a chunk of a thousand steps; an optimizer that is not mirror
 * descent with psi, such as AdaGrad's per-coordinate steps, leaves R by a fraction of its step).
 * Every iterate must lie in the domain of psi. The declaration holds when at least one increment was
 * observed and none failed; the first failure is kept as the reason.
 *
 * <p>R is spanned by the right singular vectors of X whose singular values exceed
 * {@code max(N, d) eps s_max} (the numerical rank).
 */
public final class MirrorTailCheck {
    /** Relative tolerance on the part of an increment outside the row space. */
    public static final double RELATIVE = 1e-9;
    /** Absolute floor, relative to the size of the link values, for increments at rounding level. */
    public static final double FLOOR = 1e-10;

    private final Potential psi;
    private final DeclaredTail tail;
    /** Orthonormal basis of the row space of X, one basis vector per row. */
    private final double[][] basis;
    private final double[] firstLink;
    private final long firstT;
    private double[] previousLink;
    private long previousT;
    private final double[] scratch;
    private int increments;
    private String failure;

    /**
     * @param data the data X (its row space is what increments must stay in)
     * @param tail the declaration
     * @param w0   the start, the first observed iterate (t = 0)
     */
    public MirrorTailCheck(Dataset data, DeclaredTail tail, double[] w0) {
        this.tail = tail;
        this.psi = tail.potential();
        this.basis = rowSpaceBasis(data);
        this.scratch = new double[data.d()];
        this.firstT = 0;
        if (!psi.inDomain(w0)) {
            failure = "the start w0 is outside the domain of " + psi.name();
            firstLink = null;
        } else {
            firstLink = link(w0);
        }
        previousLink = firstLink;
        previousT = 0;
    }

    /** Observes the iterate {@code w_t} (t increasing from call to call). */
    public void observe(long t, double[] w) {
        if (failure != null) {
            return;
        }
        if (!psi.inDomain(w)) {
            failure = "w_" + t + " is outside the domain of " + psi.name();
            return;
        }
        double[] now = link(w);
        String step = test(previousLink, now);
        if (step != null) {
            failure = "the link-space increment grad psi(w_" + t + ") - grad psi(w_" + previousT + ") " + step;
            return;
        }
        String total = test(firstLink, now);
        if (total != null) {
            failure = "the link-space increment grad psi(w_" + t + ") - grad psi(w_" + firstT + ") " + total;
            return;
        }
        increments++;
        previousLink = now;
        previousT = t;
    }

    /** The declaration being checked. */
    public DeclaredTail tail() {
        return tail;
    }

    /** Whether the declaration is borne out by every iterate observed (and at least one increment was). */
    public boolean holds() {
        return failure == null && increments > 0;
    }

    /** Why the declaration does not hold, or null. */
    public String failure() {
        if (failure != null) {
            return "declared tail " + tail.describe() + " does not fit the iterates: " + failure;
        }
        return increments == 0 ? "declared tail " + tail.describe() + " not checked: no increment observed" : null;
    }

    /** Null when {@code b - a} passes the test, else what is wrong with it. */
    private String test(double[] a, double[] b) {
        double[] diff = Vectors.subtract(b, a);
        double size = Vectors.norm2(diff);
        double outside = Vectors.norm2(outsideRowSpace(diff));
        double scale = Math.max(1, Math.max(Vectors.norm2(a), Vectors.norm2(b)));
        if (outside <= RELATIVE * size + FLOOR * scale) {
            return null;
        }
        return String.format(Locale.ROOT, "leaves the row space of X: ||P_perp D|| = %.3e is %.3e of ||D|| = %.3e "
                + "(allowed %.0e relative + %.0e)", outside, size > 0 ? outside / size : Double.POSITIVE_INFINITY, size,
                RELATIVE, FLOOR * scale);
    }

    /** {@code P_perp v = v - sum_i <v, b_i> b_i}. */
    double[] outsideRowSpace(double[] v) {
        double[] r = v.clone();
        for (double[] b : basis) {
            double c = Vectors.dot(b, v);
            for (int j = 0; j < r.length; j++) {
                r[j] -= c * b[j];
            }
        }
        return r;
    }

    private double[] link(double[] w) {
        psi.link(w, scratch);
        return scratch.clone();
    }

    /** The right singular vectors of X for the singular values above the numerical rank threshold. */
    static double[][] rowSpaceBasis(Dataset data) {
        RealMatrix x = new Array2DRowRealMatrix(data.matrix(), false);
        SingularValueDecomposition svd = new SingularValueDecomposition(x);
        int rank = svd.getRank();
        RealMatrix v = svd.getV();
        double[][] out = new double[rank][];
        for (int i = 0; i < rank; i++) {
            out[i] = v.getColumn(i);
        }
        return out;
    }
}
