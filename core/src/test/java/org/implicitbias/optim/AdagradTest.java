package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.MarginPrograms;
import org.junit.jupiter.api.Test;

/**
 * Proposition 6: under {@code eta^2 L(w0) < 1} and {@code ||G_0^{-1/4} x_n|| <= 1} AdaGrad's accumulator
 * stays bounded, so it settles to some G_inf that depends on eta, w0 and G_0, and the run is then
 * gradient descent in {@code v = G_inf^{1/4} w}: its limit direction is the max-margin direction in the
 * norm {@code sqrt(w' G_inf^{1/2} w)}.
 *
 * <p>Direction convergence is slow (1/log t), so the tests predict the limit from the settled G
 * (a QP solved here) and compare it with the run's asymptotic slope: with a settled G, Soudry et al.
 * give {@code w_t = w_hat_G log t + r_t} with r_t converging, so {@code (w_T - w_{T/10}) / log 10}
 * estimates {@code w_hat_G = argmin w' G^{1/2} w s.t. Zw >= 1} itself (its scale too). The data have
 * obtuse support vectors and non-support margins of at least 2, so r_t settles like 1/t.
 */
class AdagradTest {

    /** 3-d: support vectors z_1 = (1/2, 0, 1/2), z_2 = (0, 1/2, -1/2) leave one free direction; z_3 has margin 2.4. */
    private static final double[][] X3 = {{0.5, 0, 0.5}, {0, -0.5, 0.5}, {0.6, 0.6, 0}};
    private static final double[] Y3 = {1, -1, 1};

    /** 2-d: support vectors (1/2, -1/8), (-1/8, 1/2) fix w_hat = (8/3, 8/3) for every diagonal G; z_3 has margin 8/3. */
    private static final double[][] X2 = {{0.5, -0.125}, {0.125, -0.5}, {0.5, 0.5}};
    private static final double[] Y2 = {1, -1, 1};

    /** One AdaGrad setting (compared by identity: a setting is one experiment, not a value). */
    private static final class Setting {
        private final double eta;
        private final double[] g0;
        private final double[] w0;

        Setting(double eta, double[] g0, double[] w0) {
            this.eta = eta;
            this.g0 = g0;
            this.w0 = w0;
        }

        double eta() {
            return eta;
        }

        double[] g0() {
            return g0;
        }

        double[] w0() {
            return w0;
        }
    }

    /** What a run showed at T = 10^4, 10^5, 10^6 (compared by identity, like the setting). */
    private static final class Run {
        private final double[][] w;
        private final double[][] g;

        Run(double[][] w, double[][] g) {
            this.w = w;
            this.g = g;
        }

        double[][] w() {
            return w;
        }

        double[][] g() {
            return g;
        }

        /** {@code (w_{10^k} - w_{10^{k-1}}) / log 10} for k = 5 (index 0) or 6 (index 1). */
        double[] slope(int k) {
            return Vectors.scaled(1 / Math.log(10), Vectors.subtract(w[k + 1], w[k]));
        }

        double[] settled() {
            return g[2];
        }
    }

    private static Run run(double[][] x, double[] y, Setting s) {
        Objective obj = new Objective(Dataset.of(x, y), new Loss.Exponential());
        assertPropositionSixPreconditions(obj, s);
        Adagrad ada = new Adagrad(obj, s.w0(), s.eta(), s.g0());
        Runner runner = new Runner(obj);
        long[] times = {10_000, 100_000, 1_000_000};
        double[][] ws = new double[3][];
        double[][] gs = new double[3][];
        for (int k = 0; k < 3; k++) {
            Trace trace = runner.run(ada, Budget.iterations(times[k] - ada.steps(), Budget.Limit.DIRECTION));
            assertThat(trace.outcome().failed()).isFalse();
            ws[k] = trace.w();
            gs[k] = ada.accumulator();
        }
        return new Run(ws, gs);
    }

    /** eta^2 L(w0) < 1 and ||G_0^{-1/4} x_n||_2 <= 1 for every n, computed directly. */
    private static void assertPropositionSixPreconditions(Objective obj, Setting s) {
        double loss = 0;
        for (int n = 0; n < obj.data().n(); n++) {
            double m = 0;
            for (int j = 0; j < obj.data().d(); j++) {
                m += obj.data().x(n, j) * s.w0()[j];
            }
            loss += Math.exp(-obj.data().y(n) * m);
            double norm2 = 0;
            for (int j = 0; j < obj.data().d(); j++) {
                norm2 += obj.data().x(n, j) * obj.data().x(n, j) / Math.sqrt(s.g0()[j]);
            }
            assertThat(norm2).isLessThanOrEqualTo(1);
        }
        assertThat(s.eta() * s.eta() * loss).isLessThan(1);
    }

