package org.implicitbias.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.implicitbias.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PotentialTest {

    static Stream<Potential> potentials() {
        return Stream.of(new Potential.SquaredL2(),
                new QuadraticPotential(new double[][] {{2, 0.5, 0}, {0.5, 1, 0.1}, {0, 0.1, 3}}),
                new Potential.Entropy(), new Potential.SquaredLp(1.5), new Potential.SquaredLp(2),
                new Potential.LpPower(3), new Potential.LpPower(1.5), new Potential.Hypentropy(0.7));
    }

    /** A point inside every potential's domain, away from coordinate zeros. */
    private static double[] point(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new double[] {0.3 + r.nextDouble(), 0.2 + 2 * r.nextDouble(), 0.5 + r.nextDouble()};
    }

    @ParameterizedTest
    @MethodSource("potentials")
    void inverseLinkUndoesTheLink(Potential psi) {
        for (long s = 0; s < 5; s++) {
            double[] w = point(s);
            double[] theta = new double[3];
            double[] back = new double[3];
            psi.link(w, theta);
            psi.inverseLink(theta, back);
            for (int i = 0; i < 3; i++) {
                assertThat(back[i]).isCloseTo(w[i], within(1e-12 * (1 + Math.abs(w[i]))));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("potentials")
    void linkIsTheGradientOfTheValueByCentralDifferences(Potential psi) {
        double[] w = point(7);
        double[] g = new double[3];
        psi.link(w, g);
        for (int i = 0; i < 3; i++) {
            double h = 1e-6;
            double[] a = w.clone();
            double[] b = w.clone();
            a[i] += h;
            b[i] -= h;
            assertThat(g[i]).isCloseTo((psi.value(a) - psi.value(b)) / (2 * h), within(1e-7));
        }
    }

    @ParameterizedTest
    @MethodSource("potentials")
    void hessianIsTheJacobianOfTheLinkAndSolveHessianInvertsIt(Potential psi) {
        double[] w = point(11);
        double[][] h = psi.hessian(w);
        for (int j = 0; j < 3; j++) {
            double eps = 1e-6;
            double[] a = w.clone();
            double[] b = w.clone();
            a[j] += eps;
            b[j] -= eps;
            double[] ga = new double[3];
            double[] gb = new double[3];
            psi.link(a, ga);
            psi.link(b, gb);
            for (int i = 0; i < 3; i++) {
                assertThat(h[i][j]).isCloseTo((ga[i] - gb[i]) / (2 * eps), within(1e-6));
            }
        }
        double[] g = {0.3, -1.2, 0.8};
        double[] x = new double[3];
        psi.solveHessian(w, g, x);
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int j = 0; j < 3; j++) {
                s += h[i][j] * x[j];
            }
            assertThat(s).isCloseTo(g[i], within(1e-10));
        }
    }

    @ParameterizedTest
    @MethodSource("potentials")
    void bregmanDivergenceMatchesItsDefinitionAndVanishesOnlyOnTheDiagonal(Potential psi) {
        double[] w = point(3);
        double[] v = point(4);
        double[] gv = new double[3];
        psi.link(v, gv);
        double byDefinition = psi.value(w) - psi.value(v);
        for (int i = 0; i < 3; i++) {
            byDefinition -= gv[i] * (w[i] - v[i]);
        }
        assertThat(psi.bregman(w, v)).isCloseTo(byDefinition, within(1e-10)).isPositive();
        assertThat(psi.bregman(w, w)).isCloseTo(0, within(1e-12));
    }

    @ParameterizedTest
    @MethodSource("potentials")
    void minimizerHasZeroLink(Potential psi) {
        double[] m = psi.minimizer(3);
        double[] g = new double[3];
        psi.link(m, g);
        assertThat(g).containsOnly(0.0);
    }

    @Test
    void entropyHasThePositiveOrthantAsDomain() {
        Potential psi = new Potential.Entropy();
        assertThat(psi.inDomain(new double[] {1, 0.5})).isTrue();
        assertThat(psi.inDomain(new double[] {1, 0})).isFalse();
        assertThat(psi.inDomain(new double[] {1, -1e-300})).isFalse();
        assertThat(psi.value(new double[] {1, -1})).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void parametersOutsideTheirRangeAreRejectedWithTheFieldNamed() {
        for (double p : List.of(1.0, 2.5, Double.NaN)) {
            assertThatThrownBy(() -> new Potential.SquaredLp(p)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("potential.p").hasMessageContaining("(1, 2]");
        }
        assertThatThrownBy(() -> new Potential.Hypentropy(0)).hasMessageContaining("potential.beta");
        assertThatThrownBy(() -> new QuadraticPotential(new double[][] {{1, 2}, {2, 1}}))
                .hasMessageContaining("potential.D").hasMessageContaining("positive definite");
        assertThatThrownBy(() -> new QuadraticPotential(new double[][] {{1, 0}, {1, 1}}))
                .hasMessageContaining("symmetric");
    }

    @Test
    void hypentropyAsinhIsAccurateAtBothEnds() {
        assertThat(Potential.Hypentropy.asinh(1e-20)).isEqualTo(1e-20);
        assertThat(Potential.Hypentropy.asinh(-3)).isCloseTo(-Math.log(3 + Math.sqrt(10)), within(1e-15));
        assertThat(Potential.Hypentropy.asinh(1e200)).isCloseTo(Math.log(2e200), within(1e-12));
    }
}
