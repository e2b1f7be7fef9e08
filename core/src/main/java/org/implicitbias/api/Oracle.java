package org.implicitbias.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.implicitbias.claims.CheckPipeline;
import org.implicitbias.claims.Checker;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.CounterexampleWriter;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.claims.ReferenceOracle;
import org.implicitbias.claims.RunEngine;
import org.implicitbias.claims.Verdict;

/**
 * The entry point of the library: checks claims, built-in algorithms or a user's {@link Optimizer},
 * against references solved and certified independently, and stores the counterexamples of refuted
 * claims. A session holds a pool of threads and a cache of certified reference solutions; close it
 * (try-with-resources). Not for use after {@link #close()}.
 *
 * <pre>{@code
 * try (Oracle oracle = Oracle.create()) {
 *     Judgement j = oracle.check(Claim.load(Path.of("specs/gd-min-l2-distance.yaml")));
 *     System.out.println(j.describe());
 * }
 * }</pre>
 */
public final class Oracle implements AutoCloseable {
    private final ReferenceOracle references;
    private final int threads;
    private final Path counterexamples;
    private boolean closed;

    private Oracle(ReferenceOracle references, int threads, Path counterexamples) {
        this.references = references;
        this.threads = threads;
        this.counterexamples = counterexamples;
    }

    /** A session with certified references, two threads, counterexamples written to {@code counterexamples/}. */
    public static Oracle create() {
        return builder().build();
    }

    /** Configures a session. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a session. */
    public static final class Builder {
        private int threads = 2;
        private Path counterexamples = Path.of("counterexamples");

        private Builder() {
        }

        /** Runs checked in parallel (default 2). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads: got " + threads + ", expected an integer >= 1");
            }
            this.threads = threads;
            return this;
        }

        /** Where counterexamples of refuted claims are written (default {@code counterexamples/}); null writes none. */
        public Builder counterexamples(Path dir) {
            this.counterexamples = dir;
            return this;
        }

        public Oracle build() {
            return new Oracle(new CertifiedReferences(), threads, counterexamples);
        }
    }

    /** Checks a claim with its own algorithm. */
    public Judgement check(Claim claim) {
        if (!claim.hasAlgorithm()) {
            throw new IllegalArgumentException("claim " + claim.id() + " names no algorithm: pass the Optimizer to judge");
        }
        return judge(claim.spec(), null);
    }

    /** Checks a claim with the user's optimizer in place of the claim's algorithm. */
    public Judgement check(Claim claim, Optimizer optimizer) {
        java.util.Objects.requireNonNull(optimizer, "optimizer");
        RunEngine.MethodOverride method = (plan, objective, w0) -> new UserMethod(optimizer, objective, w0);
        return judge(claim.spec(), method);
    }

    /** Loads every spec file in the paths (files or folders) and checks them all. */
    public List<Judgement> checkAll(List<Path> paths) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("this Oracle session is closed");
            }
        }
        List<ClaimSpec> specs = CheckPipeline.load(paths, null, Long.MAX_VALUE);
        CheckPipeline.Results outcome;
        try {
            outcome = CheckPipeline.check(specs, references, threads, counterexamples, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a counterexample to " + counterexamples, e);
        }
        List<Judgement> out = new ArrayList<>();
        for (ClaimResult r : outcome.results()) {
            out.add(new Judgement(r, outcome.counterexamples().get(r.spec().id())));
        }
        return out;
    }

    private Judgement judge(ClaimSpec spec, RunEngine.MethodOverride method) {
        try (Checker checker = checker(method)) {
            ClaimResult r = checker.check(spec);
            return new Judgement(r, store(r));
        }
    }

    private synchronized Checker checker(RunEngine.MethodOverride method) {
        if (closed) {
            throw new IllegalStateException("this Oracle session is closed");
        }
        return new Checker(references, method, threads);
    }

    private Path store(ClaimResult r) {
        if (counterexamples == null || r.verdict() != Verdict.REFUTED || r.refuting() == null) {
            return null;
        }
        try {
            return new CounterexampleWriter(counterexamples).write(r.spec(), r.refuting());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the counterexample of " + r.spec().id() + " to " + counterexamples, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
