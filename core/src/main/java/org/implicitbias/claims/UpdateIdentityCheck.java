package org.implicitbias.claims;

import java.util.SplittableRandom;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.ExactNumbers;
import org.implicitbias.model.Objective;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.FactorizedGradientDescent;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.StepRule;

/**
 * The {@code update-identity} property (eq. 17-19 and Section 4 of the paper), in exact rationals.
 *
 * <p>With {@code W = U U'} and symmetric {@code X_n}, GD on U with step eta,
 * {@code U+ = U - eta (G + G') U = U - 2 eta G U} ({@code G = grad L(W) = sum_n loss'_n X_n}), gives
 * <pre>  W+ = W - 2 eta (G W + W G) + 4 eta^2 G W G,  </pre>
 * eq. 19 with the paper's step {@code 2 eta}. The check runs the method for {@code steps} steps and
 * <ol>
 * <li>follows the factor exactly: from the rationalised {@code U_0} (a seeded Gaussian factor of the
 *     algorithm's scale, the same construction as the method's start up to rounding: the method's
 *     {@code W_0} is compared too), {@code U_{t+1} = U_t - 2 eta G_t U_t} with {@code G_t} the rationalised
 *     double gradient at the rounded exact {@code W_t}, and requires {@code U_{t+1} U_{t+1}'} to EQUAL eq.
 *     19's right-hand side in exact arithmetic (difference exactly 0, tolerance.value = 0);</li>
 * <li>compares the method's float W-iterates with the exact ones: largest relative Frobenius deviation
 *     at most {@code tolerance.iterates} (default 1e-9): this ties the implementation to eq. 19;</li>
 * <li>checks the U V' embedding exactly: GD on (U, V), {@code U+ = U - eta G V}, {@code V+ = V - eta G' U},
 *     equals the symmetric run on {@code U~ = [U; V]} with {@code X~_n = 1/2 [[0, X_n], [X_n', 0]]}
 *     (so {@code <W~, X~_n> = <U V', X_n>}) with the same loss derivatives: {@code U~_t = [U_t; V_t]} and the
 *     top-right block of {@code U~ U~'} is {@code U V'}, exactly.</li>
 * </ol>
 */
final class UpdateIdentityCheck {
    private UpdateIdentityCheck() {
    }

