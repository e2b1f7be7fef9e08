package org.implicitbias.oracle.certify;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.Vectors;

/**
 * A smooth strictly convex objective F of the bounded route ({@link SmoothCertificates}), as two
 * rigorous operations: an enclosure of its gradient on a box, and a lower bound on its curvature on
 * an l2 ball.
 *
 * <p>Curvature bounds (with {@code rho} the ball's radius, c its centre, {@code phi} the one-coordinate
 * potential of a separable psi, whose Hessian is {@code diag(phi''(w_j))}):
 * <ul>
 *   <li>entropy, {@code phi'' = 1/t}: {@code 1 / (max_j c_j + rho)};</li>
 *   <li>hypentropy, {@code phi'' = (t^2 + beta^2)^(-1/2)}: {@code ((max_j |c_j| + rho)^2 + beta^2)^(-1/2)};</li>
 *   <li>lp-power, {@code phi'' = (p - 1)|t|^(p-2)}: {@code (p-1)(max_j |c_j| + rho)^(p-2)} for p < 2,
 *       {@code p - 1} for p = 2, {@code (p-1)(min_j |c_j| - rho)_+^(p-2)} for p > 2;</li>
 *   <li>{@code 1/2 ||v||_p^2}, p in (1, 2]: {@code p - 1} everywhere (it is (p-1)-strongly convex
 *       in l_p, and {@code ||.||_p >= ||.||_2});</li>
 *   <li>{@code 1/2 ||v||_p^2}, p > 2: {@code g^(2-p) min_j |v_j|^(p-2)} with g the largest l_p norm
 *       on the ball: its Hessian {@code (p-1) g^(2-p) diag(|v|^(p-2)) - (p-2) g^(2-2p) s s'},
 *       {@code s = sign(v)|v|^(p-1)}, satisfies {@code (s'u)^2 <= g^p sum_j |v_j|^(p-2) u_j^2}
 *       (Cauchy-Schwarz), so {@code u'Hu >= g^(2-p) sum_j |v_j|^(p-2) u_j^2}.</li>
 * </ul>
 */
public interface SmoothObjective {

    /** F in words, e.g. {@code D_psi(w, w0), psi = entropy}. */
    String describe();

    /**
     * Enclosures of the gradient at every point of the box.
     *
     * @throws ArithmeticException if the box leaves the domain of F
     */
    Enclosure[] gradient(Enclosure[] box);

    /**
     * A lower bound {@code mu >= 0} on the curvature of F on the l2 ball of the radius around the
     * centre (intersected with the domain): {@code <grad F(a) - grad F(b), a - b> >= mu ||a - b||_2^2}
     * for a, b in it. 0 when none is known.
     */
    BigDecimal curvature(double[] centre, BigDecimal radius);

    /**
     * An upper bound L on the curvature of F on the l2 ball of the radius around the centre:
     * {@code ||grad F(a) - grad F(b)|| <= L ||a - b||} for a, b in it; null when the ball leaves
     * the domain or the curvature is unbounded there.
     */
    BigDecimal lipschitz(double[] centre, BigDecimal radius);

    /** Whether the domain is the open orthant {@code w > 0} (then no coordinate is ever held at 0). */
    boolean positiveDomain();

    /**
     * A global uniform-convexity inequality {@code <grad F(a) - grad F(b), a - b> >= c ||a - b||_p^p},
     * or null: the fallback where the curvature vanishes (lp-power with p > 2 near a zero coordinate).
     */
    default UniformConvexity uniformConvexity() {
        return null;
    }

    /**
     * {@code <grad F(a) - grad F(b), a - b> >= modulus ||a - b||_power^power} for all a, b.
     *
     * @param modulus c > 0
     * @param power   p >= 2
     */
    record UniformConvexity(BigDecimal modulus, BigFraction power) {
    }

