package org.implicitbias.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class BenchTimerTest {
    /** A unit of about 20 microseconds of spinning; counts the units run. */
    private static final class Spin implements Benchmark.Workload {
        final AtomicLong units = new AtomicLong();

        @Override
        public void run(long count) {
            for (long k = 0; k < count; k++) {
                long end = System.nanoTime() + 20_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
            units.addAndGet(count);
        }
    }

    /** A compilation clock that grows at each of its first {@code busy} readings after the first one. */
    private static LongSupplier compilingFor(int busy, AtomicInteger readings) {
        return () -> {
            int k = readings.getAndIncrement();
            return Math.min(k, busy) * 7L;
        };
    }

    @Test
    void theWarmUpStopsAtTheFirstSliceWithoutCompilation() {
        AtomicInteger readings = new AtomicInteger();
        new BenchTimer(0.05, 0.01, 1, true).measure(new Spin(), compilingFor(0, readings));
        // the reading after the minimum warm-up, then one slice whose end reads the same
        assertThat(readings.get()).isEqualTo(2);
    }

    @Test
    void theWarmUpGoesOnWhileTheJitCompiles() {
        AtomicInteger readings = new AtomicInteger();
        Spin spin = new Spin();
        long start = System.nanoTime();
        new BenchTimer(0.05, 0.01, 1, true).measure(spin, compilingFor(4, readings));
        double seconds = (System.nanoTime() - start) / 1e9;
        // four slices that compiled, then the quiet one
        assertThat(readings.get()).isEqualTo(6);
        // five slices of 0.05 s after the minimum
        assertThat(seconds).isGreaterThan(0.05 + 4 * 0.05 * 0.8);
    }

    @Test
    void aJitThatNeverSettlesEndsTheWarmUpAtItsBound() {
        AtomicLong clock = new AtomicLong();
        long start = System.nanoTime();
        new BenchTimer(0.05, 0.01, 1, true).measure(new Spin(), clock::incrementAndGet);
        double seconds = (System.nanoTime() - start) / 1e9;
        // the minimum, then six minimums more: it went on to its bound, and stopped there
        assertThat(seconds).isBetween(0.05 + 6 * 0.05, 2.0);
    }

    @Test
    void withoutACompilationClockOnlyTheMinimumWarmsUp() {
        Spin spin = new Spin();
        long start = System.nanoTime();
        new BenchTimer(0.05, 0.01, 1, true).measure(spin, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        // well short of the bound of the warm-up that waits for a compiling JIT
        assertThat(seconds).isLessThan(0.05 + 6 * 0.05);
    }

    @Test
    void theQuickTimerDoesNotWaitForTheJit() {
        assertThat(BenchTimer.quick().waitForJit()).isFalse();
        assertThat(BenchTimer.standard().waitForJit()).isTrue();
    }

    @Test
    void theRateIsTheUnitsPerSecondOfTheWork() {
        // 20 us a unit at least: at most 50,000 units per second, and a spin loop is not much slower
        double rate = new BenchTimer(0.05, 0.05, 3, true).measure(new Spin(), () -> 0L);
        assertThat(rate).isBetween(25_000.0, 50_001.0);
    }
}
