package org.implicitbias.claims.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.Instance;
import org.implicitbias.claims.RunPlan;
import org.implicitbias.claims.Measure;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.SearchSpec;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.claims.Verdict;
import org.implicitbias.engine.Engine;
import org.implicitbias.engine.LocalEngine;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Objective;
import org.implicitbias.optim.Budget;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.Runner;
import org.implicitbias.optim.Trace;
import org.implicitbias.oracle.Reference;

/**
 * Looks for a counterexample to one claim: small instances drawn within the claim's preconditions, each
 * checked at every grid point of the spec, and the most clearly refuting one shrunk while it keeps
 * failing the same way ({@code docs/design.md}, "Counterexamples").
 *
 * <p>Instances: instance k has {@code d} drawn uniformly from the spec's {@code search.d} range and
 * {@code n} from {@code search.n} (for regression capped at d - 1, so that {@code G = {Xw = y}} is a
 * non-trivial affine set), entries integers in {@code [-integers, integers]} when {@code search.integers}
 * is set, and the generator of the spec's {@code data.generate} (its kind and its {@code positive} /
 * {@code simplex} options); without one the kind follows the claim: separable data for monotone losses,
 * regression otherwise, with {@code G} meeting {@code w > 0} for entropy references and the simplex for
 * simplex references. Instance k draws every random choice from its own seed
 * {@link #instanceSeed(long, int) instanceSeed(seed, k)}, so a seed fixes every instance and instance k
 * is the same whichever engine checks it, next to whichever others. Data that break a precondition (the
 * spec loader says so) are skipped and counted as invalid.
 *
 * <p>Engines: the instances are checked in waves by an {@link Engine} (threads here, or the tasks of a
 * Spark job), each instance by the same pure function ({@link InstanceCheck}); the results of a wave
 * come back in index order and are reduced in that order, so the instances collected, the one chosen,
 * and the stored counterexample do not depend on the engine or its number of workers. Shrinking runs
 * here, on the caller's side, after the chosen instance is checked again.
 *
 * <p>Selection and shrinking: the search stops after the wave in which {@code keep} refuting instances
 * have been seen (or the instance budget, or the time bound), takes the first {@code keep} of them in
 * index order and shrinks the one whose gap exceeds its tolerance plus error bounds by the largest
 * factor (the lowest index among equals). A shrink candidate fails the same way when the claim is REFUTED on it by the same
 * measure, at the same grid point, with a gap of at least {@code sameGapRatio} times the original one;
 * requiring the gap to stay of the same order keeps the shrinker from drifting to borderline instances
 * whose gap is a discretisation effect of the step size. For claims without {@code invariant-over}
 * only the refuting grid point is re-run; invariance claims re-run every grid point.
 *
 * <p>A refutation counts only if double precision could follow its run ({@link #unfaithful(RunResult)}):
 * a run whose iterate grew so large that its predictions carry rounding errors of order one can look
 * settled merely because its steps no longer change the rounded iterate.
 *
 * <p>Time: instance generation stops at {@code seconds}; shrinking has its own bound
 * {@code shrinkSeconds}; each run also has the spec's per-run budget. Results are deterministic for a
 * seed as long as no bound cuts a run or the walk short (the report says when one did).
 */
public final class CounterexampleSearch {
    private static final SearchSpec DEFAULT = new SearchSpec(100, 1, 5, 2, 5, 0, 60, 1);

    /**
     * Search options; null fields take the spec's {@code search:} values (or the defaults
     * instances 100, n [1, 5], d [2, 5], real entries, 60 seconds, seed 1).
     */
    public static final class Options {
        private final Integer instances;
        private final Long seed;
        private final Double seconds;
        private final Double shrinkSeconds;
        private final int keep;
        private final double sameGapRatio;
        private final int[] rows;
        private final int[] columns;
        private final Integer integers;

