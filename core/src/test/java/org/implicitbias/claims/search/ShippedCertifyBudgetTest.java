package org.implicitbias.claims.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.engine.Engine;
import org.implicitbias.engine.ShippingEngine;
import org.junit.jupiter.api.Test;

/**
 * {@code --certify-seconds} reaches the checks a search ships to another process (Spark's executors):
 * the shipped task, serialized and read back, builds an oracle that certifies within the caller's
 * budget, and without a budget it keeps the specs' own.
 */
class ShippedCertifyBudgetTest {
    private static final Path CD_MIN_L1 = Path.of("specs/cd-min-l1.yaml");
    private static final Duration BUDGET = Duration.ofMillis(700);

    private static CounterexampleSearch.Options twoInstances() {
        return new CounterexampleSearch.Options(2, 3L, 60.0, 5.0, 1, 0.5, null, null, null);
    }

    @Test
    void aShippedSearchCertifiesWithinTheCallersBudget() {
        ShippingEngine engine = new ShippingEngine();
        try (Checker checker = new Checker(new CertifiedReferences().certifyingWithin(BUDGET), null, 1)) {
            CounterexampleSearch.Result r = new CounterexampleSearch(checker, engine).search(CD_MIN_L1, twoInstances(), null);
            assertThat(r.tried()).as("instances checked where they were shipped").isPositive();
            assertThat(r.failed()).as("instances whose shipped check failed").isZero();
        }
        assertThat(engine.shipped()).isNotEmpty();
        for (Engine.Task<?, ?> t : engine.shipped()) {
            assertThat(((InstanceCheck) t).shippedOracle().fixedCertifyBudget()).contains(BUDGET);
        }
    }

    @Test
    void withoutABudgetTheShippedSearchKeepsTheSpecsOwn() {
        ShippingEngine engine = new ShippingEngine();
        try (Checker checker = new Checker(new CertifiedReferences(), null, 1)) {
            new CounterexampleSearch(checker, engine).search(CD_MIN_L1, twoInstances(), null);
        }
        for (Engine.Task<?, ?> t : engine.shipped()) {
            assertThat(((InstanceCheck) t).shippedOracle().fixedCertifyBudget()).isEmpty();
        }
    }
}
