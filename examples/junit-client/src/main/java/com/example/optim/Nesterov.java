package com.example.optim;

/**
 * Nesterov's accelerated gradient, written from scratch:
 * {@code v+ = beta v - eta (grad L(w + beta v) + lambda_t w)}, {@code w+ = w + v},
 * with an optional weight decay {@code lambda_t = lambda 0.999^t}.
 *
 * <p>It knows nothing of the oracle: it needs a gradient, given as a function.
 */
public final class Nesterov {
    /** Writes the gradient at its first argument into its second. */
    @FunctionalInterface
    public interface Gradient {
        void at(double[] w, double[] out);
    }

    private final double eta;
    private final double beta;
    private final Gradient gradient;
    private final double[] v;
    private final double[] y;
    private final double[] g;
    private double decay;

    public Nesterov(double eta, double beta, double weightDecay, Gradient gradient, int d) {
        this.eta = eta;
        this.beta = beta;
        this.gradient = gradient;
        this.decay = weightDecay;
        this.v = new double[d];
        this.y = new double[d];
        this.g = new double[d];
    }

    /** One step, in place. */
    public void step(double[] w) {
        for (int j = 0; j < w.length; j++) {
            y[j] = w[j] + beta * v[j];
        }
        gradient.at(y, g);
        for (int j = 0; j < w.length; j++) {
            v[j] = beta * v[j] - eta * (g[j] + decay * w[j]);
            w[j] += v[j];
        }
        decay *= 0.999;
    }
}
