package org.implicitbias.claims.search;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.Dataset;

/**
 * The simpler variants of a data set (X, y) for the {@link Shrinker}, and the size order they shrink.
 *
 * <p>Size is lexicographic: number of rows N, then dimension d, then the sum of the denominators of all
 * entries of X and y (in lowest terms), then the sum of the absolute values of their numerators. So
 * fewer points beat fewer dimensions, which beat simpler fractions, which beat smaller magnitudes; every
 * order component is a non-negative integer, so the order is well-founded and shrinking terminates.
 *
 * <p>Candidates, simplest first: drop a row; for regression, eliminate a coordinate that a row with a
 * single non-zero entry pins (that row and column go, the other targets absorb the pinned value); drop a
 * column (vector data only); round every entry to an
 * integer, then to fractions of denominator at most 2, 3, 4, ... (each entry to its best approximation,
 * the last continued-fraction convergent within the bound, then to the nearest multiple of 1/q); rescale
 * one example to integers or divide it by the gcd of its entries (for regression together with its
 * target, which leaves {@code G = {Xw = y}} unchanged; for classification only x_n, by a positive factor,
 * which keeps its label and separability); then each entry alone: 0, nearest integer, its
 * continued-fraction convergents in increasing denominator (the simplest fractions that close to it),
 * nearest simple fractions, half the magnitude, one step toward 0. A candidate is kept only while the
 * claim stays refuted the same way (the {@link Shrinker} tests each), so a doubles-born entry such as
 * {@code 2467797637595057/4503599627370496} ends as {@code 1/2} or {@code 6/11} when that still refutes. Symmetric matrix data (rows are flattened m x m matrices) keep their
 * symmetry: entries (p, q) and (q, p) change together, and columns are never dropped.
 *
 * <p>How targets follow X ({@link Targets}): regression targets shrink like X; labels of
 * classification stay +-1 and never change; when the claim needs {@code G} to meet {@code w > 0}
 * (entropy) or the simplex interior, a change of X is offered twice, with y kept and with y
 * re-derived as {@code y = X w+} for the simplest interior point ({@code w+ = 1}, or {@code 1/d} on
 * the simplex), which keeps that precondition by construction. Candidates may still break a
 * precondition (a dropped column can leave y outside the range of X, a rounded entry can make data
 * inseparable): the property must call those {@link Shrinker.Outcome#INVALID}.
 */
public final class InstanceShrinking {
    /** Denominators tried when rounding to simple fractions, simplest first. */
    private static final int[] DENOMINATORS = {2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 64, 100, 128, 1000};
    /** Largest denominator of the continued-fraction convergents offered for one entry. */
    private static final BigInteger MAX_CONVERGENT_DENOMINATOR = BigInteger.valueOf(1_000_000);
    /** Largest factor by which one example is rescaled to integers. */
    private static final BigInteger MAX_SCALE = BigInteger.valueOf(1000);

    /** How the targets y relate to X. */
    public enum Targets {
        /** Regression with free targets: y shrinks like X. */
        FREE,
        /** Classification: y are labels +-1 and stay as they are. */
        LABELS,
        /** Regression whose G must meet {@code w > 0}: y may be re-derived as {@code X 1}. */
        POSITIVE,
        /** Regression whose G must meet the simplex interior: y may be re-derived as {@code X 1/d}. */
        SIMPLEX
    }

    private final Targets targets;
    private final int matrixSize;

    /**
     * @param targets    how y follows X
     * @param matrixSize for matrix data the side m of the symmetric {@code X_n} (d = m^2), else 0
     */
    public InstanceShrinking(Targets targets, int matrixSize) {
        this.targets = targets;
        this.matrixSize = matrixSize;
    }

    /** The size order described above. */
    public static Comparator<Dataset> sizeOrder() {
        return Comparator.<Dataset>comparingInt(Dataset::n)
                .thenComparingInt(Dataset::d)
                .thenComparing(InstanceShrinking::denominatorSum)
                .thenComparing(InstanceShrinking::numeratorSum);
    }

    /** Sum of the denominators (lowest terms) of every entry of X and y. */
    public static BigInteger denominatorSum(Dataset data) {
        BigInteger s = BigInteger.ZERO;
        for (BigFraction[] row : data.exactX()) {
            for (BigFraction v : row) {
                s = s.add(v.reduce().getDenominator());
            }
        }
        for (BigFraction v : data.exactY()) {
            s = s.add(v.reduce().getDenominator());
        }
        return s;
    }

