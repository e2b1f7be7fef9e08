package org.implicitbias.claims;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implicitbias.model.InvalidInputException;

/**
 * The check of a set of spec files as one library call: load and validate every spec (before anything
 * runs), check all their runs, store the counterexample of each refuted claim. The command line's
 * {@code check} and the library's {@code Oracle.checkAll} are both this.
 */
public final class CheckPipeline {
    private CheckPipeline() {
    }

    /**
     * What a check produced.
     *
     * @param results         one per claim, in file order
     * @param counterexamples the counterexample written for each refuted claim, by claim id
     * @param seconds         wall time of the whole check
     */
    public record Results(List<ClaimResult> results, Map<String, Path> counterexamples, double seconds) {
        public Results {
            results = List.copyOf(results);
            counterexamples = Map.copyOf(counterexamples);
        }

        /** Whether every claim got the verdict its {@code expect} says. */
        public boolean allPassed() {
            return results.stream().allMatch(ClaimResult::passed);
        }
    }

    /**
     * Loads the spec files in the paths (files or folders), keeping only the claim {@code only} when given.
     *
     * @param maxRuns the most runs the specs may ask for in all (a typo in a vary list can ask for millions)
     * @throws InvalidInputException or {@link SpecLoader.SpecException} with one line, before anything runs
     */
    public static List<ClaimSpec> load(List<Path> paths, String only, long maxRuns) {
        List<Path> files = SpecLoader.files(paths);
        if (files.isEmpty()) {
            throw new InvalidInputException("PATH", paths.toString(), "at least one .yaml spec file");
        }
        List<ClaimSpec> specs = new ArrayList<>();
        for (Path f : files) {
            ClaimSpec s = SpecLoader.load(f);
            if (only == null || only.equals(s.id())) {
                specs.add(s);
            }
        }
        if (specs.isEmpty()) {
            throw new InvalidInputException("--only", only, "the id of a claim in the given specs");
        }
        Map<String, Path> seen = new LinkedHashMap<>();
        for (ClaimSpec s : specs) {
            Path before = seen.put(s.id(), s.file());
            if (before != null) {
                throw new SpecLoader.SpecException(s.file(), "id: got " + s.id() + ", expected an id not used by " + before, null);
            }
        }
        long runs = specs.stream().mapToLong(s -> s.runs().size()).sum();
        if (runs > maxRuns) {
            throw new InvalidInputException("--max-runs", maxRuns, "at least the " + runs + " runs the specs ask for"
                    + " (check the vary lists, or pass --max-runs " + runs + " to check them all)");
        }
        return specs;
    }

    /**
     * Checks the claims and stores the counterexample of each refuted one.
     *
     * @param counterexamples where counterexamples go, or null to store none
     * @param progress        progress reports, or null
     */
    public static Results check(List<ClaimSpec> specs, ReferenceOracle oracle, int threads, Path counterexamples,
                                Checker.Progress progress) throws IOException {
        long start = System.nanoTime();
        List<ClaimResult> results;
        try (Checker checker = new Checker(oracle, null, threads)) {
            results = checker.check(specs, progress);
        }
        Map<String, Path> written = new LinkedHashMap<>();
        if (counterexamples != null) {
            CounterexampleWriter writer = new CounterexampleWriter(counterexamples);
            for (ClaimResult r : results) {
                if (r.verdict() == Verdict.REFUTED && r.refuting() != null) {
                    written.put(r.spec().id(), writer.write(r.spec(), r.refuting()));
                }
            }
        }
        return new Results(results, written, (System.nanoTime() - start) / 1e9);
    }
}
