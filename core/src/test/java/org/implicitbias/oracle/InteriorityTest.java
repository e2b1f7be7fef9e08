package org.implicitbias.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.Vectors;
import org.junit.jupiter.api.Test;

/**
 * The decisions "G is non-empty" and "G meets w > 0" against instances whose answers are known in closed
 * form: {@code t* = max_G min_j w_j} as an exact rational, points of G on the orthant's boundary, Farkas
 * certificates of infeasibility, and the threshold's both sides.
 */
class InteriorityTest {
    private static Dataset data(double[][] x, double... y) {
        return Dataset.of(x, y);
    }

    /** The witness of a yes lies on G and has every entry at least its proven value. */
    private static void assertWitness(Dataset data, Interiority.Decision dec, boolean simplex) {
        double[] w = dec.witness();
        for (int i = 0; i < data.n(); i++) {
            assertThat(Vectors.dot(data.row(i), w)).isCloseTo(data.y(i), within(1e-12 * (1 + Math.abs(data.y(i)))));
        }
        if (simplex) {
            assertThat(java.util.Arrays.stream(w).sum()).isCloseTo(1, within(1e-12));
        }
        assertThat(java.util.Arrays.stream(w).min().orElseThrow()).isGreaterThanOrEqualTo(dec.provenValue());
        assertThat(dec.distance()).isGreaterThanOrEqualTo(0).isLessThan(1e-9);
    }

