package org.implicitbias.report;

import org.implicitbias.claims.Evidence;
import org.implicitbias.claims.Measure;
import org.implicitbias.claims.Curve;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.ClaimSpec;
import org.implicitbias.claims.RunPlan;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.SpecLoader;
import org.implicitbias.claims.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report draws a claim as convergence curves when its runs have them, and as dots otherwise. */
class HtmlReportCurvesTest {

    private static final String SPEC = """
            id: tiny
            title: GD reaches the l2 projection
            expect: holds
            loss: squared
            data:
              instances:
                - {X: [[1, 2, 0], [0, 1, 1]], y: [1, 2]}
            algorithm: {kind: gradient-descent, step: {kind: constant, eta: 0.1}}
            vary:
              algorithm.step.eta: [0.05, 0.1]
            claim: {limit: point, reference: {kind: min-norm, norm: l2}}
            tolerance: {distance: 1.0e-7}
            """;

    private static ClaimResult result(Path dir) throws Exception {
        ClaimSpec spec = SpecLoader.load(Files.writeString(dir.resolve("tiny.yaml"), SPEC));
        List<RunResult> runs = new ArrayList<>();
        for (RunPlan p : spec.runs()) {
            runs.add(new RunResult(p, Verdict.CONFIRMED, Measure.DISTANCE, 1e-9, 1e-7, 0, 0, 1000, Evidence.EXACT, 0.01, "within tolerance",
                    null, null, 0, null));
        }
        return new ClaimResult(spec, Verdict.CONFIRMED, true, runs, 1e-9, Map.of("exact", 2), 0.02, "all 2 runs confirmed", null);
    }

    /** gap = 1/t^2 at t = 1, 10, 100, 1000. */
    private static Curve curve(RunResult run) {
        return new Curve(new long[] {1, 10, 100, 1000}, new double[] {1, 1e-2, 1e-4, 1e-6});
    }

    @Test
    void withCurvesTheClaimsPictureIsItsRunsConvergence(@TempDir Path dir) throws Exception {
        ClaimResult r = result(dir);
        assertThat(HtmlReport.convergence(r, HtmlReportCurvesTest::curve).series("#1 literal[0] at algorithm.step.eta=0.05: confirmed")
                .y()).containsExactly(1, 1e-2, 1e-4, 1e-6);
        Path out = dir.resolve("report");
        HtmlReport.write(out, List.of(r), Map.of(), 1.0, HtmlReportCurvesTest::curve);
        String page = Files.readString(out.resolve("index.html"));
        assertThat(page).contains("<figcaption>Convergence of each run").contains("gap against t, log-log");
        PictureFiles.assertValidPng(out.resolve("tiny.png"));
    }

    @Test
    void withoutCurvesTheClaimsPictureIsOneDotPerRun(@TempDir Path dir) throws Exception {
        ClaimResult r = result(dir);
        assertThat(HtmlReport.convergence(r, run -> null)).isNull();
        Path out = dir.resolve("report");
        HtmlReport.write(out, List.of(r), Map.of(), 1.0);
        String page = Files.readString(out.resolve("index.html"));
        assertThat(page).contains("<figcaption>Measured gap of each run").doesNotContain("Convergence of each run");
        PictureFiles.assertValidPng(out.resolve("tiny.png"));
    }
}
