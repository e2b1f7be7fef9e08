package org.implicitbias.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine of this machine: a fixed pool of threads; results are collected in the inputs' order. A
 * failure of one input is not retried (the function is deterministic, a second try fails the same way)
 * and becomes the caller's failed result with the exception as reason.
 */
public final class LocalEngine implements Engine {
    private final int threads;
    private final ExecutorService pool;

    /** @param threads threads evaluating inputs at once (>= 1) */
    public LocalEngine(int threads) {
        this.threads = Math.max(1, threads);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "engine-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public int workers() {
        return threads;
    }

    @Override
    public String describe() {
        return "local, " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public <T extends Serializable, R extends Serializable> List<R> map(List<T> inputs, Task<T, R> task, Failed<T, R> failed) {
        List<Future<R>> futures = new ArrayList<>(inputs.size());
        for (T in : inputs) {
            futures.add(pool.submit(() -> task.apply(in)));
        }
        List<R> out = new ArrayList<>(inputs.size());
        try {
            for (int i = 0; i < inputs.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause() != null ? e.getCause() : e;
                    if (c instanceof VirtualMachineError vme && !(c instanceof StackOverflowError)) {
                        throw vme;
                    }
                    out.add(failed.apply(inputs.get(i), reason(c)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            for (Future<R> f : futures) {
                f.cancel(true);
            }
        }
        return out;
    }

    /** One line naming an exception. */
    public static String reason(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