    /** {@code argmin w' G^{1/2} w s.t. Zw >= 1}, solved in the test by active-set enumeration. */
    private static double[] predictedSeparator(double[][] x, double[] y, double[] g) {
        double[] root = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            root[i] = Math.sqrt(g[i]);
        }
        return MarginPrograms.minQuadraticNormSeparator(MarginPrograms.signed(x, y), MarginPrograms.diagonal(root));
    }

    @Test
    void oneStepAccumulatesTheSquaredGradientBeforeUsingIt() {
        // Soudry's toy set from 0: grad L(0) = -sum_n z_n = -(4, 4)
        Objective obj = new Objective(Dataset.of(new double[][] {{0.5, 1.5}, {1.5, 0.5}, {-0.5, -1.5}, {-1.5, -0.5}},
                new double[] {1, 1, -1, -1}), new Loss.Exponential());
        Adagrad ada = new Adagrad(obj, new double[2], 0.25, new double[] {9, 20});
        ada.step();
        assertThat(ada.accumulator()).containsExactly(new double[] {25, 36}, within(1e-13));
        assertThat(ada.iterate()).containsExactly(new double[] {0.25 * 4 / 5, 0.25 * 4 / 6}, within(1e-15));
    }

    @Test
    void accumulatorSettlesUnderPropositionSixConditions() {
        Run a = run(X3, Y3, new Setting(0.5, new double[] {100, 1, 1}, new double[3]));
        for (int i = 0; i < 3; i++) {
            double first = a.g()[1][i] - a.g()[0][i];
            double second = a.g()[2][i] - a.g()[1][i];
            assertThat(a.g()[2][i]).isFinite();
            // increments over a decade shrink about tenfold (the tail of sum 1/t^2 is ~1/t) ...
            assertThat(second).isGreaterThanOrEqualTo(0).isLessThan(0.2 * first + 1e-15);
            // ... and are negligible against G itself
            assertThat(second).isLessThan(1e-3 * a.g()[2][i]);
        }
    }

    @Test
    void inThreeDimensionsTheLimitDependsOnTheSettingAndIsTheMaxMarginOfItsSettledNorm() {
        Setting sa = new Setting(0.5, new double[] {100, 1, 1}, new double[3]);
        Setting sb = new Setting(0.3, new double[] {1, 100, 1}, new double[] {0.5, -0.5, 0.2});
        Run a = run(X3, Y3, sa);
        Run b = run(X3, Y3, sb);
        double[] predA = predictedSeparator(X3, Y3, a.settled());
        double[] predB = predictedSeparator(X3, Y3, b.settled());
        // both support vectors are active in each prediction: the free direction is what G decides
        for (double[] p : new double[][] {predA, predB}) {
            assertThat(0.5 * p[0] + 0.5 * p[2]).isCloseTo(1, within(1e-9));
            assertThat(0.5 * p[1] - 0.5 * p[2]).isCloseTo(1, within(1e-9));
        }
        assertThat(Vectors.distance(MarginPrograms.unit(predA), MarginPrograms.unit(predB))).isGreaterThan(0.3);

        for (Run r : new Run[] {a, b}) {
            double[] pred = r == a ? predA : predB;
            double[] other = r == a ? predB : predA;
            double late = Vectors.distance(r.slope(1), pred);
            double early = Vectors.distance(r.slope(0), pred);
            assertThat(late).isLessThan(1e-2);
            assertThat(late).isLessThan(0.3 * early); // still closing in on it, not settling elsewhere
            // the remaining error is almost all in the scale: the direction is within 4e-5 here
            assertThat(Vectors.distance(MarginPrograms.unit(r.slope(1)), MarginPrograms.unit(pred))).isLessThan(2e-4);
            assertThat(Vectors.distance(r.slope(1), other)).isGreaterThan(1);
        }
        // the runs' own directions differ too
        assertThat(Vectors.distance(MarginPrograms.unit(a.w()[2]), MarginPrograms.unit(b.w()[2]))).isGreaterThan(1e-2);
    }

    @Test
    void inTwoDimensionsTwoSupportVectorsFixTheLimitForEverySetting() {
        Run a = run(X2, Y2, new Setting(0.5, new double[] {1, 1}, new double[2]));
        Run b = run(X2, Y2, new Setting(0.45, new double[] {9, 0.5}, new double[] {-1, 1}));
        double[] expected = {8.0 / 3, 8.0 / 3};
        // the settled preconditioners differ a lot, the predicted separators do not
        assertThat(b.settled()[0] / b.settled()[1]).isGreaterThan(10 * a.settled()[0] / a.settled()[1]);
        for (Run r : new Run[] {a, b}) {
            assertThat(predictedSeparator(X2, Y2, r.settled())).containsExactly(expected, within(1e-9));
            assertThat(Vectors.distance(r.slope(1), expected)).isLessThan(1e-2);
            assertThat(Vectors.distance(MarginPrograms.unit(r.slope(1)), MarginPrograms.unit(expected))).isLessThan(1e-4);
        }
    }

    @Test
    void theAlgorithmValueStartsAdagradAndRefusesANonPositiveG0() {
        Objective obj = new Objective(Dataset.of(X2, Y2), new Loss.Exponential());
        IterativeMethod m = new Algorithm.AdagradAlgorithm(0.1, new double[] {1}).start(obj, new double[2]);
        assertThat(m).isInstanceOf(Adagrad.class);
        assertThat(((Adagrad) m).accumulator()).containsExactly(1, 1);
        assertThatThrownBy(() -> new Algorithm.AdagradAlgorithm(0.1, new double[] {1, 0}).start(obj, new double[2]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("algorithm.g0[1]");
        assertThatThrownBy(() -> new Algorithm.AdagradAlgorithm(0.1, new double[] {1, 1, 1}).start(obj, new double[2]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("algorithm.g0");
    }
}
