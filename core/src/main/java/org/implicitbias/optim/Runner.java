package org.implicitbias.optim;

import java.util.ArrayList;
import java.util.List;
import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;

/**
 * Runs an {@link IterativeMethod} within a {@link Budget} and measures what the run showed.
 *
 * <p>Every step is guarded: a {@link RunFailure} thrown by the method, or a NaN/Inf in the iterate,
 * ends the run with a failed {@link Trace.Outcome} and the iteration where it happened. Movement is
 * measured against snapshots taken every {@code window} steps; optional log-spaced samples of the
 * iterates are kept for plots and limit predictors.
 */
public final class Runner {
    private final Objective objective;
    private final int maxSamples;

    /**
     * @param objective  the loss the method minimises (used for the final diagnostics)
     * @param maxSamples how many log-spaced iterates to keep (0 for none)
     */
    public Runner(Objective objective, int maxSamples) {
        this.objective = objective;
        this.maxSamples = maxSamples;
    }

    public Runner(Objective objective) {
        this(objective, 0);
    }

    /** Runs the method until the budget ends or the run settles, and returns its trace. */
    public Trace run(IterativeMethod method, Budget budget) {
        long start = System.nanoTime();
        long deadline = Double.isInfinite(budget.seconds()) ? Long.MAX_VALUE
                : start + (long) Math.min(9.0e18, budget.seconds() * 1e9);
        int d = method.iterate().length;
        boolean direction = budget.limit() == Budget.Limit.DIRECTION;
        double[] older = null;
        long olderAt = -1;
        double[] recent = snapshot(method.iterate(), direction);
        long recentAt = method.steps();
        List<Trace.Sample> samples = new ArrayList<>();
        long nextSample = method.steps();
        Trace.Outcome outcome = Trace.Outcome.ITERATION_LIMIT;
        String failure = null;
        double movement = Double.POSITIVE_INFINITY;
        long movementSteps = 0;
        long first = method.steps();
        try {
            while (method.steps() - first < budget.iterations()) {
                if (maxSamples > 0 && method.steps() >= nextSample && samples.size() < maxSamples) {
                    samples.add(sample(method));
                    nextSample = nextSampleAfter(method.steps());
                }
                method.step();
                double[] w = method.iterate();
                if (!Vectors.allFinite(w)) {
                    throw new RunFailure(RunFailure.Kind.NON_FINITE,
                            "non-finite iterate at step " + method.steps());
                }
                if (method.steps() - recentAt >= budget.window()) {
                    older = recent;
                    olderAt = recentAt;
                    recent = snapshot(w, direction);
                    recentAt = method.steps();
                    movement = Vectors.distance(recent, older);
                    movementSteps = recentAt - olderAt;
                    if (budget.settleTolerance() > 0
                            && movement <= budget.settleTolerance() * (direction ? 1 : Math.max(1, Vectors.norm2(w)))) {
                        outcome = Trace.Outcome.SETTLED;
                        break;
                    }
                }
                if ((method.steps() & 63) == 0 && System.nanoTime() > deadline) {
                    outcome = Trace.Outcome.TIME_LIMIT;
                    break;
                }
            }
        } catch (RunFailure e) {
            outcome = e.kind() == RunFailure.Kind.DOMAIN_EXIT ? Trace.Outcome.DOMAIN_EXIT : Trace.Outcome.NON_FINITE;
            failure = e.getMessage();
        }
        double[] w = method.iterate().clone();
        if (!outcome.failed() && older != null && recentAt != method.steps()) {
            // measure the tail from the last full-window snapshot to the final iterate
            movement = Vectors.distance(snapshot(w, direction), older);
            movementSteps = method.steps() - olderAt;
        }
        if (maxSamples > 0 && !outcome.failed()) {
            samples.add(sample(method));
        }
        return finish(method, budget, w, outcome, failure, movement, movementSteps, samples,
                (System.nanoTime() - start) / 1e9, d);
    }

    private Trace finish(IterativeMethod method, Budget budget, double[] w, Trace.Outcome outcome, String failure,
                         double movement, long movementSteps, List<Trace.Sample> samples, double seconds, int d) {
        double logLoss = Double.NaN;
        double logGrad = Double.NaN;
        double[] dir = null;
        double margin = Double.NaN;
        Norm geometry = method.geometry();
        if (Vectors.allFinite(w)) {
            Evaluation ev = objective.evaluate(w, objective.newEvaluation());
            logLoss = ev.logLoss();
            double g = geometry.dual(ev.scaledGradient());
            logGrad = Math.log(g) + ev.logScale();
            if (objective.loss().monotone()) {
                double norm = geometry.value(w);
                if (norm > 0) {
                    dir = Vectors.scaled(1 / norm, w);
                    margin = normalisedMargin(objective.data(), w, norm);
                }
            }
        }
        boolean settled = budget.settleTolerance() > 0 && !outcome.failed() && Double.isFinite(movement)
                && movement <= budget.settleTolerance()
                * (budget.limit() == Budget.Limit.DIRECTION ? 1 : Math.max(1, Vectors.norm2(w)));
        return new Trace(method.name(), w, method.steps(), outcome, failure, logLoss, logGrad, movement,
                movementSteps, settled, dir, margin, seconds, List.copyOf(samples));
    }

    /** {@code min_n y_n <w, x_n> / norm}. */
    public static double normalisedMargin(Dataset data, double[] w, double norm) {
        double min = Double.POSITIVE_INFINITY;
        double[] x = data.rowMajor();
        int d = data.d();
        for (int i = 0; i < data.n(); i++) {
            min = Math.min(min, data.y(i) * Vectors.dot(x, i * d, w, d));
        }
        return min / norm;
    }

    private Trace.Sample sample(IterativeMethod method) {
        double[] w = method.iterate().clone();
        return new Trace.Sample(method.steps(), w, Vectors.allFinite(w) ? objective.logValue(w) : Double.NaN);
    }

    /** Log-spaced sampling: every step up to 20, then about 2% apart. */
    private static long nextSampleAfter(long t) {
        return t < 20 ? t + 1 : t + Math.max(1, t / 50);
    }

    private static double[] snapshot(double[] w, boolean direction) {
        if (!direction) {
            return w.clone();
        }
        double n = Vectors.norm2(w);
        return n == 0 ? w.clone() : Vectors.scaled(1 / n, w);
    }
}