        public Options(Integer instances, Long seed, Double seconds, Double shrinkSeconds, int keep,
                       double sameGapRatio, int[] rows, int[] columns, Integer integers) {
            checkRange("--n", rows);
            checkRange("--d", columns);
            if (integers != null && (integers < 0 || integers > 1000)) {
                throw new InvalidInputException("--integers", integers, "an integer in [0, 1000] (0: real entries)");
            }
            if (instances != null && instances < 1) {
                throw new InvalidInputException("--budget", instances, "an integer >= 1");
            }
            if (seconds != null && !(seconds > 0)) {
                throw new InvalidInputException("--seconds", seconds, "a number > 0");
            }
            if (shrinkSeconds != null && !(shrinkSeconds > 0)) {
                throw new InvalidInputException("--shrink-seconds", shrinkSeconds, "a number > 0");
            }
            if (keep < 1) {
                throw new InvalidInputException("--keep", keep, "an integer >= 1");
            }
            if (!(sameGapRatio >= 0 && sameGapRatio <= 1)) {
                throw new InvalidInputException("same-gap-ratio", sameGapRatio, "a number in [0, 1]");
            }
            this.instances = instances;
            this.seed = seed;
            this.seconds = seconds;
            this.shrinkSeconds = shrinkSeconds;
            this.keep = keep;
            this.sameGapRatio = sameGapRatio;
            this.rows = rows;
            this.columns = columns;
            this.integers = integers;
        }

        /** How many instances to try. */
        public Integer instances() {
            return instances;
        }

        /** The search seed. */
        public Long seed() {
            return seed;
        }

        /** Time bound of instance generation and checking. */
        public Double seconds() {
            return seconds;
        }

        /** Time bound of shrinking (default: seconds). */
        public Double shrinkSeconds() {
            return shrinkSeconds;
        }

        /** Refuting instances to collect before choosing one to shrink (>= 1). */
        public int keep() {
            return keep;
        }

        /** A shrunk instance must keep at least this fraction of the original gap (in [0, 1]). */
        public double sameGapRatio() {
            return sameGapRatio;
        }

        /** {@code [low, high]} number of examples, or null. */
        public int[] rows() {
            return rows;
        }

        /** {@code [low, high]} dimension (matrix side for matrix data), or null. */
        public int[] columns() {
            return columns;
        }

        /** Entries integers in {@code [-integers, integers]}, 0 for real entries, or null. */
        public Integer integers() {
            return integers;
        }

        /** Spec values, keep 3, same-gap ratio 1/2. */
        public static Options defaults() {
            return new Options(null, null, null, null, 3, 0.5, null, null, null);
        }

        private static void checkRange(String field, int[] r) {
            if (r != null && (r.length != 2 || r[0] < 1 || r[0] > r[1] || r[1] > 1000)) {
                throw new InvalidInputException(field, java.util.Arrays.toString(r), "N or LOW:HIGH with 1 <= LOW <= HIGH <= 1000");
            }
        }

