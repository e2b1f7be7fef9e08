package org.implicitbias.bench;

import java.util.SplittableRandom;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Loss;
import org.implicitbias.model.Objective;
import org.implicitbias.optim.GradientDescent;
import org.implicitbias.optim.StepRule;

/**
 * Full-batch gradient descent iterations (one fused loss-and-gradient pass plus the update) on
 * seeded Gaussian data: regression targets for the squared loss, labels {@code sign(<w*, x_n>)} of
 * a Gaussian {@code w*} (separable data) for the monotone losses. The constant step
 * {@code 1 / (2 ||X||_F^2)} keeps every run stable (it is below {@code 1 / lambda_max(2 X'X)}).
 */
public record GradientDescentBenchmark(String loss, int n, int d, long seed) implements Benchmark {

    @Override
    public String what() {
        return "gd";
    }

    @Override
    public String unit() {
        return "iterations";
    }

    @Override
    public Workload prepare() {
        Loss l = switch (loss) {
            case "squared" -> new Loss.Squared();
            case "exponential" -> new Loss.Exponential();
            case "logistic" -> new Loss.Logistic();
            default -> throw new IllegalArgumentException("no gd benchmark for loss " + loss);
        };
        Dataset data = l.monotone() ? separable(n, d, seed) : regression(n, d, seed);
        double frobenius = 0;
        for (double v : data.rowMajor()) {
            frobenius += v * v;
        }
        GradientDescent gd = new GradientDescent(new Objective(data, l), new double[d],
                new StepRule.Constant(1 / (2 * frobenius)));
        return units -> {
            for (long k = 0; k < units; k++) {
                gd.step();
            }
        };
    }

    /** Gaussian X and Gaussian targets. */
    public static Dataset regression(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = gaussian(r, n, d);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = gaussian(r);
        }
        return Dataset.of(x, y);
    }

    /** Gaussian X labelled by a Gaussian {@code w*}: separable by construction. */
    public static Dataset separable(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] star = new double[d];
        for (int j = 0; j < d; j++) {
            star[j] = gaussian(r);
        }
        double[][] x = gaussian(r, n, d);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = 0; j < d; j++) {
                m += star[j] * x[i][j];
            }
            y[i] = m >= 0 ? 1 : -1;
        }
        return Dataset.of(x, y);
    }

    private static double[][] gaussian(SplittableRandom r, int n, int d) {
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = gaussian(r);
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
