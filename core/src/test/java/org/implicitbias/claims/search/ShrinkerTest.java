package org.implicitbias.claims.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.claims.search.InstanceShrinking.Targets;
import org.implicitbias.claims.search.Shrinker.Behaviour;
import org.implicitbias.model.Dataset;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

    /** Integer lists: drop one element, or lower one element toward 0; size = (length, sum of |values|). */
    private static List<List<Integer>> listCandidates(List<Integer> v) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            List<Integer> c = new ArrayList<>(v);
            c.remove(i);
            out.add(c);
        }
        for (int i = 0; i < v.size(); i++) {
            for (int t : new int[]{0, v.get(i) / 2, v.get(i) - Integer.signum(v.get(i))}) {
                List<Integer> c = new ArrayList<>(v);
                c.set(i, t);
                out.add(c);
            }
        }
        return out;
    }

    private static final Comparator<List<Integer>> LIST_SIZE = Comparator.<List<Integer>>comparingInt(List::size)
            .thenComparingInt(l -> l.stream().mapToInt(Math::abs).sum());

    private static Shrinker<List<Integer>> listShrinker() {
        return new Shrinker<>(ShrinkerTest::listCandidates, LIST_SIZE);
    }

    @Test
    void shrinksAListToTheUniqueSmallestFailingValue() {
        // fails iff some element is at least 10: by (length, sum) the smallest failing list is [10]
        Shrinker.Criterion<List<Integer>> p = l -> l.stream().anyMatch(x -> x >= 10) ? Behaviour.FAILS_SAME : Behaviour.OTHER;
        Shrinker.Result<List<Integer>> r = listShrinker().shrink(List.of(7, 30, 12, 5, 8), p, 10);
        assertThat(r.value()).containsExactly(10);
        assertThat(r.timedOut()).isFalse();
        assertThat(r.steps()).isPositive();
    }

    @Test
    void resultAlwaysFailsTheSameWayAndIsNoLargerThanTheInput() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            List<Integer> input = new ArrayList<>();
            int len = 1 + rnd.nextInt(8);
            for (int i = 0; i < len; i++) {
                input.add(rnd.nextInt(-50, 51));
            }
            int threshold = rnd.nextInt(1, 40);
            // fails the same way: some element's magnitude at least the threshold; another failure (a sum
            // below -20) does not count, and makes the walk avoid some routes
            Shrinker.Criterion<List<Integer>> p = l -> {
                if (l.stream().mapToInt(Integer::intValue).sum() < -20) {
                    return Behaviour.OTHER;
                }
                return l.stream().anyMatch(x -> Math.abs(x) >= threshold) ? Behaviour.FAILS_SAME : Behaviour.OTHER;
            };
            if (p.test(input) != Behaviour.FAILS_SAME) {
                continue;
            }
            Shrinker.Result<List<Integer>> r = listShrinker().shrink(input, p, 10);
            assertThat(p.test(r.value())).isEqualTo(Behaviour.FAILS_SAME);
            assertThat(LIST_SIZE.compare(r.value(), input)).isLessThanOrEqualTo(0);
            assertThat(listShrinker().shrink(input, p, 10).value()).isEqualTo(r.value());
        }
    }

    @Test
    void invalidCandidatesAreSkippedAndCountedNeverTaken() {
        // every list shorter than 3 breaks a precondition: the result keeps 3 elements
        Shrinker.Criterion<List<Integer>> p = l -> l.size() < 3 ? Behaviour.INVALID
                : l.stream().anyMatch(x -> x >= 4) ? Behaviour.FAILS_SAME : Behaviour.OTHER;
        Shrinker.Result<List<Integer>> r = listShrinker().shrink(List.of(9, 9, 9, 9, 9), p, 10);
        assertThat(r.value()).containsExactly(0, 0, 4);
        assertThat(r.invalid()).isPositive();
    }

    @Test
    void stopsAtTheTimeBoundWithTheBestValueSoFar() {
        AtomicLong now = new AtomicLong();
        // every clock reading advances one second: a 5 second bound allows a handful of candidates
        Shrinker<List<Integer>> s = new Shrinker<>(ShrinkerTest::listCandidates, LIST_SIZE,
                () -> now.getAndAdd(1_000_000_000L));
        List<Integer> input = List.of(100, 100, 100, 100, 100, 100);
        Shrinker.Criterion<List<Integer>> p = l -> l.stream().anyMatch(x -> x > 50) ? Behaviour.FAILS_SAME : Behaviour.OTHER;
        Shrinker.Result<List<Integer>> r = s.shrink(input, p, 5);
        assertThat(r.timedOut()).isTrue();
        assertThat(r.tried()).isLessThanOrEqualTo(5);
        assertThat(p.test(r.value())).isEqualTo(Behaviour.FAILS_SAME);
        assertThat(LIST_SIZE.compare(r.value(), input)).isNegative();
        assertThat(r.value()).isNotEqualTo(List.of(51));
    }

    @Test
    void realTimeBoundEndsAnExpensiveWalk() {
        Shrinker.Criterion<List<Integer>> slow = l -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return l.stream().anyMatch(x -> x > 3) ? Behaviour.FAILS_SAME : Behaviour.OTHER;
        };
        List<Integer> big = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            big.add(1000 + i);
        }
        long t0 = System.nanoTime();
        Shrinker.Result<List<Integer>> r = listShrinker().shrink(big, slow, 0.3);
        double took = (System.nanoTime() - t0) / 1e9;
        assertThat(r.timedOut()).isTrue();
        assertThat(took).isLessThan(0.3 + 0.2);
        assertThat(slow.test(r.value())).isEqualTo(Behaviour.FAILS_SAME);
    }

    @Test
    void rejectsANonPositiveTimeBound() {
        assertThatThrownBy(() -> listShrinker().shrink(List.of(1), l -> Behaviour.FAILS_SAME, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ data sets

    private static Dataset exact(long[][] x, long[] y) {
        BigFraction[][] ex = new BigFraction[x.length][];
        BigFraction[] ey = new BigFraction[y.length];
        for (int i = 0; i < x.length; i++) {
            ex[i] = new BigFraction[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                ex[i][j] = new BigFraction(x[i][j]);
            }
            ey[i] = new BigFraction(y[i]);
        }
        return Dataset.exact(ex, ey);
    }

    private static double maxEntry(Dataset d) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : d.rowMajor()) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Test
    void shrinksADataSetToOneRowOneColumnAndTheSmallestFailingInteger() {
        Dataset input = exact(new long[][]{{1, -7, 4, 9}, {2, 5, -3, 8}, {6, 6, 6, 6}}, new long[]{3, -4, 5});
        InstanceShrinking shrinking = new InstanceShrinking(Targets.FREE, 0);
        Shrinker<Dataset> s = new Shrinker<>(shrinking::candidates, InstanceShrinking.sizeOrder());
        Shrinker.Criterion<Dataset> p = d -> maxEntry(d) >= 3 ? Behaviour.FAILS_SAME : Behaviour.OTHER;
        Shrinker.Result<Dataset> r = s.shrink(input, p, 30);
        assertThat(r.value().n()).isEqualTo(1);
        assertThat(r.value().d()).isEqualTo(1);
        assertThat(r.value().exactX()[0][0]).isEqualTo(new BigFraction(3));
        assertThat(r.value().exactY()[0]).isEqualTo(BigFraction.ZERO);
    }

    @Test
    void roundsRealEntriesToSimpleFractionsWhileTheFailureNeedsThem() {
        // fails iff x_00 lies in (0.3, 0.45) and the data keep two columns: 1/3 is the simplest such value
        Dataset input = Dataset.of(new double[][]{{0.4172, -0.8812}, {0.125, 0.7071}}, new double[]{0.3, -1.2});
        InstanceShrinking shrinking = new InstanceShrinking(Targets.FREE, 0);
        Shrinker<Dataset> s = new Shrinker<>(shrinking::candidates, InstanceShrinking.sizeOrder());
        Shrinker.Criterion<Dataset> p = d -> d.d() < 2 ? Behaviour.INVALID
                : d.x(0, 0) > 0.3 && d.x(0, 0) < 0.45 ? Behaviour.FAILS_SAME : Behaviour.OTHER;
        Shrinker.Result<Dataset> r = s.shrink(input, p, 30);
        assertThat(r.value().n()).isEqualTo(1);
        assertThat(r.value().exactX()[0]).containsExactly(new BigFraction(1, 3), BigFraction.ZERO);
        assertThat(r.value().exactY()).containsExactly(BigFraction.ZERO);
        assertThat(r.invalid()).isPositive();
    }

    @Test
    void classificationLabelsNeverChange() {
        Dataset input = exact(new long[][]{{3, 1}, {-2, 4}, {5, -5}}, new long[]{1, -1, 1});
        InstanceShrinking shrinking = new InstanceShrinking(Targets.LABELS, 0);
        for (Dataset c : shrinking.candidates(input)) {
            assertThat(c.hasSignLabels()).isTrue();
            if (c.n() == 3) {
                assertThat(c.y()).containsExactly(1, -1, 1);
            }
        }
    }

    @Test
    void positiveTargetsAreReDerivedSoThatGMeetsThePositiveOrthant() {
        // y = X w+ for w+ = 1 after a change of X: the interior point 1 stays in G
        Dataset input = exact(new long[][]{{2, 1, 3}}, new long[]{6});
        InstanceShrinking shrinking = new InstanceShrinking(Targets.POSITIVE, 0);
        boolean sawDerived = false;
        for (Dataset c : shrinking.candidates(input)) {
            double s = 0;
            for (int j = 0; j < c.d(); j++) {
                s += c.x(0, j);
            }
            sawDerived |= s == c.y(0) && c.d() == 3 && c.x(0, 0) != 2;
        }
        assertThat(sawDerived).isTrue();
    }

    @Test
    void symmetricMatrixDataStaySymmetric() {
        // one 2 x 2 symmetric matrix per row, flattened
        Dataset input = exact(new long[][]{{4, 3, 3, 7}, {1, -2, -2, 5}}, new long[]{1, -1});
        InstanceShrinking shrinking = new InstanceShrinking(Targets.LABELS, 2);
        for (Dataset c : shrinking.candidates(input)) {
            assertThat(c.d()).isEqualTo(4);
            for (int i = 0; i < c.n(); i++) {
                assertThat(c.x(i, 1)).isEqualTo(c.x(i, 2));
            }
        }
    }

    @Test
    void everyCandidateIsStrictlySmallerThanItsSource() {
        Dataset input = Dataset.of(new double[][]{{0.41, -1.7, 2.25}, {3, 0.5, -0.125}}, new double[]{0.1, 7});
        InstanceShrinking shrinking = new InstanceShrinking(Targets.FREE, 0);
        List<Dataset> cs = shrinking.candidates(input);
        assertThat(cs).isNotEmpty();
        for (Dataset c : cs) {
            assertThat(InstanceShrinking.sizeOrder().compare(c, input)).isNegative();
        }
    }

    @Test
    void simplerValuesOfAFractionPutZeroAndTheNearestIntegerFirst() {
        assertThat(InstanceShrinking.simpler(new BigFraction(7, 5)))
                .startsWith(BigFraction.ZERO, BigFraction.ONE, new BigFraction(3, 2));
        assertThat(InstanceShrinking.simpler(new BigFraction(-9)))
                .containsExactly(BigFraction.ZERO, new BigFraction(-4), new BigFraction(-8));
        assertThat(InstanceShrinking.simpler(BigFraction.ZERO)).isEmpty();
    }

    @Test
    void convergentsAreTheBestApproximationsInIncreasingDenominatorEndingWithTheValue() {
        // a double born entry 1.7359125587453192 = 244307973522287 / 2^47; its continued fraction is
        // [1; 1, 2, 1, 2, 1, 2, 5, 4, ...] (checked with Python's fractions module)
        BigFraction v = new BigFraction(new java.math.BigInteger("244307973522287"), new java.math.BigInteger("140737488355328"));
        List<BigFraction> c = InstanceShrinking.convergents(v);
        assertThat(c).startsWith(BigFraction.ONE, new BigFraction(2), new BigFraction(5, 3), new BigFraction(7, 4),
                new BigFraction(26, 15), new BigFraction(33, 19), new BigFraction(92, 53), new BigFraction(493, 284));
        assertThat(c.get(c.size() - 1)).isEqualTo(v);
        assertThat(InstanceShrinking.convergents(new BigFraction(-7, 4)))
                .containsExactly(new BigFraction(-2), new BigFraction(-7, 4)); // -7/4 = -2 + 1/4
        // the simpler values of an entry offer its convergents, simplest first
        assertThat(InstanceShrinking.simpler(v)).containsSubsequence(new BigFraction(7, 4), new BigFraction(26, 15),
                new BigFraction(33, 19));
    }

    @Test
    void aTargetThatMustKeepGPositiveShrinksToASimpleFractionWhileTheFailureStays() {
        // y = 2467797637595057 / 2^52 ~ 0.548; the failure needs y in (1/2, 3/5): a convergent such as 5/9 keeps it
        BigFraction y = new BigFraction(new java.math.BigInteger("2467797637595057"), java.math.BigInteger.TWO.pow(52));
        Dataset input = Dataset.exact(new BigFraction[][]{{new BigFraction(1, 2), new BigFraction(-1, 2)}}, new BigFraction[]{y});
        InstanceShrinking shrinking = new InstanceShrinking(Targets.POSITIVE, 0);
        Shrinker.Criterion<Dataset> p = d -> d.d() == 2 && d.y(0) > 0.5 && d.y(0) < 0.6 ? Behaviour.FAILS_SAME : Behaviour.OTHER;
        Shrinker.Result<Dataset> r = new Shrinker<>(shrinking::candidates, InstanceShrinking.sizeOrder()).shrink(input, p, 30);
        BigFraction shrunk = r.value().exactY()[0].reduce();
        assertThat(shrunk.doubleValue()).isStrictlyBetween(0.5, 0.6);
        assertThat(shrunk.getDenominator()).isLessThanOrEqualTo(java.math.BigInteger.valueOf(9));
    }

    @Test
    void shrinkingIsDeterministic() {
        Dataset input = exact(new long[][]{{1, -7, 4, 9}, {2, 5, -3, 8}}, new long[]{3, -4});
        InstanceShrinking shrinking = new InstanceShrinking(Targets.FREE, 0);
        Shrinker.Criterion<Dataset> p = d -> d.n() >= 2 && maxEntry(d) >= 2 ? Behaviour.FAILS_SAME : Behaviour.OTHER;
        Shrinker.Result<Dataset> a = new Shrinker<>(shrinking::candidates, InstanceShrinking.sizeOrder()).shrink(input, p, 30);
        Shrinker.Result<Dataset> b = new Shrinker<>(shrinking::candidates, InstanceShrinking.sizeOrder()).shrink(input, p, 30);
        assertThat(a.value().exactX()).isDeepEqualTo(b.value().exactX());
        assertThat(a.value().exactY()).containsExactly(b.value().exactY());
        assertThat(a.steps()).isEqualTo(b.steps());
        assertThat(a.tried()).isEqualTo(b.tried());
    }
}
