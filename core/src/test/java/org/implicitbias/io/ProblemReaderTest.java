package org.implicitbias.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.geometry.Potential;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Loss;
import org.implicitbias.optim.Algorithm;
import org.implicitbias.optim.Budget;
import org.implicitbias.oracle.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProblemReaderTest {

    /** The contract's example problem. */
    private static final String EXAMPLE = """
            { "X": [[1, 2]], "y": [1], "w0": [1, 1],
              "loss": "squared",
              "reference": {"kind": "min-bregman", "potential": "entropy"},
              "algorithm": {"kind": "mirror-descent", "potential": "entropy", "step": {"kind": "constant", "eta": 0.1}},
              "iterations": 100000 }
            """;

    private static String error(String json) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ProblemReader.parse(json, "problem.json"));
        assertThat(t).isInstanceOf(InvalidInputException.class);
        assertThat(t.getMessage()).doesNotContain("\n");
        return t.getMessage();
    }

    /** A minimal valid file with one field replaced (the replacement must be a JSON member or members). */
    private static String with(String members) {
        return "{ \"X\": [[1, 2]], \"y\": [1], \"loss\": \"squared\", " + members + " }";
    }

    @Test
    void readsTheContractExampleCompletely() {
        Problem p = ProblemReader.parse(EXAMPLE, "example");
        assertThat(p.data().n()).isEqualTo(1);
        assertThat(p.data().d()).isEqualTo(2);
        assertThat(p.matrix()).isNull();
        assertThat(p.loss()).isEqualTo(new Loss.Squared());
        assertThat(p.w0()).containsExactly(1.0, 1.0);
        assertThat(p.init()).isInstanceOf(Init.Point.class);
        assertThat(p.reference()).isEqualTo(new Reference.MinBregman(new Potential.Entropy(), false));
        assertThat(p.algorithm()).isInstanceOf(Algorithm.MirrorDescentAlgorithm.class);
        Algorithm.MirrorDescentAlgorithm md = (Algorithm.MirrorDescentAlgorithm) p.algorithm();
        assertThat(md.potential()).isEqualTo(new Potential.Entropy());
        assertThat(md.step()).isEqualTo(new org.implicitbias.optim.StepRule.Constant(0.1));
        assertThat(md.simplex()).isFalse();
        assertThat(md.batch()).isZero();
        assertThat(p.limits().iterations()).isEqualTo(100_000L);
        assertThat(p.limitKind()).isEqualTo(Budget.Limit.POINT);
    }

    @Test
    void keepsExactRationalsOfStringsAndDecimals() {
        Problem p = ProblemReader.parse("""
                { "X": [["1/3", 0.1, "-25/6"], [2.50, "1e-3", -7]], "y": ["-1/3", "0.1"],
                  "w0": ["1/7", 0, "123456789012345678901234567890"], "loss": "squared" }
                """, "exact");
        BigFraction[][] x = p.data().exactX();
        assertThat(x[0][0]).isEqualTo(new BigFraction(1, 3));
        assertThat(x[0][1]).isEqualTo(new BigFraction(1, 10)); // the decimal 0.1, not its double
        assertThat(x[0][2]).isEqualTo(new BigFraction(-25, 6));
        assertThat(x[1][0]).isEqualTo(new BigFraction(5, 2));
        assertThat(x[1][1]).isEqualTo(new BigFraction(1, 1000));
        assertThat(x[1][2]).isEqualTo(new BigFraction(-7));
        assertThat(p.data().exactY()).containsExactly(new BigFraction(-1, 3), new BigFraction(1, 10));
        assertThat(p.exactW0()[0]).isEqualTo(new BigFraction(1, 7));
        assertThat(p.exactW0()[2]).isEqualTo(new BigFraction(new java.math.BigInteger("123456789012345678901234567890")));
        // the doubles are the nearest roundings
        assertThat(p.data().x(0, 0)).isEqualTo(1.0 / 3);
        assertThat(p.data().x(0, 1)).isEqualTo(0.1);
        assertThat(p.data().y(0)).isEqualTo(-1.0 / 3);
    }

    @Test
    void readsMatrixDataFlattenedRowMajorWithItsShape() {
        Problem p = ProblemReader.parse("""
                { "Xs": [[[1, 2], [2, "1/2"]], [[0, -1], [-1, 3]]], "y": [1, -1], "loss": "exponential",
                  "reference": "max-margin-nuclear",
                  "algorithm": {"kind": "factorized-gradient-descent", "step": {"kind": "constant", "eta": 0.01},
                                "init-scale": 0.1, "seed": 5} }
                """, "matrix");
        assertThat(p.matrix()).isEqualTo(new MatrixShape(2, 2));
        assertThat(p.data().d()).isEqualTo(4);
        assertThat(p.data().row(0)).containsExactly(1, 2, 2, 0.5);
        assertThat(p.data().row(1)).containsExactly(0, -1, -1, 3);
        assertThat(p.reference()).isEqualTo(new Reference.MaxMarginNuclear(2));
        assertThat(p.algorithm()).isEqualTo(new Algorithm.FactorizedGradientDescentAlgorithm(
                new org.implicitbias.optim.StepRule.Constant(0.01), 0.1, 2, 2, 5));
        assertThat(p.limitKind()).isEqualTo(Budget.Limit.DIRECTION);
    }

    @Test
    void hubersDeltaMayBeInsideTheLossOrBesideIt() {
        assertThat(ProblemReader.parse(with("\"delta\": \"1/2\"").replace("\"squared\"", "\"huber\""), "a").loss())
                .isEqualTo(new Loss.Huber(0.5));
        assertThat(ProblemReader.parse(with("\"w0\": [0, 0]").replace("\"squared\"", "{\"kind\": \"huber\", \"delta\": 2}"), "b")
                .loss()).isEqualTo(new Loss.Huber(2));
    }

    @Test
    void argminPotentialStartsAtTheMinimiserOfTheAlgorithmsPotential() {
        Problem entropy = ProblemReader.parse(with("""
                "init": {"kind": "argmin-potential"},
                "algorithm": {"kind": "mirror-descent", "potential": "entropy", "step": 0.1}"""), "a");
        assertThat(entropy.w0()).containsExactly(1.0, 1.0);
        Problem plain = ProblemReader.parse(with("\"init\": \"argmin-potential\""), "b");
        assertThat(plain.w0()).containsExactly(0.0, 0.0);
        Problem none = ProblemReader.parse(with("\"description\": \"no start given\""), "c");
        assertThat(none.w0()).containsExactly(0.0, 0.0);
    }

    @Test
    void seededRandomStartsAreReproducibleAndPositiveWhenAsked() {
        String file = with("\"init\": {\"kind\": \"random-positive\", \"scale\": 2, \"seed\": 9}");
        double[] a = ProblemReader.parse(file, "a").w0();
        double[] b = ProblemReader.parse(file, "b").w0();
        assertThat(a).containsExactly(b);
        for (double v : a) {
            assertThat(v).isBetween(1.0, 3.0);
        }
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, EXAMPLE);
        assertThat(ProblemReader.read(f).data().n()).isEqualTo(1);
    }

    // ---- malformed files: each message names the field path, the value and the expectation ----

    @Test
    void nonPositiveStepIsRefusedWithItsPath() {
        assertThat(error(with("\"algorithm\": {\"kind\": \"gradient-descent\", \"step\": {\"kind\": \"constant\", \"eta\": -0.1}}")))
                .isEqualTo("algorithm.step.eta: got -0.1, expected a number > 0");
        assertThat(error(with("\"algorithm\": {\"kind\": \"gradient-descent\", \"step\": {\"kind\": \"constant\", \"eta\": 0}}")))
                .startsWith("algorithm.step.eta: got 0,");
    }

    @Test
    void startOfTheWrongDimensionIsRefused() {
        assertThat(error(with("\"w0\": [1, 2, 3]"))).isEqualTo("w0: got 3 entries, expected a list of 2 numbers");
    }

    @Test
    void raggedDataIsRefusedAtTheShortRow() {
        assertThat(error("{\"X\": [[1, 2], [3]], \"y\": [1, 2], \"loss\": \"squared\"}"))
                .isEqualTo("X[1]: got 1 entries, expected 2 entries like X[0]");
    }

    @Test
    void targetsOfTheWrongLengthAreRefused() {
        assertThat(error("{\"X\": [[1, 2], [3, 4]], \"y\": [1], \"loss\": \"squared\"}"))
                .isEqualTo("y: got 1 entries, expected 2 entries, one per row of X");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"abc\"  | X[0][1]: got \"abc\"",
        "\"NaN\"  | X[0][1]: got \"NaN\"",
        "\"Infinity\" | X[0][1]: got \"Infinity\"",
        "true     | X[0][1]: got true",
        "null     | X[0][1]: got nothing",
        "[2]      | X[0][1]: got [2]",
        "1e999    | X[0][1]: got 1E+999",
        "\"1/0\"  | X[0][1]: got \"1/0\", expected a fraction with a non-zero denominator",
        "\"1e309\" | X[0][1]: got \"1e309\", expected a finite number"})
    void nonNumbersAndNonFiniteNumbersAreRefused(String entry, String message) {
        assertThat(error("{\"X\": [[1, " + entry + "]], \"y\": [1], \"loss\": \"squared\"}")).startsWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1e-12    | X[0][1]: got 1.0E-12, expected a number 0 or of magnitude within [1e-9, 1e9]",
        "-2e9     | X[0][1]: got -2.0E9, expected a number 0 or of magnitude within [1e-9, 1e9]"})
    void entriesOutsideTheAcceptedMagnitudesAreRefusedByName(String entry, String message) {
        assertThat(error("{\"X\": [[1, " + entry + "]], \"y\": [1], \"loss\": \"squared\"}")).startsWith(message);
        // the accepted ends and 0 pass
        assertThat(ProblemReader.read(Json.parse("{\"X\": [[1e-9, 1e9, 0]], \"y\": [1], \"loss\": \"squared\"}", "t"))
                .data().d()).isEqualTo(3);
    }

    @Test
    void unknownAlgorithmKindIsRefusedWithTheVocabulary() {
        assertThat(error(with("\"algorithm\": {\"kind\": \"adam\", \"step\": 0.1}")))
                .startsWith("algorithm.kind: got \"adam\", expected one of gradient-descent, mirror-descent");
    }

    @Test
    void unknownKeysAreNamed() {
        assertThat(error(with("\"algorithm\": {\"kind\": \"gradient-descent\", \"stepp\": 0.1}")))
                .startsWith("algorithm.stepp: unknown key for gradient-descent (allowed: batch, kind, momentum, seed, step)");
        assertThat(error(with("\"itterations\": 5"))).startsWith("itterations: unknown key for a problem file");
        assertThat(error(with("\"algorithm\": {\"kind\": \"gradient-descent\", \"step\": {\"kind\": \"constant\", \"eta\": 1, \"c\": 2}}")))
                .startsWith("algorithm.step.c: unknown key for constant step");
    }

    @Test
    void squaredLpOutsideOneToTwoIsRefused() {
        assertThat(error(with("""
                "algorithm": {"kind": "mirror-descent", "potential": {"kind": "squared-lp", "p": 3}, "step": 0.1}""")))
                .startsWith("algorithm.potential.p: got 3, expected a number in (1, 2]");
        assertThat(error(with("""
                "reference": {"kind": "min-bregman", "potential": {"kind": "squared-lp", "p": "1"}}""")))
                .startsWith("reference.potential.p: got \"1\", expected a number in (1, 2]");
    }

    @Test
    void parameterisedNamesNeedTheirParameters() {
        assertThat(error(with("\"reference\": {\"kind\": \"min-norm\", \"norm\": \"lp\"}")))
                .startsWith("reference.norm: got \"lp\", expected an object {\"kind\": \"lp\", ...} with p");
        assertThat(error(with("\"reference\": {\"kind\": \"min-norm\", \"norm\": {\"kind\": \"lp\"}}")))
                .startsWith("reference.norm.p: got nothing, expected a number > 1");
    }

    @Test
    void entropyNeedsAPositiveStart() {
        assertThat(error(with("""
                "w0": [1, 0], "algorithm": {"kind": "mirror-descent", "potential": "entropy", "step": 0.1}""")))
                .startsWith("w0[1]: got 0, expected a number > 0: entropy is defined for w > 0");
        assertThat(error(with("\"reference\": {\"kind\": \"min-bregman\", \"potential\": \"entropy\"}")))
                .startsWith("w0: got nothing (the default start 0), expected a number > 0");
        assertThat(error(with("\"init\": \"zero\", \"reference\": {\"kind\": \"min-bregman\", \"potential\": \"entropy\"}")))
                .startsWith("init: got a start with w0[0] = 0, expected a number > 0");
    }

    @Test
    void missingFieldsAreNamed() {
        assertThat(error("{\"X\": [[1, 2]], \"y\": [1]}")).startsWith("loss: got nothing, expected one of squared, huber");
        assertThat(error("{\"y\": [1], \"loss\": \"squared\"}")).startsWith("X: got nothing, expected a non-empty matrix");
        assertThat(error(with("\"algorithm\": {\"kind\": \"steepest-descent\", \"step\": 0.1}")))
                .startsWith("algorithm.norm: got nothing, expected a norm");
        assertThat(error(with("\"algorithm\": {\"step\": 0.1}"))).startsWith("algorithm.kind: got nothing");
    }

    @Test
    void emptyDataIsRefused() {
        assertThat(error("{\"X\": [], \"y\": [], \"loss\": \"squared\"}")).startsWith("X: got 0 rows, expected a non-empty list");
        assertThat(error("{\"X\": [[]], \"y\": [1], \"loss\": \"squared\"}")).startsWith("X[0]: got 0 entries");
    }

    @Test
    void monotoneLossesNeedSignLabels() {
        assertThat(error("{\"X\": [[1, 2], [0, 1]], \"y\": [1, 0.5], \"loss\": \"exponential\"}"))
                .startsWith("y[1]: got 0.5, expected a label +1 or -1");
    }

    @Test
    void hubersDeltaIsRequiredOnceAndOnlyForHuber() {
        assertThat(error(with("\"w0\": [0, 0]").replace("\"squared\"", "\"huber\"")))
                .startsWith("delta: got nothing, expected a number > 0 for the huber loss");
        assertThat(error(with("\"delta\": 1"))).startsWith("delta: got 1, expected no delta");
        assertThat(error(with("\"delta\": -1").replace("\"squared\"", "\"huber\""))).startsWith("delta: got -1, expected a number > 0");
    }

    @Test
    void sizesAndRangesOfAlgorithmParametersAreChecked() {
        assertThat(error(with("\"algorithm\": {\"kind\": \"gradient-descent\", \"step\": 0.1, \"batch\": 5}")))
                .isEqualTo("algorithm.batch: got 5, expected an integer in [1, 1]");
        assertThat(error(with("\"algorithm\": {\"kind\": \"gradient-descent\", \"step\": 0.1, \"momentum\": {\"beta\": 1}}")))
                .startsWith("algorithm.momentum.beta: got 1, expected a number in [0, 1)");
        assertThat(error(with("""
                "algorithm": {"kind": "mirror-descent", "potential": "squared-l2", "step": 0.1,
                              "momentum": {"kind": "sideways", "beta": 0.5}}""")))
                .startsWith("algorithm.momentum.kind: got \"sideways\", expected dual (eq. 7) or primal (eq. 8)");
        assertThat(error(with("""
                "algorithm": {"kind": "natural-gradient", "potential": {"kind": "quadratic", "D": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]},
                              "step": 0.1}""")))
                .startsWith("algorithm.potential.D: got 3 rows, expected a 2 x 2 matrix");
        assertThat(error(with("\"algorithm\": {\"kind\": \"adagrad\", \"eta\": 0.1, \"g0\": [1, -1]}")))
                .startsWith("algorithm.g0[1]: got -1, expected a number > 0");
        assertThat(error(with("\"algorithm\": {\"kind\": \"steepest-descent\", \"norm\": \"nuclear\", \"step\": 0.1}")))
                .startsWith("algorithm.norm: got \"nuclear\", expected a vector norm: nuclear needs a matrix problem");
        assertThat(error(with("\"iterations\": 0"))).startsWith("iterations: got 0, expected an integer >= 1");
        assertThat(error(with("\"iterations\": 2.5"))).startsWith("iterations: got 2.5, expected an integer >= 1");
    }

    @Test
    void nonSymmetricMatricesAreRefusedForTheNuclearProgram() {
        assertThat(error("""
                {"Xs": [[[1, 0], [0, 1]], [[1, 2], [3, 1]]], "y": [1, -1], "loss": "exponential",
                 "reference": "max-margin-nuclear"}"""))
                .startsWith("Xs[1]: got a matrix with entry [0][1] = 2 but [1][0] = 3, expected symmetric matrices");
    }

    @Test
    void conflictingFieldsAreRefused() {
        assertThat(error(with("\"w0\": [1, 1], \"init\": \"zero\""))).startsWith("init: given together with w0");
        assertThat(error("{\"X\": [[1]], \"Xs\": [[[1]]], \"y\": [1], \"loss\": \"squared\"}")).startsWith("Xs: given together with X");
        assertThat(error(with("\"iterations\": 5, \"budget\": {\"iterations\": 6}")))
                .startsWith("budget.iterations: given twice");
    }

    @Test
    void syntaxErrorsAndDuplicateKeysNameTheFileAndPlace() {
        assertThat(error("{\"X\": [[1, 2]], \"y\": [1],, \"loss\": \"squared\"}"))
                .startsWith("problem.json: is not valid JSON at line 1, column");
        assertThat(error("{\"X\": [[1, 2]], \"y\": [1], \"y\": [2], \"loss\": \"squared\"}"))
                .startsWith("problem.json: duplicate key 'y' at line 1, column");
        assertThat(error("[1, 2]")).startsWith("(top level): got [1,2], expected a JSON object");
        assertThat(error("")).startsWith("problem.json: is empty");
    }

    @Test
    void aMissingFileIsBadInput() {
        assertThatThrownBy(() -> ProblemReader.read(Path.of("/no/such/problem.json")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("/no/such/problem.json: no such file");
    }
}
