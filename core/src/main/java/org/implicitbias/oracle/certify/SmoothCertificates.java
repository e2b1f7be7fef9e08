package org.implicitbias.oracle.certify;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.ExactNumbers;

/**
 * Level BOUNDED for the smooth programs: a rigorous l2 distance bound between a floating-point
 * candidate and the exact minimiser of a strictly convex smooth objective F over
 * {@code G = {w : Xw = y}} (optionally also {@code w >= 0}), for every potential of the catalogue:
 * {@code min D_psi(w, w0)} with psi entropy, hypentropy, lp-power or squared-lp, and
 * {@code min 1/2 ||w - c||_p^2} (the l_p minimum-norm and minimum-distance programs).
 *
 * <p>The argument, with every number enclosed rigorously ({@link Enclosure}):
 * <ol>
 *   <li><b>A feasible point near the candidate.</b> With {@code res = y - Xw} enclosed exactly and
 *       {@code sigma <= sigma_min(X)} proven ({@link RowRankBound}), the point
 *       {@code w_f = w + X'(XX')^{-1} res} lies in G with {@code ||w_f - w||_2 <= delta = ||res|| / sigma}.
 *       With the sign constraints, coordinates at 0 (or below {@value #ACTIVE}) are first set to 0
 *       and the correction uses the other columns only; every other coordinate must exceed delta,
 *       so {@code w_f >= 0}.</li>
 *   <li><b>Stationarity at the feasible point.</b> With multipliers lambda (least squares, any
 *       values are valid), the residual {@code r = grad F(w) - X'lambda - nu} is enclosed at the
 *       point, and {@code ||r(w_f)|| <= ||r(w)|| + L delta} with L an upper bound on the curvature
 *       of F on the ball of radius delta ({@link SmoothObjective#lipschitz}, which also checks that
 *       the ball stays in the domain); {@code nu_j = max(0, (grad F - X'lambda)_j) >= 0} only on
 *       coordinates held at 0.</li>
 *   <li><b>Strong monotonicity on a ball.</b> {@code mu_R} is a proven lower bound of the
 *       curvature of F on the ball of radius {@code delta + R} around w, which holds the ball of
 *       radius R around {@code w_f}. Along the segment from {@code w_f} towards the minimiser
 *       {@code w*} (a feasible direction u, so {@code X u = 0} and {@code <nu, u> >= 0}) the
 *       derivative of F starts at {@code >= -||r||} and grows by at least {@code mu_R t}; if
 *       {@code ||r|| < mu_R R} it is positive at R, so {@code w*} lies in that ball. There,
 *       {@code mu_R ||w_f - w*||^2 <= <grad F(w_f) - grad F(w*), w_f - w*> <= <r, w_f - w*>}
 *       (optimality of {@code w*}), hence {@code ||w_f - w*|| <= ||r|| / mu_R}.</li>
 * </ol>
 * The bound on {@code ||w - w*||_2} is {@code ||w - w'|| + delta + ||r|| / mu_R} (w' the candidate
 * with its active coordinates set to 0). It is linear in the residuals, so a double-precision
 * candidate gives bounds near {@code 1e-14} on well-conditioned data; no extended-precision solve
 * is needed.
 */
public final class SmoothCertificates {
    /** With the sign constraints, coordinates at most this are held at 0. */
    static final double ACTIVE = 1e-12;
    private static final MathContext UP = new MathContext(Enclosure.DIGITS, RoundingMode.CEILING);
    private static final MathContext DOWN = new MathContext(Enclosure.DIGITS, RoundingMode.FLOOR);
    private static final int RADIUS_TRIES = 12;

    private SmoothCertificates() {
    }

