package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.MarginPrograms;
import org.junit.jupiter.api.Test;

/**
 * Soudry et al. 2018 on their toy set: fixed-step gradient descent on the exponential loss has
 * {@code w_t = w_hat log t + r_t} with r_t bounded, {@code w_hat = argmin ||w||_2 s.t. Z w >= 1}.
 */
class GradientDescentMaxMarginTest {

    /** Support vectors (0.5, 1.5), (1.5, 0.5) labelled +1, their negatives -1, three points of margin 2.5 at w_hat. */
    private static final double[][] X = {
        {0.5, 1.5}, {1.5, 0.5}, {-0.5, -1.5}, {-1.5, -0.5}, {2, 3}, {-3, -2}, {4, 1}};
    private static final double[] Y = {1, 1, -1, -1, 1, -1, 1};
    /** Closed form: both support vectors active, (0.5, 0.5) = 1/4 z_1 + 1/4 z_2 (KKT multipliers 1/4 >= 0). */
    private static final double[] W_HAT = {0.5, 0.5};

    @Test
    void theClosedFormSeparatorSolvesTheHardMarginProgram() {
        double[] w = MarginPrograms.minQuadraticNormSeparator(MarginPrograms.signed(X, Y),
                MarginPrograms.diagonal(new double[] {1, 1}));
        assertThat(w).containsExactly(W_HAT, within(1e-12));
    }

    @Test
    void fixedStepResidualStaysBoundedWhileTheNormGrowsLikeLogT() {
        Objective obj = new Objective(Dataset.of(X, Y), new Loss.Exponential());
        GradientDescent gd = new GradientDescent(obj, new double[] {0.3, -0.8}, new StepRule.Constant(0.05));
        Runner runner = new Runner(obj);
        long[] times = {10_000, 100_000, 1_000_000};
        double[][] residual = new double[times.length][];
        double[] norms = new double[times.length];
        for (int k = 0; k < times.length; k++) {
            Trace trace = runner.run(gd, Budget.iterations(times[k] - gd.steps(), Budget.Limit.DIRECTION));
            assertThat(trace.outcome().failed()).isFalse();
            double[] w = trace.w();
            double log = Math.log((double) times[k]);
            residual[k] = new double[] {w[0] - W_HAT[0] * log, w[1] - W_HAT[1] * log};
            norms[k] = Vectors.norm2(w);
        }
        double early = Vectors.distance(residual[1], residual[0]);
        double late = Vectors.distance(residual[2], residual[1]);
        // ||w|| grows by ||w_hat|| log 10 ~ 1.63 per decade ...
        assertThat(norms[1] - norms[0]).isCloseTo(Vectors.norm2(W_HAT) * Math.log(10), within(0.1));
        assertThat(norms[2] - norms[1]).isCloseTo(Vectors.norm2(W_HAT) * Math.log(10), within(0.05));
        // ... while the residual moves by a small, shrinking amount; a separator w_hat + delta would add
        // -delta log 10 per decade to both moves (with |delta| = 0.01 the late move exceeds 0.05)
        assertThat(early).isLessThan(0.1);
        assertThat(late).isLessThan(0.05);
        assertThat(late).isLessThan(0.75 * early);
        assertThat(Vectors.norm2(residual[2])).isLessThan(1);
    }
}
