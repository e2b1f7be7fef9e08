package org.implicitbias.claims;

import java.time.Duration;
import java.util.Optional;
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

    /**
     * As {@link #solve(Reference, Dataset, double[])}, certifying the solution within a time budget
     * ({@code budget.certify} of the run's spec). Oracles that do not certify ignore it.
     *
     * @param certify the time budget of the certification
     */
    default Solution solve(Reference reference, Dataset data, double[] w0, Duration certify) {
        return solve(reference, data, w0);
    }

    /**
     * The budget this oracle certifies every program within, whatever a run asks for, when it has one
     * ({@link #certifyingWithin}). A task shipped to another process builds its own oracle and gives it
     * the same budget.
     */
    default Optional<Duration> fixedCertifyBudget() {
        return Optional.empty();
    }

    /**
     * This oracle with every certification given {@code certify}, whatever the run asks for (the
     * {@code --certify-seconds} flag over the specs' {@code budget.certify}).
     */
    default ReferenceOracle certifyingWithin(Duration certify) {
        ReferenceOracle self = this;
        return new ReferenceOracle() {
            @Override
            public Solution solve(Reference reference, Dataset data, double[] w0) {
                return self.solve(reference, data, w0, certify);
            }

            @Override
            public Optional<Duration> fixedCertifyBudget() {
                return Optional.of(certify);
            }

            @Override
            public Solution solve(Reference reference, Dataset data, double[] w0, Duration ignored) {
                return self.solve(reference, data, w0, certify);
            }
        };
    }
}
