package org.implicitbias.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The CI gate: every spec file in {@code specs/} must get the verdict its {@code expect} says
 * ({@code holds}: confirmed, {@code fails}: refuted), checked with the production oracle.
 */
class SpecSuiteTest {
    private static final Checker CHECKER = new Checker(new CertifiedReferences());

    @AfterAll
    static void close() {
        CHECKER.close();
    }

    @TestFactory
    Stream<DynamicTest> everySpecGetsItsExpectedVerdict() {
        List<Path> files = SpecLoader.files(List.of(Path.of("specs")));
        assertThat(files).hasSizeGreaterThanOrEqualTo(27);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ClaimSpec spec = SpecLoader.load(f);
            ClaimResult r = CHECKER.check(spec);
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%s: expect %s, verdict %s, %d runs, worst %s %.3e, %.1fs%n",
                    spec.id(), spec.expect().label(), r.verdict().label(), r.runs().size(),
                    r.runs().isEmpty() ? "-" : r.runs().get(0).measure(), r.worstDistance(), r.seconds()));
            for (RunResult run : r.runs()) {
                b.append(String.format(Locale.ROOT, "  %-13s %-28s %-40s %s=%.3e tol %.1e%n", run.verdict().label(),
                        run.plan().instance().label(), run.plan().settingLabel(), run.measure(), run.distance(),
                        run.tolerance()));
            }
            System.out.print(b);
            assertThat(r.passed()).as("%s: %s", spec.id(), r.reason()).isTrue();
            if (spec.expect() == Expectation.HOLDS) {
                assertThat(r.runs()).as("a holds claim keeps at least 10 runs").hasSizeGreaterThanOrEqualTo(10);
            }
        }));
    }
}
