package org.implicitbias.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongFunction;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.TieRule;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What the runner reports of runs that stop moving without reaching a limit: cycling, stuck, frozen. */
class RunnerOutcomeTest {
    private static final Objective LINE = new Objective(Dataset.of(new double[][] {{2, 1}}, new double[] {1}), new Loss.Squared());

    /** A method that follows a given sequence. */
    private static IterativeMethod sequence(LongFunction<double[]> w) {
        return new IterativeMethod() {
            private long t;
            private double[] current = w.apply(0);

            @Override
            public String name() {
                return "sequence";
            }

            @Override
            public double[] iterate() {
                return current;
            }

            @Override
            public long steps() {
                return t;
            }

            @Override
            public void step() {
                current = w.apply(++t);
            }
        };
    }

    @Test
    void l1SteepestDescentWithStepOneQuarterOnTwoOneAlternatesAndIsReportedCycling() {
        // X = [[2, 1]], y = [1]: from 0 the l1 step moves to (1, 0), whose residual 1 sends it back to (0, 0)
        IterativeMethod cd = new SteepestDescent(LINE, new double[2], new Norm.L1(), new StepRule.Constant(0.25),
                TieRule.LOWEST_INDEX);
        Trace t = new Runner(LINE).run(cd, new Budget(10_000, 10, 100, 1e-12, Budget.Limit.POINT));
        assertThat(t.outcome()).isEqualTo(Trace.Outcome.CYCLING);
        assertThat(t.settled()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 7})
    void anOrbitOfAnyShortPeriodIsNeverSettled(int period) {
        IterativeMethod orbit = sequence(t -> new double[] {Math.cos(2 * Math.PI * t / period), Math.sin(2 * Math.PI * t / period)});
        Trace t = new Runner(LINE).run(orbit, new Budget(10_000, 10, 100, 1e-12, Budget.Limit.POINT));
        assertThat(t.settled()).isFalse();
        assertThat(t.outcome()).isEqualTo(Trace.Outcome.CYCLING);
    }

    @Test
    void aRunThatStopsFarFromGIsStuckAndOneThatReachesGSettles() {
        IterativeMethod stuck = sequence(t -> new double[] {1e-20 * t, 0});
        assertThat(new Runner(LINE).run(stuck, new Budget(10_000, 10, 100, 1e-12, Budget.Limit.POINT)).outcome())
                .isEqualTo(Trace.Outcome.STUCK);
        // converging geometrically to (1/2, 0), a point of G
        IterativeMethod converging = sequence(t -> new double[] {0.5 + Math.pow(0.5, (double) t), 0});
        assertThat(new Runner(LINE).run(converging, new Budget(10_000, 10, 100, 1e-12, Budget.Limit.POINT)).outcome())
                .isEqualTo(Trace.Outcome.SETTLED);
    }

    @Test
    void aDirectionWhoseNormCannotGrowIsFrozen() {
        Objective separable = new Objective(Dataset.of(new double[][] {{1, 2}, {-1, -2}}, new double[] {1, -1}),
                new Loss.Exponential());
        IterativeMethod frozen = sequence(t -> new double[] {100, 100 + 1e-30 * (double) t});
        Trace t = new Runner(separable).run(frozen, new Budget(10_000, 10, 100, 1e-9, Budget.Limit.DIRECTION));
        assertThat(t.outcome()).isEqualTo(Trace.Outcome.FROZEN);
        IterativeMethod growing = sequence(t2 -> new double[] {1.0 + (double) t2, 2.0 + 2.0 * (double) t2});
        assertThat(new Runner(separable).run(growing, new Budget(10_000, 10, 100, 1e-9, Budget.Limit.DIRECTION)).outcome())
                .isEqualTo(Trace.Outcome.SETTLED);
    }
}