    /** Sum of the absolute numerators (lowest terms) of every entry of X and y. */
    public static BigInteger numeratorSum(Dataset data) {
        BigInteger s = BigInteger.ZERO;
        for (BigFraction[] row : data.exactX()) {
            for (BigFraction v : row) {
                s = s.add(v.reduce().getNumerator().abs());
            }
        }
        for (BigFraction v : data.exactY()) {
            s = s.add(v.reduce().getNumerator().abs());
        }
        return s;
    }

    /** The candidates of a data set, simplest first, without duplicates or the data set itself. */
    public List<Dataset> candidates(Dataset data) {
        BigFraction[][] x = data.exactX();
        BigFraction[] y = data.exactY();
        int n = x.length;
        int d = x[0].length;
        Set<Key> seen = new LinkedHashSet<>();
        seen.add(new Key(x, y));
        List<Dataset> out = new ArrayList<>();

        for (int i = 0; n > 1 && i < n; i++) {
            BigFraction[][] xs = new BigFraction[n - 1][];
            BigFraction[] ys = new BigFraction[n - 1];
            for (int k = 0, m = 0; k < n; k++) {
                if (k != i) {
                    xs[m] = x[k];
                    ys[m++] = y[k];
                }
            }
            add(out, seen, xs, ys, false);
        }
        if (matrixSize == 0 && d > 1 && n > 1 && (targets == Targets.FREE || targets == Targets.POSITIVE)) {
            for (int i = 0; i < n; i++) {
                eliminate(out, seen, x, y, i);
            }
        }
        for (int j = 0; matrixSize == 0 && d > 1 && j < d; j++) {
            BigFraction[][] xs = new BigFraction[n][d - 1];
            for (int i = 0; i < n; i++) {
                for (int k = 0, m = 0; k < d; k++) {
                    if (k != j) {
                        xs[i][m++] = x[i][k];
                    }
                }
            }
            add(out, seen, xs, y, true);
        }
        // every entry at once to integers, then to simple fractions: best approximations within the
        // bound first, then the nearest multiples of 1/q
        boolean shrinkY = targets != Targets.LABELS;
        add(out, seen, roundAll(x, 1), shrinkY ? roundAll(y, 1) : y, true);
        for (int q : DENOMINATORS) {
            add(out, seen, bestAll(x, q), shrinkY ? bestAll(y, q) : y, true);
            add(out, seen, roundAll(x, q), shrinkY ? roundAll(y, q) : y, true);
        }
        for (int i = 0; i < n; i++) {
            rescaleRow(out, seen, x, y, i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                if (matrixSize > 0 && j % matrixSize < j / matrixSize) {
                    continue; // the lower triangle moves with the upper one
                }
                for (BigFraction v : simpler(x[i][j])) {
                    BigFraction[][] xs = copy(x);
                    xs[i][j] = v;
                    if (matrixSize > 0) {
                        xs[i][(j % matrixSize) * matrixSize + j / matrixSize] = v;
                    }
                    add(out, seen, xs, y, true);
                }
            }
        }
        if (shrinkY) {
            // targets that must keep G meeting w > 0 or the simplex may break it: the property says INVALID
            for (int i = 0; i < n; i++) {
                for (BigFraction v : simpler(y[i])) {
                    BigFraction[] ys = y.clone();
                    ys[i] = v;
                    add(out, seen, x, ys, false);
                }
            }
        }
        if (targets == Targets.POSITIVE || targets == Targets.SIMPLEX) {
            add(out, seen, x, interiorTargets(x), false);
        }
        return out;
    }

    /**
     * When row i has a single non-zero entry x_ij, every point of G has {@code w_j = y_i / x_ij}: the
     * coordinate is eliminated (row i and column j dropped, {@code y_k -= x_kj y_i / x_ij}), which leaves
     * G's other coordinates as they were (and a positive point positive).
     */
    private void eliminate(List<Dataset> out, Set<Key> seen, BigFraction[][] x, BigFraction[] y, int i) {
        int n = x.length;
        int d = x[0].length;
        int j = -1;
        for (int k = 0; k < d; k++) {
            if (x[i][k].getNumerator().signum() != 0) {
                if (j >= 0) {
                    return;
                }
                j = k;
            }
        }
        if (j < 0) {
            return;
        }
        BigFraction pinned = y[i].divide(x[i][j]);
        BigFraction[][] xs = new BigFraction[n - 1][d - 1];
        BigFraction[] ys = new BigFraction[n - 1];
        for (int k = 0, r = 0; k < n; k++) {
            if (k == i) {
                continue;
            }
            for (int c = 0, m = 0; c < d; c++) {
                if (c != j) {
                    xs[r][m++] = x[k][c];
                }
            }
            ys[r++] = y[k].subtract(x[k][j].multiply(pinned)).reduce();
        }
        put(out, seen, xs, ys);
    }