    static RunResult check(RunPlan plan, Objective obj, IterativeMethod method, int steps, long start) {
        Algorithm.FactorizedGradientDescentAlgorithm a = (Algorithm.FactorizedGradientDescentAlgorithm) plan.algorithm();
        if (!(a.step() instanceof StepRule.Constant c)) {
            return RunResult.inconclusive(plan, "update-identity needs a constant step", 0, Double.NaN, RunEngine.seconds(start));
        }
        BigFraction eta = ExactNumbers.parse("algorithm.step.eta", Double.toString(c.eta()));
        BigFraction two = new BigFraction(2);
        Dataset data = plan.instance().data();
        int m = plan.instance().size();
        Evaluation ev = obj.newEvaluation();

        // 1. exact factor run vs eq. 19, and the float method vs the exact W-iterates
        BigFraction[][] w = fromFlat(ExactNumbers.ofDoubles(method.iterate()), m);
        BigFraction[][] u = factorOf(method, m);
        if (u != null) {
            w = times(u, transpose(u));
        }
        double worstFloat = relativeDeviation(method.iterate(), w, m);
        // largest |U U' - eq. 19| over the steps, computed exactly and then rounded; tolerance.value (0 in the
        // specs: exact equality)
        double identityGap = 0;
        int failedAt = -1;
        for (int t = 0; t < steps; t++) {
            BigFraction[][] g = gradient(obj, ev, w, m);
            BigFraction[][] gw = times(g, w);
            BigFraction[][] wg = times(w, g);
            BigFraction[][] gwg = times(gw, g);
            BigFraction[][] next = new BigFraction[m][m];
            BigFraction e2 = two.multiply(eta);
            BigFraction e4 = e2.multiply(e2);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    next[i][j] = w[i][j].subtract(e2.multiply(gw[i][j].add(wg[i][j]))).add(e4.multiply(gwg[i][j]));
                }
            }
            if (u != null) {
                BigFraction[][] gu = times(g, u);
                for (int i = 0; i < u.length; i++) {
                    for (int j = 0; j < u[0].length; j++) {
                        u[i][j] = u[i][j].subtract(e2.multiply(gu[i][j]));
                    }
                }
                double gap = maxDifference(times(u, transpose(u)), next);
                if (gap > identityGap) {
                    identityGap = gap;
                    failedAt = t + 1;
                }
            }
            w = next;
            method.step();
            worstFloat = Math.max(worstFloat, relativeDeviation(method.iterate(), w, m));
        }
        // 3. the U V' embedding, exactly
        String embedding = embeddingCheck(data, obj, ev, m, eta, Math.min(steps, 8), a.initScale(), a.seed());
        double tolIterates = Tolerance.given(plan.tolerance().iterates()) ? plan.tolerance().iterates() : 1e-9;
        boolean identity = identityGap <= plan.tolerance().value();
        double implEmbedding = implementationEmbedding(data, plan.loss(), m, a, steps);
        StringBuilder why = new StringBuilder();
        why.append(u != null ? (identityGap == 0 ? "U U' equals eq. 19 exactly for " + steps + " steps"
                : "U U' differs from eq. 19 by up to " + RunEngine.fmt(identityGap) + " (first at step " + failedAt + ")")
                : "the method exposes no factor: eq. 19 followed on W only");
        why.append("; float W-iterates within ").append(RunEngine.fmt(worstFloat)).append(" (relative) of the exact ones");
        why.append("; ").append(embedding == null ? "U V' equals the embedded U~ U~' exactly" : embedding);
        why.append("; the method's U V' run is within ").append(RunEngine.fmt(implEmbedding))
                .append(" (relative) of its embedded U~ U~' run");
        worstFloat = Math.max(worstFloat, implEmbedding);
        Verdict v;
        if (!identity || embedding != null || worstFloat > tolIterates) {
            v = Verdict.REFUTED;
        } else {
            v = u != null ? Verdict.CONFIRMED : Verdict.INCONCLUSIVE;
        }
        double distance = embedding == null ? identityGap : 1;
        return new RunResult(plan, v, Measure.ITERATES, Math.max(distance, worstFloat), tolIterates, 0, Double.NaN, steps, Evidence.EXACT,
                RunEngine.seconds(start), why.toString(), null, null, plan.instance().seed(), null);
    }

    /** The exact factor of the method's start, if the method exposes it. */
    private static BigFraction[][] factorOf(IterativeMethod method, int m) {
        return FactorAccess.factor(method, m);
    }

    /**
     * The implementation's product form on the data against its symmetric form on the embedded data
     * from {@code U~0 = [U0; V0]}: largest relative Frobenius deviation of W from the top-right block.
     */
    private static double implementationEmbedding(Dataset data, org.implicitbias.model.Loss loss, int m, Algorithm.FactorizedGradientDescentAlgorithm a,
                                                  int steps) {
        int k = 2 * m;
        double[] tilde = FactorizedGradientDescent.gaussianFactor(k, k, a.initScale(), a.seed() + 1);
        double[] u0 = java.util.Arrays.copyOfRange(tilde, 0, m * k);
        double[] v0 = java.util.Arrays.copyOfRange(tilde, m * k, k * k);
        Objective obj = new Objective(data, loss);
        FactorizedGradientDescent product = FactorizedGradientDescent.product(obj, m, m, k, u0, v0, a.step());
        Dataset emb = FactorizedGradientDescent.embedding(data, m, m);
        FactorizedGradientDescent sym = FactorizedGradientDescent.symmetric(
                new Objective(emb, loss), k, k, tilde, a.step());
        double worst = 0;
        for (int t = 0; t <= steps; t++) {
            double[] w = product.iterate();
            double[] block = FactorizedGradientDescent.topRightBlock(sym.iterate(), m, m);
            double num = 0;
            double den = 0;
            for (int i = 0; i < w.length; i++) {
                num += (w[i] - block[i]) * (w[i] - block[i]);
                den += w[i] * w[i];
            }
            worst = Math.max(worst, Math.sqrt(num) / Math.max(Math.sqrt(den), Double.MIN_NORMAL));
            if (t < steps) {
                product.step();
                sym.step();
            }
        }
        return worst;
    }

    private static String embeddingCheck(Dataset data, Objective obj, Evaluation ev, int m, BigFraction eta, int steps,
                                         double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        BigFraction[][] u = new BigFraction[m][m];
        BigFraction[][] v = new BigFraction[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                u[i][j] = ExactNumbers.ofDouble(scale * DataGenerator.gaussian(r));
                v[i][j] = ExactNumbers.ofDouble(scale * DataGenerator.gaussian(r));
            }
        }
        BigFraction[][] ut = new BigFraction[2 * m][m];
        for (int i = 0; i < m; i++) {
            ut[i] = u[i].clone();
            ut[m + i] = v[i].clone();
        }
        BigFraction half = new BigFraction(1, 2);
        BigFraction[][][] xs = new BigFraction[data.n()][][];
        BigFraction[][] ex = data.exactX();
        for (int n = 0; n < data.n(); n++) {
            xs[n] = fromFlat(ex[n], m);
        }
        for (int t = 0; t < steps; t++) {
            BigFraction[][] w = times(u, transpose(v));
            // loss derivatives at <U V', X_n>, rounded once and shared by both runs
            double[] wd = toFlatDoubles(w, m);
            obj.evaluate(wd, ev);
            double[] pred = ev.predictions();
            BigFraction[] cn = new BigFraction[data.n()];
            for (int n = 0; n < data.n(); n++) {
                cn[n] = ExactNumbers.ofDouble(obj.loss().derivative(pred[n], data.y(n)));
            }
            BigFraction[][] g = zeros(m, m);
            BigFraction[][] gt = zeros(2 * m, 2 * m);
            for (int n = 0; n < data.n(); n++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        BigFraction c = cn[n].multiply(xs[n][i][j]);
                        g[i][j] = g[i][j].add(c);
                        // X~_n = 1/2 [[0, X_n], [X_n', 0]]
                        BigFraction h = c.multiply(half);
                        gt[i][m + j] = gt[i][m + j].add(h);
                        gt[m + j][i] = gt[m + j][i].add(h);
                    }
                }
            }
            BigFraction[][] gv = times(g, v);
            BigFraction[][] gtu = times(transpose(g), u);
            BigFraction[][] gut = times(gt, ut);
            BigFraction twoEta = eta.multiply(2);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    u[i][j] = u[i][j].subtract(eta.multiply(gv[i][j]));
                    v[i][j] = v[i][j].subtract(eta.multiply(gtu[i][j]));
                }
            }
            for (int i = 0; i < 2 * m; i++) {
                for (int j = 0; j < m; j++) {
                    // symmetric form: U~+ = U~ - eta (G~ + G~') U~ = U~ - 2 eta G~ U~
                    ut[i][j] = ut[i][j].subtract(twoEta.multiply(gut[i][j]));
                }
            }
            BigFraction[][] wt = times(ut, transpose(ut));
            BigFraction[][] uv = times(u, transpose(v));
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (!wt[i][m + j].equals(uv[i][j]) || !ut[i][j].equals(u[i][j]) || !ut[m + i][j].equals(v[i][j])) {
                        return "U V' differs from the embedded U~ U~' at step " + (t + 1);
                    }
                }
            }
        }
        return null;
    }

    private static BigFraction[][] gradient(Objective obj, Evaluation ev, BigFraction[][] w, int m) {
        obj.evaluate(toFlatDoubles(w, m), ev);
        double[] g = new double[m * m];
        ev.gradient(g);
        BigFraction[][] out = new BigFraction[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                // symmetrise exactly: the float sum is symmetric up to rounding order
                double s = i == j ? g[i * m + j] : 0.5 * (g[i * m + j] + g[j * m + i]);
                out[i][j] = ExactNumbers.ofDouble(s);
            }
        }
        return out;
    }

    private static double relativeDeviation(double[] flat, BigFraction[][] w, int m) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double e = w[i][j].doubleValue();
                double diff = flat[i * m + j] - e;
                num += diff * diff;
                den += e * e;
            }
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), Double.MIN_NORMAL);
    }

    static BigFraction[][] fromFlat(BigFraction[] flat, int m) {
        BigFraction[][] out = new BigFraction[m][m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(flat, i * m, out[i], 0, m);
        }
        return out;
    }

    private static double[] toFlatDoubles(BigFraction[][] w, int m) {
        double[] out = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                out[i * m + j] = w[i][j].doubleValue();
            }
        }
        return out;
    }

    private static BigFraction[][] zeros(int r, int c) {
        BigFraction[][] z = new BigFraction[r][c];
        for (BigFraction[] row : z) {
            java.util.Arrays.fill(row, BigFraction.ZERO);
        }
        return z;
    }

    static BigFraction[][] transpose(BigFraction[][] a) {
        BigFraction[][] t = new BigFraction[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static BigFraction[][] times(BigFraction[][] a, BigFraction[][] b) {
        int n = a.length;
        int k = b.length;
        int p = b[0].length;
        BigFraction[][] c = new BigFraction[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                BigFraction s = BigFraction.ZERO;
                for (int l = 0; l < k; l++) {
                    s = s.add(a[i][l].multiply(b[l][j]));
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    /** {@code max |a_ij - b_ij|}, exact difference rounded to a double (0 only for exact equality). */
    private static double maxDifference(BigFraction[][] a, BigFraction[][] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                BigFraction d = a[i][j].subtract(b[i][j]);
                if (d.getNumerator().signum() != 0) {
                    m = Math.max(m, Math.max(Math.abs(d.doubleValue()), Double.MIN_VALUE));
                }
            }
        }
        return m;
    }
}