    /**
     * Proves an l2 bound on the distance from {@code candidate} to {@code argmin F} over
     * {@code Xw = y} (and {@code w >= 0} when {@code nonNegative}).
     *
     * @param f           the objective
     * @param x           N x d exact rows (with a row of ones already appended for the simplex)
     * @param y           N exact targets
     * @param nonNegative whether the program has the constraints {@code w >= 0}
     * @param candidate   the floating-point point, d finite values
     * @return PROVED (level BOUNDED, l2 bound) or UNKNOWN with the step that failed; never REFUTED
     */
    public static Proof bounded(SmoothObjective f, BigFraction[][] x, BigFraction[] y, boolean nonNegative,
                                double[] candidate) {
        Objects.requireNonNull(f, "objective");
        int n = x.length;
        int d = candidate.length;
        if (n == 0 || y.length != n || x[0].length != d) {
            throw new IllegalArgumentException("shapes: X " + n + " x " + (n == 0 ? 0 : x[0].length) + ", y " + y.length
                    + ", candidate " + d);
        }
        Proof.Builder proof = Proof.of(Certificate.Level.BOUNDED,
                "the minimiser of " + f.describe() + " over {Xw = y" + (nonNegative ? ", w >= 0" : "")
                        + "} lies within the proven l2 distance of the point");
        double[] w = candidate.clone();
        boolean[] held = new boolean[d];
        BigDecimal movedSq = BigDecimal.ZERO;
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(w[j])) {
                return proof.unknown("the point has a non-finite coordinate w_" + j);
            }
            if (nonNegative && !f.positiveDomain() && w[j] <= ACTIVE) {
                held[j] = true;
                BigDecimal v = new BigDecimal(w[j]);
                movedSq = movedSq.add(v.multiply(v));
                w[j] = 0;
            }
        }
        int[] free = indices(held, false);
        if (free.length < n) {
            return proof.unknown(free.length + " free coordinates cannot meet " + n + " equations");
        }

        // 1. feasible point: ||res|| / sigma_min(X_free)
        ExactMatrix xe = new ExactMatrix(x);
        BigDecimal[] wd = decimals(w);
        BigDecimal resSq = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal m = Enclosure.of(y[i]).subtract(xe.rowDot(i, wd, free)).magnitude();
            resSq = resSq.add(m.multiply(m), UP);
        }
        BigDecimal resNorm = Enclosure.sqrtBound(resSq, true);
        double[][] rows = new double[n][free.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < free.length; k++) {
                rows[i][k] = xe.nearest(i, free[k]);
            }
        }
        BigDecimal sigma = RowRankBound.smallestSingularValueLower(rows, xe, free);
        if (sigma.signum() <= 0) {
            return proof.unknown("could not prove that X has full row rank (no positive lower bound on sigma_min)");
        }
        BigDecimal delta = resNorm.divide(sigma, UP);
        for (int j : free) {
            if (nonNegative && new BigDecimal(w[j]).compareTo(delta) < 0) {
                return proof.unknown("the correction onto Xw = y (up to " + show(delta) + ") may leave w >= 0 at w_" + j);
            }
        }
        // The gradient moves by at most L delta between w and w_f (L: largest curvature on the ball).
        BigDecimal lipschitz = f.lipschitz(w, delta);
        if (lipschitz == null) {
            return proof.unknown("the curvature of F is unbounded within " + show(delta) + " of the point (it leaves the domain)");
        }

        // 2. stationarity residual at the point, then at w_f
        Enclosure[] point = new Enclosure[d];
        for (int j = 0; j < d; j++) {
            point[j] = Enclosure.of(w[j]);
        }
        Enclosure[] grad;
        try {
            grad = f.gradient(point);
        } catch (ArithmeticException e) {
            return proof.unknown("the gradient is not defined at the point: " + e.getMessage());
        }
        double[] lambda = multipliers(rows, grad, free);
        BigDecimal[] ld = decimals(lambda);
        BigDecimal rSq = BigDecimal.ZERO;
        for (int j = 0; j < d; j++) {
            Enclosure t = grad[j].subtract(xe.columnDot(j, ld));
            // Held coordinates: nu_j = max(0, t_j) >= 0 absorbs the positive part.
            BigDecimal m = held[j] ? t.lower().negate().max(BigDecimal.ZERO) : t.magnitude();
            rSq = rSq.add(m.multiply(m), UP);
        }
        BigDecimal rNorm = Enclosure.sqrtBound(rSq, true).add(lipschitz.multiply(delta, UP), UP);

        // 3. curvature on a ball that provably holds the minimiser
        BigDecimal mu0 = f.curvature(w, delta);
        BigDecimal radius = null;
        BigDecimal mu = null;
        if (mu0.signum() > 0) {
            radius = rNorm.multiply(BigDecimal.valueOf(2)).divide(mu0, UP).max(new BigDecimal("1e-30"));
            for (int t = 0; t < RADIUS_TRIES && mu == null; t++) {
                BigDecimal m = f.curvature(w, delta.add(radius, UP));
                if (m.signum() > 0 && rNorm.compareTo(m.multiply(radius, DOWN)) < 0) {
                    mu = m;
                } else {
                    radius = radius.multiply(BigDecimal.valueOf(4));
                }
            }
        }
        BigDecimal inner;
        String how;
        if (mu != null) {
            inner = rNorm.divide(mu, UP);
            how = "curvature >= " + show(mu) + " on the ball";
            proof.witness("curvature-lower", fraction(mu)).witness("ball-radius", fraction(radius));
        } else if (f.uniformConvexity() != null) {
            SmoothObjective.UniformConvexity uc = f.uniformConvexity();
            inner = uniformBound(uc, rNorm, d);
            how = "uniform convexity " + show(uc.modulus()) + " ||a - b||_" + uc.power() + "^" + uc.power();
        } else if (mu0.signum() <= 0) {
            return proof.unknown("no positive lower bound on the curvature of F near the point");
        } else {
            return proof.unknown("the stationarity residual " + show(rNorm) + " is too large for the curvature near the point ("
                    + show(mu0) + ")");
        }
        BigDecimal moved = Enclosure.sqrtBound(movedSq, true);
        BigDecimal bound = moved.add(delta, UP).add(inner, UP);
        proof.witness("residual-norm", fraction(resNorm))
                .witness("sigma-min-lower", fraction(sigma))
                .witness("correction-bound", fraction(delta))
                .witness("lambda", ExactNumbers.ofDoubles(lambda))
                .witness("stationarity-norm", fraction(rNorm));
        return proof.proved("||Xw - y|| <= " + show(resNorm) + ", sigma_min(X) >= " + show(sigma)
                        + ", ||grad F(w_f) - X'lambda|| <= " + show(rNorm) + ", " + how + ": ||w - w*||_2 <= " + show(bound),
                fraction(bound), Proof.Metric.L2);
    }

    /**
     * The distance bound from uniform convexity {@code <grad F(a) - grad F(b), a - b> >= c ||a - b||_p^p}
     * (p >= 2), which needs no region: with {@code <grad F(w*), w_f - w*> >= 0},
     * {@code c ||e||_p^p <= <r, e> <= ||r||_q ||e||_p}, so {@code ||e||_p <= (||r||_q / c)^(1/(p-1))}; then
     * {@code ||r||_q <= d^(1/q - 1/2) ||r||_2} and {@code ||e||_2 <= d^(1/2 - 1/p) ||e||_p}.
     */
    private static BigDecimal uniformBound(SmoothObjective.UniformConvexity uc, BigDecimal rNorm, int d) {
        Enclosure p = Enclosure.of(uc.power());
        Enclosure dim = Enclosure.of(d);
        Enclosure half = Enclosure.of(new BigFraction(1, 2));
        Enclosure invP = Enclosure.ONE.divide(p);
        // 1/q - 1/2 = 1/2 - 1/p for conjugate exponents
        Enclosure factor = dim.pow(half.subtract(invP));
        Enclosure rq = Enclosure.point(rNorm).multiply(factor);
        if (rq.upper().signum() == 0) {
            return BigDecimal.ZERO;
        }
        Enclosure ep = rq.divide(Enclosure.point(uc.modulus())).pow(Enclosure.ONE.divide(p.subtract(Enclosure.ONE)));
        return ep.multiply(factor).upper();
    }

    /** Least-squares multipliers {@code argmin ||g_free - X_free' lambda||} from the gradient's midpoints (not part of the proof). */
    private static double[] multipliers(double[][] rows, Enclosure[] grad, int[] free) {
        int n = rows.length;
        int k = free.length;
        double[][] xt = new double[k][n];
        double[] g = new double[k];
        for (int c = 0; c < k; c++) {
            g[c] = grad[free[c]].mid();
            for (int i = 0; i < n; i++) {
                xt[c][i] = rows[i][c];
            }
        }
        try {
            Array2DRowRealMatrix a = new Array2DRowRealMatrix(xt, false);
            QRDecomposition qr = new QRDecomposition(a);
            RealVector rhs = new ArrayRealVector(g, false);
            RealVector lambda = qr.getSolver().solve(rhs);
            // one step of refinement on the residual
            RealVector resid = rhs.subtract(a.operate(lambda));
            lambda = lambda.add(qr.getSolver().solve(resid));
            double[] out = lambda.toArray();
            for (double v : out) {
                if (!Double.isFinite(v)) {
                    return new double[n];
                }
            }
            return out;
        } catch (RuntimeException singular) {
            // Any multipliers are valid in the proof; zero ones only make the residual larger.
            return new double[n];
        }
    }

    private static BigDecimal[] decimals(double[] v) {
        BigDecimal[] out = new BigDecimal[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = new BigDecimal(v[j]);
        }
        return out;
    }

    private static int[] indices(boolean[] flags, boolean value) {
        int count = 0;
        for (boolean b : flags) {
            count += b == value ? 1 : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int j = 0; j < flags.length; j++) {
            if (flags[j] == value) {
                out[k++] = j;
            }
        }
        return out;
    }

    static BigFraction fraction(BigDecimal v) {
        return Enclosure.point(v).upperFraction();
    }

    private static String show(BigDecimal v) {
        return v.round(new MathContext(3, RoundingMode.CEILING)).toString().replace("E", "e");
    }

    /**
     * The objective of a {@code min-bregman} program, {@code F(w) = D_psi(w, w0)}, gradient
     * {@code grad psi(w) - grad psi(w0)}.
     *
     * @param p the exponent of the lp potentials as the program means it (e.g. 4/3); ignored otherwise
     * @throws IllegalArgumentException for a quadratic potential (its exact route applies)
     */
    public static SmoothObjective bregman(Potential psi, BigFraction p, BigFraction[] w0) {
        return SmoothObjective.bregman(psi, p, w0);
    }
}
