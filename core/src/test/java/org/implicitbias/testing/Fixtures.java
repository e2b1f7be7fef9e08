package org.implicitbias.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.implicitbias.model.Dataset;

/** Seeded test instances and independent closed forms used across the test suite. */
public final class Fixtures {
    /**
     * A spec with one small instance (id {@code plain}) whose claim holds: gradient descent on two rows
     * reaches the l2 projection. Tests append their own {@code budget:} line.
     */
    public static final String PLAIN_SPEC = """
            id: plain
            title: GD reaches the l2 projection
            expect: holds
            loss: squared
            data:
              instances:
                - {X: [[1, 2, 0], [0, 1, 1]], y: [1, 2]}
            algorithm: {kind: gradient-descent, step: 0.1}
            claim: {limit: point, reference: {kind: min-norm, norm: l2}}
            tolerance: {distance: 1.0e-7}
            """;
    private Fixtures() {
    }

    /** A random under-determined regression instance: N x d Gaussian X, Gaussian y. */
    public static Dataset regression(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = gaussian(r);
            }
            y[i] = gaussian(r);
        }
        return Dataset.of(x, y);
    }

    /** A Gaussian vector. */
    public static double[] gaussianVector(int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = gaussian(r);
        }
        return v;
    }

    /** Standard normal by Box-Muller. */
    /** count integers drawn uniformly from -bound..bound, as doubles: products and sums of them are exact. */
    public static double[] integers(int count, int bound, SplittableRandom r) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = r.nextInt(-bound, bound + 1);
        }
        return v;
    }

    public static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * The closed-form projection {@code w0 + X'(XX')^{-1}(y - X w0)} of w0 onto {@code G = {Xw = y}}
     * in the inner product {@code <a, b>_D = a'Db}: {@code w0 + D^{-1}X'(X D^{-1} X')^{-1}(y - X w0)}
     * (D = null for the identity).
     */
    public static double[] projection(Dataset data, double[] w0, double[][] dmat) {
        RealMatrix x = new Array2DRowRealMatrix(data.matrix());
        RealMatrix dinv = dmat == null ? org.apache.commons.math3.linear.MatrixUtils.createRealIdentityMatrix(data.d())
                : new LUDecomposition(new Array2DRowRealMatrix(dmat)).getSolver().getInverse();
        RealMatrix k = x.multiply(dinv).multiply(x.transpose());
        ArrayRealVector r = new ArrayRealVector(data.y()).subtract(x.operate(new ArrayRealVector(w0)));
        double[] lambda = new LUDecomposition(k).getSolver().solve(r).toArray();
        double[] corr = dinv.multiply(x.transpose()).operate(lambda);
        double[] w = w0.clone();
        for (int j = 0; j < w.length; j++) {
            w[j] += corr[j];
        }
        return w;
    }

    /** Runs the check with the system property set to value, then restores the property as it was. */
    public static void withSystemProperty(String name, String value, Runnable check) {
        String before = System.getProperty(name);
        System.setProperty(name, value);
        try {
            check.run();
        } finally {
            if (before == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, before);
            }
        }
    }

    /**
     * Starts {@code mainClass} with {@code args} in a fresh JVM of this one's Java and class path, with the
     * JVM options given first (its standard error merged into its output).
     */
    public static Process freshJvm(List<String> jvmOptions, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The lines a process printed, once it has ended; an exit code other than 0 is an assertion error. */
    public static List<String> outputLines(Process p) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) {
            throw new AssertionError("exit code " + code + ":\n" + out);
        }
        return out.lines().toList();
    }
}
