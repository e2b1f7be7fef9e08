package org.implicitbias.claims;

import org.implicitbias.linalg.Nnls;
import java.util.Locale;
import java.util.SplittableRandom;
import org.implicitbias.geometry.Norm;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.Runner;
import org.implicitbias.optim.Trace;
import org.implicitbias.oracle.Reference;

/**
 * The checks of {@link Property} claims. Each returns a verdict with the measured quantity; the
 * data-level ones need no settling, the run-level ones follow the same honesty rules as limits.
 */
final class PropertyChecks {
    private PropertyChecks() {
    }

    /** Starts the run's method (the spec's algorithm or an override). */
    interface Starter {
        IterativeMethod start(RunPlan plan, Objective objective);
    }

    static RunResult check(RunPlan plan, Objective obj, RunEngine engine, Starter starter, long start) {
        Property p = plan.target().property();
        if (p instanceof Property.GradientDualBound g) {
            return gradientDualBound(plan, obj, engine, g, start);
        }
        if (p instanceof Property.SupportVectorGradients) {
            return supportVectorGradients(plan, obj, engine, starter, start);
        }
        if (p instanceof Property.BoundedPreconditioner) {
            return boundedPreconditioner(plan, obj, starter, start);
        }
        if (p instanceof Property.UpdateIdentity u) {
            return UpdateIdentityCheck.check(plan, obj, starter.start(plan, obj), u.steps(), start);
        }
        throw new IllegalStateException("unknown property " + p);
    }

    // ------------------------------------------------------------ Lemma 10

