package org.implicitbias.oracle.certify;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * The solution set {@code {w : X w = y}} written as {@code w = p + B t}, where t are the free
 * coordinates of the echelon form ({@code w_f = t_f} for each free column f) and every pivot
 * coordinate is an affine function of them. Used to substitute the linear constraints into a
 * nonlinear query, so the solver sees fewer variables.
 */
final class AffineSpace {
    private final BigFraction[] particular;
    private final BigFraction[][] directions;
    private final int[] free;

    AffineSpace(BigFraction[] particular, BigFraction[][] directions, int[] free) {
        this.particular = particular;
        this.directions = directions;
        this.free = free;
    }

    /** P (the solution with all free coordinates zero), or null if {@code Xw = y} is inconsistent. */
    public BigFraction[] particular() {
        return particular;
    }

    /**
     * B as columns: one kernel vector per free coordinate (1 in its own position, 0 in the other free positions).
     */
    public BigFraction[][] directions() {
        return directions;
    }

    /** The free coordinates. */
    public int[] free() {
        return free;
    }

    static AffineSpace of(BigFraction[][] x, BigFraction[] y) {
        int d = x[0].length;
        RationalAlgebra.LinearSolution base = RationalAlgebra.solve(x, y, null);
        if (!base.consistent()) {
            return new AffineSpace(null, new BigFraction[0][], new int[0]);
        }
        int[] free = base.freeColumns();
        BigFraction[] zero = RationalAlgebra.zeros(x.length);
        BigFraction[][] dirs = new BigFraction[free.length][];
        for (int k = 0; k < free.length; k++) {
            BigFraction[] pref = RationalAlgebra.zeros(d);
            pref[free[k]] = BigFraction.ONE;
            dirs[k] = RationalAlgebra.solve(x, zero, pref).x();
        }
        return new AffineSpace(base.x(), dirs, free);
    }

    boolean empty() {
        return particular == null;
    }

    /** Coefficients of coordinate i in the free variables. */
    BigFraction[] coefficients(int i) {
        BigFraction[] c = new BigFraction[free.length];
        for (int k = 0; k < free.length; k++) {
            c[k] = directions[k][i];
        }
        return c;
    }

    /** SMT-LIB term of coordinate i in the free-variable names. */
    String term(int i, String[] freeNames) {
        for (int k = 0; k < free.length; k++) {
            if (free[k] == i) {
                return freeNames[k];
            }
        }
        return SmtText.affine(coefficients(i), freeNames, particular[i]);
    }

    /** Exact interval of coordinate i when each free variable k ranges over [lo_k, hi_k]. */
    BigFraction[] interval(int i, BigFraction[] lo, BigFraction[] hi) {
        BigFraction a = particular[i];
        BigFraction b = particular[i];
        for (int k = 0; k < free.length; k++) {
            BigFraction c = directions[k][i];
            int s = Rationals.sgn(c);
            if (s > 0) {
                a = a.add(c.multiply(lo[k]));
                b = b.add(c.multiply(hi[k]));
            } else if (s < 0) {
                a = a.add(c.multiply(hi[k]));
                b = b.add(c.multiply(lo[k]));
            }
        }
        return new BigFraction[] {a, b};
    }

    @Override
    public String toString() {
        return "AffineSpace[free=" + Arrays.toString(free) + "]";
    }

    /** Equal when every component is, arrays compared by their contents. */
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof AffineSpace other
                && Arrays.equals(particular, other.particular)
                && Arrays.deepEquals(directions, other.directions)
                && Arrays.equals(free, other.free));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(particular), Arrays.deepHashCode(directions), Arrays.hashCode(free));
    }
}
