package org.implicitbias.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.implicitbias.engine.Engine;
import org.implicitbias.engine.LocalEngine;
import org.implicitbias.model.InvalidInputException;

/**
 * The Spark engine: each {@link #map} is one Spark job over {@code partitions} partitions, each
 * partition a contiguous slice of the inputs in order, so {@code collect()} returns the results in the
 * inputs' order whatever the number of partitions and executors.
 *
 * <p>Failures: an input whose function throws fails its Spark task, which Spark retries
 * ({@code spark.task.maxFailures}; in local mode the F of {@code local[N,F]}, default 1 here as in
 * Spark). When the job still fails, each partition is run again as its own job, so only the inputs of
 * the partitions that keep failing become the caller's failed results (with Spark's reason); none is
 * lost.
 *
 * <p>Master: {@code --master} when given; else the {@code spark.master} that {@code spark-submit} sets;
 * else {@code local[*]}, Spark embedded in this process. A {@code spark://host:port} master is
 * contacted first, so an unreachable one is one line of bad input rather than a minute of retries.
 */
public final class SparkEngine implements Engine {
    /** Masters Spark knows: local, local[N], local[*], local[N,F], local[*,F], spark://, yarn, k8s://, mesos://. */
    private static final Pattern MASTER = Pattern.compile(
            "local|local\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?]|spark://[^\\s/]+(,[^\\s/]+)*|yarn|k8s://\\S+|mesos://\\S+");

    private final JavaSparkContext sc;
    private final int partitions;
    private final String master;

    private SparkEngine(JavaSparkContext sc, int partitions) {
        this.sc = sc;
        this.partitions = partitions;
        this.master = sc.master();
    }

    /**
     * Starts (or joins, under spark-submit) a Spark context.
     *
     * @param master     the master URL, or null for spark-submit's or {@code local[*]}
     * @param partitions partitions of each job, 0 for Spark's default parallelism
     * @throws InvalidInputException for a malformed or unreachable master
     */
    public static SparkEngine open(String master, int partitions) {
        String m = master != null ? master.trim() : System.getProperty("spark.master", "local[*]");
        if (!MASTER.matcher(m).matches()) {
            throw new InvalidInputException("--master", m,
                    "a Spark master URL: local[*], local[N], spark://HOST:PORT, yarn or k8s://URL");
        }
        if (m.startsWith("spark://")) {
            reachable(m);
        }
        SparkConf conf = new SparkConf()
                .setAppName(System.getProperty("spark.app.name", "implicit-bias-oracle"))
                .setMaster(m)
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (m.startsWith("local")) {
            // embedded: nothing listens beyond this machine
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        JavaSparkContext sc;
        try {
            sc = JavaSparkContext.fromSparkContext(org.apache.spark.SparkContext.getOrCreate(conf));
        } catch (RuntimeException e) {
            throw new InvalidInputException("--master", m, "a Spark master that accepts this application ("
                    + LocalEngine.reason(e) + ")");
        } finally {
            Thread.currentThread().setContextClassLoader(loader);
        }
        sc.setLogLevel("ERROR");
        return new SparkEngine(sc, partitions > 0 ? partitions : Math.max(1, sc.defaultParallelism()));
    }

    /** Connects to every host:port of a standalone master URL; one line of bad input when none answers. */
    static void reachable(String url) {
        String hosts = url.substring("spark://".length());
        String last = null;
        for (String hp : hosts.split(",", -1)) {
            URI u = URI.create("spark://" + hp);
            if (u.getHost() == null) {
                throw new InvalidInputException("--master", url, "spark://HOST:PORT");
            }
            int port = u.getPort() > 0 ? u.getPort() : 7077;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), port), 5000);
                return;
            } catch (IOException e) {
                last = u.getHost() + ":" + port + ": " + e.getMessage();
            }
        }
        throw new InvalidInputException("--master", url, "a reachable Spark master (" + last + ")");
    }

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public int workers() {
        return partitions;
    }

    @Override
    public int batch() {
        // a few inputs per partition and job: fewer jobs, still an early stop for the search
        return partitions * 4;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "spark %s, %d partition%s", master, partitions, partitions == 1 ? "" : "s");
    }

    @Override
    public <T extends Serializable, R extends Serializable> List<R> map(List<T> inputs, Task<T, R> task, Failed<T, R> failed) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        if (sc.sc().isStopped()) {
            // e.g. the master removed the application because no executor could start
            throw new IllegalStateException("the Spark application was stopped (see the Spark log for why its master ended it)");
        }
        int p = Math.min(partitions, inputs.size());
        List<ArrayList<T>> slices = new ArrayList<>(p);
        for (int i = 0; i < p; i++) {
            // contiguous slices in order: partition i holds inputs [i n / p, (i + 1) n / p)
            slices.add(new ArrayList<>(inputs.subList((int) ((long) i * inputs.size() / p), (int) ((long) (i + 1) * inputs.size() / p))));
        }
        JavaRDD<ArrayList<R>> rdd = sc.parallelize(slices, p).map(slice -> {
            ArrayList<R> out = new ArrayList<>(slice.size());
            for (T in : slice) {
                out.add(task.apply(in));
            }
            return out;
        });
        List<R> out = new ArrayList<>(inputs.size());
        try {
            for (ArrayList<R> part : rdd.collect()) {
                out.addAll(part);
            }
            return out;
        } catch (Exception jobFailed) { // SparkException is checked for Java, thrown all the same
            // some partition kept failing: run each alone, keep what succeeds, mark the rest
            out.clear();
            for (int i = 0; i < p; i++) {
                try {
                    List<ArrayList<R>>[] got = rdd.collectPartitions(new int[]{i});
                    for (ArrayList<R> part : got[0]) {
                        out.addAll(part);
                    }
                } catch (Exception e) {
                    String reason = "spark task failed after its retries: " + rootCause(e);
                    for (T in : slices.get(i)) {
                        out.add(failed.apply(in, reason));
                    }
                }
            }
            return out;
        }
    }

    /** The innermost cause's one-line description (Spark wraps the task's exception in its own). */
    static String rootCause(Throwable e) {
        String m = e.getMessage();
        // Spark's message names the task's exception on its first lines: keep the part after the last "): "
        if (m != null) {
            int eol = m.indexOf('\n');
            String first = eol < 0 ? m : m.substring(0, eol);
            int at = first.lastIndexOf("): ");
            if (at >= 0) {
                return first.substring(at + 3).trim();
            }
            return first.trim();
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return LocalEngine.reason(t);
    }

    @Override
    public void close() {
        sc.stop();
    }
}
