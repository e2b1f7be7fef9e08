package org.implicitbias.claims;

import java.util.Map;
import java.util.WeakHashMap;
import org.implicitbias.model.Dataset;
import org.implicitbias.oracle.Interiority;
import org.implicitbias.oracle.MaxMarginSolver;

/**
 * The preconditions a claim's theorem needs of its data, checked before anything runs (a spec that
 * violates them is bad input, not a counterexample). Each is the oracle's own decision, so a spec's data
 * pass a check exactly when the reference programs accept them:
 * <ul>
 * <li>separable: {@link MaxMarginSolver#separable} (the l2 margin, Wolfe's min-norm point);</li>
 * <li>G non-empty: {@link Interiority#realizable} (the independent rows and the consistency of the others);</li>
 * <li>G meets {@code w > 0} (optionally on the simplex): {@link Interiority#decide}, the interior-point LP
 *     {@code max_G min_j w_j} whose yes is a verified witness with every entry above
 *     {@value Interiority#THRESHOLD} times the scale of G's points.</li>
 * </ul>
 * The decisions are remembered per data set (by identity): the runs of a claim share their instance's data.
 */
public final class Preconditions {
    private static final Map<Dataset, Map<String, Object>> CACHE = new WeakHashMap<>();

    private Preconditions() {
    }

    /**
     * Whether the labels are +-1 and some w has {@code Z w > 0}: the oracle's one separability decision
     * ({@link MaxMarginSolver#separable}), so a spec's data pass this check exactly when the max-margin
     * programs solve on them.
     */
    public static boolean separable(Dataset data) {
        return (Boolean) remembered(data, "separable", () -> MaxMarginSolver.separable(data));
    }

    /** Whether {@code G = {Xw = y}} is non-empty. */
    public static boolean realizable(Dataset data) {
        return (Boolean) remembered(data, "realizable", () -> Interiority.realizable(data));
    }

    /**
     * Whether G meets {@code w > 0} (on the simplex: its relative interior), with the decision's evidence
     * ({@link Interiority.Decision#reason()}).
     */
    public static Interiority.Decision interiority(Dataset data, boolean simplex) {
        return (Interiority.Decision) remembered(data, "interiority-" + simplex, () -> Interiority.decide(data, simplex));
    }

    /** Whether {@code G} has a point with every entry > 0 (optionally on the simplex). */
    public static boolean positivelyRealizable(Dataset data, boolean simplex) {
        return interiority(data, simplex).positive();
    }

    private static Object remembered(Dataset data, String what, java.util.function.Supplier<Object> decide) {
        synchronized (CACHE) {
            Object v = CACHE.computeIfAbsent(data, k -> new java.util.HashMap<>()).get(what);
            if (v != null) {
                return v;
            }
        }
        // decided outside the lock: two threads may decide the same question once each, with the same answer
        Object v = decide.get();
        synchronized (CACHE) {
            CACHE.computeIfAbsent(data, k -> new java.util.HashMap<>()).put(what, v);
        }
        return v;
    }
}