    /**
     * {@code F(w) = D_psi(w, w0)} for a non-quadratic potential.
     *
     * @param p the exponent of the lp potentials as the program means it (e.g. 4/3); ignored otherwise
     * @throws IllegalArgumentException for a quadratic potential (an exact route applies) or a start
     *                                  outside the domain
     */
    static SmoothObjective bregman(Potential psi, BigFraction p, BigFraction[] w0) {
        if (psi instanceof Potential.SquaredL2 || psi instanceof QuadraticPotential) {
            throw new IllegalArgumentException("quadratic potentials are certified exactly, not by the bounded route");
        }
        if (psi instanceof Potential.SquaredLp) {
            return new SquaredLpNorm(p, null, w0, "D_psi(w, w0), psi = squared-lp, p = " + ExactNumbers.format(p));
        }
        Separable phi = Separable.of(psi, p);
        Enclosure[] g0 = new Enclosure[w0.length];
        for (int j = 0; j < w0.length; j++) {
            Enclosure v = Enclosure.of(w0[j]);
            g0[j] = phi.derivative(v);
        }
        return new SeparableBregman(phi, g0, "D_psi(w, w0), psi = " + phi.describe());
    }

    /**
     * {@code F(w) = 1/2 ||w - c||_p^2}, whose minimiser over G is that of {@code ||w - c||_p}: the
     * l_p minimum-norm (c = 0) and minimum-distance programs.
     */
    static SmoothObjective lpDistance(BigFraction p, BigFraction[] c) {
        return new SquaredLpNorm(p, c, null, "1/2 ||w - c||_p^2, p = " + ExactNumbers.format(p));
    }

    // ---- implementations --------------------------------------------------------------------------

    /** A one-coordinate potential phi with increasing derivative. */
    interface Separable {
        String describe();

        /** Enclosure of phi' on the interval (phi' is increasing). */
        Enclosure derivative(Enclosure t);

        /** Lower bound of phi'' on {@code [c - rho, c + rho]} for every listed c. */
        BigDecimal curvature(double[] c, BigDecimal rho);

        /** Upper bound of phi'' on {@code [c - rho, c + rho]} for every listed c; null when unbounded there. */
        BigDecimal largestCurvature(double[] c, BigDecimal rho);

        /** A global inequality {@code (phi'(a) - phi'(b))(a - b) >= c |a - b|^p}, or null. */
        default UniformConvexity uniformConvexity() {
            return null;
        }

        boolean positiveDomain();

        static Separable of(Potential psi, BigFraction p) {
            if (psi instanceof Potential.Entropy) {
                return new Entropy();
            }
            if (psi instanceof Potential.Hypentropy h) {
                return new Hypentropy(Enclosure.of(h.beta()), h.beta());
            }
            if (psi instanceof Potential.LpPower) {
                return new Power(p);
            }
            throw new IllegalArgumentException("no bounded route for the " + psi.name() + " potential");
        }
    }

    /** {@code phi(t) = t log t - t}, {@code phi' = log t}. */
    record Entropy() implements Separable {
        @Override
        public String describe() {
            return "entropy";
        }

        @Override
        public Enclosure derivative(Enclosure t) {
            return t.log();
        }

        @Override
        public BigDecimal curvature(double[] c, BigDecimal rho) {
            return BigDecimal.ONE.divide(Bounds.maxAbs(c).add(rho), Bounds.DOWN);
        }

        @Override
        public BigDecimal largestCurvature(double[] c, BigDecimal rho) {
            BigDecimal least = Bounds.min(c).subtract(rho);
            return least.signum() > 0 ? BigDecimal.ONE.divide(least, Bounds.UP) : null;
        }

        @Override
        public boolean positiveDomain() {
            return true;
        }
    }

    /** {@code phi' = asinh(t / beta)}. */
    record Hypentropy(Enclosure beta, double betaValue) implements Separable {
        @Override
        public String describe() {
            return "hypentropy, beta = " + betaValue;
        }

        @Override
        public Enclosure derivative(Enclosure t) {
            return t.divide(beta).asinh();
        }

        @Override
        public BigDecimal curvature(double[] c, BigDecimal rho) {
            BigDecimal m = Bounds.maxAbs(c).add(rho);
            BigDecimal b = beta.upper();
            BigDecimal root = Enclosure.sqrtBound(m.multiply(m).add(b.multiply(b)), true);
            return BigDecimal.ONE.divide(root, Bounds.DOWN);
        }

