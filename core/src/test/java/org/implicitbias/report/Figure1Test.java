package org.implicitbias.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.implicitbias.model.Vectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figure 1's qualitative content, read from the panel data: the limits depend on momentum (a) and
 * on the step size (b, c), they all lie on G, and only the eta -> 0 flow of (b) (and plain mirror
 * descent, the control of (a)) reaches the point the geometry predicts.
 */
class Figure1Test {
    /** argmin_G psi for Examples 2 and 3: KKT gives w1^2 = w2 and w1 + 2 w2 = 1, so (1/2, 1/4). */
    private static final double[] MIN_POTENTIAL = {0.5, 0.25};

    private static Figure1.Panel a;
    private static Figure1.Panel b;
    private static Figure1.Panel c;
    private static double seconds;

    @BeforeAll
    static void computeTheFigure() {
        long start = System.nanoTime();
        List<Figure1.Panel> panels = Figure1.compute();
        seconds = (System.nanoTime() - start) / 1e9;
        a = panels.get(0);
        b = panels.get(1);
        c = panels.get(2);
    }

    private static double onG2(double[] w) {
        return Math.abs(w[0] + 2 * w[1] - 1);
    }

    private static void assertPairwiseApart(List<Figure1.Setting> settings, double gap) {
        for (int i = 0; i < settings.size(); i++) {
            for (int j = i + 1; j < settings.size(); j++) {
                assertThat(Vectors.distance(settings.get(i).limit(), settings.get(j).limit()))
                        .as("%s vs %s", settings.get(i).label(), settings.get(j).label())
                        .isGreaterThan(gap);
            }
        }
    }

    @Test
    void panelAMomentumSettingsLandOnDifferentPointsOfGAndMissTheMinimumPotentialPoint() {
        assertThat(a.point(Figure1.MINIMUM_POTENTIAL)).containsExactly(MIN_POTENTIAL, offset(1e-14));
        List<Figure1.Setting> momentum = a.settings().stream()
                .filter(s -> s.parameters().get("beta") > 0).toList();
        assertThat(momentum).hasSizeGreaterThanOrEqualTo(4);
        for (Figure1.Setting s : a.settings()) {
            assertThat(s.trace().settled()).as(s.label()).isTrue();
            assertThat(onG2(s.limit())).as("%s on G", s.label()).isLessThan(1e-8);
        }
        for (Figure1.Setting s : momentum) {
            assertThat(Vectors.distance(s.limit(), MIN_POTENTIAL)).as(s.label()).isGreaterThan(1e-3);
        }
        assertPairwiseApart(momentum, 1e-3);
    }

    @Test
    void panelAPlainMirrorDescentIsTheControlThatReachesTheMinimumPotentialPoint() {
        Figure1.Setting plain = a.setting("beta = 0, gamma = 0");
        assertThat(Vectors.distance(plain.limit(), MIN_POTENTIAL)).isLessThan(1e-6);
    }

    @Test
    void panelALimitsAgreeWithPrimalMomentumWrittenOutInTheTest() {
        for (Figure1.Setting s : a.settings()) {
            double beta = s.parameters().get("beta");
            double gamma = s.parameters().get("gamma");
            double eta = s.parameters().get("eta");
            // eq. 8 with entropy: log w+ = log(w + beta Dw) - eta grad L(w + gamma Dw), grad L = 2 r (1, 2)
            double w1 = 1;
            double w2 = 1;
            double d1 = 0;
            double d2 = 0;
            for (int t = 0; t < 200_000; t++) {
                double r = (w1 + gamma * d1) + 2 * (w2 + gamma * d2) - 1;
                double n1 = (w1 + beta * d1) * Math.exp(-eta * 2 * r);
                double n2 = (w2 + beta * d2) * Math.exp(-eta * 4 * r);
                d1 = n1 - w1;
                d2 = n2 - w2;
                w1 = n1;
                w2 = n2;
            }
            assertThat(s.limit()).as(s.label()).containsExactly(new double[] {w1, w2}, offset(1e-9));
        }
    }

    @Test
    void panelAReportsTheSettingThatLeavesTheDomainInsteadOfDrawingIt() {
        assertThat(a.settings()).noneMatch(s -> s.parameters().get("beta") == 0.9);
        assertThat(a.notes()).anyMatch(n -> n.startsWith("beta = 0.9, gamma = 0.5") && n.contains("domain-exit"));
    }

    @Test
    void panelBStepSizesLandOnDifferentPointsOfGAndOnlyTheFlowReachesTheMinimumPotentialPoint() {
        assertThat(b.point(Figure1.MINIMUM_POTENTIAL)).containsExactly(MIN_POTENTIAL, offset(1e-14));
        assertThat(b.settings()).hasSizeGreaterThanOrEqualTo(3);
        for (Figure1.Setting s : b.settings()) {
            assertThat(onG2(s.limit())).as("%s on G", s.label()).isLessThan(1e-8);
            assertThat(Vectors.distance(s.limit(), MIN_POTENTIAL)).as(s.label()).isGreaterThan(1e-3);
        }
        assertPairwiseApart(b.settings(), 1e-3);
        double[] flow = b.point(Figure1.FLOW_LIMIT);
        assertThat(onG2(flow)).isLessThan(1e-8);
        assertThat(Vectors.distance(flow, MIN_POTENTIAL)).isLessThan(1e-6);
    }