    /**
     * Lemma 10: {@code ||grad L(w)||_* >= gamma L(w)} for the exponential loss, i.e.
     * {@code ||Z' r||_* >= gamma} for the softmax weights r of any w, with equality at the certificate's
     * normalised multipliers. Measured as the relative slack {@code ||Z'r||_* / gamma - 1}.
     */
    private static RunResult gradientDualBound(RunPlan plan, Objective obj, RunEngine engine, Property.GradientDualBound g,
                                               long start) {
        Dataset data = plan.instance().data();
        Norm norm = g.norm();
        Solution s = engine.solve(new Reference.MaxMargin(norm), data, plan.w0());
        if (s.status() != Solution.Status.SOLVED) {
            return RunResult.inconclusive(plan, "reference solver: " + s.status().name().toLowerCase(Locale.ROOT) + " (" + s.message() + ")",
                    0, Double.NaN, RunEngine.seconds(start));
        }
        double gamma = s.gamma();
        double tol = plan.tolerance().value();
        double certRel = s.bound() / gamma;
        int n = data.n();
        int d = data.d();
        double[] z = data.signedRowMajor();
        SplittableRandom rnd = new SplittableRandom(g.seed() * 1_000_003L + plan.instance().index());
        Evaluation ev = obj.newEvaluation();
        double worst = Double.POSITIVE_INFINITY;
        for (int k = 0; k < g.points(); k++) {
            double[] w = new double[d];
            double scale = Math.exp(-2 + 5 * rnd.nextDouble());
            for (int j = 0; j < d; j++) {
                w[j] = scale * DataGenerator.gaussian(rnd);
            }
            obj.evaluate(w, ev);
            // ||grad L||_* / (gamma L) in log space: the scaled gradient carries exp(logScale)
            double logRatio = Math.log(norm.dual(ev.scaledGradient())) + ev.logScale() - ev.logLoss() - Math.log(gamma);
            worst = Math.min(worst, Math.expm1(logRatio));
            double[] r = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                r[i] = -Math.log(1 - rnd.nextDouble());
                sum += r[i];
            }
            for (int i = 0; i < n; i++) {
                r[i] /= sum;
            }
            worst = Math.min(worst, norm.dual(Vectors.multiplyTransposed(z, n, d, r)) / gamma - 1);
        }
        double equality = Double.NaN;
        if (s.multipliers() != null) {
            double[] r = s.multipliers().clone();
            double sum = 0;
            for (double v : r) {
                sum += v;
            }
            if (sum > 0) {
                for (int i = 0; i < n; i++) {
                    r[i] /= sum;
                }
                equality = Math.abs(norm.dual(Vectors.multiplyTransposed(z, n, d, r)) / gamma - 1);
            }
        }
        double violation = Math.max(-worst, Double.isNaN(equality) ? 0 : equality);
        String detail = "min over " + g.points() + " points of ||grad L||_*/(gamma L) - 1 and of ||Z'r||_*/gamma - 1 = "
                + RunEngine.fmt(worst) + "; at the certificate's r: |.| = " + RunEngine.fmt(equality)
                + " (gamma " + RunEngine.fmt(gamma) + ", " + norm.name() + ")";
        Verdict v;
        // both sides charge the certificate's relative error of gamma
        if (violation + certRel <= tol) {
            v = Verdict.CONFIRMED;
        } else if (violation > tol + certRel) {
            v = Verdict.REFUTED;
        } else {
            v = Verdict.INCONCLUSIVE;
        }
        if (v == Verdict.CONFIRMED && Double.isNaN(equality)) {
            v = Verdict.INCONCLUSIVE;
            detail += "; the certificate has no multipliers to check the equality";
        }
        return new RunResult(plan, v, Measure.RELATIVE_SLACK, violation, tol, certRel, Double.NaN, 0, s.level(),
                RunEngine.seconds(start), detail, null, null, plan.instance().seed(), null);
    }

    // ------------------------------------------------------------ Lemma 8

    private static RunResult supportVectorGradients(RunPlan plan, Objective obj, RunEngine engine, Starter starter, long start) {
        Dataset data = plan.instance().data();
        Solution s = engine.solve(new Reference.MaxMargin(new Norm.L2()), data, plan.w0());
        if (s.status() != Solution.Status.SOLVED) {
            return RunResult.inconclusive(plan, "reference solver: " + s.status().name().toLowerCase(Locale.ROOT), 0, Double.NaN,
                    RunEngine.seconds(start));
        }
        int[] support = supportSet(data, s);
        IterativeMethod m = starter.start(plan, obj);
        RunBudget rb = plan.budget();
        Runner runner = new Runner(obj);
        Trace tr = runner.run(m, new Budget(rb.iterations(), rb.seconds(), rb.window(), rb.settle(), Budget.Limit.DIRECTION));
        if (tr.outcome().failed()) {
            return RunResult.inconclusive(plan, "run failed: " + tr.failure(), tr.iterations(), tr.tailMovement(),
                    RunEngine.seconds(start));
        }
        Evaluation ev = obj.newEvaluation();
        double r0 = coneResidual(obj, ev, m.iterate(), data, support);
        runner.run(m, Budget.iterations(rb.window(), Budget.Limit.DIRECTION));
        double r1 = coneResidual(obj, ev, m.iterate(), data, support);
        double tol = plan.tolerance().distance();
        String detail = "NNLS residual of -grad L/||grad L|| on the " + support.length + " support vectors: " + RunEngine.fmt(r1)
                + " (one window earlier " + RunEngine.fmt(r0) + ")";
        Verdict v;
        if (tr.outcome() == Trace.Outcome.FROZEN || tr.outcome() == Trace.Outcome.CYCLING) {
            // Lemma 8 speaks of runs that converge in direction: a frozen or cycling run shows nothing
            v = Verdict.INCONCLUSIVE;
            detail = tr.outcome().label() + " run: " + detail;
        } else if (r1 + s.bound() <= tol) {
            v = Verdict.CONFIRMED;
        } else if (tr.settled() && r1 >= r0 && r1 > tol + s.bound()) {
            v = Verdict.REFUTED;
        } else {
            v = Verdict.INCONCLUSIVE;
        }
        return new RunResult(plan, v, Measure.DISTANCE, r1, tol, s.bound(), tr.tailMovement(), m.steps(), s.level(),
                RunEngine.seconds(start), detail, null, null, plan.instance().seed(), null);
    }

    /** The support set: the certificate's, or the examples whose margin at w* is within 1e-7 of gamma. */
    static int[] supportSet(Dataset data, Solution s) {
        if (s.support() != null && s.support().length > 0) {
            return s.support().clone();
        }
        double[] w = s.point();
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < data.n(); i++) {
            double m = data.y(i) * Vectors.dot(data.row(i), w);
            if (m <= s.gamma() * (1 + 1e-7) + 1e-12) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double coneResidual(Objective obj, Evaluation ev, double[] w, Dataset data, int[] support) {
        obj.evaluate(w, ev);
        double[] g = ev.scaledGradient().clone();
        double n = Vectors.norm2(g);
        for (int j = 0; j < g.length; j++) {
            g[j] = -g[j] / n;
        }
        double[][] cols = new double[support.length][];
        for (int k = 0; k < support.length; k++) {
            double[] z = data.row(support[k]);
            double y = data.y(support[k]);
            for (int j = 0; j < z.length; j++) {
                z[j] *= y;
            }
            cols[k] = z;
        }
        return Nnls.residual(cols, g);
    }

    // ------------------------------------------------------------ Proposition 6

    private static RunResult boundedPreconditioner(RunPlan plan, Objective obj, Starter starter, long start) {
        Algorithm.AdagradAlgorithm a = (Algorithm.AdagradAlgorithm) plan.algorithm();
        PreconditionerTracker m = new PreconditionerTracker(starter.start(plan, obj), obj, a.g0());
        RunBudget rb = plan.budget();
        Runner runner = new Runner(obj);
        long deadline = System.nanoTime() + (long) (rb.seconds() * 1e9);
        double tol = plan.tolerance().value();
        long k = rb.window();
        double[] prev = m.accumulator();
        double lastGrowth = Double.POSITIVE_INFINITY;
        double growth = Double.POSITIVE_INFINITY;
        double remaining = Double.POSITIVE_INFINITY;
        while (m.steps() < rb.iterations() && System.nanoTime() < deadline) {
            Trace tr = runner.run(m, Budget.iterations(k, Budget.Limit.DIRECTION));
            if (tr.outcome().failed()) {
                return RunResult.inconclusive(plan, "run failed: " + tr.failure(), m.steps(), Double.NaN, RunEngine.seconds(start));
            }
            double[] now = m.accumulator();
            lastGrowth = growth;
            growth = 0;
            for (int i = 0; i < now.length; i++) {
                growth = Math.max(growth, (now[i] - prev[i]) / prev[i]);
            }
            prev = now;
            // remaining relative growth of the largest-growing entry, by the tail model of RunEngine
            remaining = Double.isFinite(lastGrowth)
                    ? RunEngine.tailBound(lastGrowth, growth, m.steps() - 2 * k, k, 1e-15) : Double.POSITIVE_INFINITY;
            if (remaining <= tol) {
                break;
            }
        }
        double maxG = 0;
        for (double v : prev) {
            maxG = Math.max(maxG, v);
        }
        String detail = "diag G grew by " + RunEngine.fmt(growth) + " (relative) over the last " + k
                + " steps; extrapolated remaining growth " + RunEngine.fmt(remaining) + ", max G_ii " + RunEngine.fmt(maxG);
        Verdict v = remaining <= tol ? Verdict.CONFIRMED : Verdict.INCONCLUSIVE;
        if (v == Verdict.INCONCLUSIVE) {
            detail = "preconditioner not shown to settle within budget: " + detail;
        }
        return new RunResult(plan, v, Measure.GROWTH, remaining, tol, remaining, growth, m.steps(), Evidence.TRAJECTORY,
                RunEngine.seconds(start), detail, prev, null, plan.instance().seed(), null);
    }
}
