package org.implicitbias.claims;

import org.implicitbias.model.Dataset;
import org.implicitbias.oracle.Reference;

/**
 * Where the checker gets certified reference solutions: the oracle module's solver in production,
 * a closed form in some tests. Implementations must be safe to call from several threads.
 */
@FunctionalInterface
public interface ReferenceOracle {

    /**
     * Solves the reference program on the data.
     *
     * @param reference the convex program
     * @param data      the data
     * @param w0        the start (min-bregman and min-norm measure from it; ignored by margins)
     */
    Solution solve(Reference reference, Dataset data, double[] w0);
}
