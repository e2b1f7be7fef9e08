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
 * measured against snapshots taken every {@code window} steps, rounded up to a prime so that no short
 * cycle divides it, and over the last single step; a run settles only when both are within the settle
 * tolerance and it shows that it has reached its limit set (near G for a loss with a finite root, a
 * growing norm for a direction); see {@link #limitSetTest}. Optional log-spaced samples of the
 * iterates are kept for plots and limit predictors.
 */
public final class Runner {
    /** A direction run whose norm cannot grow by this relative amount over its whole budget is frozen. */
    public static final double FROZEN_GROWTH = 1e-6;

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
        long window = Budget.cycleFreeWindow(budget.window());
        double[] older = null;
        long olderAt = -1;
        double[] recent = snapshot(method.iterate(), direction);
        long recentAt = method.steps();
        // the last LAGS iterates, starting with w_0 (a ring): the single-step movement is measured against the one
        // before the last, and a periodic orbit is recognised at the end of a run that did not settle
        double[][] lagged = new double[LAGS][d];
        System.arraycopy(method.iterate(), 0, lagged[0], 0, d);
        long laggedCount = 1;
        double recentNorm = Vectors.norm2(method.iterate());
        List<Trace.Sample> samples = new ArrayList<>();
        long nextSample = method.steps();
        Trace.Outcome outcome = Trace.Outcome.ITERATION_LIMIT;
        String failure = null;
        double movement = Double.POSITIVE_INFINITY;
        long movementSteps = 0;
        double stepMovement = Double.NaN;
        boolean oscillating = false;
        long first = method.steps();
        // a method that runs elsewhere is advanced in chunks ending where the runner measures
        ChunkedMethod chunked = method instanceof ChunkedMethod c ? c : null;
        try {
            while (method.steps() - first < budget.iterations()) {
                if (maxSamples > 0 && method.steps() >= nextSample && samples.size() < maxSamples) {
                    samples.add(sample(method));
                    nextSample = nextSampleAfter(method.steps());
                }
                if (chunked == null) {
                    method.step();
                } else {
                    chunked.advance(chunk(method.steps(), first, recentAt, window, nextSample, samples.size(), budget),
                            deadline);
                }
                double[] w = method.iterate();
                System.arraycopy(w, 0, lagged[(int) (laggedCount++ % LAGS)], 0, d);
                if (!Vectors.allFinite(w)) {
                    throw new RunFailure(RunFailure.Kind.NON_FINITE,
                            "non-finite iterate at step " + method.steps());
                }
                if (method.steps() - recentAt >= window) {
                    older = recent;
                    olderAt = recentAt;
                    recent = snapshot(w, direction);
                    recentAt = method.steps();
                    movement = Vectors.distance(recent, older);
                    movementSteps = recentAt - olderAt;
                    double[] previous = lagged[(int) ((laggedCount - 2) % LAGS)];
                    stepMovement = Vectors.distance(recent, snapshot(previous, direction));
                    double olderNorm = recentNorm;
                    recentNorm = Vectors.norm2(w);
                    if (budget.settleTolerance() > 0) {
                        Trace.Outcome verdict = limitSetTest(budget, w, olderNorm, movement, stepMovement, window);
                        oscillating = verdict == Trace.Outcome.CYCLING;
                        if (verdict == Trace.Outcome.SETTLED || verdict == Trace.Outcome.STUCK
                                || verdict == Trace.Outcome.FROZEN) {
                            outcome = verdict;
                            break;
                        }
                    }
                }
                if ((chunked != null || (method.steps() & 63) == 0) && System.nanoTime() > deadline) {
                    outcome = Trace.Outcome.TIME_LIMIT;
                    break;
                }
            }
        } catch (RunFailure e) {
            outcome = switch (e.kind()) {
                case DOMAIN_EXIT -> Trace.Outcome.DOMAIN_EXIT;
                case NON_FINITE -> Trace.Outcome.NON_FINITE;
                case EXTERNAL_FAILURE -> Trace.Outcome.EXTERNAL_FAILURE;
            };
            failure = e.getMessage();
        }
        double[] w = method.iterate().clone();
        if (!outcome.failed() && older != null && recentAt != method.steps()) {
            // measure the tail from the last full-window snapshot to the final iterate
            movement = Vectors.distance(snapshot(w, direction), older);
            movementSteps = method.steps() - olderAt;
        }
        // (points only: a direction may zig-zag about a slowly turning mean and still converge)
        if (!direction && !oscillating && !outcome.failed() && outcome != Trace.Outcome.SETTLED
                && period(lagged, laggedCount, false, budget.settleTolerance()) > 1) {
            oscillating = true;
        }
        if (oscillating && !outcome.failed() && outcome != Trace.Outcome.SETTLED) {
            outcome = Trace.Outcome.CYCLING;
        }
        if (maxSamples > 0 && !outcome.failed()) {
            samples.add(sample(method));
        }
        return finish(method, w, outcome, failure, movement, movementSteps, stepMovement, samples,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Whether a run whose tail moved {@code movement} over the last window and {@code stepMovement} over its
     * last step has reached its limit set. A limit needs both movements within the settle tolerance (a
     * periodic orbit moves little over a window that its period divides, never over one step), and the
     * evidence the theorems use: for a loss with a finite root, the point lies near {@code G = {Xw = y}}
     * (the lower bound {@code ||Xw - y|| / ||X||_F} of its distance is within the tolerance); for a direction,
     * {@code ||w||} grows. A point that has stopped while its distance to G exceeds what its movement could
     * cover over the whole budget is STUCK; a direction whose norm cannot grow by a relative 1e-6 over the
     * whole budget at its present rate is FROZEN.
     *
     * @return SETTLED, STUCK, FROZEN, CYCLING (small over the window, large over a step) or ITERATION_LIMIT
     *     (still moving)
     */
    private Trace.Outcome limitSetTest(Budget budget, double[] w, double olderNorm, double movement,
                                       double stepMovement, long window) {
        boolean direction = budget.limit() == Budget.Limit.DIRECTION;
        double scale = direction ? 1 : Math.max(1, Vectors.norm2(w));
        double tol = budget.settleTolerance() * scale;
        if (!(movement <= tol)) {
            return Trace.Outcome.ITERATION_LIMIT;
        }
        if (!(stepMovement <= tol)) {
            return Trace.Outcome.CYCLING;
        }
        double windowsInBudget = Math.max(1.0, (double) budget.iterations() / window);
        if (direction) {
            if (!objective.loss().monotone()) {
                return Trace.Outcome.SETTLED;
            }
            double norm = Vectors.norm2(w);
            double growth = norm == 0 ? 0 : (norm - olderNorm) / norm;
            return growth * windowsInBudget < FROZEN_GROWTH ? Trace.Outcome.FROZEN : Trace.Outcome.SETTLED;
        }
        if (objective.loss().monotone()) {
            return Trace.Outcome.SETTLED;
        }
        double toG = objective.data().interpolatingSet(false).distanceLowerBound(w);
        // the residual Xw - y carries rounding of about eps ||X|| ||w||: below that floor a point is on G
        double nearG = Math.max(tol, 1e-12 * scale);
        if (toG <= nearG) {
            return Trace.Outcome.SETTLED;
        }
        return toG > 1e3 * nearG && movement * windowsInBudget < toG / 2 ? Trace.Outcome.STUCK
                : Trace.Outcome.ITERATION_LIMIT;
    }

    /** How many last iterates the runner keeps to recognise short periodic orbits. */
    static final int LAGS = 16;

    /**
     * The period p (2 <= p < LAGS) of the orbit the last iterates lie on: {@code w_T} returns to within the
     * tolerance of {@code w_{T-p}} while it is farther than that from {@code w_{T-1}}; 0 when there is none.
     */
    static int period(double[][] lagged, long count, boolean direction, double settle) {
        // (direction: whether the iterates are compared as unit directions)
        int available = (int) Math.min(count, lagged.length);
        if (available < 3) {
            return 0;
        }
        int last = (int) ((count - 1) % lagged.length);
        double[] now = snapshot(lagged[last], direction);
        double tol = Math.max(settle, 1e-12) * (direction ? 1 : Math.max(1, Vectors.norm2(lagged[last])));
        double[] before = snapshot(lagged[(last - 1 + lagged.length) % lagged.length], direction);
        if (!(Vectors.distance(now, before) > tol)) {
            return 0;
        }
        for (int p = 2; p < available; p++) {
            double[] back = snapshot(lagged[(last - p + lagged.length) % lagged.length], direction);
            if (Vectors.distance(now, back) <= tol) {
                return p;
            }
        }
        return 0;
    }

    private Trace finish(IterativeMethod method, double[] w, Trace.Outcome outcome, String failure,
                         double movement, long movementSteps, double stepMovement, List<Trace.Sample> samples,
                         double seconds) {
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
        boolean settled = outcome == Trace.Outcome.SETTLED;
        return new Trace(method.name(), w, method.steps(), outcome, failure, logLoss, logGrad, movement,
                movementSteps, stepMovement, settled, dir, margin, seconds, List.copyOf(samples));
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

    /**
     * The steps a {@link ChunkedMethod} takes next: up to the next window snapshot, the next sample
     * (while samples are kept) or the end of the budget, whichever comes first, so that it is observed
     * at exactly the steps where a method stepped one at a time would be.
     */
    private long chunk(long t, long first, long recentAt, long window, long nextSample, int sampled, Budget budget) {
        long toWindow = recentAt + window - t;
        // the step into a window boundary is advanced alone, so that the single-step movement is measured there
        long k = Math.min(budget.iterations() - (t - first), toWindow > 1 ? toWindow - 1 : toWindow);
        if (maxSamples > 0 && sampled < maxSamples) {
            k = Math.min(k, nextSample - t);
        }
        return Math.max(1, k);
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