        @Override
        public BigDecimal largestCurvature(double[] c, BigDecimal rho) {
            // phi'' = (t^2 + beta^2)^(-1/2) <= 1/beta
            return BigDecimal.ONE.divide(beta.lower(), Bounds.UP);
        }

        @Override
        public boolean positiveDomain() {
            return false;
        }
    }

    /** {@code phi(t) = |t|^p / p}, {@code phi' = sign(t)|t|^(p-1)}. */
    record Power(BigFraction p) implements Separable {
        @Override
        public String describe() {
            return "lp-power, p = " + ExactNumbers.format(p);
        }

        @Override
        public Enclosure derivative(Enclosure t) {
            return Bounds.signedPower(t, Enclosure.of(p.subtract(1)));
        }

        /** {@code phi''(t) = (p-1)|t|^(p-2)} at {@code |t| = a} (a > 0 when p < 2). */
        private Enclosure second(BigDecimal a) {
            return Enclosure.of(p.subtract(1)).multiply(Enclosure.point(a).pow(Enclosure.of(p.subtract(2))));
        }

        // phi'' is monotone in |t|: decreasing for p < 2, increasing for p > 2, so its extremes on the
        // intervals sit at the largest |t| (max |c| + rho) or the least (min |c| - rho).
        @Override
        public BigDecimal curvature(double[] c, BigDecimal rho) {
            int cmp = p.compareTo(BigFraction.TWO);
            if (cmp == 0) {
                return BigDecimal.ONE;
            }
            if (cmp < 0) {
                return second(Bounds.maxAbs(c).add(rho)).lower();
            }
            BigDecimal least = Bounds.minAbs(c).subtract(rho);
            return least.signum() <= 0 ? BigDecimal.ZERO : second(least).lower().max(BigDecimal.ZERO);
        }

        @Override
        public BigDecimal largestCurvature(double[] c, BigDecimal rho) {
            int cmp = p.compareTo(BigFraction.TWO);
            if (cmp == 0) {
                return BigDecimal.ONE;
            }
            if (cmp > 0) {
                return second(Bounds.maxAbs(c).add(rho)).upper();
            }
            BigDecimal least = Bounds.minAbs(c).subtract(rho);
            return least.signum() > 0 ? second(least).upper() : null;
        }

        /**
         * For p >= 2: {@code (|a|^(p-2) a - |b|^(p-2) b)(a - b) >= 2^(2-p) |a - b|^p} (the monotonicity
         * inequality of the p-Laplacian).
         */
        @Override
        public UniformConvexity uniformConvexity() {
            if (p.compareTo(BigFraction.TWO) < 0) {
                return null;
            }
            BigDecimal c = Enclosure.of(2).pow(Enclosure.of(BigFraction.TWO.subtract(p))).lower();
            return new UniformConvexity(c, p);
        }

        @Override
        public boolean positiveDomain() {
            return false;
        }
    }

    /** {@code F(w) = sum_j phi(w_j) - phi'(w0_j) w_j + const}. */
    record SeparableBregman(Separable phi, Enclosure[] startGradient, String description) implements SmoothObjective {
        @Override
        public String describe() {
            return description;
        }

        @Override
        public Enclosure[] gradient(Enclosure[] box) {
            Enclosure[] g = new Enclosure[box.length];
            for (int j = 0; j < box.length; j++) {
                g[j] = phi.derivative(box[j]).subtract(startGradient[j]);
            }
            return g;
        }

        @Override
        public BigDecimal curvature(double[] centre, BigDecimal radius) {
            return phi.curvature(centre, radius).max(BigDecimal.ZERO);
        }

        @Override
        public BigDecimal lipschitz(double[] centre, BigDecimal radius) {
            return phi.largestCurvature(centre, radius);
        }

        @Override
        public UniformConvexity uniformConvexity() {
            return phi.uniformConvexity();
        }

        @Override
        public boolean positiveDomain() {
            return phi.positiveDomain();
        }
    }

