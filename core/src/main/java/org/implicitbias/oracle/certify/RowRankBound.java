package org.implicitbias.oracle.certify;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * A proven lower bound on the smallest singular value of a wide matrix X (N x k, N <= k), in
 * floating point with rigorous error terms, so that it scales to large data (no exact elimination).
 *
 * <p>With {@code u = 2^-53} and {@code gamma_m = m u / (1 - m u)} (IEEE double, round to nearest,
 * no fused operations, which is Java's arithmetic):
 * <ol>
 *   <li>X-hat, the nearest doubles of X: {@code ||X - X-hat||_2 <= ||X - X-hat||_F}, which is 0 for
 *       data made of doubles, at most {@code gamma_1 ||X-hat||_F} (rounded sum) for correctly rounded
 *       decimals, and enclosed exactly for other rationals.</li>
 *   <li>G-hat = fl(X-hat X-hat'): {@code |G-hat - X-hat X-hat'| <= gamma_k |X-hat||X-hat|'} entrywise, whose
 *       2-norm is at most {@code gamma_k ||X-hat||_F^2} (Cauchy-Schwarz on the rows).</li>
 *   <li>B = fl(G-hat - s I) for a shift s below the estimated least eigenvalue. If the floating-point
 *       Cholesky factorisation of B runs to completion, the computed R satisfies
 *       {@code R'R = B + E}, {@code |E| <= gamma_(N+1) |R'||R|} (Higham, <i>Accuracy and Stability of
 *       Numerical Algorithms</i>, Thm 10.3); since {@code ||r_i||^2 <= b_ii / (1 - gamma_(N+1))} this gives
 *       {@code ||E||_2 <= gamma_(N+1) / (1 - gamma_(N+1)) tr B}, and R'R is positive semidefinite, so
 *       {@code lambda_min(B) >= -||E||_2}. The shift's rounding moves each diagonal entry by at most
 *       {@code gamma_1 |b_ii|}.</li>
 * </ol>
 * Hence {@code lambda_min(X-hat X-hat') >= s - gamma_(N+1)/(1 - gamma_(N+1)) tr B - gamma_1 max b_ii - gamma_k ||X-hat||_F^2 = L}
 * and {@code sigma_min(X) >= sqrt(L) - ||X - X-hat||_F}. All of these scalars are evaluated in
 * decimal arithmetic rounded in the safe direction.
 */
final class RowRankBound {
    private static final MathContext UP = new MathContext(Enclosure.DIGITS, RoundingMode.CEILING);
    private static final MathContext DOWN = new MathContext(Enclosure.DIGITS, RoundingMode.FLOOR);
    private static final BigDecimal UNIT_ROUNDOFF = BigDecimal.ONE.divide(new BigDecimal(2).pow(53));
    /** Shifts tried, as fractions of the estimated least eigenvalue: the first that factorises gives the bound. */
    private static final double[] SHIFTS = {1 - 1e-9, 1 - 1e-6, 1 - 1e-3, 0.9, 0.5, 0.1};

    private RowRankBound() {
    }

    /**
     * A proven lower bound on {@code sigma_min(X)}, or 0 when none could be proven (X is rank
     * deficient or too ill-conditioned for double precision).
     *
     * @param rows   X-hat: the columns {@code free} of X as {@link ExactMatrix#nearest} gives them, N x k
     * @param exact  all of X (N x d), exactly
     * @param free   the columns of X that {@code rows} holds, in order
     */
    static BigDecimal smallestSingularValueLower(double[][] rows, ExactMatrix exact, int[] free) {
        int n = rows.length;
        int k = n == 0 ? 0 : rows[0].length;
        if (n == 0 || k < n) {
            return BigDecimal.ZERO;
        }
        // 1. ||X - X-hat||_F: 0 for double data; u/(1-u) |x-hat| for correctly rounded entries; exact otherwise.
        BigDecimal offSq = BigDecimal.ZERO;
        double frobHat = 0;
        double roundedSq = 0;
        boolean doubles = exact.doubles();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double v = rows[i][c];
                frobHat += v * v;
                if (doubles) {
                    continue;
                }
                if (exact.terminates(i, free[c])) {
                    roundedSq += v * v;
                } else {
                    BigDecimal m = exact.entry(i, free[c]).subtract(Enclosure.of(v)).magnitude();
                    offSq = offSq.add(m.multiply(m), UP);
                }
            }
        }
        long terms = (long) n * k + 1;
        BigDecimal relative = gamma(1);
        BigDecimal roundedBound = new BigDecimal(roundedSq).divide(BigDecimal.ONE.subtract(gamma(terms), DOWN), UP)
                .multiply(relative.multiply(relative, UP), UP);
        BigDecimal off = Enclosure.sqrtBound(offSq.add(roundedBound, UP), true);
        // fl of a sum of n k rounded squares: exact <= fl / (1 - gamma_(nk + 1)).
        BigDecimal frob2 = new BigDecimal(frobHat).divide(BigDecimal.ONE.subtract(gamma(terms), DOWN), UP);

        // 2. G-hat and its error.
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                double[] a = rows[i];
                double[] b = rows[j];
                for (int c = 0; c < k; c++) {
                    s += a[c] * b[c];
                }
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        BigDecimal gramError = gamma(k).multiply(frob2, UP);
        double estimate;
        try {
            double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(g, false)).getRealEigenvalues();
            estimate = Double.POSITIVE_INFINITY;
            for (double v : ev) {
                estimate = Math.min(estimate, v);
            }
        } catch (RuntimeException e) {
            return BigDecimal.ZERO;
        }
        if (!(estimate > 0)) {
            return BigDecimal.ZERO;
        }
        // 3. Cholesky of G-hat - s I.
        BigDecimal gammaN = gamma(n + 1L);
        BigDecimal cholFactor = gammaN.divide(BigDecimal.ONE.subtract(gammaN, DOWN), UP);
        BigDecimal gamma1 = gamma(1);
        for (double fraction : SHIFTS) {
            double s = fraction * estimate;
            double[][] b = new double[n][n];
            BigDecimal trace = BigDecimal.ZERO;
            double maxDiag = 0;
            for (int i = 0; i < n; i++) {
                b[i] = g[i].clone();
                b[i][i] = g[i][i] - s;
                trace = trace.add(new BigDecimal(Math.abs(b[i][i])));
                maxDiag = Math.max(maxDiag, Math.abs(b[i][i]));
            }
            if (!cholesky(b)) {
                continue;
            }
            BigDecimal bound = new BigDecimal(s)
                    .subtract(cholFactor.multiply(trace, UP), DOWN)
                    .subtract(gamma1.multiply(new BigDecimal(maxDiag), UP), DOWN)
                    .subtract(gramError, DOWN);
            if (bound.signum() <= 0) {
                return BigDecimal.ZERO;
            }
            BigDecimal sigma = Enclosure.sqrtBound(bound, false).subtract(off, DOWN);
            return sigma.max(BigDecimal.ZERO);
        }
        return BigDecimal.ZERO;
    }

    /** {@code gamma_m = m u / (1 - m u)}, rounded up. */
    static BigDecimal gamma(long m) {
        BigDecimal mu = UNIT_ROUNDOFF.multiply(BigDecimal.valueOf(m));
        return mu.divide(BigDecimal.ONE.subtract(mu), UP);
    }

    /**
     * The textbook floating-point Cholesky factorisation {@code B = R'R} in place (lower triangle),
     * inner products accumulated left to right; false when a pivot is not positive.
     */
    static boolean cholesky(double[][] b) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double s = b[j][j];
            for (int k = 0; k < j; k++) {
                s -= b[j][k] * b[j][k];
            }
            if (!(s > 0)) {
                return false;
            }
            double r = Math.sqrt(s);
            b[j][j] = r;
            for (int i = j + 1; i < n; i++) {
                double t = b[i][j];
                for (int k = 0; k < j; k++) {
                    t -= b[i][k] * b[j][k];
                }
                b[i][j] = t / r;
            }
        }
        return true;
    }
}
