package org.implicitbias.claims.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.engine.Engine;
import org.implicitbias.engine.ShippingEngine;
import org.junit.jupiter.api.Test;

/**
 * {@code --certify-seconds} reaches the cells a sweep ships to another process (Spark's executors): the
 * shipped task, serialized and read back, certifies within the caller's budget, or the specs' own
 * without one.
 */
class ShippedSweepBudgetTest {
    private static final Path GD_MIN_L2 = Path.of("specs/gd-min-l2-distance.yaml");
    private static final Duration BUDGET = Duration.ofMillis(700);

    private static List<Engine.Task<?, ?>> sweepShipped(CertifiedReferences oracle) {
        ShippingEngine engine = new ShippingEngine();
        Sweep.Result r;
        try (Checker checker = new Checker(oracle, null, 1)) {
            r = new Sweep(checker, engine).run(GD_MIN_L2, List.of(SweepAxis.parse("algorithm.step.eta=0.1")), null);
        }
        assertThat(r.cells()).extracting(SweepCell::verdict).containsOnly("confirmed");
        assertThat(engine.shipped()).isNotEmpty();
        return engine.shipped();
    }

    @Test
    void aShippedCellCertifiesWithinTheCallersBudget() {
        for (Engine.Task<?, ?> t : sweepShipped(new CertifiedReferences().certifyingWithin(BUDGET))) {
            assertThat(((CellCheck) t).shippedOracle().fixedCertifyBudget()).contains(BUDGET);
        }
    }

    @Test
    void withoutABudgetAShippedCellKeepsTheSpecsOwn() {
        for (Engine.Task<?, ?> t : sweepShipped(new CertifiedReferences())) {
            assertThat(((CellCheck) t).shippedOracle().fixedCertifyBudget()).isEmpty();
        }
    }
}
