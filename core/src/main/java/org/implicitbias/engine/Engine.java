package org.implicitbias.engine;

import java.io.Serializable;
import java.util.List;

/**
 * Where the independent pieces of a search or a sweep are evaluated: on this machine's threads
 * ({@link LocalEngine}) or as the tasks of a Spark job (the {@code spark} module, found through
 * {@link EngineProvider}).
 *
 * <p>Contract: {@link #map} evaluates a pure function on every input and returns the results in the
 * inputs' order, whatever the number of threads, partitions or workers and whatever order they finish
 * in; so everything a caller reduces from them depends only on the inputs. An input whose evaluation
 * fails (after the retries the engine makes: none locally, Spark's task retries on Spark) is not lost:
 * its result is {@code failed.apply(input, reason)}, computed on the caller's side.
 */
public interface Engine extends AutoCloseable {

    /**
     * A pure function of one input, shipped to wherever it runs: it must be serializable and carry
     * only plain data (e.g. a spec's text, seeds and indices), rebuilding anything heavier where it runs.
     */
    @FunctionalInterface
    interface Task<T, R> extends Serializable {
        R apply(T input) throws Exception;
    }

    /** The result standing for an input whose evaluation failed, made on the caller's side. */
    @FunctionalInterface
    interface Failed<T, R> {
        R apply(T input, String reason);
    }

    /** The engine's name as given to {@code --engine}. */
    String name();

    /** How many inputs are evaluated at once (threads, or Spark partitions). */
    int workers();

    /** How many inputs a caller should hand to one {@link #map} call to keep every worker busy. */
    default int batch() {
        return workers();
    }

    /** A one-line description for output (engine, master, workers). */
    String describe();

    /**
     * Evaluates {@code task} on every input.
     *
     * @return the results, in the order of {@code inputs}
     */
    <T extends Serializable, R extends Serializable> List<R> map(List<T> inputs, Task<T, R> task, Failed<T, R> failed);

    /** Releases threads or the Spark context. */
    @Override
    void close();
}
