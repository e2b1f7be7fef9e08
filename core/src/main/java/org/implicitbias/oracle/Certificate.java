package org.implicitbias.oracle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The certified solution of a characterising convex program: the primal point, the Lagrange
 * multipliers, primal and dual objective values and the residuals of the KKT conditions, with the
 * strength of the evidence ({@link Level}).
 *
 * <p>Residuals are absolute, in the units of the program as posed (the data as given, not rescaled):
 * <ul>
 *   <li>{@code primalFeasibility}: the largest violation of a constraint, e.g. {@code max_n |<x_n, w> - y_n|};</li>
 *   <li>{@code stationarity}: the sup-norm of the gradient of the Lagrangian at (w, multipliers);</li>
 *   <li>{@code complementarySlackness}: the largest product {@code multiplier * slack} of an inequality;</li>
 *   <li>{@code dualFeasibility}: the largest violation of a sign or cone condition on the multipliers;</li>
 *   <li>{@code dualityGap}: primal objective minus dual objective (non-negative up to rounding).</li>
 * </ul>
 *
 * <p>A solver in this package produces {@link Level#NUMERIC} (floating-point residuals only) or
 * {@link Level#BOUNDED} (a rigorous duality gap from a feasible primal-dual pair); a verifying
 * layer raises the level with {@link #withLevel(Level, Map)}. Immutable: arrays are copied in and out.
 */
public final class Certificate {

    /** How strongly the solution is established, weakest last. */
    public enum Level {
        /** The KKT system solved and checked in exact rationals. */
        EXACT("exact", 3),
        /** An SMT solver proved that an exact KKT point lies in a small box around {@link #point()}. */
        SMT("smt", 2),
        /** Rigorous primal and dual bounds: a primal-feasible point and a dual-feasible certificate. */
        BOUNDED("bounded", 1),
        /** Floating-point residuals only. */
        NUMERIC("numeric", 0);

        private final String label;
        /** Higher is stronger; explicit so that the order does not hang on the declaration order. */
        private final int strength;

        Level(String label, int strength) {
            this.label = label;
            this.strength = strength;
        }

        /** Whether this level is strictly weaker than {@code other} (NUMERIC weakest, EXACT strongest). */
        public boolean weakerThan(Level other) {
            return strength < other.strength;
        }

        /** Whether this level is strictly stronger than {@code other}. */
        public boolean strongerThan(Level other) {
            return strength > other.strength;
        }

        /** Name in the vocabulary of the files. */
        public String label() {
            return label;
        }
    }

    /** The KKT residuals and the duality gap; see {@link Certificate} for their meaning. */
    public record Residuals(double primalFeasibility, double stationarity, double complementarySlackness,
                            double dualFeasibility, double dualityGap) {
        /** The largest of the five (the gap by its absolute value); NaN if any is NaN. */
        public double max() {
            double m = Math.max(Math.max(primalFeasibility, stationarity),
                    Math.max(complementarySlackness, dualFeasibility));
            return Double.isNaN(dualityGap) ? Double.NaN : Math.max(m, Math.abs(dualityGap));
        }
    }

    private final Reference reference;
    private final Level level;
    private final double[] point;
    private final double value;
    private final double dualValue;
    private final Map<String, double[]> multipliers;
    private final Residuals residuals;
    private final Map<String, String> details;
    private final MarginFace margin;

    /**
     * @param reference   the program solved
     * @param level       strength of the evidence
     * @param point       the primal solution w (for max-margin programs: the unit-norm maximiser)
     * @param value       the primal objective at {@code point}
     * @param dualValue   the dual objective at the multipliers
     * @param multipliers named multiplier vectors, e.g. {@code lambda} for {@code Xw = y}, {@code r} for the simplex
     * @param residuals   KKT residuals and duality gap
     * @param details     human-readable facts (method, iterations, rank, support...), in insertion order
     * @param margin      the max-margin description, or null for the other programs
     */
    public Certificate(Reference reference, Level level, double[] point, double value, double dualValue,
                       Map<String, double[]> multipliers, Residuals residuals, Map<String, String> details,
                       MarginFace margin) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.level = Objects.requireNonNull(level, "level");
        this.point = point.clone();
        this.value = value;
        this.dualValue = dualValue;
        LinkedHashMap<String, double[]> m = new LinkedHashMap<>();
        multipliers.forEach((k, v) -> m.put(k, v.clone()));
        this.multipliers = m;
        this.residuals = Objects.requireNonNull(residuals, "residuals");
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        this.margin = margin;
    }

    public Reference reference() {
        return reference;
    }

    public Level level() {
        return level;
    }

    /** A copy of the primal point w. */
    public double[] point() {
        return point.clone();
    }

    /** Primal objective value. */
    public double value() {
        return value;
    }

    /** Dual objective value. */
    public double dualValue() {
        return dualValue;
    }

    /** Names of the multiplier vectors, in order. */
    public java.util.Set<String> multiplierNames() {
        return Collections.unmodifiableSet(multipliers.keySet());
    }

    /** A copy of the named multiplier vector. */
    public double[] multiplier(String name) {
        double[] v = multipliers.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no multiplier named " + name + "; have " + multipliers.keySet());
        }
        return v.clone();
    }

    /** All multipliers (copies), in order. */
    public Map<String, double[]> multipliers() {
        LinkedHashMap<String, double[]> m = new LinkedHashMap<>();
        multipliers.forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }

    public Residuals residuals() {
        return residuals;
    }

    /** Human-readable facts, unmodifiable. */
    public Map<String, String> details() {
        return details;
    }

    /** The max-margin description (gamma, support, dual weights, optimal face), for max-margin programs. */
    public Optional<MarginFace> margin() {
        return Optional.ofNullable(margin);
    }

    /**
     * The same certificate at another level, with further details appended (e.g. the verifying
     * check and its outcome). Used by the verifying layer to raise {@link Level#NUMERIC} to
     * {@link Level#SMT} or {@link Level#EXACT}.
     */
    public Certificate withLevel(Level newLevel, Map<String, String> moreDetails) {
        LinkedHashMap<String, String> d = new LinkedHashMap<>(details);
        d.putAll(moreDetails);
        return new Certificate(reference, newLevel, point, value, dualValue, multipliers, residuals, d, margin);
    }

    @Override
    public String toString() {
        return "Certificate[" + reference.kind() + ", " + level.label() + ", value " + value + ", gap "
                + residuals.dualityGap() + ", max residual " + residuals.max() + "]";
    }
}
