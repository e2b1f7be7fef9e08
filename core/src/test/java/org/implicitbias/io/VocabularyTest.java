package org.implicitbias.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.implicitbias.geometry.Norm;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticNorm;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.geometry.TieRule;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Momentum;
import org.implicitbias.optim.StepRule;
import org.implicitbias.oracle.Reference;
import org.junit.jupiter.api.Test;

/** Every term of the vocabulary read into its value, with every parameter. */
class VocabularyTest {
    private static final Dimensions DIMS = new Dimensions(3, 4, null);
    private static final Dimensions MATRIX = new Dimensions(3, 4, new MatrixShape(2, 2));

    private static Node at(String json, String path) {
        JsonNode tree = Json.parse(json, "test");
        return Node.at(tree, path);
    }

    private static Algorithm algorithm(String json) {
        return Vocabulary.algorithm(at(json, "algorithm"), DIMS);
    }

    @Test
    void gradientDescentWithMomentumBatchAndSeed() {
        Algorithm a = algorithm("""
                {"kind": "gradient-descent", "step": {"kind": "decaying", "eta": "1/2", "power": 0.5},
                 "momentum": {"beta": 0.9, "gamma": 0.9, "steps": 10}, "batch": 2, "seed": 42}""");
        assertThat(a).isEqualTo(new Algorithm.GradientDescentAlgorithm(new StepRule.Decaying(0.5, 0.5),
                new Momentum(0.9, 0.9, 10), 2, 42));
        Algorithm plain = algorithm("{\"kind\": \"gradient-descent\", \"step\": 0.25}");
        assertThat(plain).isEqualTo(new Algorithm.GradientDescentAlgorithm(new StepRule.Constant(0.25), Momentum.none(), 0, 0));
        Algorithm heavyBall = algorithm("{\"kind\": \"gradient-descent\", \"step\": \"exact-line-search\", \"momentum\": {\"beta\": 0.5}}");
        assertThat(heavyBall).isEqualTo(new Algorithm.GradientDescentAlgorithm(new StepRule.ExactLineSearch(),
                new Momentum(0.5, 0, Long.MAX_VALUE), 0, 0));
    }

    @Test
    void mirrorDescentWithPrimalMomentumOnTheSimplex() {
        Algorithm a = algorithm("""
                {"kind": "mirror-descent", "potential": "entropy", "step": {"kind": "adaptive", "c": 0.5},
                 "momentum": {"kind": "primal", "beta": 0.5, "gamma": 0, "steps": 1},
                 "constraint": "simplex", "batch": 1, "seed": 3}""");
        assertThat(a).isEqualTo(new Algorithm.MirrorDescentAlgorithm(new Potential.Entropy(), new StepRule.Adaptive(0.5),
                new Momentum(0.5, 0, 1), Algorithm.MomentumForm.PRIMAL, true, 1, 3));
        Algorithm dual = algorithm("""
                {"kind": "mirror-descent", "potential": {"kind": "hypentropy", "beta": 2}, "step": 0.1,
                 "momentum": {"kind": "dual", "beta": 0.3}}""");
        assertThat(dual).isEqualTo(new Algorithm.MirrorDescentAlgorithm(new Potential.Hypentropy(2), new StepRule.Constant(0.1),
                new Momentum(0.3, 0, Long.MAX_VALUE), Algorithm.MomentumForm.DUAL, false, 0, 0));
    }

    @Test
    void naturalGradientAndItsFlow() {
        Algorithm a = algorithm("""
                {"kind": "natural-gradient", "potential": {"kind": "squared-lp", "p": "3/2"}, "step": {"kind": "constant", "eta": 0.01}}""");
        assertThat(a).isEqualTo(new Algorithm.NaturalGradientAlgorithm(new Potential.SquaredLp(1.5), new StepRule.Constant(0.01)));
        Algorithm flow = algorithm("{\"kind\": \"natural-gradient-flow\", \"potential\": {\"kind\": \"lp-power\", \"p\": 3}}");
        assertThat(flow).isEqualTo(new Algorithm.NaturalGradientFlowAlgorithm(new Potential.LpPower(3)));
    }

