package org.implicitbias.oracle.certify;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Exact linear algebra over the rationals for the certificates.
 *
 * <p>Linear systems are solved by fraction-free (Bareiss) elimination on integer rows: each row of
 * {@code [A | b]} is first scaled by the least common multiple of its denominators, so every
 * intermediate entry is a minor of that integer matrix and stays as short as the determinant
 * bound allows; the quotient of every Bareiss step is exact (a remainder would be an internal error).
 * Only the back substitution works with fractions.
 */
public final class RationalAlgebra {
    private RationalAlgebra() {
    }

    /**
     * Result of {@link #solve}: a solution x of {@code A x = b} when the system is consistent,
     * with the rank of A and the free (non-pivot) columns, whose values were taken from the
     * preferred point.
     */
    public static final class LinearSolution {
        private final BigFraction[] x;
        private final int rank;
        private final int[] freeColumns;
        private final int[] pivotColumns;

        public LinearSolution(BigFraction[] x, int rank, int[] freeColumns, int[] pivotColumns) {
            this.x = x;
            this.rank = rank;
            this.freeColumns = freeColumns;
            this.pivotColumns = pivotColumns;
        }

        public BigFraction[] x() {
            return x;
        }

        public int rank() {
            return rank;
        }

        public int[] freeColumns() {
            return freeColumns;
        }

        public int[] pivotColumns() {
            return pivotColumns;
        }

        /** Whether {@code A x = b} has a solution. */
        public boolean consistent() {
            return x != null;
        }

        /** Whether the solution is the only one (no free columns). */
        public boolean unique() {
            return x != null && freeColumns.length == 0;
        }

