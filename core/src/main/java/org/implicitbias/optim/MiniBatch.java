package org.implicitbias.optim;

import java.util.SplittableRandom;
import org.implicitbias.model.InvalidInputException;

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
