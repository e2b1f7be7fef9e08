package org.implicitbias.optim;

import java.util.SplittableRandom;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;

/**
 * Seeded sampling of mini-batches: each step draws {@code size} distinct examples uniformly
 * (a partial Fisher-Yates shuffle of a kept permutation), so runs are reproducible from the seed.
 * {@code size = 1} is the instance-wise stochastic gradient of eq. 2.
 */
public final class MiniBatch {
    private final int size;
    private final int[] permutation;
    private final SplittableRandom random;

    public MiniBatch(int size, int n, long seed) {
        if (size < 1 || size > n) {
            throw new InvalidInputException("algorithm.batch", size, "an integer in [1, " + n + "] (the number of examples)");
        }
        this.size = size;
        this.permutation = new int[n];
        for (int i = 0; i < n; i++) {
            permutation[i] = i;
        }
        this.random = new SplittableRandom(seed);
    }

    /**
     * The sampler of an algorithm's {@code batch} setting: batches of {@code batch} of the n examples drawn
     * from {@code seed}, or null (full gradients) when {@code batch} is 0.
     */
    static MiniBatch of(int batch, int n, long seed) {
        return batch > 0 ? new MiniBatch(batch, n, seed) : null;
    }

    /**
     * Evaluates the objective at w on the next batch of {@code batch} ({@code L_{B_t}}, the sum over the
     * batch), or on every example when {@code batch} is null.
     */
    static void evaluate(Objective objective, double[] w, MiniBatch batch, Evaluation ev) {
        if (batch == null) {
            objective.evaluate(w, ev);
        } else {
            objective.evaluate(w, batch.next(), batch.size(), ev);
        }
    }

    public int size() {
        return size;
    }

    /** Draws the next batch; its rows are the first {@link #size()} entries of the returned array. */
    public int[] next() {
        int n = permutation.length;
        for (int k = 0; k < size; k++) {
            int j = k + random.nextInt(n - k);
            int tmp = permutation[k];
            permutation[k] = permutation[j];
            permutation[j] = tmp;
        }
        return permutation;
    }
}
