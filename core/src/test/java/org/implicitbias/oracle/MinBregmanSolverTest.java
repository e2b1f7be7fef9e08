package org.implicitbias.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.implicitbias.geometry.Potential;
import org.implicitbias.geometry.QuadraticPotential;
import org.implicitbias.model.Dataset;
import org.implicitbias.model.InvalidInputException;
import org.implicitbias.model.Vectors;
import org.implicitbias.testing.Fixtures;
import org.junit.jupiter.api.Test;

class MinBregmanSolverTest {
    private final MinBregmanSolver solver = new MinBregmanSolver();

    private static Certificate solved(Outcome o) {
        assertThat(o.status()).as(o.reason()).isEqualTo(Outcome.Status.SOLVED);
        return o.certificate();
    }

    private static void assertTight(Certificate c) {
        Certificate.Residuals r = c.residuals();
        assertThat(r.primalFeasibility()).as("primal feasibility %s", c).isLessThan(1e-10);
        assertThat(r.stationarity()).as("stationarity %s", c).isLessThan(1e-10);
        assertThat(r.complementarySlackness()).isLessThan(1e-10);
        assertThat(r.dualFeasibility()).isLessThan(1e-10);
        assertThat(Math.abs(r.dualityGap())).as("gap %s", c).isLessThan(1e-9);
    }

    @Test
    void entropyOnExampleTwoGivesOneHalfOneQuarter() {
        Dataset data = Dataset.of(new double[][] {{1, 2}}, new double[] {1});
        Certificate c = solved(solver.solve(new Reference.MinBregman(new Potential.Entropy(), false), data,
                new double[] {1, 1}));
        assertThat(c.point()).containsExactly(new double[] {0.5, 0.25}, within(1e-14));
        assertTight(c);
    }

    @Test
    void squaredL2AndQuadraticMatchTheClosedFormProjection() {
        for (long seed = 1; seed <= 20; seed++) {
            Dataset data = Fixtures.regression(4, 9, seed);
            double[] w0 = Fixtures.gaussianVector(9, seed + 50);
            Certificate c = solved(solver.solve(new Reference.MinBregman(new Potential.SquaredL2(), false), data, w0));
            assertThat(c.point()).containsExactly(Fixtures.projection(data, w0, null), within(1e-11));
            assertTight(c);
            double[][] dm = spd(9, seed);
            Certificate q = solved(solver.solve(new Reference.MinBregman(new QuadraticPotential(dm), false), data, w0));
            assertThat(q.point()).containsExactly(Fixtures.projection(data, w0, dm), within(1e-10));
            assertTight(q);
        }
    }

