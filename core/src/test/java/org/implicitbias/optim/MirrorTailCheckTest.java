package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.implicitbias.geometry.Potential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.optim.Adagrad;
import org.implicitbias.optim.GradientDescent;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.Momentum;
import org.implicitbias.optim.StepRule;
import org.junit.jupiter.api.Test;

/** The declared-tail check: link increments must lie in the row space of X (closed forms by hand). */
class MirrorTailCheckTest {
    /** Rows e1 and (0, 1, 1): the row space's orthogonal complement is spanned by (0, 1, -1). */
    private static final Dataset X = Dataset.of(new double[][]{{1, 0, 0}, {0, 1, 1}}, new double[]{1, 2});
    private static final DeclaredTail L2 = new DeclaredTail(new Potential.SquaredL2());
    private static final DeclaredTail ENTROPY = new DeclaredTail(new Potential.Entropy());

    @Test
    void incrementsThatAreCombinationsOfTheRowsPass() {
        MirrorTailCheck c = new MirrorTailCheck(X, L2, new double[]{0, 0, 0});
        c.observe(10, new double[]{1, 2, 2});        // X' (1, 2)
        c.observe(20, new double[]{0.5, -1, -1});    // + X' (-1/2, -3)
        assertThat(c.holds()).isTrue();
        assertThat(c.failure()).isNull();
    }

    @Test
    void anIncrementWithAPartOrthogonalToTheRowsFailsWithItsMeasuredSize() {
        MirrorTailCheck c = new MirrorTailCheck(X, L2, new double[]{0, 0, 0});
        c.observe(10, new double[]{1, 2, 2});
        // + (0, 1/2, -1/2): entirely outside the row space, ||.|| = 1/sqrt 2
        c.observe(20, new double[]{1, 2.5, 1.5});
        assertThat(c.holds()).isFalse();
        assertThat(c.failure()).contains("mirror-descent(squared-l2)").contains("w_20").contains("w_10")
                .contains(String.format(java.util.Locale.ROOT, "%.3e", Math.sqrt(0.5)))
                .contains("leaves the row space of X");
    }

    @Test
    void aRoundingSizedDeviationIsAbsorbedButASmallRealOneIsNot() {
        MirrorTailCheck rounding = new MirrorTailCheck(X, L2, new double[]{0, 0, 0});
        rounding.observe(10, new double[]{1, 2 + 1e-13, 2 - 1e-13});
        assertThat(rounding.holds()).isTrue();

        MirrorTailCheck real = new MirrorTailCheck(X, L2, new double[]{0, 0, 0});
        real.observe(10, new double[]{1, 2 + 1e-6, 2 - 1e-6});
        assertThat(real.holds()).isFalse();
    }

    @Test
    void entropyMirrorDescentIteratesFitEntropyButNotTheSquaredL2Potential() {
        // X = [1 2]: MD with entropy moves log w along (1, 2), so w1 = (e^a, e^2a) from w0 = (1, 1)
        Dataset x = Dataset.of(new double[][]{{1, 2}}, new double[]{1});
        double a = -0.1;
        double[] w1 = {Math.exp(a), Math.exp(2 * a)};
        double[] w2 = {Math.exp(3 * a), Math.exp(6 * a)};
        MirrorTailCheck entropy = new MirrorTailCheck(x, ENTROPY, new double[]{1, 1});
        entropy.observe(1, w1);
        entropy.observe(2, w2);
        assertThat(entropy.holds()).isTrue();

        MirrorTailCheck l2 = new MirrorTailCheck(x, L2, new double[]{1, 1});
        l2.observe(1, w1);
        // w1 - w0 = (e^a - 1, e^2a - 1) is not a multiple of (1, 2)
        assertThat(l2.holds()).isFalse();
    }

    @Test
    void anIterateOutsideThePotentialsDomainFails() {
        MirrorTailCheck c = new MirrorTailCheck(Dataset.of(new double[][]{{1, 2}}, new double[]{1}), ENTROPY,
                new double[]{1, 1});
        c.observe(1, new double[]{-0.5, 0.75});
        assertThat(c.holds()).isFalse();
        assertThat(c.failure()).contains("outside the domain of entropy");
    }

    @Test
    void nothingObservedIsNotADeclarationBorneOut() {
        MirrorTailCheck c = new MirrorTailCheck(X, L2, new double[]{0, 0, 0});
        assertThat(c.holds()).isFalse();
        assertThat(c.failure()).contains("no increment observed");
    }

    @Test
    void nesterovGradientDescentPassesAndAdagradFailsOnTheirOwnIterates() {
        Dataset data = Dataset.of(new double[][]{{1, 2, 0, -1}, {0, 1, 1, 2}}, new double[]{1, -1});
        double[] w0 = {0.3, -0.2, 0.5, 1};
        Objective obj = new Objective(data, new Loss.Squared());
        IterativeMethod nesterov = new GradientDescent(obj, w0, new StepRule.Constant(0.02),
                new Momentum(0.9, 0.9, Long.MAX_VALUE), null);
        assertThat(observeEvery(10, 2000, nesterov, data, L2).holds()).isTrue();

        IterativeMethod adagrad = new Adagrad(obj, w0, 0.1, new double[]{0.1, 0.1, 0.1, 0.1});
        MirrorTailCheck c = observeEvery(10, 2000, adagrad, data, L2);
        assertThat(c.holds()).isFalse();
        assertThat(c.failure()).contains("w_10").contains("w_0");
    }

    private static MirrorTailCheck observeEvery(int k, int steps, IterativeMethod m, Dataset data, DeclaredTail tail) {
        MirrorTailCheck c = new MirrorTailCheck(data, tail, m.iterate().clone());
        for (int t = 1; t <= steps; t++) {
            m.step();
            if (t % k == 0) {
                c.observe(t, m.iterate());
            }
        }
        return c;
    }
}
