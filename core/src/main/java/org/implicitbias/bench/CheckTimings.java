package org.implicitbias.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.claims.Verdict;

/**
 * The {@code check} entries of {@code bench}: the stages of a claim's check other than certification (which
 * has its own entries), on generated instances of the sizes a user checks:
 * <ul>
 * <li>{@code check-<claim>-load}: reading the spec, generating the data and deciding the preconditions
 *     (G non-empty and meeting {@code w > 0} by the interior-point LP, or separability);</li>
 * <li>{@code check-<claim>-runs}: the reference solve, the runs and their judging, on two threads, with the
 *     solver's own (numeric) certificates.</li>
 * </ul>
 * Claims: Theorem 1 (entropy mirror descent, constant step 0.05, against the minimum-entropy point, tolerance
 * 1e-7) at 100 x 1000 and 200 x 2000; steepest descent with Theorem 5's adaptive step in l2, l1 (coordinate
 * descent) and linf (sign descent) against the max margin in that norm (tolerance 1e-2) at 500 x 200. One timed
 * check per entry after a warm-up check of the same claim at a small size ({@code --quick}: the small sizes, no
 * warm-up); a check that does not confirm its
 * claim is an internal error (the timing of a failed check would mean nothing).
 */
public final class CheckTimings {
    /** The {@code what} of these entries is {@code check-<claim>-<stage>}; {@code --only check} selects them all. */
    public static final String GROUP = "check";

    private CheckTimings() {
    }

    /** A claim: its name, loss, sizes (N, d), the small size of its warm-up check and its spec with N and d left as %d. */
    private record Claim(String name, String loss, int[][] sizes, int[] warmUp, String body) {
    }

    private static List<Claim> claims(boolean quick) {
        List<Claim> list = new ArrayList<>();
        list.add(new Claim("theorem-1", "squared", quick ? new int[][] {{20, 100}} : new int[][] {{100, 1000}, {200, 2000}},
                new int[] {20, 100}, "loss: squared\n"
                        + "data: {generate: {kind: regression, n: %d, d: %d, seed: 3, positive: true}}\n"
                        + "init: {kind: random-positive, seed: 7}\n"
                        + "algorithm: {kind: mirror-descent, potential: entropy, step: {kind: constant, eta: 0.05}}\n"
                        + "claim: {limit: point, reference: {kind: min-bregman, potential: entropy}}\n"
                        + "tolerance: {distance: 1.0e-7}\n"
                        + "budget: {seconds: 120}\n"));
        for (String norm : new String[] {"l2", "l1", "linf"}) {
            list.add(new Claim("max-margin-" + norm, "exponential", quick ? new int[][] {{50, 20}} : new int[][] {{500, 200}},
                    new int[] {50, 20}, "loss: exponential\n"
                            + "data: {generate: {kind: separable, n: %d, d: %d, seed: 3}}\n"
                            + "init: {kind: zero}\n"
                            + "algorithm: {kind: steepest-descent, norm: " + norm + ", step: {kind: adaptive, c: 1}}\n"
                            + "claim: {limit: direction, reference: {kind: max-margin, norm: " + norm + "}}\n"
                            + "tolerance: {distance: 1.0e-2}\n"
                            + "budget: {seconds: 60}\n"));
        }
        return list;
    }

    public static List<BenchResult> run(boolean quick, Consumer<String> progress) {
        List<BenchResult> out = new ArrayList<>();
        Path dir;
        try {
            dir = Files.createTempDirectory("oracle-bench-check");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (Claim c : claims(quick)) {
                if (!quick) {
                    check(dir, c, c.warmUp()[0], c.warmUp()[1]);
                }
                for (int[] s : c.sizes()) {
                    progress.accept("check " + c.name() + " " + s[0] + "x" + s[1]);
                    double[] seconds = check(dir, c, s[0], s[1]);
                    out.add(new BenchResult(GROUP + "-" + c.name() + "-load", c.loss(), s[0], s[1], 1 / seconds[0],
                            "checks", seconds[0], Double.NaN));
                    out.add(new BenchResult(GROUP + "-" + c.name() + "-runs", c.loss(), s[0], s[1], 1 / seconds[1],
                            "checks", seconds[1], Double.NaN));
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temporary folder left behind is harmless
            }
        }
        return out;
    }

    /** Writes the claim at n x d, loads it and checks it; returns the seconds of the two stages. */
    private static double[] check(Path dir, Claim c, int n, int d) {
        String id = "bench-" + c.name() + "-" + n + "x" + d;
        Path file = dir.resolve(id + ".yaml");
        try {
            Files.writeString(file, "id: " + id + "\ntitle: bench " + c.name() + " at " + n + "x" + d
                    + "\nexpect: holds\n" + String.format(java.util.Locale.ROOT, c.body(), n, d));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long t0 = System.nanoTime();
        ClaimSpec spec = SpecLoader.load(file);
        long t1 = System.nanoTime();
        ClaimResult r;
        try (Checker checker = new Checker(new CertifiedReferences(null))) {
            r = checker.check(spec);
        }
        long t2 = System.nanoTime();
        if (r.verdict() != Verdict.CONFIRMED) {
            throw new IllegalStateException("bench: the check of " + id + " did not confirm its claim: " + r.reason());
        }
        return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }
}
