package org.implicitbias.claims;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.implicitbias.model.Vectors;

/**
 * Checks claims: runs every (instance, grid point) of each claim, judges each run
 * ({@link RunEngine}), judges invariance across runs, and aggregates the claim's verdict.
 *
 * <p>Runs are independent, so they go to a fixed pool of threads; results are collected in the spec's
 * run order, so the same specs give the same verdicts and numbers whatever the timing. A claim is
 * CONFIRMED if every run is, REFUTED if some run is, otherwise INCONCLUSIVE; it passed when that is
 * what its {@code expect} says ({@code holds}: confirmed, {@code fails}: refuted).
 *
 * <p>{@code invariant-over} claims compare runs that differ only in the listed paths: two settled
 * limit estimates farther apart than tolerance plus both error bounds refute the claim; all of a
 * group within tolerance confirm it.
 */
public final class Checker implements AutoCloseable {
    private final ReferenceOracle oracle;
    private final RunEngine engine;
    private final ExecutorService pool;

    /** Progress: called after each run completes, from a pool thread. */
    @FunctionalInterface
    public interface Progress {
        void done(int finished, int total, String claim, RunResult last);

        /**
         * Called about once a second while runs are in progress, with the longest-running one: its claim, its
         * label, the steps it has taken and its iteration budget. Long runs show they are alive.
         */
        default void running(int finished, int total, String claim, String run, long steps, long budget) {
        }
    }

    /**
     * @param oracle   reference solutions
     * @param override builds the method of each run instead of the spec's algorithm, or null
     * @param threads  size of the fixed pool (2 on the project's machines)
     */
    public Checker(ReferenceOracle oracle, RunEngine.MethodOverride override, int threads) {
        this.oracle = oracle;
        this.engine = new RunEngine(oracle, override);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Checker(ReferenceOracle oracle) {
        this(oracle, null, 2);
    }

    /** Where this checker's reference solutions come from. */
    public ReferenceOracle oracle() {
        return oracle;
    }

    /** Checks one claim. */
    public ClaimResult check(ClaimSpec spec) {
        return check(List.of(spec), null).get(0);
    }

    /** Checks claims; all runs are queued at once, results come back per claim in order. */
    public List<ClaimResult> check(List<ClaimSpec> specs, Progress progress) {
        int total = specs.stream().mapToInt(s -> s.runs().size()).sum();
        AtomicInteger finished = new AtomicInteger();
        List<List<Future<RunResult>>> futures = new ArrayList<>();
        for (ClaimSpec spec : specs) {
            List<Future<RunResult>> fs = new ArrayList<>();
            for (RunPlan plan : spec.runs()) {
                fs.add(pool.submit(() -> {
                    RunResult r = engine.run(plan);
                    int k = finished.incrementAndGet();
                    if (progress != null) {
                        progress.done(k, total, spec.id(), r);
                    }
                    return r;
                }));
            }
            futures.add(fs);
        }
        java.util.concurrent.ScheduledExecutorService ticker = null;
        java.util.concurrent.ScheduledFuture<?> ticks = null;
        if (progress != null) {
            java.util.IdentityHashMap<RunPlan, String> claimOf = new java.util.IdentityHashMap<>();
            for (ClaimSpec spec : specs) {
                for (RunPlan plan : spec.runs()) {
                    claimOf.put(plan, spec.id());
                }
            }
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "check-progress");
                t.setDaemon(true);
                return t;
            });
            ticks = ticker.scheduleAtFixedRate(() -> engine.stepsInFlight().entrySet().stream().findFirst().ifPresent(e -> {
                RunPlan p = e.getKey();
                progress.running(finished.get(), total, claimOf.getOrDefault(p, ""),
                        p.where(), e.getValue(),
                        p.budget().iterations());
            }), 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
        List<ClaimResult> out = new ArrayList<>();
        try {
            for (int c = 0; c < specs.size(); c++) {
                List<RunResult> runs = new ArrayList<>();
                for (Future<RunResult> f : futures.get(c)) {
                    try {
                        runs.add(Futures.await(f, "interrupted"));
                    } catch (org.implicitbias.model.InvalidInputException e) {
                        throw new SpecLoader.SpecException(specs.get(c).file(), e.getMessage(), e);
                    }
                }
                out.add(aggregate(specs.get(c), judgeInvariance(specs.get(c), runs)));
            }
        } finally {
            if (ticks != null) {
                ticks.cancel(false);
            }
            if (ticker != null) {
                ticker.shutdownNow();
            }
            for (List<Future<RunResult>> fs : futures) {
                for (Future<RunResult> f : fs) {
                    f.cancel(true);
                }
            }
        }
        return out;
    }

