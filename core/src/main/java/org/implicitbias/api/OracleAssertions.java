package org.implicitbias.api;

/** Entry point of the AssertJ assertions on judgements: {@code assertThat(judgement).isConfirmed()}. */
public final class OracleAssertions {
    private OracleAssertions() {
    }

    /** Assertions on a judgement. */
    public static JudgementAssert assertThat(Judgement actual) {
        return new JudgementAssert(actual);
    }
}
