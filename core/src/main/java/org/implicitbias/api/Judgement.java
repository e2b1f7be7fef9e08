package org.implicitbias.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.implicitbias.claims.ClaimResult;
import org.implicitbias.claims.Expectation;
import org.implicitbias.claims.RunResult;
import org.implicitbias.claims.Verdict;
import org.implicitbias.oracle.Certificate;

/**
 * The verdict on a claim: CONFIRMED if every run is, REFUTED if some run is (with its counterexample),
 * otherwise INCONCLUSIVE, with the numbers behind it. {@link #gap()}, {@link #tolerance()} and
 * {@link #errorBound()} are those of the deciding run: the refuting one, else the first inconclusive one,
 * else the one with the largest gap.
 */
public final class Judgement {
    private final ClaimResult result;
    private final Path counterexample;
    private final List<RunJudgement> runs;
    private final RunResult deciding;

    Judgement(ClaimResult result, Path counterexample) {
        this.result = result;
        this.counterexample = counterexample;
        this.runs = result.runs().stream().map(Judgement::run).toList();
        this.deciding = deciding(result);
    }

    private static RunJudgement run(RunResult r) {
        return new RunJudgement(r.plan().where(), r.verdict(), r.measure().label(), r.distance(), r.tolerance(), r.errorBound(), r.level().label(),
                r.iterations(), r.reason());
    }

    private static RunResult deciding(ClaimResult result) {
        if (result.refuting() != null) {
            return result.refuting();
        }
        RunResult worst = null;
        for (RunResult r : result.runs()) {
            if (r.verdict() == Verdict.INCONCLUSIVE) {
                return r;
            }
            if (worst == null || r.distance() > worst.distance()) {
                worst = r;
            }
        }
        return worst;
    }

    /** The claim's id. */
    public String claim() {
        return result.spec().id();
    }

    /** CONFIRMED, REFUTED or INCONCLUSIVE. */
    public Verdict verdict() {
        return result.verdict();
    }

    /** What the claim's author expected. */
    public Expectation expected() {
        return result.spec().expect();
    }

    /** Whether the verdict is the expected one (holds and confirmed, or fails and refuted). */
    public boolean passed() {
        return result.passed();
    }

    public boolean isConfirmed() {
        return verdict() == Verdict.CONFIRMED;
    }

    public boolean isRefuted() {
        return verdict() == Verdict.REFUTED;
    }

    public boolean isInconclusive() {
        return verdict() == Verdict.INCONCLUSIVE;
    }

    /** One line: why this verdict. */
    public String reason() {
        return result.reason();
    }

    /** What the deciding run's gap measures. */
    public String measure() {
        return deciding == null ? "none" : deciding.measure().label();
    }

    /** The deciding run's gap (NaN if none was measured). */
    public double gap() {
        return deciding == null ? Double.NaN : deciding.distance();
    }

    /** The deciding run's tolerance. */
    public double tolerance() {
        return deciding == null ? Double.NaN : deciding.tolerance();
    }

    /** The deciding run's error bounds (estimate, reference certificate, distance to G), summed. */
    public double errorBound() {
        return deciding == null ? Double.NaN : deciding.errorBound();
    }

    /**
     * The weakest certificate level among the runs that used a reference, or empty when none did (invariance
     * and property claims without a reference).
     */
    public Optional<Certificate.Level> weakestCertificate() {
        Certificate.Level weakest = null;
        for (RunResult r : result.runs()) {
            Certificate.Level l = r.level().certificateLevel();
            if (l != null && (weakest == null || l.weakerThan(weakest))) {
                weakest = l;
            }
        }
        return Optional.ofNullable(weakest);
    }

    static Certificate.Level level(String label) {
        for (Certificate.Level l : Certificate.Level.values()) {
            if (l.label().equals(label)) {
                return l;
            }
        }
        return null;
    }

    /** The stored counterexample of a refuted claim, when one was written. */
    public Optional<Path> counterexample() {
        return Optional.ofNullable(counterexample);
    }

    /** Every run's verdict, in the claim's run order. */
    public List<RunJudgement> runs() {
        return runs;
    }

    /** Several lines: the verdict, the deciding numbers, the counterexample and every run that was not confirmed. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(claim()).append(": ").append(verdict().label()).append(" (expected ").append(expected().label())
                .append(")\n  reason: ").append(reason())
                .append("\n  ").append(measure()).append(" ").append(gap()).append(", tolerance ").append(tolerance())
                .append(", error bound ").append(errorBound())
                .append(", certificate ").append(weakestCertificate().map(Certificate.Level::label).orElse("none"));
        counterexample().ifPresent(p -> b.append("\n  counterexample: ").append(p));
        for (RunJudgement r : runs) {
            if (r.verdict() != Verdict.CONFIRMED) {
                b.append("\n  ").append(r);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    ClaimResult result() {
        return result;
    }
}
