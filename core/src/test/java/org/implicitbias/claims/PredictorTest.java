package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.implicitbias.model.Objective;
import org.implicitbias.model.Vectors;
import org.implicitbias.optim.Budget;
import org.implicitbias.optim.IterativeMethod;
import org.implicitbias.optim.Runner;
import org.implicitbias.optim.Trace;
import org.junit.jupiter.api.Test;

/** The limit estimates against independent truths: long runs and the paper's closed forms. */
class PredictorTest {

    @Test
    void theTheorem1PredictionOfAPrimalMomentumRunIsTheLimitOfTheRunContinuedToConvergence() {
        ClaimSpec spec = SpecLoader.load(org.implicitbias.testing.Repo.path("specs/md-primal-momentum.yaml"));
        RunPlan plan = spec.runs().get(1);
        assertThat(plan.settingLabel()).isEqualTo("algorithm.momentum.beta=0.5");
        RunResult r = new RunEngine(new CertifiedReferences(), null).run(plan);
        assertThat(r.verdict()).isEqualTo(Verdict.REFUTED);
        assertThat(r.reason()).contains("theorem-1");
        // the reference of Example 2, in closed form: argmin_G psi = (1/2, 1/4)
        assertThat(r.reference()[0]).isCloseTo(0.5, within(1e-12));
        assertThat(r.reference()[1]).isCloseTo(0.25, within(1e-12));
        // the same algorithm run independently far beyond the checker's budget
        Objective obj = new Objective(plan.instance().data(), plan.loss());
        IterativeMethod m = plan.algorithm().start(obj, plan.w0());
        Trace t = new Runner(obj).run(m, Budget.iterations(2_000_000, Budget.Limit.POINT).settlingAt(1e-16));
        assertThat(Vectors.distance(t.w(), r.estimate())).isLessThan(1e-12);
        assertThat(r.estimate()[0] + 2 * r.estimate()[1]).isCloseTo(1, within(1e-14));
    }

    @Test
    void soudrysToySetGivesTheDiagonalDirectionUnderTheBoundedResidualJudge() {
        ClaimSpec spec = SpecLoader.load(org.implicitbias.testing.Repo.path("specs/gd-max-margin-l2.yaml"));
        RunResult r = new RunEngine(new CertifiedReferences(), null).run(spec.runs().get(0));
        assertThat(spec.runs().get(0).instance().label()).isEqualTo("literal[0]");
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.CONFIRMED);
        // by symmetry the l2 max-margin direction of the toy set is (1, 1)/sqrt 2
        assertThat(r.reference()[0]).isCloseTo(Math.sqrt(0.5), within(1e-9));
        assertThat(r.estimate()[0]).isCloseTo(Math.sqrt(0.5), within(1e-2));
        assertThat(r.estimate()[1]).isCloseTo(Math.sqrt(0.5), within(1e-2));
    }
}
