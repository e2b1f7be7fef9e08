package org.implicitbias.optim;

import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Vectors;

/**
 * Exact line search {@code argmin_{eta >= 0} L(w + eta v)} for a descent direction v.
 *
 * <p>With {@code u = Xw} and {@code a = Xv}, {@code phi(eta) = sum_n loss(u_n + eta a_n, y_n)} is a
 * convex function of one variable. Its derivative's sign is evaluated in log space for monotone
 * losses (positive and negative parts as separate log-sum-exps), the root is bracketed by doubling
 * and found by bisection to relative precision 1e-15.
 */
public final class LineSearch {
    private LineSearch() {
    }

    /**
     * The exact step {@code argmin_{eta >= 0} L(w + eta v)}, 0 when v is not a descent direction at w.
     *
     * @param data the data
     * @param loss the loss
     * @param u    predictions at w
     * @param v    the direction
     * @return the minimising step size
     * @throws RunFailure if the loss decreases without bound along v (no finite exact step)
     */
    public static double exact(Dataset data, Loss loss, double[] u, double[] v) {
        double[] a = Vectors.multiply(data.rowMajor(), data.n(), data.d(), v);
        double[] y = data.y();
        if (slopeSign(loss, u, a, y, 0) >= 0) {
            return 0;
        }
        double hi = 1;
        int doublings = 0;
        while (slopeSign(loss, u, a, y, hi) < 0) {
            hi *= 2;
            if (++doublings > 2000 || !Double.isFinite(hi)) {
                throw new RunFailure(RunFailure.Kind.NON_FINITE,
                        "exact line search: the loss decreases without bound along the step direction");
            }
        }
        double lo = doublings == 0 ? 0 : hi / 2;
        for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
            double mid = 0.5 * (lo + hi);
            if (slopeSign(loss, u, a, y, mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Sign of {@code phi'(eta) = sum_n loss'(u_n + eta a_n, y_n) a_n}. */
    private static int slopeSign(Loss loss, double[] u, double[] a, double[] y, double eta) {
        if (loss instanceof Loss.Monotone m) {
            // phi' = -sum_n exp(logSlope(m_n)) y_n a_n with m_n = y_n (u_n + eta a_n)
            double posMax = Double.NEGATIVE_INFINITY;
            double negMax = Double.NEGATIVE_INFINITY;
            double[] logs = new double[u.length];
            for (int i = 0; i < u.length; i++) {
                double b = y[i] * a[i];
                if (b == 0) {
                    logs[i] = Double.NaN;
                    continue;
                }
                logs[i] = m.logSlope(y[i] * (u[i] + eta * a[i])) + Math.log(Math.abs(b));
                if (b < 0) {
                    posMax = Math.max(posMax, logs[i]);
                } else {
                    negMax = Math.max(negMax, logs[i]);
                }
            }
            double pos = 0;
            double neg = 0;
            for (int i = 0; i < u.length; i++) {
                double b = y[i] * a[i];
                if (b < 0) {
                    pos += Math.exp(logs[i] - posMax);
                } else if (b > 0) {
                    neg += Math.exp(logs[i] - negMax);
                }
            }
            double lp = pos == 0 ? Double.NEGATIVE_INFINITY : posMax + Math.log(pos);
            double ln = neg == 0 ? Double.NEGATIVE_INFINITY : negMax + Math.log(neg);
            return Double.compare(lp, ln);
        }
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += loss.derivative(u[i] + eta * a[i], y[i]) * a[i];
        }
        return s > 0 ? 1 : s < 0 ? -1 : 0;
    }
}
