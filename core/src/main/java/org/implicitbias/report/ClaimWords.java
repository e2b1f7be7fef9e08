package org.implicitbias.report;

import org.implicitbias.claims.Target;
import org.implicitbias.oracle.Reference;

/** What a claim says, in words: the program its limit must solve, stated for every report. */
public final class ClaimWords {
    private ClaimWords() {
    }

    /** One sentence: what the claim says of a run. */
    public static String describe(Target t) {
        StringBuilder s = new StringBuilder();
        if (t.property() != null) {
            s.append("property ").append(t.property().name());
        } else if (t.sameIterates() != null) {
            s.append("the iterates equal those of ").append(t.sameIterates().kind()).append(" for the first ")
                    .append(t.iteratesCompared()).append(" iterates");
        } else if (t.reference() != null) {
            s.append("the limit ").append(t.limit().label()).append(" is ").append(reference(t.reference()));
        } else {
            s.append("the limit").append(t.limit() == null ? "" : " " + t.limit().label());
        }
        if (!t.invariantOver().isEmpty()) {
            s.append(t.reference() == null && t.property() == null && t.sameIterates() == null ? " " : "; the limit ")
                    .append("does not change along ").append(String.join(", ", t.invariantOver()));
        }
        if (t.judge() == Target.Judge.BOUNDED_RESIDUAL) {
            s.append(" (judged by the bounded-residual test: w_t - w_hat log t stays bounded)");
        }
        if (t.predictor() != null && t.predictor() != Target.Predictor.AUTOMATIC) {
            s.append("; limit estimated by ").append(t.predictor().label());
        }
        return s.toString();
    }

    private static String reference(Reference ref) {
        if (ref instanceof Reference.MinBregman m) {
            return "argmin over G = {w : Xw = y}" + (m.simplex() ? " \u2229 simplex" : "")
                    + " of D_psi(w, w0), psi = " + m.potential().name() + " (min-bregman)";
        }
        if (ref instanceof Reference.MinNorm m) {
            return "argmin over G = {w : Xw = y} of ||w||, norm " + m.norm().name() + " (min-norm)";
        }
        if (ref instanceof Reference.MinDistance m) {
            return "argmin over G = {w : Xw = y} of ||w - w0||, norm " + m.norm().name() + " (min-distance)";
        }
        if (ref instanceof Reference.MaxMargin m) {
            return "the max-margin direction argmax_{||w|| <= 1} min_n <w, z_n>, norm " + m.norm().name()
                    + " (max-margin)";
        }
        if (ref instanceof Reference.MaxMarginNuclear m) {
            return "the max-margin direction over psd " + m.size() + " x " + m.size()
                    + " matrices with trace <= 1 (max-margin-nuclear)";
        }
        return ref.kind();
    }
}
