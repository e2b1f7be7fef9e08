package org.implicitbias.report;

/**
 * {@code argmin D_psi(w, w0)} over the hyperplane {@code {w : <x, w> = y}} for the entropy potential
 * {@code psi(w) = sum_i w_i log w_i - w_i} (w > 0): the reference point of Figure 1(a) and (b).
 *
 * <p>KKT: {@code log w - log w0 = lambda x}, i.e. {@code w_i = w0_i exp(lambda x_i)}, with lambda
 * the root of {@code phi(lambda) = sum_i x_i w0_i exp(lambda x_i) - y}. phi is strictly increasing
 * ({@code phi' = sum_i x_i^2 w_i > 0} for x != 0), so the root is unique when it exists; it is
 * bracketed by doubling and located by bisection to the last bit of lambda.
 */
final class EntropyOnHyperplane {
    private EntropyOnHyperplane() {
    }

    /**
     * @throws IllegalArgumentException if w0 is not positive, x is zero, or no positive w has {@code <x, w> = y}
     */
    static double[] solve(double[] x, double y, double[] w0) {
        boolean nonZero = false;
        for (int i = 0; i < x.length; i++) {
            if (!(w0[i] > 0)) {
                throw new IllegalArgumentException("entropy needs w0 > 0, got w0[" + i + "] = " + w0[i]);
            }
            nonZero |= x[i] != 0;
        }
        if (!nonZero) {
            throw new IllegalArgumentException("the hyperplane normal x is zero");
        }
        double lo = -1;
        double hi = 1;
        for (int k = 0; phi(x, y, w0, lo) > 0; k++) {
            lo *= 2;
            if (k > 60 || !Double.isFinite(phi(x, y, w0, lo))) {
                throw new IllegalArgumentException("no positive point of the hyperplane <x, w> = " + y);
            }
        }
        for (int k = 0; phi(x, y, w0, hi) < 0; k++) {
            hi *= 2;
            if (k > 60 || !Double.isFinite(phi(x, y, w0, hi))) {
                throw new IllegalArgumentException("no positive point of the hyperplane <x, w> = " + y);
            }
        }
        while (true) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (phi(x, y, w0, mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double lambda = Math.abs(phi(x, y, w0, lo)) <= Math.abs(phi(x, y, w0, hi)) ? lo : hi;
        double[] w = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            w[i] = w0[i] * Math.exp(lambda * x[i]);
        }
        return w;
    }

    private static double phi(double[] x, double y, double[] w0, double lambda) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * w0[i] * Math.exp(lambda * x[i]);
        }
        return s - y;
    }
}