    @Test
    void panelBStepOneTenthLandsExactlyOnSixTenthsTwoTenthsInOneStep() {
        // w1 = w0 - eta w0 * grad L(w0) = (1, 1) - 0.1 (1, 1) * (4, 8) = (0.6, 0.2), already on G
        Figure1.Setting s = b.setting("eta = 0.1");
        assertThat(s.limit()).containsExactly(new double[] {0.6, 0.2}, offset(1e-15));
    }

    @Test
    void panelBReportsTheStepThatLeavesTheDomainAtOnce() {
        // eta = 0.2: w2 = 1 - 8 eta < 0 after the first step
        assertThat(b.settings()).noneMatch(s -> s.parameters().get("eta") == 0.2);
        assertThat(b.notes()).anyMatch(n -> n.startsWith("eta = 0.2") && n.contains("domain-exit"));
    }

    @Test
    void panelCLimitsMoveWithTheStepAndStayAwayFromTheMinimumNormPoint() {
        double[] minNorm = c.point(Figure1.MINIMUM_NORM);
        assertThat(c.settings()).hasSize(3);
        for (Figure1.Setting s : c.settings()) {
            double[] w = s.limit();
            assertThat(s.trace().settled()).as(s.label()).isTrue();
            assertThat(Math.abs(w[0] + w[1] + w[2] - 1)).as("%s row 1", s.label()).isLessThan(1e-8);
            assertThat(Math.abs(w[0] + 2 * w[1] - 10)).as("%s row 2", s.label()).isLessThan(1e-8);
            assertThat(Vectors.distance(w, minNorm)).as(s.label()).isGreaterThan(1e-2);
        }
        assertPairwiseApart(c.settings(), 1e-3);
        assertThat(Vectors.distance(c.point(Figure1.SMALL_STEP_LIMIT), minNorm)).isGreaterThan(1e-2);
        // the paper's Figure 1(c): eta = 0.03 ends near (0.3254, 4.8373, -4.1627)
        assertThat(c.setting("eta = 0.03").limit())
                .containsExactly(new double[] {0.3254, 4.8373, -4.1627}, offset(1e-3));
    }

    @Test
    void panelCMinimumNormPointSolvesTheKktEquationOnTheLine() {
        double t = ReferenceRoutinesTest.kktRoot(ReferenceRoutinesTest.P, ReferenceRoutinesTest.V, 4.0 / 3, -10, 10);
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = ReferenceRoutinesTest.P[i] + t * ReferenceRoutinesTest.V[i];
        }
        assertThat(c.point(Figure1.MINIMUM_NORM)).containsExactly(expected, offset(1e-7));
    }

    @Test
    void panelCSmallStepLimitAgreesWithTheSteepestDescentFlowIntegratedInTheTest() {
        // dw/dtau = Dw(w) = -||g||_4^{-2} sign(g) |g|^3, g = grad L(w) = 2 X'(Xw - y), the eta -> 0 limit of eq. 11
        FirstOrderDifferentialEquations flow = new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return 3;
            }

            @Override
            public void computeDerivatives(double tau, double[] w, double[] dw) {
                double r1 = w[0] + w[1] + w[2] - 1;
                double r2 = w[0] + 2 * w[1] - 10;
                double[] g = {2 * (r1 + r2), 2 * (r1 + 2 * r2), 2 * r1};
                double q4 = 0;
                for (double v : g) {
                    q4 += v * v * v * v;
                }
                double scale = q4 == 0 ? 0 : 1 / Math.sqrt(q4);
                for (int i = 0; i < 3; i++) {
                    dw[i] = -scale * Math.signum(g[i]) * Math.abs(g[i]) * g[i] * g[i];
                }
            }
        };
        double[] w = new double[3];
        new DormandPrince853Integrator(1e-12, 10, 1e-13, 1e-13).integrate(flow, 0, w, 400, w);
        double[] estimate = c.point(Figure1.SMALL_STEP_LIMIT);
        assertThat(estimate).containsExactly(w, offset(1e-7));
        // and the finite steps are visibly off it: eta = 1e-3 is a first-order-in-eta distance away
        assertThat(Vectors.distance(c.setting("eta = 0.001").limit(), w)).isGreaterThan(1e-4);
    }

    @Test
    void everyPanelIsWrittenAsAValidPngAndSvg(@TempDir Path dir) throws Exception {
        List<Path> files = Figure1.write(List.of(a, b, c), dir);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "figure-1a.png", "figure-1a.svg", "figure-1b.png", "figure-1b.svg", "figure-1c.png", "figure-1c.svg");
        for (Path f : files) {
            if (f.toString().endsWith(".png")) {
                PictureFiles.assertValidPng(f);
            } else {
                PictureFiles.assertValidSvg(f);
            }
        }
    }

    @Test
    void theWholeFigureIsComputedInSeconds() {
        assertThat(seconds).as("seconds to compute the three panels").isLessThan(30);
    }

    @Test
    void panelCMarksTheMinimumNormPointAsAReferenceNotWithTheStartsMarker() {
        var c1 = PlotWriter.chart(c.plot()).getSeriesMap();
        var a1 = PlotWriter.chart(a.plot()).getSeriesMap();
        var minNorm = c1.entrySet().stream().filter(e -> e.getKey().startsWith("w*_||.||")).findFirst().orElseThrow().getValue();
        var start = a1.entrySet().stream().filter(e -> e.getKey().startsWith("start w0")).findFirst().orElseThrow().getValue();
        assertThat(minNorm.getMarker()).isNotEqualTo(start.getMarker());
        assertThat(c.plot().marks()).extracting(Mark::role).containsExactly(Mark.Role.REFERENCE, Mark.Role.LIMIT);
    }
}
