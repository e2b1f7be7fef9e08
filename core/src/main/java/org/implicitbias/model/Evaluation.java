package org.implicitbias.model;

/**
 * The result of one fused pass over the data: the loss and its gradient, both kept in a scaled
 * form so that exponentially small values survive.
 *
 * <p>The true values are {@code L(w) = exp(logLoss)} and
 * {@code grad L(w) = exp(logScale) * scaledGradient}. For squared and Huber loss
 * {@code logScale = 0}. For monotone losses {@code logScale = max_n log(-l'(m_n))}, so the largest
 * weight in {@code scaledGradient} is 1 and {@code gradient / L} (the steps that scale with
 * {@code 1/L}) is {@code exp(logScale - logLoss) * scaledGradient}, finite at any margin.
 *
 * <p>Mutable and reused across iterations (no allocation in the hot loop); not thread-safe.
 */
public final class Evaluation {
    final double[] scaledGradient;
    final double[] predictions;
    double logScale;
    double logLoss;

    /** Buffers for dimension d and N examples. */
    public Evaluation(int d, int n) {
        this.scaledGradient = new double[d];
        this.predictions = new double[n];
    }

    /** {@code log L(w)} ({@code -Infinity} when the loss is exactly 0). */
    public double logLoss() {
        return logLoss;
    }

    /** {@code L(w)}; may underflow to 0 for monotone losses at large margins (use {@link #logLoss()}). */
    public double loss() {
        return Math.exp(logLoss);
    }

    /** The log of the factor between the true and the stored gradient. */
    public double logScale() {
        return logScale;
    }

    /** The stored gradient (true gradient divided by {@code exp(logScale)}); internal buffer, read only. */
    public double[] scaledGradient() {
        return scaledGradient;
    }

    /** The predictions {@code u_n = <w, x_n>} of the evaluated point (all N, even for a mini-batch pass); read only. */
    public double[] predictions() {
        return predictions;
    }

    /** Writes the true gradient {@code grad L(w)} into {@code out}. */
    public void gradient(double[] out) {
        scaledCopy(logScale, out);
    }

    /** Writes {@code grad L(w) / L(w)} into {@code out}: finite at any margin. */
    public void normalizedGradient(double[] out) {
        scaledCopy(logScale - logLoss, out);
    }

    /** Writes {@code exp(logFactor) * scaledGradient} into {@code out}. */
    public void scaledCopy(double logFactor, double[] out) {
        double f = Math.exp(logFactor);
        for (int j = 0; j < out.length; j++) {
            out[j] = f * scaledGradient[j];
        }
    }
}
