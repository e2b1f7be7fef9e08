package org.implicitbias.oracle.certify;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * A rational matrix for the bounded route: each entry as its exact decimal when it has a finite
 * expansion (every double, every decimal literal), as a tight enclosure otherwise (e.g. 1/3); dot
 * products with decimal vectors are then exact sums, without rounding, which is both rigorous and
 * much faster than rounding every partial sum.
 */
final class ExactMatrix {
    private final BigFraction[][] rational;
    /** The exact decimal of each entry, or null when it does not terminate. */
    private final BigDecimal[][] decimal;
    private final int cols;

    ExactMatrix(BigFraction[][] x) {
        this.rational = x;
        this.cols = x.length == 0 ? 0 : x[0].length;
        this.decimal = new BigDecimal[x.length][];
        for (int i = 0; i < x.length; i++) {
            decimal[i] = new BigDecimal[cols];
            for (int j = 0; j < cols; j++) {
                decimal[i][j] = terminating(x[i][j]);
            }
        }
    }

    int rows() {
        return rational.length;
    }

    int cols() {
        return cols;
    }

    /** The entry, exactly when it terminates. */
    Enclosure entry(int i, int j) {
        BigDecimal v = decimal[i][j];
        return v != null ? Enclosure.point(v) : Enclosure.of(rational[i][j]);
    }

    /**
     * A double near the entry: the correctly rounded one when the entry terminates
     * ({@link #terminates}), so that {@code |x - x-hat| <= u |x-hat| / (1 - u)}, {@code u = 2^-53}.
     */
    double nearest(int i, int j) {
        BigDecimal e = decimal[i][j];
        return e != null ? e.doubleValue() : rational[i][j].doubleValue();
    }

    /** Whether the entry has a finite decimal expansion (then {@link #nearest} is correctly rounded). */
    boolean terminates(int i, int j) {
        return decimal[i][j] != null;
    }

    /** {@code sum_{j in cols} x_ij v_j}, exact when the row's entries terminate. */
    Enclosure rowDot(int i, BigDecimal[] v, int[] columns) {
        BigDecimal exact = BigDecimal.ZERO;
        Enclosure rest = Enclosure.ZERO;
        for (int j : columns) {
            if (v[j].signum() == 0) {
                continue;
            }
            BigDecimal e = decimal[i][j];
            if (e != null) {
                exact = exact.add(e.multiply(v[j]));
            } else {
                rest = rest.add(Enclosure.of(rational[i][j]).multiply(Enclosure.point(v[j])));
            }
        }
        return rest.add(Enclosure.point(exact));
    }

    /** {@code sum_i x_ij v_i}, exact when the column's entries terminate. */
    Enclosure columnDot(int j, BigDecimal[] v) {
        BigDecimal exact = BigDecimal.ZERO;
        Enclosure rest = Enclosure.ZERO;
        for (int i = 0; i < rational.length; i++) {
            if (v[i].signum() == 0) {
                continue;
            }
            BigDecimal e = decimal[i][j];
            if (e != null) {
                exact = exact.add(e.multiply(v[i]));
            } else {
                rest = rest.add(Enclosure.of(rational[i][j]).multiply(Enclosure.point(v[i])));
            }
        }
        return rest.add(Enclosure.point(exact));
    }

    /** The exact decimal of a rational, or null when its expansion does not terminate. */
    static BigDecimal terminating(BigFraction q) {
        BigInteger num = q.getNumerator();
        BigInteger den = q.getDenominator();
        if (den.equals(BigInteger.ONE)) {
            return new BigDecimal(num);
        }
        int twos = den.getLowestSetBit();
        BigInteger odd = den.shiftRight(twos);
        // den = 2^a 5^b: num / den = num 2^(m-a) 5^(m-b) / 10^m, m = max(a, b)
        int fives = odd.equals(BigInteger.ONE) ? 0 : powerOfFive(odd);
        if (fives < 0) {
            return null;
        }
        int m = Math.max(twos, fives);
        BigInteger scaled = num.shiftLeft(m - twos).multiply(FIVE.pow(m - fives));
        return new BigDecimal(scaled, m);
    }

    private static final BigInteger FIVE = BigInteger.valueOf(5);

    /** b with {@code n = 5^b}, or -1. */
    private static int powerOfFive(BigInteger n) {
        // 5^b has about b log2(5) bits: only the two nearest candidates can match.
        int guess = (int) Math.floor((n.bitLength() - 1) / 2.321928094887362);
        for (int b = Math.max(1, guess - 1); b <= guess + 2; b++) {
            if (FIVE.pow(b).equals(n)) {
                return b;
            }
        }
        return -1;
    }

    /** Whether every entry is exactly a double (a dyadic rational with at most 53 significant bits). */
    boolean doubles() {
        for (BigFraction[] row : rational) {
            for (BigFraction q : row) {
                BigInteger den = q.getDenominator();
                if (den.bitCount() != 1 || q.getNumerator().bitLength() - q.getNumerator().getLowestSetBit() > 53
                        || den.bitLength() > 1000) {
                    return false;
                }
            }
        }
        return true;
    }
}
