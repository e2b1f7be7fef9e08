package org.implicitbias.oracle.certify;

import java.util.List;

/** Shared steps of the certifiers. */
final class Certificates {
    private Certificates() {
    }

    /**
     * Combines a decided rational result with a Z3 query that decides the same claim (sat iff the
     * claim holds). Agreement keeps the result and records the query; an unknown answer keeps the
     * result and says so; disagreement cannot be resolved here and becomes UNKNOWN.
     */
    static Proof crossChecked(Proof rational, SmtOutcome z3) {
        boolean claimTrue = rational.status() == Proof.Status.PROVED;
        String reason = rational.reason();
        Proof.Status status = rational.status();
        switch (z3.answer()) {
            case UNKNOWN -> {
                reason = reason + "; Z3 cross-check " + z3.query().name() + " answered unknown (" + z3.reason() + ")";
            }
            case SAT, UNSAT -> {
                boolean z3True = z3.answer() == SmtOutcome.Answer.SAT;
                // an undecided rational check leaves Z3 nothing to agree or disagree with: it stands as it is
                if (rational.status() != Proof.Status.UNKNOWN) {
                    if (z3True != claimTrue) {
                        status = Proof.Status.UNKNOWN;
                        reason = "the exact rational check (" + rational.status() + ") and Z3 ("
                                + z3.answer().smtLib() + " on " + z3.query().name() + ") disagree";
                    } else {
                        reason = reason + "; Z3 agrees (" + z3.answer().smtLib() + ")";
                    }
                }
            }
            default -> throw new AssertionError(z3.answer());
        }
        boolean keepBound = status == Proof.Status.PROVED;
        return new Proof(status, rational.level(), rational.claim(), reason, rational.witness(),
                keepBound ? rational.distanceBound() : null, keepBound ? rational.metric() : null,
                concat(rational.queries(), z3));
    }

    /** As {@link #crossChecked} for a query whose sat answer means the claim is false. */
    static Proof crossCheckedNegated(Proof rational, SmtOutcome z3) {
        SmtOutcome.Answer flipped = switch (z3.answer()) {
            case SAT -> SmtOutcome.Answer.UNSAT;
            case UNSAT -> SmtOutcome.Answer.SAT;
            default -> SmtOutcome.Answer.UNKNOWN;
        };
        Proof p = crossChecked(rational, new SmtOutcome(z3.query(), flipped, z3.reason(), z3.model(), z3.millis()));
        List<SmtOutcome> qs = new java.util.ArrayList<>(p.queries());
        qs.set(qs.size() - 1, z3);
        String reason = p.reason().replace("Z3 agrees (" + flipped.smtLib() + ")", "Z3 agrees (" + z3.answer().smtLib() + ")");
        return new Proof(p.status(), p.level(), p.claim(), reason, p.witness(), p.distanceBound(), p.metric(), qs);
    }

    static List<SmtOutcome> concat(List<SmtOutcome> a, SmtOutcome b) {
        java.util.ArrayList<SmtOutcome> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
