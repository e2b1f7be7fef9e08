package org.implicitbias.oracle.certify;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * A closed interval {@code [lo, hi]} of real numbers with decimal endpoints: rigorous interval
 * arithmetic for the bounded certificates.
 *
 * <p>Every operation returns an interval that contains the result of the operation applied to any
 * points of its arguments (the inclusion property). Sums, differences and products are computed
 * exactly and kept exact while they have at most {@value #EXACT_DIGITS} significant digits; longer
 * results, quotients, square roots and the transcendental functions are rounded outwards
 * ({@link RoundingMode#FLOOR} for the lower end, {@link RoundingMode#CEILING} for the upper end) to
 * {@value #DIGITS} significant digits.
 *
 * <p>The transcendental functions carry proofs of their own, not a library's accuracy claim:
 * <ul>
 *   <li>{@code log x}: {@code x = 2^k m} with m in [0.7, 1.42], {@code log m = 2 atanh(z)},
 *       {@code z = (m - 1)/(m + 1)}, |z| < 0.18, and the series
 *       {@code atanh z = sum_i z^(2i+1)/(2i+1)} truncated after K terms with the remainder bound
 *       {@code |z|^(2K+1) / ((2K+1)(1 - z^2))}; {@code log 2 = 2 atanh(1/3)} the same way;</li>
 *   <li>{@code exp x}, x >= 0: {@code exp(x) = exp(x / 2^n)^(2^n)} with {@code s = x / 2^n <= 1/2}
 *       and the Taylor series of {@code exp s} truncated after the term {@code s^K/K!}, whose
 *       remainder is at most twice the next term; {@code exp(-x) = 1/exp(x)};</li>
 *   <li>{@code sqrt x}: an approximation moved outwards until its square, computed exactly,
 *       brackets x;</li>
 *   <li>{@code x^e = exp(e log x)} for x > 0, and {@code asinh x = log(x + sqrt(x^2 + 1))}.</li>
 * </ul>
 * All of these are monotone, so an interval argument maps to the bounds at its ends, each computed
 * with every rounding in the direction that keeps it a bound. Immutable.
 */
public final class Enclosure {
    /** Significant digits of rounded endpoints. */
    public static final int DIGITS = 40;
    /** Exact results are kept up to this many significant digits, then rounded outwards. */
    static final int EXACT_DIGITS = 80;
    private static final MathContext DOWN = new MathContext(DIGITS, RoundingMode.FLOOR);
    private static final MathContext UP = new MathContext(DIGITS, RoundingMode.CEILING);
    /** Series stop once a term is below this fraction of the working precision. */
    private static final BigDecimal NEGLIGIBLE = BigDecimal.ONE.movePointLeft(DIGITS + 5);
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    public static final Enclosure ZERO = point(BigDecimal.ZERO);
    public static final Enclosure ONE = point(BigDecimal.ONE);
    /** {@code log 2 = 2 atanh(1/3)}. */
    private static final Enclosure LOG_TWO = atanhOfThird();

    private final BigDecimal lo;
    private final BigDecimal hi;

    private Enclosure(BigDecimal lo, BigDecimal hi) {
        this.lo = lo;
        this.hi = hi;
    }

    // ---- construction --------------------------------------------------------------------------

    /** The interval {@code [lo, hi]}. @throws IllegalArgumentException if lo > hi */
    public static Enclosure of(BigDecimal lo, BigDecimal hi) {
        if (lo.compareTo(hi) > 0) {
            throw new IllegalArgumentException("empty interval [" + lo + ", " + hi + "]");
        }
        return new Enclosure(down(lo), up(hi));
    }

    /** The exact value x. */
    public static Enclosure point(BigDecimal x) {
        return new Enclosure(down(x), up(x));
    }

    /** The exact value of a finite double. */
    public static Enclosure of(double x) {
        if (!Double.isFinite(x)) {
            throw new ArithmeticException("not a finite number: " + x);
        }
        return point(new BigDecimal(x));
    }

    /** The exact rational, or the tightest outward-rounded enclosure when it has no finite decimal expansion. */
    public static Enclosure of(BigFraction x) {
        BigDecimal num = new BigDecimal(x.getNumerator());
        BigDecimal den = new BigDecimal(x.getDenominator());
        try {
            return point(num.divide(den));
        } catch (ArithmeticException nonTerminating) {
            return new Enclosure(num.divide(den, DOWN), num.divide(den, UP));
        }
    }

    /** The exact integer. */
    public static Enclosure of(long x) {
        return point(BigDecimal.valueOf(x));
    }

    // ---- access --------------------------------------------------------------------------------

    public BigDecimal lower() {
        return lo;
    }

    public BigDecimal upper() {
        return hi;
    }

    /** {@code max |x|} over the interval: an upper bound on the absolute value of every point. */
    public BigDecimal magnitude() {
        return lo.abs().max(hi.abs());
    }

    /** {@code min |x|} over the interval (0 when it contains 0). */
    public BigDecimal mignitude() {
        if (lo.signum() <= 0 && hi.signum() >= 0) {
            return BigDecimal.ZERO;
        }
        return lo.abs().min(hi.abs());
    }

    /** {@code hi - lo}, rounded up. */
    public BigDecimal width() {
        return hi.subtract(lo, UP);
    }

    /** Whether x lies in the interval. */
    public boolean contains(BigDecimal x) {
        return lo.compareTo(x) <= 0 && x.compareTo(hi) <= 0;
    }

    /** Whether x (exact value of the double) lies in the interval. */
    public boolean contains(double x) {
        return contains(new BigDecimal(x));
    }

    /** Whether every point is > 0. */
    public boolean positive() {
        return lo.signum() > 0;
    }

    /** The upper end as an exact rational. */
    public BigFraction upperFraction() {
        return fraction(hi);
    }

    /** The lower end as an exact rational. */
    public BigFraction lowerFraction() {
        return fraction(lo);
    }

    /** The nearest double of the midpoint (not a bound). */
    public double mid() {
        return lo.add(hi).multiply(HALF).doubleValue();
    }

    // ---- arithmetic ----------------------------------------------------------------------------

    public Enclosure add(Enclosure o) {
        return new Enclosure(down(lo.add(o.lo)), up(hi.add(o.hi)));
    }

    public Enclosure subtract(Enclosure o) {
        return new Enclosure(down(lo.subtract(o.hi)), up(hi.subtract(o.lo)));
    }

    public Enclosure negate() {
        return new Enclosure(hi.negate(), lo.negate());
    }

    public Enclosure multiply(Enclosure o) {
        if (lo.equals(hi) && o.lo.equals(o.hi)) {
            BigDecimal p = lo.multiply(o.lo);
            return new Enclosure(down(p), up(p));
        }
        BigDecimal a = lo.multiply(o.lo);
        BigDecimal b = lo.multiply(o.hi);
        BigDecimal c = hi.multiply(o.lo);
        BigDecimal d = hi.multiply(o.hi);
        return new Enclosure(down(a.min(b).min(c.min(d))), up(a.max(b).max(c.max(d))));
    }

    /** {@code x^2}, tighter than {@code x * x} when the interval contains 0. */
    public Enclosure square() {
        BigDecimal m = mignitude();
        BigDecimal g = magnitude();
        return new Enclosure(down(m.multiply(m)), up(g.multiply(g)));
    }

    /** @throws ArithmeticException if the divisor contains 0 */
    public Enclosure divide(Enclosure o) {
        if (o.lo.signum() <= 0 && o.hi.signum() >= 0) {
            throw new ArithmeticException("division by an interval that contains 0: " + o);
        }
        BigDecimal[] q = {
            lo.divide(o.lo, DOWN), lo.divide(o.hi, DOWN), hi.divide(o.lo, DOWN), hi.divide(o.hi, DOWN)};
        BigDecimal[] r = {
            lo.divide(o.lo, UP), lo.divide(o.hi, UP), hi.divide(o.lo, UP), hi.divide(o.hi, UP)};
        BigDecimal l = q[0];
        BigDecimal h = r[0];
        for (int i = 1; i < 4; i++) {
            l = l.min(q[i]);
            h = h.max(r[i]);
        }
        return new Enclosure(l, h);
    }

    /** The smallest interval holding both. */
    public Enclosure hull(Enclosure o) {
        return new Enclosure(lo.min(o.lo), hi.max(o.hi));
    }

    /** {@code [lo - r, hi + r]}, r >= 0. */
    public Enclosure widen(BigDecimal r) {
        return new Enclosure(down(lo.subtract(r)), up(hi.add(r)));
    }

    /** {@code |x|}. */
    public Enclosure abs() {
        return new Enclosure(mignitude(), magnitude());
    }

    /** {@code max(x, o)} pointwise. */
    public Enclosure max(Enclosure o) {
        return new Enclosure(lo.max(o.lo), hi.max(o.hi));
    }

    /** {@code min(x, o)} pointwise. */
    public Enclosure min(Enclosure o) {
        return new Enclosure(lo.min(o.lo), hi.min(o.hi));
    }

    // ---- elementary functions ------------------------------------------------------------------

    /** @throws ArithmeticException if the interval has negative points */
    public Enclosure sqrt() {
        if (lo.signum() < 0) {
            throw new ArithmeticException("square root of an interval with negative points: " + this);
        }
        return new Enclosure(sqrtBound(lo, false), sqrtBound(hi, true));
    }

    /** @throws ArithmeticException if the interval has points <= 0 */
    public Enclosure log() {
        if (lo.signum() <= 0) {
            throw new ArithmeticException("logarithm of an interval with points <= 0: " + this);
        }
        return new Enclosure(logBound(lo, false), logBound(hi, true));
    }

    public Enclosure exp() {
        return new Enclosure(expBound(lo, false), expBound(hi, true));
    }

    /**
     * {@code x^e} for every x in this interval and e in the exponent's, x >= 0 and, where x may be 0,
     * e > 0 (then {@code 0^e = 0}).
     *
     * @throws ArithmeticException outside that domain
     */
    public Enclosure pow(Enclosure e) {
        if (lo.signum() > 0) {
            return e.multiply(log()).exp();
        }
        if (lo.signum() < 0 || e.lo.signum() <= 0) {
            throw new ArithmeticException("power of " + this + " to " + e + " is not defined on all of it");
        }
        if (hi.signum() == 0) {
            return ZERO;
        }
        // x^e is increasing in x for e > 0; its largest value is at x = hi.
        Enclosure top = point(hi).pow(e);
        return new Enclosure(BigDecimal.ZERO, top.hi);
    }

    /** {@code asinh x = log(x + sqrt(x^2 + 1))}, odd and increasing. */
    public Enclosure asinh() {
        return new Enclosure(asinhBound(lo, false), asinhBound(hi, true));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Enclosure e && lo.compareTo(e.lo) == 0 && hi.compareTo(e.hi) == 0;
    }

    @Override
    public int hashCode() {
        return lo.stripTrailingZeros().hashCode() * 31 + hi.stripTrailingZeros().hashCode();
    }

    @Override
    public String toString() {
        return "[" + lo.round(new MathContext(17, RoundingMode.FLOOR)) + ", "
                + hi.round(new MathContext(17, RoundingMode.CEILING)) + "]";
    }

    // ---- bounds at a point ----------------------------------------------------------------------

    private static BigDecimal down(BigDecimal v) {
        return v.precision() <= EXACT_DIGITS ? v : v.round(DOWN);
    }

    private static BigDecimal up(BigDecimal v) {
        return v.precision() <= EXACT_DIGITS ? v : v.round(UP);
    }

    private static BigDecimal round(BigDecimal v, boolean upward) {
        return upward ? v.round(UP) : v.round(DOWN);
    }

    private static MathContext mc(boolean upward) {
        return upward ? UP : DOWN;
    }

    /** A bound on sqrt(v), v >= 0: below when {@code !upward}, above when upward; checked by squaring. */
    static BigDecimal sqrtBound(BigDecimal v, boolean upward) {
        if (v.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal s = round(v.sqrt(new MathContext(DIGITS + 2)), upward);
        BigDecimal ulp = s.ulp();
        // Move outwards until the exact square brackets v (at most a step or two).
        while (upward ? s.multiply(s).compareTo(v) < 0 : s.multiply(s).compareTo(v) > 0) {
            s = upward ? s.add(ulp) : s.subtract(ulp);
        }
        return s;
    }

    /** A bound on log v, v > 0. */
    static BigDecimal logBound(BigDecimal v, boolean upward) {
        if (v.compareTo(BigDecimal.ONE) == 0) {
            return BigDecimal.ZERO;
        }
        int k = binaryExponent(v);
        BigDecimal m = scaleByPowerOfTwo(v, -k);
        // z = (m - 1)/(m + 1), |z| < 0.18; atanh is increasing, so a bound on z in the same
        // direction gives a bound on atanh z in that direction.
        BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), mc(upward));
        BigDecimal logM = round(atanhBound(z, upward).multiply(TWO), upward);
        if (k == 0) {
            return logM;
        }
        BigDecimal kk = BigDecimal.valueOf(k);
        // k log 2: the upper end of log 2 bounds it above when k > 0, the lower end when k < 0.
        BigDecimal ln2 = (k > 0) == upward ? LOG_TWO.hi : LOG_TWO.lo;
        return round(kk.multiply(ln2).add(logM), upward);
    }

    /** k with {@code v / 2^k} in about [0.7, 1.42]. */
    private static int binaryExponent(BigDecimal v) {
        // log2 v from the unscaled value's bit length and the decimal scale; then corrected exactly.
        double log2 = v.unscaledValue().bitLength() - v.scale() * (Math.log(10) / Math.log(2));
        int k = (int) Math.floor(log2);
        for (int step = 0; step < 200; step++) {
            BigDecimal m = scaleByPowerOfTwo(v, -k);
            if (m.compareTo(new BigDecimal("0.7")) < 0) {
                k--;
            } else if (m.compareTo(new BigDecimal("1.42")) > 0) {
                k++;
            } else {
                return k;
            }
        }
        throw new ArithmeticException("no binary exponent found for " + v);
    }

    /** {@code v * 2^k}, exact. */
    private static BigDecimal scaleByPowerOfTwo(BigDecimal v, int k) {
        if (k >= 0) {
            return v.multiply(new BigDecimal(BigInteger.TWO.pow(k)));
        }
        // 2^-j = 5^j / 10^j
        return v.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-k))).movePointLeft(-k);
    }

    /** A bound on {@code atanh z}, |z| <= 1/3, by its series and the remainder bound. */
    private static BigDecimal atanhBound(BigDecimal z, boolean upward) {
        if (z.signum() < 0) {
            return atanhBound(z.negate(), !upward).negate();
        }
        if (z.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // All terms are positive: rounding each one and the sum in the bound's direction keeps it a bound.
        MathContext m = mc(upward);
        BigDecimal z2 = z.multiply(z, m);
        BigDecimal power = z;
        BigDecimal sum = BigDecimal.ZERO;
        int i = 0;
        while (true) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * i + 1), m);
            sum = sum.add(term, m);
            power = power.multiply(z2, m);
            i++;
            if (term.compareTo(NEGLIGIBLE) < 0) {
                break;
            }
        }
        if (!upward) {
            return sum;
        }
        // Remainder sum_{j >= i} z^(2j+1)/(2j+1) <= z^(2i+1) / ((2i+1)(1 - z^2)); power = z^(2i+1) rounded up.
        BigDecimal denominator = BigDecimal.valueOf(2L * i + 1).multiply(BigDecimal.ONE.subtract(z2), DOWN);
        return sum.add(power.divide(denominator, UP), UP);
    }

    private static Enclosure atanhOfThird() {
        BigDecimal thirdLo = BigDecimal.ONE.divide(BigDecimal.valueOf(3), DOWN);
        BigDecimal thirdHi = BigDecimal.ONE.divide(BigDecimal.valueOf(3), UP);
        return new Enclosure(atanhBound(thirdLo, false).multiply(TWO, DOWN), atanhBound(thirdHi, true).multiply(TWO, UP));
    }

    /** A bound on exp v. */
    static BigDecimal expBound(BigDecimal v, boolean upward) {
        if (v.signum() == 0) {
            return BigDecimal.ONE;
        }
        if (v.signum() < 0) {
            // exp(v) = 1 / exp(-v): a lower bound of exp(v) from an upper bound of exp(-v).
            BigDecimal e = expBound(v.negate(), !upward);
            return BigDecimal.ONE.divide(e, mc(upward));
        }
        int n = 0;
        BigDecimal s = v;
        while (s.compareTo(HALF) > 0) {
            s = s.multiply(HALF);
            n++;
        }
        MathContext m = mc(upward);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        int k = 0;
        while (term.compareTo(NEGLIGIBLE) >= 0) {
            k++;
            term = term.multiply(s, m).divide(BigDecimal.valueOf(k), m);
            sum = sum.add(term, m);
        }
        if (upward) {
            // Remainder sum_{j > k} s^j/j! <= 2 s^(k+1)/(k+1)! since s <= 1/2.
            BigDecimal next = term.multiply(s, UP).divide(BigDecimal.valueOf(k + 1L), UP);
            sum = sum.add(next.multiply(TWO), UP);
        }
        for (int i = 0; i < n; i++) {
            sum = sum.multiply(sum, m);
        }
        return sum;
    }

    /** A bound on asinh v. */
    private static BigDecimal asinhBound(BigDecimal v, boolean upward) {
        if (v.signum() < 0) {
            return asinhBound(v.negate(), !upward).negate();
        }
        if (v.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal root = sqrtBound(v.multiply(v).add(BigDecimal.ONE), upward);
        return logBound(round(v.add(root), upward), upward);
    }

    private static BigFraction fraction(BigDecimal v) {
        BigInteger unscaled = v.unscaledValue();
        int scale = v.scale();
        return scale >= 0
                ? new BigFraction(unscaled, BigInteger.TEN.pow(scale))
                : new BigFraction(unscaled.multiply(BigInteger.TEN.pow(-scale)));
    }
}