    @Test
    void oneRowHasItsClosedFormInteriority() {
        // G = {w1 + 2 w2 = 1}: the largest min entry has w1 = w2 = 1/3; the minimum-norm point (1/5, 2/5) sets the
        // scale 2/5, above 1/3, so the cap cuts nothing
        Dataset d = data(new double[][] {{1, 2}}, 1);
        Interiority.Decision dec = Interiority.decide(d, false);
        assertThat(dec.realizable()).isTrue();
        assertThat(dec.positive()).isTrue();
        assertThat(dec.value()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(dec.scale()).isCloseTo(2.0 / 5, within(1e-15));
        assertThat(dec.witness()[0]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(dec.witness()[1]).isCloseTo(1.0 / 3, within(1e-12));
        assertWitness(d, dec, false);
    }

    @Test
    void aPointOfGThatIsTheOnlyOneDecidesBySign() {
        // X invertible: G is the single point X^{-1} y
        double[][] x = {{1, 1}, {1, -1}};
        // (1/2, 1/2): inside, t* = 1/2
        Interiority.Decision inside = Interiority.decide(data(x, 1, 0), false);
        assertThat(inside.positive()).isTrue();
        assertThat(inside.value()).isCloseTo(0.5, within(1e-12));
        assertWitness(data(x, 1, 0), inside, false);
        // (1, 0): on the boundary, t* = 0
        Interiority.Decision boundary = Interiority.decide(data(x, 1, 1), false);
        assertThat(boundary.realizable()).isTrue();
        assertThat(boundary.positive()).isFalse();
        assertThat(boundary.value()).isCloseTo(0, within(1e-12));
        // (3/2, -1/2): outside, t* = -1/2
        Interiority.Decision outside = Interiority.decide(data(x, 1, 2), false);
        assertThat(outside.positive()).isFalse();
        assertThat(outside.value()).isCloseTo(-0.5, within(1e-12));
        assertThat(outside.reason()).contains("does not meet w > 0");
    }

    @Test
    void theThresholdIsRelativeToTheScaleOfG() {
        double[][] x = {{1, 1}, {1, -1}};
        // (1 - 1e-6, 1e-6): thin but far above 1e-9 of the scale
        assertThat(Interiority.decide(data(x, 1, 1 - 2e-6), false).positive()).isTrue();
        // (1 - 1e-12, 1e-12): positive in exact arithmetic, but below the threshold: refused as too thin
        Interiority.Decision thin = Interiority.decide(data(x, 1, 1 - 2e-12), false);
        assertThat(thin.positive()).isFalse();
        assertThat(thin.threshold()).isCloseTo(1e-9, within(1e-12));
        // the same geometry scaled down by 1e-6: the answer does not change
        Interiority.Decision small = Interiority.decide(data(new double[][] {{1, 2}}, 1e-6), false);
        assertThat(small.positive()).isTrue();
        assertThat(small.value()).isCloseTo(1e-6 / 3, within(1e-18));
        assertThat(small.threshold()).isCloseTo(1e-9 * 2e-6 / 5, within(1e-24));
    }

    @Test
    void aSubspaceMeetsTheOrthantOrOnlyItsOrigin() {
        // y = 0: G = null(X); t* is 0 or the cap 1
        Interiority.Decision cone = Interiority.decide(data(new double[][] {{1, -1, 0}}, 0), false);
        assertThat(cone.positive()).isTrue();
        assertThat(cone.value()).isCloseTo(1, within(1e-12));
        // w1 = 0 on G: only the boundary
        Interiority.Decision face = Interiority.decide(data(new double[][] {{1, 0}}, 0), false);
        assertThat(face.positive()).isFalse();
        assertThat(face.value()).isCloseTo(0, within(1e-12));
        // (1, 1, 1) w = 0 meets w >= 0 only at 0 (Farkas: lambda = 1 gives X'lambda > 0)
        assertThat(Interiority.decide(data(new double[][] {{1, 1, 1}}, 0), false).positive()).isFalse();
    }

    @Test
    void emptyAndDependentSetsFollowTheSolversDecision() {
        // rows (1, 1) and (2, 2) with targets 1 and 3: inconsistent, G is empty
        Dataset empty = data(new double[][] {{1, 1}, {2, 2}}, 1, 3);
        assertThat(Interiority.realizable(empty)).isFalse();
        Interiority.Decision none = Interiority.decide(empty, false);
        assertThat(none.realizable()).isFalse();
        assertThat(none.positive()).isFalse();
        assertThat(none.reason()).startsWith("G is empty");
        // targets 1 and 2: consistent, G = {w1 + w2 = 1}, t* = 1/2
        Dataset dependent = data(new double[][] {{1, 1}, {2, 2}}, 1, 2);
        assertThat(Interiority.realizable(dependent)).isTrue();
        Interiority.Decision dec = Interiority.decide(dependent, false);
        assertThat(dec.positive()).isTrue();
        assertThat(dec.value()).isCloseTo(0.5, within(1e-12));
        assertWitness(dependent, dec, false);
        // a zero row with a nonzero target
        assertThat(Interiority.realizable(data(new double[][] {{0, 0}, {1, 0}}, 1, 0))).isFalse();
    }

    @Test
    void onTheSimplexThePlaneSumOneJoinsG() {
        // w1 = w2 and w3 = 1 - 2 w1: t* = max min(w1, 1 - 2 w1) = 1/3
        Dataset third = data(new double[][] {{1, -1, 0}}, 0);
        Interiority.Decision dec = Interiority.decide(third, true);
        assertThat(dec.positive()).isTrue();
        assertThat(dec.value()).isCloseTo(1.0 / 3, within(1e-12));
        assertWitness(third, dec, true);
        // w1 = 1 leaves only the vertex (1, 0, 0): the boundary
        Interiority.Decision vertex = Interiority.decide(data(new double[][] {{1, 0, 0}}, 1), true);
        assertThat(vertex.positive()).isFalse();
        assertThat(vertex.value()).isCloseTo(0, within(1e-12));
        // w1 = 2 puts w2 + w3 = -1: the plane meets G, the simplex does not (t* = -1/2, at w = (2, -1/2, -1/2))
        Interiority.Decision outside = Interiority.decide(data(new double[][] {{1, 0, 0}}, 2), true);
        assertThat(outside.realizable()).isTrue();
        assertThat(outside.positive()).isFalse();
        assertThat(outside.value()).isCloseTo(-0.5, within(1e-12));
        // the same G without the simplex meets w > 0
        assertThat(Interiority.decide(data(new double[][] {{1, 0, 0}}, 2), false).positive()).isTrue();
    }

    @Test
    void randomInstancesWithAKnownAnswer() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 15;
        int d = 60;
        for (int trial = 0; trial < 3; trial++) {
            double[][] x = new double[n][d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    row[j] = r.nextDouble() * 2 - 1;
                }
            }
            // yes: y = X w+ for w+ in [1/2, 3/2]^d, so t* >= 1/2
            double[] wPlus = new double[d];
            for (int j = 0; j < d; j++) {
                wPlus[j] = 0.5 + r.nextDouble();
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = Vectors.dot(x[i], wPlus);
            }
            Dataset yes = data(x, y);
            Interiority.Decision dec = Interiority.decide(yes, false);
            assertThat(dec.positive()).isTrue();
            assertThat(dec.value()).isGreaterThanOrEqualTo(Math.min(0.5, dec.scale()) - 1e-12);
            assertWitness(yes, dec, false);
            // no: make row 0 entrywise positive with target -1; lambda = e_0 is a Farkas certificate
            // (X'lambda > 0 and y'lambda < 0): no w >= 0 has <x_0, w> = -1
            double[][] xn = new double[n][];
            for (int i = 0; i < n; i++) {
                xn[i] = x[i].clone();
            }
            for (int j = 0; j < d; j++) {
                xn[0][j] = Math.abs(xn[0][j]) + 0.01;
            }
            double[] yn = y.clone();
            yn[0] = -1;
            Interiority.Decision no = Interiority.decide(data(xn, yn), false);
            assertThat(no.realizable()).isTrue();
            assertThat(no.positive()).isFalse();
            assertThat(no.value()).isNegative();
            // boundary: target 0 on the positive row forces w = 0 on the closed orthant, and the other rows'
            // targets are not all 0, so t* < 0 as well
            yn[0] = 0;
            assertThat(Interiority.decide(data(xn, yn), false).positive()).isFalse();
        }
    }
}
