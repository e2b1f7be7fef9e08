package org.implicitbias.model;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the parts of one data pass on the calling thread plus a few persistent helper threads.
 *
 * <p>A gradient pass on a mid-sized problem takes tens of microseconds, about what it costs to wake
 * a parked fork-join worker; so the helpers here keep spinning for a short while after their last
 * part ({@link #SPIN_NANOS}) and pick up the next pass within a microsecond. Idle longer, they park.
 *
 * <p>The caller always claims parts itself and never waits for a helper to start: a part is run by
 * whoever claims it first, and the caller only waits for parts already claimed to finish. So a pass
 * completes even when every helper is busy elsewhere (another thread's pass holds the slot), and the
 * helpers change only the speed, never the result: each part writes its own buffers and the caller
 * combines them in a fixed order afterwards.
 */
final class PassPool {
    /** Helpers keep polling this long after their last part before they park. */
    static final long SPIN_NANOS = 50_000;
    /**
     * The caller waits for a claimed part by spinning this long, then parks (giving its core to a helper
     * that may have been descheduled) until the last part's finisher unparks it.
     */
    static final long YIELD_AFTER_NANOS = 20_000;

    /** One helper per extra core, but no more than a pass has parts to share (four blocks at most). */
    private static final int HELPERS = Math.max(0, Math.min(Runtime.getRuntime().availableProcessors() - 1,
            Objective.MAX_BLOCKS - 1));
    private static final AtomicReference<Job> CURRENT = new AtomicReference<>();
    private static volatile Helper[] helpers;

    private PassPool() {
    }

    /** A pass split into {@link #parts()} independent parts. Reusable, but by one caller at a time. */
    abstract static class Job {
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable error;
        /** The caller, once it parks to wait for the last claimed parts; unparked by whoever finishes last. */
        private volatile Thread waiter;

        /** Number of parts. */
        abstract int parts();

        /** Runs part {@code index}; parts write disjoint state. */
        abstract void run(int index);

        /** Claims and runs one part; false when none is left. */
        final boolean runOne() {
            int b = next.getAndIncrement();
            if (b < 0 || b >= parts()) {
                return false;
            }
            try {
                run(b);
            } catch (Throwable t) {
                error = t;
            } finally {
                if (done.incrementAndGet() == parts()) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
            return true;
        }

        final boolean hasWork() {
            return next.get() < parts();
        }
    }

    /** Runs every part of the job and returns when all have finished. */
    static void run(Job job) {
        job.error = null;
        job.waiter = null;
        job.done.set(0);
        job.next.set(0);
        boolean published = HELPERS > 0 && job.parts() > 1 && CURRENT.compareAndSet(null, job);
        if (published) {
            wake();
        }
        try {
            while (job.runOne()) {
                // the caller works through the parts the helpers have not claimed
            }
            long waitStart = 0;
            while (job.done.get() < job.parts()) {
                // a helper is finishing a part; if it was descheduled, give it the core
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                } else if (System.nanoTime() - waitStart > YIELD_AFTER_NANOS) {
                    // set before done is read again, so the last finisher either is seen here or sees us;
                    // the timed park only bounds the wait should a wake-up ever be missed
                    job.waiter = Thread.currentThread();
                    if (job.done.get() < job.parts()) {
                        LockSupport.parkNanos(job, YIELD_AFTER_NANOS);
                    }
                    continue;
                }
                Thread.onSpinWait();
            }
        } finally {
            job.waiter = null;
            if (published) {
                CURRENT.set(null);
            }
        }
        Throwable t = job.error;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static void wake() {
        Helper[] hs = helpers;
        if (hs == null) {
            hs = start();
        }
        for (Helper h : hs) {
            if (h.parked) {
                LockSupport.unpark(h);
            }
        }
    }

    private static synchronized Helper[] start() {
        if (helpers == null) {
            Helper[] hs = new Helper[HELPERS];
            for (int i = 0; i < HELPERS; i++) {
                hs[i] = new Helper(i);
                hs[i].start();
            }
            helpers = hs;
        }
        return helpers;
    }

    /** A daemon thread that runs parts of the published job. */
    private static final class Helper extends Thread {
        volatile boolean parked;

        Helper(int index) {
            super("objective-pass-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            long lastWork = System.nanoTime();
            while (true) {
                Job job = CURRENT.get();
                if (job != null && job.runOne()) {
                    while (job.runOne()) {
                        // keep claiming parts of the same pass
                    }
                    lastWork = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - lastWork < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                Job again = CURRENT.get();
                if (again == null || !again.hasWork()) {
                    LockSupport.park(this);
                }
                parked = false;
                lastWork = System.nanoTime();
            }
        }
    }
}
