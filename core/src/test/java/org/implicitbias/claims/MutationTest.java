package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.model.Evaluation;
import org.implicitbias.model.Objective;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.StepRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation sanity: deliberately wrong optimizers, given to the checker in place of the spec's
 * algorithm, must never make the matching holds claim CONFIRMED.
 */
class MutationTest {

    /** Mirror descent that forgets the link function: {@code w+ = w - eta grad L(w)} whatever psi is. */
    static final class LinkForgettingMirrorDescent implements IterativeMethod {
        private final Objective objective;
        private final double[] w;
        private final double eta;
        private final Evaluation ev;
        private final double[] g;
        private long t;

        LinkForgettingMirrorDescent(Objective objective, double[] w0, double eta) {
            this.objective = objective;
            this.w = w0.clone();
            this.eta = eta;
            this.ev = objective.newEvaluation();
            this.g = new double[w0.length];
        }

        @Override
        public String name() {
            return "mirror-descent without its link";
        }

        @Override
        public double[] iterate() {
            return w;
        }

        @Override
        public long steps() {
            return t;
        }

        @Override
        public void step() {
            objective.evaluate(w, ev);
            ev.gradient(g);
            for (int i = 0; i < w.length; i++) {
                w[i] -= eta * g[i];
            }
            t++;
        }
    }

    /** Steepest descent w.r.t. ||.||_D that steps along {@code -D g} (the primal norm's matrix) instead of {@code -D^-1 g}. */
    static final class PrimalNormSteepestDescent implements IterativeMethod {
        private final Objective objective;
        private final double[] w;
        private final double[][] d;
        private final double eta;
        private final Evaluation ev;
        private final double[] g;
        private long t;

        PrimalNormSteepestDescent(Objective objective, double[] w0, double[][] d, double eta) {
            this.objective = objective;
            this.w = w0.clone();
            this.d = d;
            this.eta = eta;
            this.ev = objective.newEvaluation();
            this.g = new double[w0.length];
        }

        @Override
        public String name() {
            return "steepest descent with the primal norm";
        }

        @Override
        public double[] iterate() {
            return w;
        }

        @Override
        public long steps() {
            return t;
        }

        @Override
        public void step() {
            objective.evaluate(w, ev);
            ev.gradient(g);
            for (int i = 0; i < w.length; i++) {
                double s = 0;
                for (int j = 0; j < w.length; j++) {
                    s += d[i][j] * g[j];
                }
                w[i] -= eta * s;
            }
            t++;
        }
    }

    /** Nesterov's method that drops gamma: the gradient at w_t instead of at {@code w_t + gamma Dw_{t-1}}. */
    static final class GammaDroppingMomentum implements IterativeMethod {
        private final Objective objective;
        private final double[] w;
        private final double[] delta;
        private final double eta;
        private final double beta;
        private final Evaluation ev;
        private final double[] g;
        private long t;

        GammaDroppingMomentum(Objective objective, double[] w0, double eta, double beta) {
            this.objective = objective;
            this.w = w0.clone();
            this.delta = new double[w0.length];
            this.eta = eta;
            this.beta = beta;
            this.ev = objective.newEvaluation();
            this.g = new double[w0.length];
        }

        @Override
        public String name() {
            return "momentum without gamma";
        }

        @Override
        public double[] iterate() {
            return w;
        }

        @Override
        public long steps() {
            return t;
        }

        @Override
        public void step() {
            objective.evaluate(w, ev);
            ev.gradient(g);
            for (int i = 0; i < w.length; i++) {
                delta[i] = (t == 0 ? 0 : beta * delta[i]) - eta * g[i];
                w[i] += delta[i];
            }
            t++;
        }
    }

    private static double eta(Algorithm a) {
        StepRule s = a instanceof Algorithm.MirrorDescentAlgorithm m ? m.step()
                : a instanceof Algorithm.SteepestDescentAlgorithm sd ? sd.step()
                : ((Algorithm.GradientDescentAlgorithm) a).step();
        return ((StepRule.Constant) s).eta();
    }

