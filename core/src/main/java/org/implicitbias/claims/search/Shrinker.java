package org.implicitbias.claims.search;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A deterministic greedy shrinker: from a failing value it walks to a simpler value that still fails
 * <em>the same way</em>.
 *
 * <p>Each round asks for the candidates of the current value, simplest first, and tests them in that
 * order. A candidate counts only if it is strictly smaller than the current value under the size order
 * and the property says {@link Behaviour#FAILS_SAME}; the first such candidate becomes the current value
 * and the next round starts from it. A candidate that passes, fails differently or cannot be judged is
 * dropped; one that breaks the property's preconditions ({@link Behaviour#INVALID}) is skipped and counted
 * apart, never taken for a failure. The walk ends at a fixed point (no candidate of the current value
 * still fails the same way) or when the time bound runs out, with the best value found so far.
 *
 * <p>Guarantees: the result fails the same way as the input (it is the input or a candidate that was
 * tested to fail so), it is never larger than the input, and the walk terminates, because every step
 * strictly decreases the size and the size order must be well-founded on the candidates produced. With
 * deterministic candidates and a deterministic property the result is a function of the input, unless
 * the time bound cuts the walk short ({@link Result#timedOut()}).
 *
 * @param <T> the value shrunk; candidates are fresh values, never mutations of the current one
 */
public final class Shrinker<T> {

    /** What a property says of a candidate (jqwik's falsified, satisfied and invalid). */
    public enum Behaviour {
        /** The candidate fails as the original did (same claim, same verdict, same kind of failure). */
        FAILS_SAME,
        /** The candidate passes, fails in another way, or cannot be judged: not a shrink. */
        OTHER,
        /** The candidate violates the preconditions of the property: skipped, not a failure. */
        INVALID
    }

    /** How a candidate value behaves under the check being shrunk: the same failure, another outcome, or invalid. */
    @FunctionalInterface
    public interface Criterion<T> {
        Behaviour test(T candidate);
    }

    /**
     * The result of a walk.
     *
     * @param value    the simplest value found that fails the same way (the input if none did)
     * @param steps    number of accepted shrinks
     * @param tried    number of candidates tested by the property
     * @param invalid  number of those that violated the preconditions
     * @param timedOut whether the time bound ended the walk before a fixed point
     * @param seconds  wall time of the walk
     */
    public record Result<T>(T value, int steps, int tried, int invalid, boolean timedOut, double seconds) {
    }

    private final Function<T, List<T>> candidates;
    private final Comparator<T> size;
    private final LongSupplier nanoClock;

    /**
     * @param candidates the simpler variants of a value, simplest first (may include values that are not
     *                   smaller: they are skipped)
     * @param size       a well-founded order: a candidate is a shrink only if strictly smaller than the current value
     */
    public Shrinker(Function<T, List<T>> candidates, Comparator<T> size) {
        this(candidates, size, System::nanoTime);
    }

    /** As above with an explicit clock in nanoseconds (tests drive the time bound with it). */
    public Shrinker(Function<T, List<T>> candidates, Comparator<T> size, LongSupplier nanoClock) {
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.size = Objects.requireNonNull(size, "size");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Shrinks a failing value.
     *
     * @param failing a value for which the property says {@link Behaviour#FAILS_SAME} (not re-tested)
     * @param property judges candidates
     * @param seconds  time bound (> 0); the walk stops at the first candidate boundary after it
     */
    public Result<T> shrink(T failing, Criterion<T> property, double seconds) {
        Objects.requireNonNull(failing, "failing");
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("time bound must be > 0 seconds, got " + seconds);
        }
        long start = nanoClock.getAsLong();
        long bound = seconds >= Long.MAX_VALUE / 2e9 ? Long.MAX_VALUE / 2 : (long) (seconds * 1e9);
        T current = failing;
        int steps = 0;
        int tried = 0;
        int invalid = 0;
        boolean timedOut = false;
        rounds:
        while (true) {
            boolean improved = false;
            for (T candidate : candidates.apply(current)) {
                if (nanoClock.getAsLong() - start >= bound) {
                    timedOut = true;
                    break rounds;
                }
                if (size.compare(candidate, current) >= 0) {
                    continue;
                }
                tried++;
                Behaviour o = property.test(candidate);
                if (o == Behaviour.INVALID) {
                    invalid++;
                } else if (o == Behaviour.FAILS_SAME) {
                    current = candidate;
                    steps++;
                    improved = true;
                    break;
                }
            }
            if (!improved) {
                break;
            }
        }
        return new Result<>(current, steps, tried, invalid, timedOut, (nanoClock.getAsLong() - start) / 1e9);
    }
}
