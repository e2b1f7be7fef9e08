package org.implicitbias.claims;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InterpolatingSet;
import org.implicitbias.model.Vectors;
import org.implicitbias.oracle.Reference;

/**
 * The second route to a verdict: the KKT conditions of the claim's program checked at the limit estimate
 * itself, independently of the reference solver's point.
 *
 * <p><b>Points</b> ({@code min_G f}, {@code f(w) = D_psi(w, c)} or {@code phi(w - c)}, G affine). Project the
 * estimate w onto G ({@code w_G}, at distance {@code delta}); the stationarity residual is the part of
 * {@code grad f(w_G)} orthogonal to the row space of the constraints, {@code r}. If f is sigma-strongly convex
 * (in l2) on a box holding {@code w_G} and the minimiser {@code w*}, then, as {@code grad f(w*)} lies in the
 * row space and {@code w_G - w*} in its orthogonal complement,
 * {@code sigma ||w_G - w*||^2 <= <grad f(w_G) - grad f(w*), w_G - w*> = <r, w_G - w*>}, so
 * {@code ||w - w*|| <= delta + ||r|| / sigma}. The box is spanned by {@code w_G} and the reference point widened
 * by its error bound (the reference only locates the region where sigma is taken). Moduli: 1 for
 * squared-l2, {@code lambda_min(D)} for quadratic potentials and norms, {@code p - 1} for squared-lp,
 * {@code 1 / max w} for entropy, {@code 1 / sqrt(max w^2 + beta^2)} for hypentropy,
 * {@code (p - 1) max|v|^(p-2)} for {@code (1/p)||v||_p^p} with p <= 2; none (NaN) for l1/linf and p > 2.
 *
 * <p><b>Directions</b> (max margin in a norm). The run's own loss weights {@code q_n} (the normalised
 * {@code -l'(<w, z_n>)}, a point of the simplex) give by weak duality
 * {@code gamma <= ||Z' q||_*}, and the direction's normalised margin is at most gamma: the interval
 * {@code [margin(w), ||Z' q||_*]} holds gamma whatever the solver says.
 */
final class KktRoute {
    private KktRoute() {
    }

    /**
     * A bound on the l2 distance of {@code w} to the minimiser of {@code ref}, or NaN when the program has no
     * strong convexity this route can use.
     *
     * @param centre    the program's centre (w0 for min-bregman and min-distance, 0 for min-norm)
     * @param reference the reference point and its error bound (locates the box for sigma)
     */
    static double pointBound(Reference ref, Dataset data, double[] centre, double[] w, double[] reference,
                             double referenceBound) {
        boolean simplex = ref instanceof Reference.MinBregman mb && mb.simplex();
        InterpolatingSet g = data.interpolatingSet(simplex);
        double[] wg = g.projection(w);
        if (wg == null) {
            return Double.NaN;
        }
        double delta = Vectors.distance(w, wg);
        int d = w.length;
        double[] grad = new double[d];
        double sigma;
        double[] lo = new double[d];
        double[] hi = new double[d];
        for (int j = 0; j < d; j++) {
            double rb = reference == null ? 0 : referenceBound;
            double rj = reference == null ? wg[j] : reference[j];
            lo[j] = Math.min(wg[j], rj - rb);
            hi[j] = Math.max(wg[j], rj + rb);
        }
        if (ref instanceof Reference.MinBregman mb) {
            Potential psi = mb.potential();
            if (!psi.inDomain(wg) || !psi.inDomain(centre)) {
                return Double.NaN;
            }
            double[] a = new double[d];
            double[] b = new double[d];
            psi.link(wg, a);
            psi.link(centre, b);
            for (int j = 0; j < d; j++) {
                grad[j] = a[j] - b[j];
            }
            sigma = modulus(psi, lo, hi);
        } else if (ref instanceof Reference.NormProgram np) {
            double[] v = Vectors.subtract(wg, centre);
            for (int j = 0; j < d; j++) {
                lo[j] -= centre[j];
                hi[j] -= centre[j];
            }
            Norm norm = np.norm();
            if (norm instanceof Norm.L2) {
                grad = v;
                sigma = 1;
            } else if (norm instanceof QuadraticNorm q) {
                q.form().multiply(v, grad);
                sigma = smallestEigenvalue(q.form().matrix());
            } else if (norm instanceof Norm.Lp lp) {
                // argmin ||v||_p = argmin (1/p) ||v||_p^p: gradient sign(v) |v|^(p-1)
                Potential phi = new Potential.LpPower(lp.p());
                phi.link(v, grad);
                sigma = modulus(phi, lo, hi);
            } else {
                return Double.NaN;
            }
        } else {
            return Double.NaN;
        }
        if (!(sigma > 0) || !Vectors.allFinite(grad)) {
            return Double.NaN;
        }
        double r = Vectors.norm2(g.orthogonalToRows(grad));
        return delta + r / sigma;
    }

    /** The l2 strong-convexity modulus of psi on the box {@code [lo, hi]}, or NaN when there is none. */
    static double modulus(Potential psi, double[] lo, double[] hi) {
        double maxAbs = 0;
        double maxW = Double.NEGATIVE_INFINITY;
        double minW = Double.POSITIVE_INFINITY;
        for (int j = 0; j < lo.length; j++) {
            maxAbs = Math.max(maxAbs, Math.max(Math.abs(lo[j]), Math.abs(hi[j])));
            maxW = Math.max(maxW, hi[j]);
            minW = Math.min(minW, lo[j]);
        }
        if (psi instanceof Potential.SquaredL2) {
            return 1;
        }
        if (psi instanceof QuadraticPotential q) {
            return smallestEigenvalue(q.form().matrix());
        }
        if (psi instanceof Potential.SquaredLp s) {
            return s.p() <= 2 ? s.p() - 1 : Double.NaN;
        }
        if (psi instanceof Potential.Entropy) {
            return minW > 0 ? 1 / maxW : Double.NaN;
        }
        if (psi instanceof Potential.Hypentropy h) {
            return 1 / Math.sqrt(maxAbs * maxAbs + h.beta() * h.beta());
        }
        if (psi instanceof Potential.LpPower p) {
            if (p.p() == 2) {
                return 1;
            }
            return p.p() < 2 && maxAbs > 0 ? (p.p() - 1) * Math.pow(maxAbs, p.p() - 2) : Double.NaN;
        }
        return Double.NaN;
    }

    private static double smallestEigenvalue(double[][] m) {
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(m, true)).getRealEigenvalues();
        double min = Double.POSITIVE_INFINITY;
        for (double e : ev) {
            min = Math.min(min, e);
        }
        return min;
    }

    /**
     * The run's own upper bound on the max margin, {@code ||Z' q||_*}, with q the normalised loss weights
     * {@code softmax(-<w, z_n>)} (exponential and logistic losses alike pick the smallest margins as
     * {@code ||w||} grows; any point of the simplex gives a valid bound).
     */
    static double marginUpperBound(Dataset data, double[] w, Norm norm) {
        int n = data.n();
        int d = data.d();
        double[] m = new double[n];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m[i] = data.y(i) * Vectors.dot(data.rowMajor(), i * d, w, d);
            min = Math.min(min, m[i]);
        }
        double sum = 0;
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = Math.exp(-(m[i] - min));
            sum += q[i];
        }
        double[] zq = new double[d];
        for (int i = 0; i < n; i++) {
            double c = q[i] / sum * data.y(i);
            for (int j = 0; j < d; j++) {
                zq[j] += c * data.rowMajor()[i * d + j];
            }
        }
        return norm.dual(zq);
    }
}