    /**
     * {@code F(w) = 1/2 ||w - c||_p^2} (c given, start null), or the Bregman divergence of
     * {@code psi = 1/2 ||.||_p^2} from a start w0 (c null): gradient {@code grad psi(w - c)}, or
     * {@code grad psi(w) - grad psi(w0)}; {@code grad psi(v) = ||v||_p^(2-p) sign(v)|v|^(p-1)}.
     */
    final class SquaredLpNorm implements SmoothObjective {
        private final BigFraction p;
        private final Enclosure[] shift;
        private final Enclosure[] startGradient;
        private final String description;

        SquaredLpNorm(BigFraction p, BigFraction[] c, BigFraction[] w0, String description) {
            if (p.compareTo(BigFraction.ONE) <= 0) {
                throw new IllegalArgumentException("p must exceed 1: " + p);
            }
            this.p = p;
            this.description = description;
            this.shift = c == null ? null : enclose(c);
            this.startGradient = w0 == null ? null : link(enclose(w0));
        }

        private static Enclosure[] enclose(BigFraction[] v) {
            Enclosure[] out = new Enclosure[v.length];
            for (int j = 0; j < v.length; j++) {
                out[j] = Enclosure.of(v[j]);
            }
            return out;
        }

        /** {@code ||v||_p^(2-p) sign(v)|v|^(p-1)} on a box. */
        private Enclosure[] link(Enclosure[] v) {
            Enclosure pe = Enclosure.of(p);
            Enclosure sum = Enclosure.ZERO;
            for (Enclosure t : v) {
                sum = sum.add(t.abs().pow(pe));
            }
            Enclosure[] out = new Enclosure[v.length];
            if (p.equals(BigFraction.TWO)) {
                System.arraycopy(v, 0, out, 0, v.length);
                return out;
            }
            if (sum.upper().signum() == 0) {
                java.util.Arrays.fill(out, Enclosure.ZERO);
                return out;
            }
            // ||v||^(2-p) = (sum |v_j|^p)^((2-p)/p); for p > 2 the exponent is negative and the sum must be > 0.
            Enclosure scale = sum.pow(Enclosure.of(BigFraction.TWO.subtract(p).divide(p)));
            Enclosure pm1 = Enclosure.of(p.subtract(1));
            for (int j = 0; j < v.length; j++) {
                out[j] = scale.multiply(Bounds.signedPower(v[j], pm1));
            }
            return out;
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        public Enclosure[] gradient(Enclosure[] box) {
            Enclosure[] v = box;
            if (shift != null) {
                v = new Enclosure[box.length];
                for (int j = 0; j < box.length; j++) {
                    v[j] = box[j].subtract(shift[j]);
                }
            }
            Enclosure[] g = link(v);
            if (startGradient != null) {
                for (int j = 0; j < g.length; j++) {
                    g[j] = g[j].subtract(startGradient[j]);
                }
            }
            return g;
        }

        @Override
        public BigDecimal curvature(double[] centre, BigDecimal radius) {
            if (p.compareTo(BigFraction.TWO) <= 0) {
                return Enclosure.of(p.subtract(1)).lower();
            }
            // v = w - c on the ball: |v_j| >= |centre_j - c_j| - rho, ||v||_p <= ||centre - c||_p + rho (||.||_p <= ||.||_2).
            Enclosure pe = Enclosure.of(p);
            Enclosure sum = Enclosure.ZERO;
            BigDecimal least = null;
            for (int j = 0; j < centre.length; j++) {
                Enclosure v = Enclosure.of(centre[j]);
                if (shift != null) {
                    v = v.subtract(shift[j]);
                }
                sum = sum.add(v.abs().pow(pe));
                least = least == null ? v.mignitude() : least.min(v.mignitude());
            }
            BigDecimal low = least == null ? BigDecimal.ZERO : least.subtract(radius);
            if (low.signum() <= 0 || sum.lower().signum() <= 0) {
                return BigDecimal.ZERO;
            }
            Enclosure norm = sum.pow(Enclosure.ONE.divide(pe)).widen(radius);
            if (norm.lower().signum() <= 0) {
                return BigDecimal.ZERO;
            }
            Enclosure curv = norm.pow(Enclosure.of(BigFraction.TWO.subtract(p)))
                    .multiply(Enclosure.point(low).pow(Enclosure.of(p.subtract(2))));
            return curv.lower().max(BigDecimal.ZERO);
        }

        /**
         * {@code ||H|| <= (p-1) g^(2-p) max_j |v_j|^(p-2) + |2-p| g^(2-2p) ||s||^2}, every factor
         * enclosed on the box of the radius around the centre (which holds the ball).
         */
        @Override
        public BigDecimal lipschitz(double[] centre, BigDecimal radius) {
            if (p.equals(BigFraction.TWO)) {
                return BigDecimal.ONE;
            }
            Enclosure pe = Enclosure.of(p);
            Enclosure sum = Enclosure.ZERO;
            Enclosure sSq = Enclosure.ZERO;
            Enclosure diag = Enclosure.ZERO;
            Enclosure pm2 = Enclosure.of(p.subtract(2));
            Enclosure twoPm2 = Enclosure.of(p.multiply(2).subtract(2));
            try {
                for (int j = 0; j < centre.length; j++) {
                    Enclosure v = Enclosure.of(centre[j]);
                    if (shift != null) {
                        v = v.subtract(shift[j]);
                    }
                    Enclosure a = v.widen(radius).abs();
                    sum = sum.add(a.pow(pe));
                    sSq = sSq.add(a.pow(twoPm2));
                    // |v|^(p-2): for p < 2 this needs |v| bounded away from 0 (pow throws otherwise)
                    diag = diag.max(a.pow(pm2));
                }
                if (sum.lower().signum() <= 0) {
                    return null;
                }
                Enclosure g = sum.pow(Enclosure.ONE.divide(pe));
                Enclosure first = Enclosure.of(p.subtract(1)).multiply(g.pow(Enclosure.of(BigFraction.TWO.subtract(p)))).multiply(diag);
                Enclosure second = Enclosure.of(BigFraction.TWO.subtract(p)).abs()
                        .multiply(g.pow(Enclosure.of(BigFraction.TWO.subtract(p.multiply(2))))).multiply(sSq);
                return first.add(second).upper();
            } catch (ArithmeticException unbounded) {
                return null;
            }
        }

        @Override
        public boolean positiveDomain() {
            return false;
        }
    }

