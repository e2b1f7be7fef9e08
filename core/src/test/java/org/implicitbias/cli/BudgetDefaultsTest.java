package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.implicitbias.claims.RunBudget;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.io.Limits;
import org.implicitbias.optim.Budget;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} and a spec's {@code budget:} fall back on one set of defaults, the documented one. */
class BudgetDefaultsTest {

    private static final String SPEC = Fixtures.PLAIN_SPEC;

    @Test
    void withoutABudgetRunAndASpecStopAlike(@TempDir Path dir) throws IOException {
        // documented: 100000 steps, 30 s, window iterations/100 in [10, 1000], settle 1e-12 for points
        Path spec = Files.writeString(dir.resolve("plain.yaml"), SPEC);
        RunBudget fromSpec = SpecLoader.load(spec).runs().get(0).budget();
        assertThat(fromSpec).isEqualTo(new RunBudget(100_000, 30, 1e-12, 1000));
        Budget fromRun = new BudgetOptions().budget(Limits.none(), Budget.Limit.POINT);
        assertThat(fromRun).isEqualTo(new Budget(100_000, 30, 1000, 1e-12, Budget.Limit.POINT));
    }

    @Test
    void aShortRunGetsTheSameWindowFromEitherFile(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("plain.yaml"), SPEC + "budget: {iterations: 2000}\n");
        assertThat(SpecLoader.load(spec).runs().get(0).budget().window()).isEqualTo(20);
        assertThat(new BudgetOptions().budget(new Limits(2000L, null, null, null), Budget.Limit.POINT).window()).isEqualTo(20);
        assertThat(new BudgetOptions().budget(new Limits(5L, null, null, null), Budget.Limit.POINT).window()).isEqualTo(5);
        assertThat(new BudgetOptions().budget(Limits.none(), Budget.Limit.DIRECTION).settleTolerance()).isEqualTo(1e-9);
    }
}