    private static ClaimResult check(Path spec, RunEngine.MethodOverride mutant) {
        try (Checker checker = new Checker(new CertifiedReferences(), mutant, 2)) {
            return checker.check(SpecLoader.load(spec));
        }
    }

    @Test
    void mirrorDescentThatForgetsItsLinkIsNeverConfirmed(@TempDir Path dir) throws IOException {
        Path spec = SpecFiles.write(dir, "entropy-md", """
                id: entropy-md
                title: entropy mirror descent reaches the minimum-KL point
                expect: holds
                loss: squared
                data:
                  generate: {kind: regression, n: 2, d: 5, count: 3, seed: 4, positive: true}
                init: {kind: random-positive, seed: 3}
                algorithm: {kind: mirror-descent, potential: entropy, step: {kind: constant, eta: 0.05}}
                claim: {limit: point, reference: {kind: min-bregman, potential: entropy}}
                tolerance: {distance: 1.0e-6}
                budget: {iterations: 200000, seconds: 20}
                """);
        ClaimResult faithful = check(spec, null);
        assertThat(faithful.verdict()).as(faithful.reason()).isEqualTo(Verdict.CONFIRMED);
        ClaimResult mutant = check(spec, (plan, obj, w0) -> new LinkForgettingMirrorDescent(obj, w0, eta(plan.algorithm())));
        assertThat(mutant.verdict()).as(mutant.reason()).isNotEqualTo(Verdict.CONFIRMED);
        assertThat(mutant.runs()).allSatisfy(r -> assertThat(r.verdict()).isNotEqualTo(Verdict.CONFIRMED));
        assertThat(mutant.verdict()).isEqualTo(Verdict.REFUTED);
    }

    @Test
    void steepestDescentWithThePrimalInsteadOfTheDualNormIsNeverConfirmed() {
        Path spec = org.implicitbias.testing.Repo.path("specs/sd-quadratic-norm.yaml");
        ClaimResult mutant = check(spec, (plan, obj, w0) -> {
            Algorithm.SteepestDescentAlgorithm sd = (Algorithm.SteepestDescentAlgorithm) plan.algorithm();
            return new PrimalNormSteepestDescent(obj, w0, ((QuadraticNorm) sd.norm()).form().matrix(), eta(sd));
        });
        assertThat(mutant.runs()).allSatisfy(r -> assertThat(r.verdict()).as(r.reason()).isNotEqualTo(Verdict.CONFIRMED));
        assertThat(mutant.verdict()).isEqualTo(Verdict.REFUTED);
    }

    @Test
    void momentumThatDropsGammaDoesNotProduceNesterovsIterates(@TempDir Path dir) throws IOException {
        Path spec = SpecFiles.write(dir, "nesterov", """
                id: nesterov
                title: Nesterov momentum follows eq. 3 with gamma = beta
                expect: holds
                loss: squared
                data:
                  generate: {kind: regression, n: 3, d: 8, count: 2, seed: 13}
                init: {kind: zero}
                algorithm: {kind: gradient-descent, step: {kind: constant, eta: 0.05}, momentum: {beta: 0.5, gamma: 0.5}}
                vary:
                  algorithm.momentum: [{beta: 0.5, gamma: 0.5}, {beta: 0.9, gamma: 0.9}]
                claim:
                  limit: point
                  reference: {kind: min-norm, norm: l2}
                  same-iterates-as: {kind: gradient-descent}
                  iterates-compared: 50
                tolerance: {distance: 1.0e-7, iterates: 1.0e-12}
                budget: {iterations: 200000, seconds: 20}
                """);
        ClaimResult faithful = check(spec, null);
        assertThat(faithful.verdict()).as(faithful.reason()).isEqualTo(Verdict.CONFIRMED);
        ClaimResult mutant = check(spec, (plan, obj, w0) -> {
            Algorithm.GradientDescentAlgorithm gd = (Algorithm.GradientDescentAlgorithm) plan.algorithm();
            return new GammaDroppingMomentum(obj, w0, eta(gd), gd.momentum().beta());
        });
        assertThat(mutant.runs()).allSatisfy(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.REFUTED);
            assertThat(r.measure()).isEqualTo(Measure.ITERATES);
        });
    }
}