    /** Small rigorous helpers shared by the objectives. */
    final class Bounds {
        static final MathContext DOWN = new MathContext(Enclosure.DIGITS, RoundingMode.FLOOR);
        static final MathContext UP = new MathContext(Enclosure.DIGITS, RoundingMode.CEILING);

        static BigDecimal min(double[] c) {
            double m = Double.POSITIVE_INFINITY;
            for (double v : c) {
                m = Math.min(m, v);
            }
            return c.length == 0 ? BigDecimal.ZERO : new BigDecimal(m);
        }

        private Bounds() {
        }

        static BigDecimal maxAbs(double[] c) {
            return new BigDecimal(Vectors.normInf(c));
        }

        static BigDecimal minAbs(double[] c) {
            double m = Double.POSITIVE_INFINITY;
            for (double v : c) {
                m = Math.min(m, Math.abs(v));
            }
            return c.length == 0 ? BigDecimal.ZERO : new BigDecimal(m);
        }

        /** {@code sign(t)|t|^e}, e > 0, increasing in t: the bounds at the interval's ends. */
        static Enclosure signedPower(Enclosure t, Enclosure e) {
            Enclosure lo = signedPowerAt(t.lower(), e);
            Enclosure hi = signedPowerAt(t.upper(), e);
            return Enclosure.of(lo.lower(), hi.upper());
        }

        private static Enclosure signedPowerAt(BigDecimal v, Enclosure e) {
            if (v.signum() >= 0) {
                return Enclosure.point(v).pow(e);
            }
            return Enclosure.point(v.negate()).pow(e).negate();
        }
    }
}