    /** Adds (xs, ys), and for interior-point targets also (xs, X 1) when X changed. */
    private void add(List<Dataset> out, Set<Key> seen, BigFraction[][] xs, BigFraction[] ys, boolean xChanged) {
        put(out, seen, xs, ys);
        if (xChanged && (targets == Targets.POSITIVE || targets == Targets.SIMPLEX)) {
            put(out, seen, xs, interiorTargets(xs));
        }
    }

    private static void put(List<Dataset> out, Set<Key> seen, BigFraction[][] xs, BigFraction[] ys) {
        if (seen.add(new Key(xs, ys)) && !zeroRow(xs)) {
            out.add(Dataset.exact(xs, ys));
        }
    }

    /** A row of zeros carries no information and would make labels meaningless: never offered. */
    private static boolean zeroRow(BigFraction[][] x) {
        for (BigFraction[] row : x) {
            boolean zero = true;
            for (BigFraction v : row) {
                zero &= v.getNumerator().signum() == 0;
            }
            if (zero) {
                return true;
            }
        }
        return false;
    }

    /** {@code y = X w+} with {@code w+ = 1} (positive) or {@code 1/d} (simplex). */
    private BigFraction[] interiorTargets(BigFraction[][] x) {
        int d = x[0].length;
        BigFraction weight = targets == Targets.SIMPLEX ? new BigFraction(1, d) : BigFraction.ONE;
        BigFraction[] y = new BigFraction[x.length];
        for (int i = 0; i < x.length; i++) {
            BigFraction s = BigFraction.ZERO;
            for (BigFraction v : x[i]) {
                s = s.add(v);
            }
            y[i] = s.multiply(weight).reduce();
        }
        return y;
    }

    /** Example i times the lcm of its denominators, or divided by the gcd of its numerators. */
    private void rescaleRow(List<Dataset> out, Set<Key> seen, BigFraction[][] x, BigFraction[] y, int i) {
        boolean withTarget = targets != Targets.LABELS;
        BigInteger lcm = BigInteger.ONE;
        BigInteger gcd = BigInteger.ZERO;
        for (BigFraction v : row(x[i], withTarget ? y[i] : null)) {
            BigFraction r = v.reduce();
            BigInteger den = r.getDenominator();
            lcm = lcm.divide(lcm.gcd(den)).multiply(den);
            gcd = gcd.gcd(r.getNumerator());
        }
        BigFraction factor;
        if (lcm.compareTo(BigInteger.ONE) > 0 && lcm.compareTo(MAX_SCALE) <= 0) {
            factor = new BigFraction(lcm);
        } else if (lcm.equals(BigInteger.ONE) && gcd.compareTo(BigInteger.ONE) > 0) {
            factor = new BigFraction(BigInteger.ONE, gcd);
        } else {
            return;
        }
        BigFraction[][] xs = copy(x);
        for (int j = 0; j < xs[i].length; j++) {
            xs[i][j] = xs[i][j].multiply(factor).reduce();
        }
        BigFraction[] ys = y.clone();
        if (withTarget) {
            ys[i] = ys[i].multiply(factor).reduce();
        }
        // G is unchanged when x_i and y_i scale together: y need not be re-derived
        put(out, seen, xs, ys);
    }

    private static List<BigFraction> row(BigFraction[] x, BigFraction y) {
        List<BigFraction> r = new ArrayList<>(List.of(x));
        if (y != null) {
            r.add(y);
        }
        return r;
    }

    /**
     * Simpler values than v, simplest first: 0; for a non-integer the nearest integer, the
     * continued-fraction convergents of v in increasing denominator (up to 10^6 and below v's own) and the
     * nearest fractions with small denominators (below v's); for an integer half its magnitude and one
     * step toward 0.
     */
    public static List<BigFraction> simpler(BigFraction v) {
        BigFraction r = v.reduce();
        Set<BigFraction> out = new LinkedHashSet<>();
        if (r.getNumerator().signum() != 0) {
            out.add(BigFraction.ZERO);
        }
        BigInteger den = r.getDenominator();
        if (!den.equals(BigInteger.ONE)) {
            out.add(nearest(r, 1));
            for (BigFraction c : convergents(r)) {
                if (c.getDenominator().compareTo(den) < 0 && c.getDenominator().compareTo(MAX_CONVERGENT_DENOMINATOR) <= 0) {
                    out.add(c);
                }
            }
            for (int q : DENOMINATORS) {
                if (BigInteger.valueOf(q).compareTo(den) < 0) {
                    out.add(nearest(r, q));
                }
            }
        } else {
            BigInteger p = r.getNumerator();
            if (p.abs().compareTo(BigInteger.ONE) > 0) {
                out.add(new BigFraction(p.divide(BigInteger.TWO)));
                out.add(new BigFraction(p.subtract(BigInteger.valueOf(p.signum()))));
            }
        }
        out.remove(r);
        return List.copyOf(out);
    }