        /** Equal when every component is, arrays compared by their contents. */
        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Options other
                    && Objects.equals(instances, other.instances)
                    && Objects.equals(seed, other.seed)
                    && Objects.equals(seconds, other.seconds)
                    && Objects.equals(shrinkSeconds, other.shrinkSeconds)
                    && keep == other.keep
                    && Double.compare(sameGapRatio, other.sameGapRatio) == 0
                    && Arrays.equals(rows, other.rows)
                    && Arrays.equals(columns, other.columns)
                    && Objects.equals(integers, other.integers));
        }

        @Override
        public int hashCode() {
            return Objects.hash(instances, seed, seconds, shrinkSeconds, keep, sameGapRatio,
                    Arrays.hashCode(rows), Arrays.hashCode(columns), integers);
        }

        @Override
        public String toString() {
            return "Options[instances=" + instances
                    + ", seed=" + seed
                    + ", seconds=" + seconds
                    + ", shrinkSeconds=" + shrinkSeconds
                    + ", keep=" + keep
                    + ", sameGapRatio=" + sameGapRatio
                    + ", rows=" + Arrays.toString(rows)
                    + ", columns=" + Arrays.toString(columns)
                    + ", integers=" + integers + "]";
        }
    }

    /** Observes the search (progress on a terminal). */
    public interface Listener {
        default void checked(int tried, int total, String label, Verdict verdict) {
        }

        /** A shrink round starts from {@code current}. */
        default void shrinking(int round, Dataset current) {
        }
    }

    /**
     * A counterexample found and shrunk.
     *
     * @param run        the refuting run on the shrunk instance (instance labelled with its provenance)
     * @param original   the refuting instance as generated
     * @param originalRun the refuting run on it
     * @param shrunk     the shrunk instance
     * @param matrixSize side m of matrix data, else 0
     * @param shrink     the shrinker's statistics
     */
    public record Found(RunResult run, Dataset original, RunResult originalRun, Dataset shrunk, int matrixSize,
                        Shrinker.Result<Dataset> shrink) {
    }

    /**
     * What a search did.
     *
     * @param spec         the claim as loaded
     * @param search       the search parameters used
     * @param tried        instances checked
     * @param invalid      drawn instances that broke a precondition (skipped)
     * @param refuted      instances on which the claim was refuted
     * @param confirmed    instances on which it was confirmed
     * @param inconclusive instances that were neither
     * @param unfaithful   instances refuted by a run whose last iterate is too large for double precision to
     *                     follow the method ({@link #unfaithful(RunResult)}): not counterexamples
     * @param timedOut     whether the time bound stopped instance generation
     * @param found        the shrunk counterexample, or null when none was found
     * @param seconds      wall time
     * @param failed       instances whose check failed (after the engine's retries), counted as inconclusive
     * @param failure      the first such failure's reason, or null
     */
    public record Result(ClaimSpec spec, SearchSpec search, int tried, int invalid, int refuted, int confirmed,
                         int inconclusive, int unfaithful, boolean timedOut, Found found, double seconds,
                         int failed, String failure) {
    }

    private final Checker checker;
    private final Engine engine;
    private final int batch;

    /**
     * @param checker checks claims (its pool runs a batch of instances at once)
     * @param batch   instances checked together (the checker's threads); results are used in order
     */
    public CounterexampleSearch(Checker checker, int batch) {
        this.checker = checker;
        this.engine = null;
        this.batch = Math.max(1, batch);
    }

    /**
     * @param checker checks the chosen instance again and its shrink candidates, here; on the local
     *                engine it checks every instance
     * @param engine  where the instances are checked
     */
    public CounterexampleSearch(Checker checker, Engine engine) {
        this.checker = checker;
        this.engine = engine;
        this.batch = engine.workers();
    }

    /** Searches one spec file. */
    public Result search(java.nio.file.Path specFile, Options options, Listener listener) {
        if (engine != null) {
            return search(engine, specFile, options, listener);
        }
        try (Engine local = new LocalEngine(batch)) {
            return search(local, specFile, options, listener);
        }
    }

    private Result search(Engine engine, java.nio.file.Path specFile, Options options, Listener listener) {
        long start = System.nanoTime();
        Listener out = listener == null ? new Listener() { } : listener;
        ClaimSpec spec = SpecLoader.load(specFile);
        ClaimBinding binding = ClaimBinding.read(specFile);
        SearchSpec base = spec.search() != null ? spec.search() : DEFAULT;
        SearchSpec s = new SearchSpec(
                options.instances() != null ? options.instances() : base.instances(),
                options.rows() != null ? options.rows()[0] : base.nMin(),
                options.rows() != null ? options.rows()[1] : base.nMax(),
                options.columns() != null ? options.columns()[0] : base.dMin(),
                options.columns() != null ? options.columns()[1] : base.dMax(),
                options.integers() != null ? options.integers() : base.integers(),
                options.seconds() != null ? options.seconds() : base.seconds(),
                options.seed() != null ? options.seed() : base.seed());
        Generator gen = generator(spec, binding.tree(), s);
        String text;
        try {
            text = java.nio.file.Files.readString(specFile);
        } catch (java.io.IOException e) {
            throw new SpecLoader.SpecException(specFile, "cannot read (" + e.getMessage() + ")", e);
        }
        InstanceCheck task = new InstanceCheck(specFile, text, s, engine instanceof LocalEngine ? checker : null,
                checker.oracle().fixedCertifyBudget().orElse(null));

        double deadline = s.seconds();
        int tried = 0;
        int invalid = 0;
        int refuted = 0;
        int confirmed = 0;
        int inconclusive = 0;
        int unfaithful = 0;
        int failed = 0;
        String failure = null;
        boolean timedOut = false;
        List<InstanceOutcome> refuting = new ArrayList<>();
        int drawn = 0;
        while (drawn < s.instances() && refuting.size() < options.keep()) {
            if (elapsed(start) >= deadline) {
                timedOut = true;
                break;
            }
            List<Integer> wave = new ArrayList<>();
            while (wave.size() < Math.max(1, engine.batch()) && drawn < s.instances()) {
                wave.add(drawn++);
            }
            for (InstanceOutcome o : engine.map(wave, task, InstanceOutcome::failed)) {
                if (o.kind() == InstanceOutcome.Kind.INVALID) {
                    invalid++;
                    continue;
                }
                tried++;
                Verdict v = switch (o.kind()) {
                    case REFUTED, UNFAITHFUL -> Verdict.REFUTED;
                    case CONFIRMED -> Verdict.CONFIRMED;
                    default -> Verdict.INCONCLUSIVE;
                };
                out.checked(tried, s.instances(), o.label(), v);
                switch (o.kind()) {
                    case REFUTED -> {
                        refuted++;
                        if (refuting.size() < options.keep()) {
                            refuting.add(o);
                        }
                    }
                    case UNFAITHFUL -> unfaithful++;
                    case CONFIRMED -> confirmed++;
                    case FAILED -> {
                        failed++;
                        inconclusive++;
                        if (failure == null) {
                            failure = "instance " + o.index() + ": " + o.reason();
                        }
                    }
                    default -> inconclusive++;
                }
            }
        }
        Found found = null;
        // the clearest of the first keep refuting instances, in index order; checked again here for its run
        List<InstanceOutcome> order = new ArrayList<>(refuting);
        order.sort((a, b) -> a.excess() != b.excess() ? Double.compare(b.excess(), a.excess()) : Integer.compare(a.index(), b.index()));
        double shrinkSeconds = options.shrinkSeconds() != null ? options.shrinkSeconds() : s.seconds();
        for (InstanceOutcome o : order) {
            RunResult run = recheck(task, o.index());
            if (run != null) {
                found = shrink(spec, binding, run, gen.targets(), shrinkSeconds, options.sameGapRatio(), out);
                break;
            }
        }
        return new Result(spec, s, tried, invalid, refuted, confirmed, inconclusive, unfaithful, timedOut, found,
                elapsed(start), failed, failure);
    }

    /** Instance k checked again here: its refuting run, or null if it no longer refutes faithfully. */
    private RunResult recheck(InstanceCheck task, int k) {
        ClaimResult r = checker.check(List.of(task.bind(k)), null).get(0);
        if (r.verdict() != Verdict.REFUTED || unfaithful(r.refuting()) != null) {
            return null;
        }
        return r.refuting();
    }

    /**
     * The seed of instance k of a search with seed {@code seed}: SplitMix64's finaliser of
     * {@code seed + (k + 1) * 0x9E3779B97F4A7C15}, so neighbouring indices and seeds give unrelated streams.
     */
    public static long instanceSeed(long seed, int k) {
        long z = seed + (k + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** By how much a refuting run's gap exceeds its tolerance plus error bounds (a ratio). */
    static double excess(RunResult r) {
        double floor = r.tolerance() + (Double.isFinite(r.errorBound()) ? r.errorBound() : 0);
        return floor > 0 ? r.distance() / floor : Double.MAX_VALUE;
    }

    /** Shrinks the instance of a refuting run while the claim stays refuted the same way. */
    Found shrink(ClaimSpec spec, ClaimBinding binding, RunResult refuting, InstanceShrinking.Targets targets,
                 double seconds, double ratio, Listener out) {
        RunPlan plan = refuting.plan();
        Instance inst = plan.instance();
        int size = inst.size();
        boolean invariance = !plan.target().invariantOver().isEmpty();
        ClaimBinding probe;
        int grid;
        if (invariance) {
            probe = binding;
            grid = plan.gridIndex();
        } else {
            ObjectNode setting = plan.setting().deepCopy();
            setting.remove("vary");
            probe = binding.withTree(setting);
            grid = 0;
        }
        Measure measure = refuting.measure();
        double gap = refuting.distance();
        RunResult[] last = {null};
        Shrinker.Criterion<Dataset> property = candidate -> {
            ClaimSpec cs;
            try {
                cs = probe.bind(candidate, size);
            } catch (InvalidInputException e) {
                return Shrinker.Behaviour.INVALID;
            }
            ClaimResult r;
            try {
                r = checker.check(List.of(cs), null).get(0);
            } catch (SpecLoader.SpecException | InvalidInputException e) {
                return Shrinker.Behaviour.INVALID;
            }
            for (RunResult run : r.runs()) {
                if (run.verdict() == Verdict.REFUTED && run.plan().gridIndex() == grid && run.measure().equals(measure)
                        && run.distance() >= ratio * gap && unfaithful(run) == null) {
                    last[0] = run;
                    return Shrinker.Behaviour.FAILS_SAME;
                }
            }
            return Shrinker.Behaviour.OTHER;
        };
        InstanceShrinking shrinking = new InstanceShrinking(targets, size);
        int[] round = {0};
        Shrinker<Dataset> shrinker = new Shrinker<>(d -> {
            out.shrinking(round[0]++, d);
            return shrinking.candidates(d);
        }, InstanceShrinking.sizeOrder());
        Shrinker.Result<Dataset> res = shrinker.shrink(inst.data(), property, seconds);
        RunResult run = res.steps() > 0 ? last[0] : refuting;
        // the written run names where it came from and the grid point it refutes
        String label = "search: " + inst.label() + (res.steps() > 0 ? ", shrunk" : "");
        Instance named = new Instance(0, label, res.value(), size, inst.seed());
        RunPlan p = run.plan();
        RunPlan relabelled = new RunPlan(p.index(), named, plan.gridIndex(), plan.assignment(), p.setting(), p.loss(),
                p.algorithm(), p.w0(), p.target(), p.tolerance(), p.budget());
        RunResult written = new RunResult(relabelled, run.verdict(), run.measure(), run.distance(), run.tolerance(),
                run.errorBound(), run.tailMovement(), run.iterations(), run.level(), run.seconds(), run.reason(),
                run.estimate(), run.reference(), inst.seed(), null);
        return new Found(written, inst.data(), refuting, res.value(), size, res);
    }

    /** Largest rounding error of a prediction {@code <w, x_n>} that a refuting run may carry. */
    static final double FAITHFUL_ROUNDING = 1e-6;

    /**
     * Whether double precision could follow the run: the run is repeated for the same number of steps and
     * the rounding error of its predictions at the last iterate, {@code eps ||w||_1 max |x_nj|}, must be at
     * most {@link #FAITHFUL_ROUNDING}. Past that the losses' weights (for monotone losses
     * {@code e^{-m_n}}, which depend on margin differences of order 1) are computed from margins that are
     * wrong in their leading digits, and a run can look settled only because its steps no longer change
     * the rounded iterate. Such a refutation says nothing about the method.
     *
     * @return null when faithful, else the reason
     */
    static String unfaithful(RunResult run) {
        RunPlan plan = run.plan();
        if (plan.algorithm() == null || run.iterations() < 1) {
            return null;
        }
        Dataset data = plan.instance().data();
        Objective obj = new Objective(data, plan.loss());
        IterativeMethod method = plan.algorithm().start(obj, plan.w0().clone());
        Budget b = new Budget(run.iterations(), Math.max(1, plan.budget().seconds()), plan.budget().window(), 0,
                plan.target().limit() == org.implicitbias.claims.Target.Limit.DIRECTION ? Budget.Limit.DIRECTION : Budget.Limit.POINT);
        Trace t;
        try {
            t = new Runner(obj, 0).run(method, b);
        } finally {
            org.implicitbias.optim.ChunkedMethod.closeIfHeld(method);
        }
        double norm = 0;
        for (double v : t.w()) {
            norm += Math.abs(v);
        }
        double scale = 0;
        for (double v : data.rowMajor()) {
            scale = Math.max(scale, Math.abs(v));
        }
        double rounding = Math.ulp(1.0) * norm * scale;
        if (rounding <= FAITHFUL_ROUNDING) {
            return null;
        }
        return String.format(java.util.Locale.ROOT,
                "||w||_1 = %.3g after %d steps: predictions carry rounding errors of %.3g, past %.0e", norm,
                t.iterations(), rounding, FAITHFUL_ROUNDING);
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    // ------------------------------------------------------------------ instance generation

    /** Draws generator objects for the search's instances. */
    record Generator(String kind, boolean positive, boolean simplex, SearchSpec search, InstanceShrinking.Targets targets) {

        /** The generator object of instance k, drawn from its own seed. */
        ObjectNode draw(long searchSeed, int k) {
            SplittableRandom rnd = new SplittableRandom(instanceSeed(searchSeed, k));
            int d = search.dMin() + rnd.nextInt(search.dMax() - search.dMin() + 1);
            int nMax = kind.equals("regression") ? Math.min(search.nMax(), d - 1) : search.nMax();
            int n = search.nMin() + rnd.nextInt(Math.max(1, nMax - search.nMin() + 1));
            long seed = rnd.nextLong();
            ObjectNode g = JsonNodeFactory.instance.objectNode();
            g.put("kind", kind);
            g.put("n", n);
            g.put("d", d);
            g.put("seed", seed);
            if (search.integers() > 0 && !kind.equals("separable-psd")) {
                g.put("integers", search.integers());
            }
            if (positive) {
                g.put("positive", true);
            }
            if (simplex) {
                g.put("simplex", true);
            }
            return g;
        }
    }

    static Generator generator(ClaimSpec spec, ObjectNode tree, SearchSpec s) {
        JsonNode gen = tree.path("data").path("generate");
        if (gen.isArray() && !gen.isEmpty()) {
            gen = gen.get(0);
        }
        String kind;
        boolean positive = false;
        boolean simplex = false;
        RunPlan first = spec.runs().get(0);
        if (gen.isObject()) {
            kind = gen.path("kind").asText();
            positive = gen.path("positive").asBoolean(false);
            simplex = gen.path("simplex").asBoolean(false);
        } else if (first.loss().monotone()) {
            kind = first.instance().size() > 0 ? "separable-psd" : "separable";
        } else {
            kind = "regression";
            if (first.target().reference() instanceof Reference.MinBregman mb) {
                simplex = mb.simplex();
                positive = !simplex && mb.potential() instanceof org.implicitbias.geometry.Potential.Entropy;
            }
        }
        if (kind.equals("regression") && s.dMax() <= s.nMin()) {
            throw new InvalidInputException("search.d", "[" + s.dMin() + ", " + s.dMax() + "]",
                    "a range with some d > n (n >= " + s.nMin() + ") for regression instances");
        }
        if (kind.equals("regression") && s.dMin() <= s.nMin()) {
            // draw only dimensions that leave room for n < d
            s = new SearchSpec(s.instances(), s.nMin(), s.nMax(), s.nMin() + 1, s.dMax(), s.integers(), s.seconds(), s.seed());
        }
        InstanceShrinking.Targets t = !kind.equals("regression") ? InstanceShrinking.Targets.LABELS
                : simplex ? InstanceShrinking.Targets.SIMPLEX
                : positive ? InstanceShrinking.Targets.POSITIVE : InstanceShrinking.Targets.FREE;
        return new Generator(kind, positive, simplex, s, t);
    }
}
