package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.implicitbias.optim.IterativeMethod;
import org.junit.jupiter.api.Test;

/**
 * Each property check must be able to fail: fed a wrong reference or a wrong method, it refutes; a check
 * that confirms whatever it is given would pass these specs too.
 */
class PropertyFailuresTest {

    private static ClaimResult check(String spec, ReferenceOracle oracle, RunEngine.MethodOverride method) {
        try (Checker checker = new Checker(oracle, method, 2)) {
            return checker.check(SpecLoader.load(org.implicitbias.testing.Repo.path(spec)));
        }
    }

    @Test
    void lemma10RefutesAGammaLargerThanTheTrueMaxMargin() {
        CertifiedReferences real = new CertifiedReferences();
        // the same certificates with gamma inflated by 10%: ||Z' r||_* >= gamma then fails at the certificate
        ReferenceOracle inflated = (ref, data, w0) -> {
            Solution s = real.solve(ref, data, w0);
            return new Solution(s.status(), s.point(), s.value() * 1.1, s.gamma() * 1.1, s.multipliers(), s.support(),
                    s.level(), s.errorBound(), s.message());
        };
        ClaimResult r = check("specs/duality-gradient-bound.yaml", inflated, null);
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.REFUTED);
        assertThat(r.runs()).allSatisfy(run -> assertThat(run.distance()).isGreaterThan(0.05));
    }

    @Test
    void theUpdateIdentityRefutesAnImplementationWhoseIteratesDriftFromEquation19() {
        // the real factorized method, with its W-iterates reported 1e-6 (relative) off in one entry
        RunEngine.MethodOverride drifting = (plan, obj, w0) -> {
            IterativeMethod inner = plan.algorithm().start(obj, w0);
            return new IterativeMethod() {
                private double[] shown = inner.iterate().clone();

                @Override
                public String name() {
                    return "drifting " + inner.name();
                }

                @Override
                public double[] iterate() {
                    return shown;
                }

                @Override
                public long steps() {
                    return inner.steps();
                }

                @Override
                public void step() {
                    inner.step();
                    shown = inner.iterate().clone();
                    shown[0] *= 1 + 1e-6;
                }
            };
        };
        ClaimResult r = check("specs/factorized-update-identity.yaml", new CertifiedReferences(), drifting);
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.REFUTED);
    }

    @Test
    void lemma8RefutesASupportSetThatLeavesOutTheSupportVectors() {
        CertifiedReferences real = new CertifiedReferences();
        // the certificate's support set replaced by the example of largest margin at w*: the gradient's
        // direction is not in the cone of that one vector
        ReferenceOracle wrongSupport = (ref, data, w0) -> {
            Solution s = real.solve(ref, data, w0);
            int far = 0;
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < data.n(); i++) {
                double m = data.y(i) * org.implicitbias.model.Vectors.dot(data.row(i), s.point());
                if (m > best) {
                    best = m;
                    far = i;
                }
            }
            return new Solution(s.status(), s.point(), s.value(), s.gamma(), s.multipliers(), new int[] {far},
                    s.level(), s.errorBound(), s.message());
        };
        ClaimResult r = check("specs/support-vector-gradients.yaml", wrongSupport, null);
        assertThat(r.runs()).allSatisfy(run -> assertThat(run.verdict()).as(run.reason()).isNotEqualTo(Verdict.CONFIRMED));
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.REFUTED);
    }
}