    /**
     * The continued-fraction convergents {@code h_k / k_k} of v, in increasing denominator, ending with v:
     * {@code v = a_0 + 1/(a_1 + 1/(a_2 + ...))}, {@code h_k = a_k h_{k-1} + h_{k-2}},
     * {@code k_k = a_k k_{k-1} + k_{k-2}}. Each is the best approximation of v among fractions with a
     * denominator no larger than its own.
     */
    public static List<BigFraction> convergents(BigFraction v) {
        List<BigFraction> out = new ArrayList<>();
        BigInteger p = v.getNumerator();
        BigInteger q = v.getDenominator();
        if (q.signum() < 0) {
            p = p.negate();
            q = q.negate();
        }
        BigInteger h0 = BigInteger.ZERO;
        BigInteger h1 = BigInteger.ONE;
        BigInteger k0 = BigInteger.ONE;
        BigInteger k1 = BigInteger.ZERO;
        while (q.signum() != 0) {
            BigInteger[] qr = p.divideAndRemainder(q);
            BigInteger a = qr[0];
            BigInteger rem = qr[1];
            if (rem.signum() < 0) {
                // floor division for negative values
                a = a.subtract(BigInteger.ONE);
                rem = rem.add(q);
            }
            BigInteger h = a.multiply(h1).add(h0);
            BigInteger k = a.multiply(k1).add(k0);
            out.add(new BigFraction(h, k));
            h0 = h1;
            h1 = h;
            k0 = k1;
            k1 = k;
            p = q;
            q = rem;
        }
        return out;
    }

    /** The last convergent of v with a denominator at most q: v's best approximation within that bound. */
    static BigFraction best(BigFraction v, int q) {
        BigFraction r = v.reduce();
        BigFraction best = null;
        for (BigFraction c : convergents(r)) {
            if (c.getDenominator().compareTo(BigInteger.valueOf(q)) > 0) {
                break;
            }
            best = c;
        }
        return best == null ? nearest(r, 1) : best;
    }

    private static BigFraction[][] bestAll(BigFraction[][] x, int q) {
        BigFraction[][] out = new BigFraction[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = bestAll(x[i], q);
        }
        return out;
    }

    private static BigFraction[] bestAll(BigFraction[] v, int q) {
        BigFraction[] out = new BigFraction[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = best(v[j], q);
        }
        return out;
    }

    /** The nearest multiple of 1/q (ties toward zero), in lowest terms. */
    static BigFraction nearest(BigFraction v, int q) {
        BigFraction scaled = v.multiply(q);
        BigInteger num = scaled.getNumerator();
        BigInteger den = scaled.getDenominator();
        // round(|a/b|) with ties toward zero = floor((2|a| + b - 1) / (2b))
        BigInteger mag = num.abs().shiftLeft(1).add(den).subtract(BigInteger.ONE).divide(den.shiftLeft(1));
        return new BigFraction(num.signum() < 0 ? mag.negate() : mag, BigInteger.valueOf(q)).reduce();
    }

    private static BigFraction[][] roundAll(BigFraction[][] x, int q) {
        BigFraction[][] out = new BigFraction[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = roundAll(x[i], q);
        }
        return out;
    }

    private static BigFraction[] roundAll(BigFraction[] v, int q) {
        BigFraction[] out = new BigFraction[v.length];
        for (int j = 0; j < v.length; j++) {
            BigInteger den = v[j].reduce().getDenominator();
            out[j] = den.compareTo(BigInteger.valueOf(q)) > 0 ? nearest(v[j], q) : v[j].reduce();
        }
        return out;
    }

    private static BigFraction[][] copy(BigFraction[][] x) {
        BigFraction[][] c = new BigFraction[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }

    /** Value identity of (X, y) for removing duplicate candidates. */
    private record Key(List<List<BigFraction>> x, List<BigFraction> y) {
        Key(BigFraction[][] x, BigFraction[] y) {
            this(rows(x), reduced(y));
        }

        private static List<List<BigFraction>> rows(BigFraction[][] x) {
            List<List<BigFraction>> r = new ArrayList<>();
            for (BigFraction[] row : x) {
                r.add(reduced(row));
            }
            return r;
        }

        private static List<BigFraction> reduced(BigFraction[] v) {
            List<BigFraction> r = new ArrayList<>();
            for (BigFraction f : v) {
                r.add(f.reduce());
            }
            return r;
        }
    }
}