    /** Compares the limits of runs that differ only in the invariant paths. */
    static List<RunResult> judgeInvariance(ClaimSpec spec, List<RunResult> runs) {
        List<String> free = spec.invariantOver();
        if (free.isEmpty()) {
            return runs;
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunPlan p = runs.get(i).plan();
            StringBuilder key = new StringBuilder().append(p.instance().index());
            for (Map.Entry<String, String> a : p.assignment().entrySet()) {
                if (!free.contains(a.getKey())) {
                    key.append('|').append(a.getKey()).append('=').append(a.getValue());
                }
            }
            groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(i);
        }
        List<RunResult> out = new ArrayList<>(runs);
        for (List<Integer> g : groups.values()) {
            boolean allEstimated = g.stream().allMatch(i -> runs.get(i).estimate() != null
                    && runs.get(i).errorBound() <= runs.get(i).plan().tolerance().distance());
            String others = (g.size() - 1) + " run(s) differing only in " + free;
            for (int i : g) {
                RunResult r = runs.get(i);
                if (r.estimate() == null) {
                    continue;
                }
                boolean pending = r.plan().target().reference() == null;
                double tol = r.plan().tolerance().distance();
                double worst = 0;
                RunResult refutedBy = null;
                double refutedAt = 0;
                for (int j : g) {
                    RunResult o = runs.get(j);
                    if (i == j || o.estimate() == null) {
                        continue;
                    }
                    double d = Vectors.distance(r.estimate(), o.estimate());
                    worst = Math.max(worst, d);
                    if (d > tol + r.errorBound() + o.errorBound() && d > refutedAt) {
                        refutedBy = o;
                        refutedAt = d;
                    }
                }
                if (refutedBy != null) {
                    out.set(i, new RunResult(r.plan(), Verdict.REFUTED, Measure.DISTANCE, refutedAt, tol,
                            r.errorBound() + refutedBy.errorBound(), r.tailMovement(), r.iterations(), r.level(), r.seconds(),
                            "limit differs from that of " + refutedBy.plan().where() + " by " + RunEngine.fmt(refutedAt)
                                    + " > tolerance " + RunEngine.fmt(tol) + " + error bounds "
                                    + RunEngine.fmt(r.errorBound() + refutedBy.errorBound()),
                            r.estimate(), refutedBy.estimate(), r.seed(), null));
                } else if (pending) {
                    if (g.size() < 2) {
                        out.set(i, r.with(Verdict.INCONCLUSIVE, Measure.DISTANCE, Double.NaN, tol,
                                "no other run differing only in " + free + " to compare its limit with"));
                    } else if (!allEstimated) {
                        out.set(i, r.with(Verdict.INCONCLUSIVE, Measure.DISTANCE, worst, tol, "some of the " + others + " did not settle"));
                    } else if (worst <= tol) {
                        out.set(i, r.with(Verdict.CONFIRMED, Measure.DISTANCE, worst, tol,
                                "limit within " + RunEngine.fmt(worst) + " of the " + others));
                    } else {
                        out.set(i, r.with(Verdict.INCONCLUSIVE, Measure.DISTANCE, worst, tol,
                                "limits " + RunEngine.fmt(worst) + " apart: within the error bounds of the tolerance"));
                    }
                }
            }
        }
        return out;
    }

    /** The claim's verdict from its runs. */
    static ClaimResult aggregate(ClaimSpec spec, List<RunResult> runs) {
        RunResult refuting = null;
        RunResult firstInconclusive = null;
        double worst = Double.NaN;
        double seconds = 0;
        Map<String, Integer> levels = new TreeMap<>();
        for (RunResult r : runs) {
            if (r.verdict() == Verdict.REFUTED && refuting == null) {
                refuting = r;
            }
            if (r.verdict() == Verdict.INCONCLUSIVE && firstInconclusive == null) {
                firstInconclusive = r;
            }
            if (Double.isFinite(r.distance()) && !(r.distance() <= worst)) {
                worst = r.distance();
            }
            seconds += r.seconds();
            levels.merge(r.level().label(), 1, Integer::sum);
        }
        Verdict v = refuting != null ? Verdict.REFUTED : firstInconclusive != null ? Verdict.INCONCLUSIVE : Verdict.CONFIRMED;
        boolean passed = spec.expect() == Expectation.HOLDS ? v == Verdict.CONFIRMED : v == Verdict.REFUTED;
        String reason;
        if (refuting != null) {
            reason = "refuted by " + refuting.plan().where() + ": " + refuting.reason();
        } else if (firstInconclusive != null) {
            long k = runs.stream().filter(r -> r.verdict() == Verdict.INCONCLUSIVE).count();
            reason = k + " of " + runs.size() + " runs inconclusive; first: " + firstInconclusive.plan().where() + ": "
                    + firstInconclusive.reason();
        } else {
            reason = "all " + runs.size() + " runs confirmed";
        }
        return new ClaimResult(spec, v, passed, List.copyOf(runs), worst, levels, seconds, reason, refuting);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
