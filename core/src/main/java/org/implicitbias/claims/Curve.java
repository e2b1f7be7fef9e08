package org.implicitbias.claims;

import java.util.Arrays;

/**
 * A run's gap to its reference at sampled iterations: {@code gap[i]} is the measured gap (the claim's
 * measure: distance, margin gap, value gap) of the iterate {@code w_t} at {@code t = t[i]}.
 */
public final class Curve {
    private final long[] t;
    private final double[] gap;

    public Curve(long[] t, double[] gap) {
        if (t == null || gap == null || t.length != gap.length) {
            throw new IllegalArgumentException("a curve needs as many gaps as sampled iterations");
        }
        t = t.clone();
        gap = gap.clone();
        for (int i = 1; i < t.length; i++) {
            if (t[i] <= t[i - 1]) {
                throw new IllegalArgumentException("curve: iterations must increase, got " + t[i - 1] + " then " + t[i]);
            }
        }
        this.t = t;
        this.gap = gap;
    }

    /** Sampled iteration numbers, increasing. */
    public long[] t() {
        return t.clone();
    }

    /** The gap at each, as many as {@code t}; NaN where none was measured. */
    public double[] gap() {
        return gap.clone();
    }

    /** Number of samples. */
    public int size() {
        return t.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c && Arrays.equals(t, c.t) && Arrays.equals(gap, c.gap);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(t) + Arrays.hashCode(gap);
    }

    @Override
    public String toString() {
        return "Curve[" + t.length + " samples]";
    }
}