        /** Equal when every component is, arrays compared by their contents. */
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof LinearSolution other
                    && Arrays.equals(x, other.x)
                    && rank == other.rank
                    && Arrays.equals(freeColumns, other.freeColumns)
                    && Arrays.equals(pivotColumns, other.pivotColumns));
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(x), rank, Arrays.hashCode(freeColumns),
                    Arrays.hashCode(pivotColumns));
        }

        @Override
        public String toString() {
            return "LinearSolution[x=" + Arrays.toString(x)
                    + ", rank=" + rank
                    + ", freeColumns=" + Arrays.toString(freeColumns)
                    + ", pivotColumns=" + Arrays.toString(pivotColumns) + "]";
        }
    }

    /**
     * Solves {@code A x = b} exactly. When the solution set is an affine space of dimension > 0,
     * the free variables (the non-pivot columns of the echelon form, chosen left to right) take
     * the values of {@code preferred} (zero where preferred is null), so the returned point is the
     * solution that agrees with the preferred point on those coordinates.
     *
     * @param a         m x n matrix (m may be 0)
     * @param b         right-hand side of length m
     * @param preferred length n or null
     * @return the solution, or a {@link LinearSolution} with {@code x == null} if the system is inconsistent
     */
    public static LinearSolution solve(BigFraction[][] a, BigFraction[] b, BigFraction[] preferred) {
        int m = a.length;
        int n = m == 0 ? (preferred == null ? 0 : preferred.length) : a[0].length;
        BigInteger[][] r = new BigInteger[m][n + 1];
        Deadline deadline = Deadline.current();
        for (int i = 0; i < m; i++) {
            deadline.check("clearing denominators");
            BigFraction[] row = Arrays.copyOf(a[i], n + 1);
            row[n] = b[i];
            BigInteger l = Rationals.lcmOfDenominators(row);
            for (int j = 0; j <= n; j++) {
                r[i][j] = row[j].getNumerator().multiply(l.divide(row[j].getDenominator()));
            }
        }
        Echelon e = echelon(r, n);
        // Consistency: rows below the rank must have a zero right-hand side.
        for (int i = e.rank; i < m; i++) {
            if (r[i][n].signum() != 0) {
                return new LinearSolution(null, e.rank, e.free(n), e.pivots());
            }
        }
        BigFraction[] x = new BigFraction[n];
        boolean[] isPivot = new boolean[n];
        for (int k = 0; k < e.rank; k++) {
            isPivot[e.pivotCol[k]] = true;
        }
        for (int j = 0; j < n; j++) {
            if (!isPivot[j]) {
                x[j] = preferred == null ? BigFraction.ZERO : preferred[j];
            }
        }
        for (int k = e.rank - 1; k >= 0; k--) {
            deadline.check("back substitution");
            int c = e.pivotCol[k];
            BigFraction s = new BigFraction(r[k][n]);
            for (int j = c + 1; j < n; j++) {
                if (r[k][j].signum() != 0) {
                    s = s.subtract(x[j].multiply(r[k][j]));
                }
            }
            x[c] = s.divide(r[k][c]);
        }
        return new LinearSolution(x, e.rank, e.free(n), e.pivots());
    }

    /** Rank of a rational matrix. */
    public static int rank(BigFraction[][] a) {
        if (a.length == 0) {
            return 0;
        }
        int n = a[0].length;
        return echelon(integerRows(a), n).rank;
    }

    /**
     * An integer basis of the kernel {@code {k : A k = 0}}: one primitive integer vector per free
     * column of the echelon form (1 in that column's position before scaling, zero in the other
     * free columns). It spans the kernel over the reals because A is rational.
     */
    public static List<BigInteger[]> integerKernelBasis(BigFraction[][] a, int n) {
        List<BigInteger[]> basis = new ArrayList<>();
        if (a.length == 0) {
            for (int j = 0; j < n; j++) {
                BigInteger[] v = new BigInteger[n];
                Arrays.fill(v, BigInteger.ZERO);
                v[j] = BigInteger.ONE;
                basis.add(v);
            }
            return basis;
        }
        BigFraction[] zero = new BigFraction[a.length];
        Arrays.fill(zero, BigFraction.ZERO);
        LinearSolution base = solve(a, zero, null);
        Deadline deadline = Deadline.current();
        for (int f : base.freeColumns()) {
            deadline.check("integer kernel basis");
            BigFraction[] pref = new BigFraction[n];
            Arrays.fill(pref, BigFraction.ZERO);
            pref[f] = BigFraction.ONE;
            BigFraction[] v = solve(a, zero, pref).x();
            basis.add(primitive(v));
        }
        return basis;
    }

    /**
     * {@link Rationals#lcmOfDenominators}, checking the deadline as it goes: the lcm of many unrelated
     * denominators (e.g. of the simplest rationals near a candidate) grows to thousands of bits.
     */
    static BigInteger lcmOfDenominators(BigFraction[] values) {
        Deadline deadline = Deadline.current();
        BigInteger l = BigInteger.ONE;
        for (int i = 0; i < values.length; i++) {
            if ((i & 63) == 63) {
                deadline.check("common denominator");
            }
            BigInteger den = values[i].getDenominator();
            l = l.divide(l.gcd(den)).multiply(den);
        }
        return l;
    }

    /** The primitive integer vector (gcd 1, denominators cleared) proportional to a rational vector. */
    public static BigInteger[] primitive(BigFraction[] v) {
        BigInteger l = Rationals.lcmOfDenominators(v);
        BigInteger[] out = new BigInteger[v.length];
        BigInteger g = BigInteger.ZERO;
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].getNumerator().multiply(l.divide(v[i].getDenominator()));
            g = g.gcd(out[i]);
        }
        if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
            for (int i = 0; i < v.length; i++) {
                out[i] = out[i].divide(g);
            }
        }
        return out;
    }

    // ---- Bareiss echelon form (in place) --------------------------------------------------------

    private static final class Echelon {
        private final int rank;
        private final int[] pivotCol;

        Echelon(int rank, int[] pivotCol) {
            this.rank = rank;
            this.pivotCol = pivotCol;
        }

        int[] pivots() {
            return Arrays.copyOf(pivotCol, rank);
        }

        int[] free(int n) {
            boolean[] p = new boolean[n];
            for (int k = 0; k < rank; k++) {
                p[pivotCol[k]] = true;
            }
            int[] f = new int[n - rank];
            int t = 0;
            for (int j = 0; j < n; j++) {
                if (!p[j]) {
                    f[t++] = j;
                }
            }
            return f;
        }
    }

    private static BigInteger[][] integerRows(BigFraction[][] a) {
        int n = a[0].length;
        BigInteger[][] r = new BigInteger[a.length][n];
        Deadline deadline = Deadline.current();
        for (int i = 0; i < a.length; i++) {
            deadline.check("clearing denominators");
            BigInteger l = Rationals.lcmOfDenominators(a[i]);
            for (int j = 0; j < n; j++) {
                r[i][j] = a[i][j].getNumerator().multiply(l.divide(a[i][j].getDenominator()));
            }
        }
        return r;
    }

    /** Fraction-free row echelon form of the first n columns (extra columns are carried along). */
    private static Echelon echelon(BigInteger[][] r, int n) {
        Deadline deadline = Deadline.current();
        int m = r.length;
        int width = m == 0 ? 0 : r[0].length;
        int[] pivotCol = new int[Math.min(m, n)];
        BigInteger prev = BigInteger.ONE;
        int row = 0;
        for (int col = 0; col < n && row < m; col++) {
            int p = -1;
            for (int i = row; i < m; i++) {
                if (r[i][col].signum() != 0) {
                    p = i;
                    break;
                }
            }
            if (p < 0) {
                continue;
            }
            BigInteger[] tmp = r[p];
            r[p] = r[row];
            r[row] = tmp;
            BigInteger piv = r[row][col];
            for (int i = row + 1; i < m; i++) {
                // one check per row update: each is (width - col) products of growing minors
                deadline.check("Bareiss elimination");
                BigInteger f = r[i][col];
                for (int j = col + 1; j < width; j++) {
                    BigInteger num = piv.multiply(r[i][j]).subtract(f.multiply(r[row][j]));
                    BigInteger[] qr = num.divideAndRemainder(prev);
                    if (qr[1].signum() != 0) {
                        throw new ArithmeticException("inexact Bareiss step: internal error");
                    }
                    r[i][j] = qr[0];
                }
                r[i][col] = BigInteger.ZERO;
            }
            // Rows above the pivot row are already final; earlier rows were not rescaled, so the
            // next quotient divides by this pivot.
            prev = piv;
            pivotCol[row] = col;
            row++;
        }
        return new Echelon(row, pivotCol);
    }

    // ---- small vector and matrix helpers -------------------------------------------------------

    /**
     * A rational vector over one common denominator: {@code v_i = nums_i / den} with den > 0. Dot
     * products then run on integers, which is much faster than adding fractions term by term.
     */
    static final class Scaled {
        private final BigInteger[] nums;
        private final BigInteger den;

        Scaled(BigInteger[] nums, BigInteger den) {
            this.nums = nums;
            this.den = den;
        }

        public BigInteger[] nums() {
            return nums;
        }

        public BigInteger den() {
            return den;
        }

        static Scaled of(BigFraction[] v) {
            BigInteger l = lcmOfDenominators(v);
            BigInteger[] n = new BigInteger[v.length];
            for (int i = 0; i < v.length; i++) {
                n[i] = v[i].getNumerator().multiply(l.divide(v[i].getDenominator()));
            }
            return new Scaled(n, l);
        }

        BigInteger dotNumerator(Scaled o) {
            BigInteger s = BigInteger.ZERO;
            for (int i = 0; i < nums.length; i++) {
                if (nums[i].signum() != 0 && o.nums[i].signum() != 0) {
                    s = s.add(nums[i].multiply(o.nums[i]));
                }
            }
            return s;
        }

        /** Equal when every component is, arrays compared by their contents. */
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Scaled other
                    && Arrays.equals(nums, other.nums)
                    && Objects.equals(den, other.den));
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(nums), den);
        }

        @Override
        public String toString() {
            return "Scaled[nums=" + Arrays.toString(nums)
                    + ", den=" + den + "]";
        }
    }

    /** {@code A x}. */
    public static BigFraction[] times(BigFraction[][] a, BigFraction[] x) {
        Scaled sx = Scaled.of(x);
        BigFraction[] out = new BigFraction[a.length];
        Deadline deadline = Deadline.current();
        for (int i = 0; i < a.length; i++) {
            deadline.check("exact product A x");
            Scaled row = Scaled.of(a[i]);
            out[i] = new BigFraction(row.dotNumerator(sx), row.den().multiply(sx.den()));
        }
        return out;
    }

    /** {@code A' y} (A has n columns). */
    public static BigFraction[] timesTransposed(BigFraction[][] a, BigFraction[] y, int n) {
        if (a.length == 0) {
            return zeros(n);
        }
        Scaled sy = Scaled.of(y);
        Scaled[] rows = new Scaled[a.length];
        BigInteger l = BigInteger.ONE;
        for (int i = 0; i < a.length; i++) {
            rows[i] = Scaled.of(a[i]);
            l = l.divide(l.gcd(rows[i].den())).multiply(rows[i].den());
        }
        BigInteger[] acc = new BigInteger[n];
        java.util.Arrays.fill(acc, BigInteger.ZERO);
        Deadline deadline = Deadline.current();
        for (int i = 0; i < a.length; i++) {
            deadline.check("exact product A' y");
            if (sy.nums()[i].signum() == 0) {
                continue;
            }
            BigInteger f = sy.nums()[i].multiply(l.divide(rows[i].den()));
            for (int j = 0; j < n; j++) {
                if (rows[i].nums()[j].signum() != 0) {
                    acc[j] = acc[j].add(rows[i].nums()[j].multiply(f));
                }
            }
        }
        BigInteger den = l.multiply(sy.den());
        BigFraction[] out = new BigFraction[n];
        for (int j = 0; j < n; j++) {
            out[j] = new BigFraction(acc[j], den);
        }
        return out;
    }

    /** Inner product. */
    public static BigFraction dot(BigFraction[] a, BigFraction[] b) {
        Scaled sa = Scaled.of(a);
        Scaled sb = Scaled.of(b);
        return new BigFraction(sa.dotNumerator(sb), sa.den().multiply(sb.den()));
    }

    /**
     * The weighted Gram matrix {@code K_ab = sum_j A_aj A_bj omega_j} (omega null: all ones), on
     * integers.
     */
    public static BigFraction[][] gram(BigFraction[][] a, BigFraction[] omega) {
        int m = a.length;
        int n = a[0].length;
        Scaled w = omega == null ? null : Scaled.of(omega);
        Scaled[] rows = new Scaled[m];
        Scaled[] weighted = new Scaled[m];
        for (int i = 0; i < m; i++) {
            rows[i] = Scaled.of(a[i]);
            if (w == null) {
                weighted[i] = rows[i];
            } else {
                BigInteger[] t = new BigInteger[n];
                for (int j = 0; j < n; j++) {
                    t[j] = rows[i].nums()[j].multiply(w.nums()[j]);
                }
                weighted[i] = new Scaled(t, rows[i].den().multiply(w.den()));
            }
        }
        BigFraction[][] k = new BigFraction[m][m];
        Deadline deadline = Deadline.current();
        for (int i = 0; i < m; i++) {
            deadline.check("exact Gram matrix");
            for (int j = 0; j <= i; j++) {
                k[i][j] = new BigFraction(weighted[i].dotNumerator(rows[j]), weighted[i].den().multiply(rows[j].den()));
                k[j][i] = k[i][j];
            }
        }
        return k;
    }

    /** {@code a - b}. */
    public static BigFraction[] subtract(BigFraction[] a, BigFraction[] b) {
        BigFraction[] out = new BigFraction[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].subtract(b[i]);
        }
        return out;
    }

    /** {@code a + b}. */
    public static BigFraction[] add(BigFraction[] a, BigFraction[] b) {
        BigFraction[] out = new BigFraction[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].add(b[i]);
        }
        return out;
    }

    /** {@code s a}. */
    public static BigFraction[] scale(BigFraction s, BigFraction[] a) {
        BigFraction[] out = new BigFraction[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].multiply(s);
        }
        return out;
    }

    /** A vector of n zeros. */
    public static BigFraction[] zeros(int n) {
        BigFraction[] z = new BigFraction[n];
        Arrays.fill(z, BigFraction.ZERO);
        return z;
    }

    /** {@code ||a||_1}. */
    public static BigFraction norm1(BigFraction[] a) {
        BigFraction s = BigFraction.ZERO;
        for (BigFraction v : a) {
            s = s.add(v.abs());
        }
        return s;
    }

    /** {@code ||a||_inf}. */
    public static BigFraction normInf(BigFraction[] a) {
        BigFraction s = BigFraction.ZERO;
        for (BigFraction v : a) {
            if (v.abs().compareTo(s) > 0) {
                s = v.abs();
            }
        }
        return s;
    }

    /** The transpose. */
    public static BigFraction[][] transpose(BigFraction[][] a, int n) {
        BigFraction[][] t = new BigFraction[n][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < n; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** Whether every entry is zero. */
    public static boolean isZero(BigFraction[] a) {
        for (BigFraction v : a) {
            if (Rationals.sgn(v) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first non-zero entry, or -1. */
    public static int firstNonZero(BigFraction[] a) {
        for (int i = 0; i < a.length; i++) {
            if (Rationals.sgn(a[i]) != 0) {
                return i;
            }
        }
        return -1;
    }
}
