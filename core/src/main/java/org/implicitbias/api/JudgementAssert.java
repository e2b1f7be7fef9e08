package org.implicitbias.api;

import org.assertj.core.api.AbstractAssert;
import org.implicitbias.claims.Verdict;
import org.implicitbias.oracle.Certificate;
import org.opentest4j.TestAbortedException;

/**
 * AssertJ assertions on a {@link Judgement}. Every failure message carries the whole judgement: verdict,
 * reason, gap, tolerance, error bounds, certificate level, counterexample and the runs that were not
 * confirmed. An INCONCLUSIVE judgement is not a result: {@link #isConfirmed()} and {@link #isRefuted()} abort
 * the test (an assumption failure, reported as skipped) unless {@link #failingOnInconclusive()} was asked for.
 *
 * <pre>{@code
 * assertThat(oracle.check(claim, myOptimizer)).isConfirmed().hasCertificateAtLeast(Certificate.Level.BOUNDED);
 * }</pre>
 */
public final class JudgementAssert extends AbstractAssert<JudgementAssert, Judgement> {
    private boolean failOnInconclusive;

    JudgementAssert(Judgement actual) {
        super(actual, JudgementAssert.class);
    }

    /** An INCONCLUSIVE judgement fails the test instead of aborting it. */
    public JudgementAssert failingOnInconclusive() {
        this.failOnInconclusive = true;
        return this;
    }

    /** The claim was CONFIRMED on every run. */
    public JudgementAssert isConfirmed() {
        return is(Verdict.CONFIRMED);
    }

    /** Some run REFUTED the claim (beyond tolerance plus every error bound). */
    public JudgementAssert isRefuted() {
        return is(Verdict.REFUTED);
    }

    /** The runs could show neither (and say why). */
    public JudgementAssert isInconclusive() {
        isNotNull();
        if (actual.verdict() != Verdict.INCONCLUSIVE) {
            failWithMessage("Expecting an inconclusive judgement but got:%n%s", actual.describe());
        }
        return this;
    }

    /** The verdict is what the claim's author expected (holds and confirmed, or fails and refuted). */
    public JudgementAssert passed() {
        isNotNull();
        abortIfInconclusive();
        if (!actual.passed()) {
            failWithMessage("Expecting the expected verdict (%s) but got:%n%s", actual.expected().label(), actual.describe());
        }
        return this;
    }

    /**
     * Every run that used a reference had a certificate at least this strong (EXACT strongest, then SMT,
     * BOUNDED, NUMERIC).
     */
    public JudgementAssert hasCertificateAtLeast(Certificate.Level level) {
        isNotNull();
        for (RunJudgement r : actual.runs()) {
            Certificate.Level l = Judgement.level(r.certificate());
            if (l == null || l.weakerThan(level)) {
                failWithMessage("Expecting certificates at least %s but run %s has %s:%n%s", level.label(), r.run(),
                        r.certificate(), actual.describe());
            }
        }
        return this;
    }

    /** A counterexample file was written. */
    public JudgementAssert hasCounterexample() {
        isNotNull();
        if (actual.counterexample().isEmpty()) {
            failWithMessage("Expecting a stored counterexample but none was written:%n%s", actual.describe());
        }
        return this;
    }

    private JudgementAssert is(Verdict expected) {
        isNotNull();
        if (actual.verdict() == expected) {
            return this;
        }
        abortIfInconclusive();
        failWithMessage("Expecting %s but got:%n%s", expected.label(), actual.describe());
        return this;
    }

    private void abortIfInconclusive() {
        if (actual.verdict() == Verdict.INCONCLUSIVE && !failOnInconclusive) {
            throw new TestAbortedException("inconclusive, so neither confirmed nor refuted:\n" + actual.describe());
        }
    }
}