    @Test
    void steepestDescentWithAnExactLpExponentAndTieRule() {
        Algorithm a = algorithm("""
                {"kind": "steepest-descent", "norm": {"kind": "lp", "p": "4/3"}, "step": {"kind": "constant", "eta": 1e-4},
                 "ties": "average"}""");
        assertThat(a).isInstanceOf(Algorithm.SteepestDescentAlgorithm.class);
        Algorithm.SteepestDescentAlgorithm sd = (Algorithm.SteepestDescentAlgorithm) a;
        assertThat(((Norm.Lp) sd.norm()).p()).isEqualTo(4.0 / 3);
        assertThat(sd.step()).isEqualTo(new StepRule.Constant(1e-4));
        assertThat(sd.ties()).isEqualTo(TieRule.AVERAGE);
        Algorithm cd = algorithm("{\"kind\": \"steepest-descent\", \"norm\": \"l1\", \"step\": \"exact-line-search\"}");
        assertThat(cd).isEqualTo(new Algorithm.SteepestDescentAlgorithm(new Norm.L1(), new StepRule.ExactLineSearch(),
                TieRule.LOWEST_INDEX));
    }

    @Test
    void adagradWithAScalarOrVectorG0() {
        Algorithm.AdagradAlgorithm scalar = (Algorithm.AdagradAlgorithm) algorithm("{\"kind\": \"adagrad\", \"eta\": 0.5, \"g0\": 1}");
        assertThat(scalar.eta()).isEqualTo(0.5);
        assertThat(scalar.g0()).containsExactly(1, 1, 1, 1);
        Algorithm.AdagradAlgorithm vector = (Algorithm.AdagradAlgorithm) algorithm(
                "{\"kind\": \"adagrad\", \"eta\": 0.5, \"g0\": [1, 2, \"1/4\", 3]}");
        assertThat(vector.g0()).containsExactly(1, 2, 0.25, 3);
    }

    @Test
    void adagradWithoutG0StartsFromKerasAccumulatorOfOneTenth() {
        Algorithm.AdagradAlgorithm a = (Algorithm.AdagradAlgorithm) algorithm("{\"kind\": \"adagrad\", \"eta\": 0.5}");
        assertThat(a.g0()).containsExactly(0.1, 0.1, 0.1, 0.1);
    }

