package org.implicitbias.claims;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import org.implicitbias.model.Dataset;
import org.implicitbias.oracle.Certificate;
import org.implicitbias.oracle.MarginFace;
import org.implicitbias.oracle.Outcome;
import org.implicitbias.oracle.Reference;
import org.implicitbias.oracle.ReferenceSolver;
import org.implicitbias.oracle.certify.Certifier;

/**
 * The production {@link ReferenceOracle}: the oracle module's {@link ReferenceSolver}, its solution
 * certified on the exact rationals of the data by a {@link Certifier} (level raised to exact, smt or
 * bounded where a proof succeeds; a refuted, unknown or failed proof keeps {@code numeric}), and the
 * {@link Certificate} turned into the checker's {@link Solution}.
 *
 * <p>Cache: one instance solves and certifies each distinct program once, keyed by the reference,
 * the exact data ({@link Dataset#exactX()}, {@link Dataset#exactY()}) and the start (the bits of
 * {@code w0}; ignored, and left out of the key, for the margin programs, which do not depend on it).
 * Many runs of a check share one program and differ only in their step sizes. Thread-safe: concurrent
 * requests for one program wait for the first; different programs proceed in parallel.
 *
 * <p>Time: each certification runs within the budget the run asks for ({@code budget.certify} of its
 * spec, through {@link #solve(Reference, Dataset, double[], Duration)}), or the certifier's own
 * ({@link Certifier#DEFAULT_BUDGET}) when none is given; {@link #certifyingWithin} overrides both.
 *
 * <p>Error bound of a solution (a bound on the l2 distance of its point to the true solution, and
 * for margins on the error of gamma):
 * <ul>
 *   <li>{@code exact}: 0 (the point is the nearest doubles of the exact optimum);</li>
 *   <li>{@code smt} and {@code bounded} with a proven distance: the certifier's {@code distance-bound}
 *       (rounded up), converted to l2 by {@code sqrt(d)} when the proof bounds the l_inf distance; an
 *       smt box without a recorded distance gives {@code sqrt(d) box-width / 2};</li>
 *   <li>otherwise {@code sqrt(2 |gap|) + r}, with the duality gap and r the largest KKT residual: for
 *       a 1-strongly convex objective {@code ||w - w*||^2 <= 2 gap} (rigorous for the potentials of
 *       modulus at least 1 on the region, an estimate otherwise, and reported with its level).</li>
 * </ul>
 * The gamma error: 0 at {@code exact}; the distance of gamma to the ends of a proven interval
 * {@code [gamma-lower, gamma-upper]} when there is one; otherwise {@code |gamma - dual value| + r}.
 */
public final class CertifiedReferences implements ReferenceOracle {
    /** Per-query Z3 timeout of a check: short, so that a whole check stays well under two minutes. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);

    /** A solved (and possibly certified) program: the outcome and the proofs attempted, in order. */
    public record Entry(Outcome outcome, List<Certifier.Step> steps) {
        public Entry {
            steps = List.copyOf(steps);
        }
    }

    private final Certifier certifier;
    private final Map<String, FutureTask<Entry>> cache;
    /** The certification budget that overrides the runs' own, or null. */
    private final Duration override;

    /** Certifies with {@link #CHECK_TIMEOUT} per query and the default box radius. */
    public CertifiedReferences() {
        this(new Certifier(CHECK_TIMEOUT, Certifier.DEFAULT_RADIUS));
    }

    /**
     * A fresh oracle (as {@link #CertifiedReferences()}) that certifies every program within
     * {@code certify}, or within the runs' own budgets when it is null: the oracle of a task shipped to
     * another process, given its caller's fixed budget.
     */
    public static CertifiedReferences within(Duration certify) {
        CertifiedReferences fresh = new CertifiedReferences();
        return certify == null ? fresh : fresh.certifyingWithin(certify);
    }

    /** @param certifier the certifier, or null to keep the solver's own (numeric) certificates */
    public CertifiedReferences(Certifier certifier) {
        this(certifier, new ConcurrentHashMap<>(), null);
    }

    private CertifiedReferences(Certifier certifier, Map<String, FutureTask<Entry>> cache, Duration override) {
        this.certifier = certifier;
        this.cache = cache;
        this.override = override;
    }

    /** This oracle (sharing its cache) certifying every program within {@code certify}. */
    @Override
    public CertifiedReferences certifyingWithin(Duration certify) {
        return new CertifiedReferences(certifier, cache, org.implicitbias.oracle.certify.Deadline.validate("certify", certify));
    }

    @Override
    public Optional<Duration> fixedCertifyBudget() {
        return Optional.ofNullable(override);
    }

    @Override
    public Solution solve(Reference reference, Dataset data, double[] w0, Duration certify) {
        return solution(certified(reference, data, w0, certify).outcome());
    }

    @Override
    public Solution solve(Reference reference, Dataset data, double[] w0) {
        return solution(certified(reference, data, w0).outcome());
    }

