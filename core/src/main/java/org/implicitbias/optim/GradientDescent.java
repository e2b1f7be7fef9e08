package org.implicitbias.optim;

import org.implicitbias.model.Evaluation;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;

/**
 * Gradient descent with generic momentum (eq. 3 of the paper) and optional mini-batches (eq. 2):
 * <pre>
 *   w_{t+1} = w_t + beta_t Dw_{t-1} - eta_t grad L_{B_t}(w_t + gamma_t Dw_{t-1}),   Dw_{-1} = 0,
 * </pre>
 * where {@code L_{B_t}} sums the loss over the mini-batch {@code B_t} (all examples without a batch).
 * Heavy ball is gamma = 0, Nesterov beta = gamma. The update is formed from the scaled gradient of
 * the {@link Evaluation}, so adaptive steps stay finite at any margin.
 */
public final class GradientDescent extends SteppedMethod {
    private final Objective objective;
    private final StepSize step;
    private final Momentum momentum;
    private final MiniBatch batch;
    private final double[] w;
    private final double[] delta;
    private final double[] point;
    private final Evaluation ev;

    /**
     * @param objective the loss
     * @param w0        the starting point (copied)
     * @param step      the step-size rule
     * @param momentum  momentum parameters ({@link Momentum#none()} for plain GD)
     * @param batch     mini-batch sampler, or null for full gradients
     */
    public GradientDescent(Objective objective, double[] w0, StepRule step, Momentum momentum, MiniBatch batch) {
        super("gradient-descent");
        Methods.checkStart(objective, w0);
        this.objective = objective;
        this.momentum = momentum;
        this.batch = batch;
        this.w = w0.clone();
        this.delta = new double[w0.length];
        this.point = new double[w0.length];
        this.ev = objective.newEvaluation();
        this.step = new StepSize(step, objective.data(), geometry());
    }

    public GradientDescent(Objective objective, double[] w0, StepRule step) {
        this(objective, w0, step, Momentum.none(), null);
    }

    @Override
    public double[] iterate() {
        return w;
    }

    @Override
    void stepFrom(long t) {
        double beta = momentum.beta(t);
        double gamma = momentum.gamma(t);
        int d = w.length;
        for (int j = 0; j < d; j++) {
            point[j] = w[j] + gamma * delta[j];
        }
        MiniBatch.evaluate(objective, point, batch, ev);
        double[] g = ev.scaledGradient();
        // the line search needs the predictions at the look-ahead point: formed only for it
        double f = step.isLineSearch()
                ? LineSearch.exact(objective.data(), objective.loss(),
                        Vectors.multiply(objective.data().rowMajor(), objective.data().n(), d, point), Vectors.scaled(-1, g))
                : step.factor(t, ev);
        for (int j = 0; j < d; j++) {
            double dj = beta * delta[j] - f * g[j];
            delta[j] = dj;
            w[j] += dj;
        }
    }
}