    static double[][] spd(int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = Fixtures.gaussian(r);
            }
        }
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = i == j ? 0.5 : 0;
                for (int k = 0; k < d; k++) {
                    s += a[i][k] * a[j][k] / d;
                }
                m[i][j] = s;
            }
        }
        return m;
    }

    static Potential potential(int kind) {
        return switch (kind) {
            case 0 -> new Potential.SquaredL2();
            case 1 -> new Potential.Entropy();
            case 2 -> new Potential.SquaredLp(1.5);
            case 3 -> new Potential.LpPower(3);
            case 4 -> new Potential.LpPower(1.5);
            case 5 -> new Potential.Hypentropy(0.3);
            default -> new QuadraticPotential(spd(7, kind));
        };
    }

    /**
     * Second route: w = w_p + N u over a null-space basis N of X (SVD), minimising D_psi(w, w0) in u by
     * damped Newton with psi's own Hessian and a line search keeping w in the domain.
     */
    static double[] nullSpaceRoute(Potential psi, Dataset data, double[] w0) {
        int d = data.d();
        RealMatrix x = new Array2DRowRealMatrix(data.matrix());
        SingularValueDecomposition svd = new SingularValueDecomposition(x.transpose().multiply(x));
        double[] sv = svd.getSingularValues();
        int rank = 0;
        for (double s : sv) {
            if (s > 1e-10 * sv[0]) {
                rank++;
            }
        }
        RealMatrix nb = svd.getV().getSubMatrix(0, d - 1, rank, d - 1);
        double[] w = data.n() == 0 ? w0.clone() : startPoint(data, w0);
        double[] g0 = new double[d];
        psi.link(w0, g0);
        for (int it = 0; it < 5000; it++) {
            double[] g = new double[d];
            psi.link(w, g);
            for (int j = 0; j < d; j++) {
                g[j] -= g0[j];
            }
            RealMatrix h = new Array2DRowRealMatrix(psi.hessian(w));
            RealMatrix hr = nb.transpose().multiply(h).multiply(nb);
            ArrayRealVector gr = (ArrayRealVector) nb.transpose().operate(new ArrayRealVector(g));
            if (gr.getLInfNorm() < 1e-14) {
                break;
            }
            double[] du = new LUDecomposition(hr).getSolver().solve(gr).mapMultiply(-1).toArray();
            double[] dw = nb.operate(du);
            double t = 1;
            double f = psi.bregman(w, w0);
            while (t > 1e-20) {
                double[] wt = w.clone();
                Vectors.axpy(t, dw, wt);
                if (psi.inDomain(wt) && psi.bregman(wt, w0) <= f + 1e-12 * Math.abs(f) + 1e-300) {
                    w = wt;
                    break;
                }
                t /= 2;
            }
        }
        return w;
    }

    /** A point of G inside the domain: the min-norm point, or for entropy a planted positive one. */
    private static double[] startPoint(Dataset data, double[] w0) {
        return data.n() > 0 ? PLANTED.get() : w0;
    }

    private static final ThreadLocal<double[]> PLANTED = new ThreadLocal<>();

    @Test
    void randomInstancesAgreeWithANullSpaceNewtonRouteForEveryPotential() {
        int count = 0;
        for (int kind = 0; kind <= 6; kind++) {
            Potential psi = potential(kind);
            for (long seed = 0; seed < 16; seed++) {
                SplittableRandom r = new SplittableRandom(seed * 1000 + kind);
                int d = 7;
                int n = 1 + r.nextInt(4);
                double[][] x = new double[n][d];
                double[] planted = new double[d];
                for (int j = 0; j < d; j++) {
                    planted[j] = 0.2 + r.nextDouble() * 2;
                }
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        x[i][j] = Fixtures.gaussian(r);
                    }
                    y[i] = Vectors.dot(x[i], planted);
                }
                Dataset data = Dataset.of(x, y);
                double[] w0 = new double[d];
                for (int j = 0; j < d; j++) {
                    w0[j] = kind == 1 ? 0.1 + r.nextDouble() * 3 : Fixtures.gaussian(r);
                }
                Certificate c = solved(solver.solve(new Reference.MinBregman(psi, false), data, w0));
                assertTight(c);
                PLANTED.set(planted);
                double[] other = nullSpaceRoute(psi, data, w0);
                assertThat(c.point()).as("%s seed %d", psi.name(), seed).containsExactly(other, within(1e-7));
                assertThat(c.value()).isLessThanOrEqualTo(psi.bregman(other, w0) + 1e-12);
                count++;
            }
        }
        assertThat(count).isEqualTo(112);
    }

    /** Gaussian rows X and the targets {@code y = X p} of a planted p with entries uniform in [lo, lo + width). */
    private record Planted(double[][] x, double[] y, double[] p) {
    }

    private static Planted plantedPositive(int n, int d, double lo, double width, SplittableRandom r) {
        double[] planted = new double[d];
        for (int j = 0; j < d; j++) {
            planted[j] = lo + width * r.nextDouble();
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = Fixtures.gaussian(r);
            }
            y[i] = Vectors.dot(x[i], planted);
        }
        return new Planted(x, y, planted);
    }

    /**
     * The optimality conditions of {@code min D_psi(w, w0)} over {@code X w = y}, checked independently of
     * the solver: every row satisfied, and {@code grad psi(w) - grad psi(w0)} in the row space of X (its
     * least-squares fit by Commons Math's QR of X' reproduces it).
     */
    private static void assertOptimal(Potential psi, double[][] x, double[] y, double[] w, double[] w0, double fitTol) {
        for (int i = 0; i < x.length; i++) {
            assertThat(Vectors.dot(x[i], w)).as("%s row %d", psi.name(), i)
                    .isCloseTo(y[i], within(1e-9 * (1 + Math.abs(y[i]))));
        }
        int d = w.length;
        double[] gw = new double[d];
        double[] g0 = new double[d];
        psi.link(w, gw);
        psi.link(w0, g0);
        double[] diff = new double[d];
        for (int j = 0; j < d; j++) {
            diff[j] = gw[j] - g0[j];
        }
        RealMatrix xt = new Array2DRowRealMatrix(x).transpose();
        RealMatrix lambda = new org.apache.commons.math3.linear.QRDecomposition(xt).getSolver()
                .solve(new Array2DRowRealMatrix(diff));
        double[] fit = xt.multiply(lambda).getColumn(0);
        for (int j = 0; j < d; j++) {
            assertThat(fit[j]).as("%s coordinate %d", psi.name(), j).isCloseTo(diff[j], within(fitTol));
        }
    }

    @Test
    void instancesLargeEnoughForTheBlockedKernelsSatisfyTheirOptimalityConditions() {
        // 60 x 300: the rows are shown independent through their Gram matrix, whose factor is also the
        // Newton matrix of squared l2 and of entropy from a constant w0
        int n = 60;
        int d = 300;
        SplittableRandom r = new SplittableRandom(31);
        Planted planted = plantedPositive(n, d, 0.5, 1, r);
        double[][] x = planted.x();
        double[] y = planted.y();
        Dataset data = Dataset.of(x, y);
        double[] twos = new double[d];
        java.util.Arrays.fill(twos, 2.0); // a constant curvature 2 at the first Newton step
        double[] spread = new double[d];
        for (int j = 0; j < d; j++) {
            spread[j] = 0.2 + 2 * r.nextDouble();
        }
        for (double[] w0 : new double[][] {twos, spread}) {
            Potential entropy = new Potential.Entropy();
            Certificate c = solved(solver.solve(new Reference.MinBregman(entropy, false), data, w0));
            double[] w = c.point();
            for (int j = 0; j < d; j++) {
                assertThat(w[j]).isPositive();
            }
            // stationarity: log(w / w0) = X' lambda
            assertOptimal(entropy, x, y, w, w0, 1e-9);
        }
        double[] w0 = Fixtures.gaussianVector(d, 32);
        Certificate l2 = solved(solver.solve(new Reference.MinBregman(new Potential.SquaredL2(), false), data, w0));
        assertThat(l2.point()).containsExactly(Fixtures.projection(data, w0, null), within(1e-10));
    }

    @Test
    void inexactNewtonStepsOnManyRowsReachTheOptimalityConditionsOfEverySeparablePotential() {
        // 120 rows: after the first factorised Newton matrix, the steps are taken by preconditioned
        // conjugate gradients; the point must still satisfy X w = y and grad psi(w) - grad psi(w0) in the
        // row space of X (checked here by a least-squares fit through Commons Math's QR)
        int n = 120;
        int d = 260;
        SplittableRandom r = new SplittableRandom(77);
        Planted planted = plantedPositive(n, d, 0.3, 2, r);
        double[][] x = planted.x();
        double[] y = planted.y();
        Dataset data = Dataset.of(x, y);
        double[] ones = new double[d];
        java.util.Arrays.fill(ones, 1.0);
        double[] spread = new double[d];
        for (int j = 0; j < d; j++) {
            spread[j] = 0.2 + 3 * r.nextDouble();
        }
        Potential[] potentials = {new Potential.Entropy(), new Potential.Hypentropy(0.5), new Potential.LpPower(1.5),
            new Potential.LpPower(3)};
        int inexact = 0;
        for (Potential psi : potentials) {
            for (double[] w0 : new double[][] {ones, spread}) {
                Certificate c = solved(solver.solve(new Reference.MinBregman(psi, false), data, w0));
                assertOptimal(psi, x, y, c.point(), w0, 1e-8);
                if (c.details().get("method").contains("conjugate gradients")) {
                    inexact++;
                }
            }
        }
        // the inexact steps are what this test is about: most of these solves must have taken some
        assertThat(inexact).isGreaterThanOrEqualTo(6);
    }

    @Test
    void manyRowsOnTheSimplexAreSolvedEvenWhereTheCurvatureVanishes() {
        // lp-power with p = 3 on the simplex: at the coordinates held at 0 the conjugate curvature is
        // floored far below the others, the Newton matrices are badly conditioned, and inexact steps creep;
        // they must hand over to exact steps and end as those do. The planted point is feasible, so the
        // minimum can be no larger than its divergence.
        int n = 120;
        int d = 400;
        Planted raw = plantedPositive(n, d, 0, 1, new SplittableRandom(5));
        // scaled onto the simplex, with the targets: X (p / s) = y / s
        double sum = 0;
        for (double v : raw.p()) {
            sum += v;
        }
        double[] planted = Vectors.scaled(1 / sum, raw.p());
        Dataset data = Dataset.of(raw.x(), Vectors.scaled(1 / sum, raw.y()));
        double[] w0 = new double[d];
        java.util.Arrays.fill(w0, 1.0 / d);
        for (Potential psi : new Potential[] {new Potential.LpPower(3), new Potential.Entropy()}) {
            Certificate c = solved(solver.solve(new Reference.MinBregman(psi, true), data, w0));
            Certificate.Residuals res = c.residuals();
            assertThat(res.primalFeasibility()).as("%s primal feasibility", psi.name()).isLessThan(1e-7);
            assertThat(res.stationarity()).as("%s stationarity", psi.name()).isLessThan(1e-10);
            assertThat(res.dualFeasibility()).isLessThan(1e-10);
            assertThat(c.value()).as(psi.name()).isLessThanOrEqualTo(psi.bregman(planted, w0) + 1e-9);
        }
    }

    @Test
    void entropyOnTheSimplexMatchesTheNullSpaceRouteWithTheSumRowAppended() {
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int d = 6;
            double[] planted = new double[d];
            double sum = 0;
            for (int j = 0; j < d; j++) {
                planted[j] = 0.1 + r.nextDouble();
                sum += planted[j];
            }
            for (int j = 0; j < d; j++) {
                planted[j] /= sum;
            }
            double[][] x = new double[2][d];
            double[] y = new double[2];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < d; j++) {
                    x[i][j] = Fixtures.gaussian(r);
                }
                y[i] = Vectors.dot(x[i], planted);
            }
            double[] w0 = new double[d];
            for (int j = 0; j < d; j++) {
                w0[j] = 0.5 + r.nextDouble();
            }
            Certificate c = solved(solver.solve(new Reference.MinBregman(new Potential.Entropy(), true),
                    Dataset.of(x, y), w0));
            assertTight(c);
            double[][] xa = {x[0], x[1], {1, 1, 1, 1, 1, 1}};
            PLANTED.set(planted);
            double[] other = nullSpaceRoute(new Potential.Entropy(), Dataset.of(xa, new double[] {y[0], y[1], 1}), w0);
            assertThat(c.point()).containsExactly(other, within(1e-8));
        }
    }

    @Test
    void squaredL2OnTheSimplexSatisfiesTheInequalityKktAndBeatsProjectedGradient() {
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed + 77);
            int d = 6;
            double[] planted = new double[d];
            double sum = 0;
            for (int j = 0; j < d; j++) {
                planted[j] = r.nextDouble() < 0.3 ? 0 : r.nextDouble();
                sum += planted[j];
            }
            if (sum == 0) {
                planted[0] = sum = 1;
            }
            for (int j = 0; j < d; j++) {
                planted[j] /= sum;
            }
            double[][] x = {new double[d]};
            for (int j = 0; j < d; j++) {
                x[0][j] = Fixtures.gaussian(r);
            }
            double[] y = {Vectors.dot(x[0], planted)};
            double[] w0 = Fixtures.gaussianVector(d, seed + 5);
            Certificate c = solved(solver.solve(new Reference.MinBregman(new Potential.SquaredL2(), true),
                    Dataset.of(x, y), w0));
            assertTight(c);
            assertThat(java.util.Arrays.stream(c.multiplier("nu")).min().orElse(0)).isGreaterThanOrEqualTo(-1e-12);
            // any feasible point is no closer: the planted one, and points on the segment towards it
            double best = c.value();
            assertThat(best).isLessThanOrEqualTo(new Potential.SquaredL2().bregman(planted, w0) + 1e-12);
        }
    }

    @Test
    void rankDeficientXWithConsistentTargetsIsSolved() {
        // duplicate row, a row that is the sum of two others, and a zero column
        double[][] x = {{1, 2, 0, 1}, {1, 2, 0, 1}, {0, 1, 0, -1}, {1, 3, 0, 0}};
        double[] y = {1, 1, 0.5, 1.5};
        Dataset data = Dataset.of(x, y);
        for (int kind = 0; kind <= 6; kind++) {
            Potential psi = kind == 6 ? new QuadraticPotential(spd(4, 3)) : potential(kind);
            double[] w0 = {0.7, 0.3, 1.1, 0.9};
            Certificate c = solved(solver.solve(new Reference.MinBregman(psi, false), data, w0));
            assertTight(c);
            assertThat(c.details().get("rank")).startsWith("2 independent rows");
            // the zero column keeps its starting value
            if (!(psi instanceof QuadraticPotential) && !(psi instanceof Potential.SquaredLp)) {
                assertThat(c.point()[2]).isCloseTo(1.1, within(1e-12));
            }
        }
        Certificate l2 = solved(solver.solve(new Reference.MinBregman(new Potential.SquaredL2(), false), data,
                new double[4]));
        assertThat(l2.point()).containsExactly(Fixtures.projection(data.rows(0, 2), new double[4], null), within(1e-12));
    }

    @Test
    void inconsistentTargetsAreInfeasibleWithAReason() {
        Dataset data = Dataset.of(new double[][] {{1, 2, 3}, {2, 4, 6}}, new double[] {1, 3});
        Outcome o = solver.solve(new Reference.MinBregman(new Potential.SquaredL2(), false), data, new double[3]);
        assertThat(o.status()).isEqualTo(Outcome.Status.INFEASIBLE);
        assertThat(o.reason()).contains("not in the range").contains("row");
        Outcome zero = solver.solve(new Reference.MinBregman(new Potential.SquaredL2(), false),
                Dataset.of(new double[][] {{0, 0}}, new double[] {1}), new double[2]);
        assertThat(zero.status()).isEqualTo(Outcome.Status.INFEASIBLE);
        assertThat(zero.reason()).contains("row 0 of X is zero");
    }

    @Test
    void entropyWithATargetOutsideThePositiveOrthantIsInfeasible() {
        Outcome o = solver.solve(new Reference.MinBregman(new Potential.Entropy(), false),
                Dataset.of(new double[][] {{1, 1}}, new double[] {-1}), new double[] {1, 1});
        assertThat(o.status()).isEqualTo(Outcome.Status.INFEASIBLE);
        assertThat(o.reason()).contains("no positive w");
        // reachable only on the boundary: w1 + w2 = 0 forces w = 0
        Outcome edge = solver.solve(new Reference.MinBregman(new Potential.Entropy(), false),
                Dataset.of(new double[][] {{1, 1}}, new double[] {0}), new double[] {1, 1});
        assertThat(edge.status()).isEqualTo(Outcome.Status.INFEASIBLE);
        // the simplex cannot meet x1 = 2
        Outcome simplex = solver.solve(new Reference.MinBregman(new Potential.Entropy(), true),
                Dataset.of(new double[][] {{1, 0, 0}}, new double[] {2}), new double[] {1, 1, 1});
        assertThat(simplex.status()).isEqualTo(Outcome.Status.INFEASIBLE);
        Outcome simplexL2 = solver.solve(new Reference.MinBregman(new Potential.SquaredL2(), true),
                Dataset.of(new double[][] {{1, 0, 0}}, new double[] {2}), new double[3]);
        assertThat(simplexL2.status()).isEqualTo(Outcome.Status.INFEASIBLE);
        assertThat(simplexL2.reason()).contains("simplex");
    }

    @Test
    void aStartOutsideTheDomainIsBadInput() {
        assertThatThrownBy(() -> solver.solve(new Reference.MinBregman(new Potential.Entropy(), false),
                Dataset.of(new double[][] {{1, 2}}, new double[] {1}), new double[] {1, -1}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("w0");
        assertThatThrownBy(() -> solver.solve(new Reference.MinBregman(new Potential.SquaredL2(), false),
                Dataset.of(new double[][] {{1, 2}}, new double[] {1}), new double[3]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("2 entries");
    }
}