    @Test
    void aZeroEntryOfG0IsRefusedWhenReadNotWhenTheRunStarts() {
        // G_0 must be positive definite: the vocabulary says so at once, naming the entry
        assertThatThrownBy(() -> algorithm("{\"kind\": \"adagrad\", \"eta\": 0.5, \"g0\": [1, 2, \"1/4\", 0]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("algorithm.g0[3]: got 0, expected a number > 0 (G_0 must be positive definite)");
        assertThatThrownBy(() -> algorithm("{\"kind\": \"adagrad\", \"eta\": 0.5, \"g0\": 0}"))
                .hasMessageStartingWith("algorithm.g0: got 0, expected a number > 0");
    }

    @Test
    void factorizedAndDiagonalNetworks() {
        Algorithm f = Vocabulary.algorithm(at("""
                {"kind": "factorized-gradient-descent", "step": 0.01, "init-scale": "1/10"}""", "algorithm"), MATRIX);
        assertThat(f).isEqualTo(new Algorithm.FactorizedGradientDescentAlgorithm(new StepRule.Constant(0.01), 0.1, 2, 2, 0));
        Algorithm dn = algorithm("{\"kind\": \"diagonal-network\", \"step\": 0.01, \"init-scale\": 0.5}");
        assertThat(dn).isEqualTo(new Algorithm.DiagonalNetworkAlgorithm(new StepRule.Constant(0.01), 0.5));
    }

    @Test
    void quadraticTermsCarryTheirMatrix() {
        Potential p = Vocabulary.potential(at("{\"kind\": \"quadratic\", \"D\": [[2, 1, 0, 0], [1, 2, 0, 0], [0, 0, 1, 0], [0, 0, 0, \"1/2\"]]}",
                "potential"), DIMS);
        assertThat(((QuadraticPotential) p).form().matrix()[3][3]).isEqualTo(0.5);
        Norm n = Vocabulary.norm(at("{\"kind\": \"quadratic\", \"D\": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 4]]}",
                "norm"), DIMS);
        // ||(0, 0, 0, 1)||_D = sqrt(4) = 2
        assertThat(((QuadraticNorm) n).value(new double[] {0, 0, 0, 1})).isCloseTo(2, within(1e-15));
    }

    @Test
    void everyReferenceKind() {
        assertThat(Vocabulary.reference(at("{\"kind\": \"min-bregman\", \"potential\": \"squared-l2\", \"constraint\": \"simplex\"}", "reference"), DIMS))
                .isEqualTo(new Reference.MinBregman(new Potential.SquaredL2(), true));
        assertThat(Vocabulary.reference(at("{\"kind\": \"min-norm\", \"norm\": \"linf\"}", "reference"), DIMS))
                .isEqualTo(new Reference.MinNorm(new Norm.LInf()));
        assertThat(Vocabulary.reference(at("{\"kind\": \"max-margin\", \"norm\": {\"kind\": \"l2\"}}", "reference"), DIMS))
                .isEqualTo(new Reference.MaxMargin(new Norm.L2()));
        assertThat(Vocabulary.reference(at("{\"kind\": \"max-margin\", \"norm\": \"nuclear\"}", "reference"), MATRIX))
                .isEqualTo(new Reference.MaxMargin(new Norm.Nuclear(2, 2)));
        assertThat(Vocabulary.reference(at("{\"kind\": \"max-margin-nuclear\"}", "reference"), MATRIX))
                .isEqualTo(new Reference.MaxMarginNuclear(2));
    }

    @Test
    void everyInitKind() {
        assertThat(Vocabulary.init(at("\"zero\"", "init"), 2)).isEqualTo(new Init.Zero());
        assertThat(Vocabulary.init(at("{\"kind\": \"argmin-potential\"}", "init"), 2)).isEqualTo(new Init.ArgminPotential());
        assertThat(Vocabulary.init(at("{\"kind\": \"random\", \"scale\": 0.1, \"seed\": 7}", "init"), 2))
                .isEqualTo(new Init.Random(0.1, 7));
        assertThat(Vocabulary.init(at("{\"kind\": \"random-positive\", \"seed\": 7}", "init"), 2))
                .isEqualTo(new Init.RandomPositive(1, 7));
        Init.Point p = (Init.Point) Vocabulary.init(at("{\"kind\": \"point\", \"w\": [\"1/2\", \"1/4\"]}", "init"), 2);
        assertThat(p.point(2, new Potential.SquaredL2())).containsExactly(
                new org.apache.commons.math3.fraction.BigFraction(1, 2), new org.apache.commons.math3.fraction.BigFraction(1, 4));
    }

    @Test
    void theYamlTreeOfTheSpecsReadsTheSameTermsWithExactNumbers() {
        JsonNode tree = Json.parseYaml("""
                algorithm:
                  kind: mirror-descent
                  potential: entropy
                  momentum: {kind: primal, beta: 0.5, gamma: 0, steps: 1}
                  step: {kind: constant, eta: 0.1}
                """, "spec.yaml");
        Algorithm a = Vocabulary.algorithm(Node.root(tree).get("algorithm"), DIMS);
        assertThat(a).isEqualTo(new Algorithm.MirrorDescentAlgorithm(new Potential.Entropy(), new StepRule.Constant(0.1),
                new Momentum(0.5, 0, 1), Algorithm.MomentumForm.PRIMAL, false, 0, 0));
        assertThat(Node.root(tree).get("algorithm").get("step").get("eta").exact())
                .isEqualTo(new org.apache.commons.math3.fraction.BigFraction(1, 10));
    }

    @Test
    void anUnknownPotentialNamesTheVocabulary() {
        assertThatThrownBy(() -> Vocabulary.potential(at("\"negentropy\"", "algorithm.potential"), DIMS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("algorithm.potential: got \"negentropy\", expected a potential: one of squared-l2, quadratic, entropy");
    }
}