    /**
     * The program solved and certified, from the cache when it was asked before.
     *
     * @throws org.implicitbias.model.InvalidInputException as the solver does, on bad input
     */
    public Entry certified(Reference reference, Dataset data, double[] w0) {
        return certified(reference, data, w0, null);
    }

    /**
     * As {@link #certified(Reference, Dataset, double[])}, certifying within {@code certify} (null: the
     * certifier's own budget) unless this oracle overrides it. The cache holds each program once: a
     * program asked for again, with whatever budget, is answered as it was certified the first time.
     */
    public Entry certified(Reference reference, Dataset data, double[] w0, Duration certify) {
        double[] start = start(reference, w0);
        String key = GoldenReferenceFiles.programKey(reference, data, start);
        Duration budget = override != null ? override : certify;
        FutureTask<Entry> task = new FutureTask<>(() -> compute(reference, data, start, budget));
        FutureTask<Entry> before = cache.putIfAbsent(key, task);
        if (before == null) {
            task.run();
        } else {
            task = before;
        }
        return Futures.await(task, "interrupted while waiting for a reference solution");
    }

    /**
     * The start a program depends on: {@code w0} for min-bregman, the centre for the norm programs (the
     * origin for min-norm, w0 for min-distance), null for the margins.
     */
    public static double[] start(Reference reference, double[] w0) {
        if (reference instanceof Reference.NormProgram np) {
            return w0 == null ? null : np.centre(w0);
        }
        return reference instanceof Reference.MinBregman ? w0 : null;
    }

    private Entry compute(Reference reference, Dataset data, double[] w0, Duration budget) {
        Outcome o = new ReferenceSolver().solve(reference, data, w0);
        if (certifier == null || o.status() != Outcome.Status.SOLVED) {
            return new Entry(o, List.of());
        }
        try {
            Certifier.Certified c = (budget == null ? certifier : certifier.withBudget(budget)).certify(o, reference, data, w0);
            return new Entry(new Outcome.Solved(c.certificate()), c.steps());
        } catch (RuntimeException | LinkageError e) {
            // The certification layer failed (e.g. the native solver library): the level stays numeric.
            return new Entry(o, List.of());
        }
    }

    /** The checker's view of an outcome. */
    public static Solution solution(Outcome o) {
        if (o.status() == Outcome.Status.INFEASIBLE) {
            return Solution.failed(Solution.Status.INFEASIBLE, o.reason());
        }
        if (o.status() == Outcome.Status.NOT_SEPARABLE) {
            return Solution.failed(Solution.Status.NOT_SEPARABLE, o.reason());
        }
        Certificate c = o.certificate();
        Certificate.Level level = c.level();
        double bound = distanceBound(c);
        MarginFace face = c.margin().orElse(null);
        if (face != null) {
            double gammaError = gammaError(c, face);
            return new Solution(Solution.Status.SOLVED, face.maximiser(), face.gamma(), face.gamma(), face.dualWeights(),
                    face.support(), Evidence.of(level), Math.max(gammaError, face.unique() ? bound : gammaError), o.reason());
        }
        double[] lambda = c.multiplierNames().contains("lambda") ? c.multiplier("lambda") : null;
        return new Solution(Solution.Status.SOLVED, c.point(), c.value(), Double.NaN,
                c.reference() instanceof Reference.NormProgram ? lambda : null, null, Evidence.of(level), bound, o.reason());
    }

    /** The l2 error bound of the certificate's point (see the class comment). */
    static double distanceBound(Certificate c) {
        Certificate.Level level = c.level();
        if (level == Certificate.Level.EXACT) {
            return 0;
        }
        int d = c.point().length;
        if (level == Certificate.Level.SMT || level == Certificate.Level.BOUNDED) {
            double proven = detail(c, "distance-bound");
            if (Double.isFinite(proven)) {
                boolean linf = !"l2".equals(c.details().get("distance-metric"));
                return linf ? proven * Math.sqrt(d) : proven;
            }
            double width = detail(c, "box-width");
            if (level == Certificate.Level.SMT && Double.isFinite(width)) {
                return width / 2 * Math.sqrt(d);
            }
        }
        double bound = Math.sqrt(2 * Math.abs(c.residuals().dualityGap())) + c.residuals().max();
        return Double.isNaN(bound) ? Double.POSITIVE_INFINITY : bound;
    }

    private static double gammaError(Certificate c, MarginFace face) {
        if (c.level() == Certificate.Level.EXACT) {
            return 0;
        }
        double lo = detail(c, "gamma-lower");
        double hi = detail(c, "gamma-upper");
        if (c.level() != Certificate.Level.NUMERIC && Double.isFinite(lo) && Double.isFinite(hi)) {
            return Math.max(Math.abs(face.gamma() - lo), Math.abs(hi - face.gamma()));
        }
        double e = Math.abs(face.gamma() - face.dualValue()) + c.residuals().max();
        return Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
    }

    /** A numeric detail of the certificate, or NaN when absent or not a number. */
    private static double detail(Certificate c, String key) {
        String v = c.details().get(key);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
