package org.implicitbias.oracle.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.oracle.certify.PolyhedralCertificates.PolyhedralNorm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of query the certificates pose, exported as a file and re-decided by the z3 and cvc5
 * command-line solvers (Debian packages {@code z3} and {@code cvc5}). cvc5 1.0.3 has no nonlinear
 * decision procedure, so it re-decides the linear files and only parses the nonlinear ones (strictly).
 */
class SmtLibExportTest {
    private static final Pattern NEGATIVE_LITERAL = Pattern.compile("(?<![A-Za-z0-9_])-[0-9]");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]\\.[0-9]");
    private static final BigFraction[][] TOY = {v("0.5", "1.5"), v("1.5", "0.5"), v("0.5", "1.5"), v("1.5", "0.5")};

    private static final Map<String, SmtOutcome> OUTCOMES = new LinkedHashMap<>();

    @BeforeAll
    static void decideEveryKindOfQuery() {
        try (Z3Session s = Z3Session.open(Duration.ofSeconds(30))) {
            add("quadratic-sat", QuadraticCertificates.minBregman(m(new long[] {1, 1}), v(1), v(0, 0), null,
                    new double[] {0.5, 0.5}, null, q("1e-9"), s));
            add("quadratic-unsat", QuadraticCertificates.minBregman(m(new long[] {1, 1}), v(1), v(0, 0), null,
                    new double[] {0.5 + 1e-6, 0.5}, null, q("1e-9"), s));
            add("l1-sat", PolyhedralCertificates.minNorm(PolyhedralNorm.L1, m(new long[] {1, 2}), v(2), v(0, 0),
                    new double[] {0, 1}, new double[] {0.5}, q("1e-9"), s));
            add("l1-unsat", PolyhedralCertificates.minNorm(PolyhedralNorm.L1, m(new long[] {1, 2}), v(2), v(0, 0),
                    new double[] {1e-6, 1}, null, q("1e-9"), s));
            ExactLinearProgram lp = PolyhedralCertificates.minNormProgram(PolyhedralNorm.L1, m(new long[] {1, 2}), v(2), v(0, 0));
            add("vertex-unsat", lp.certifyVertex("l1", new int[] {0, 2, 3}, s));
            Proof linf = PolyhedralCertificates.maxMargin(PolyhedralNorm.LINF, new BigFraction[][] {v(1, 0)},
                    new double[] {1, 0.25}, new double[] {1}, q("1e-9"), s);
            add("linf-margin", linf);
            add("linf-nonunique", PolyhedralCertificates.maxMarginUniqueness(PolyhedralNorm.LINF, new BigFraction[][] {v(1, 0)}, linf, s));
            Proof l1 = PolyhedralCertificates.maxMargin(PolyhedralNorm.L1, TOY, new double[] {1, 1}, null, q("1e-9"), s);
            add("l1-unique", PolyhedralCertificates.maxMarginUniqueness(PolyhedralNorm.L1, TOY, l1, s));
            add("lemma10-l1", PolyhedralCertificates.lemma10(PolyhedralNorm.L1, TOY, q("1"), null, s));
            add("lemma10-linf-above", PolyhedralCertificates.lemma10(PolyhedralNorm.LINF, TOY, q("201/100"), null, s));
            add("margin-sat", MarginCertificates.candidate(TOY, null, new double[] {1, 1}, q("1e-9"), s));
            add("margin-dual", MarginCertificates.support(new BigFraction[][] {v(1, 0), v(1, 3), v(1, 1)}, null, new int[] {1, 2}, s));
            add("entropy-sat", EntropyCertificates.box(m(new long[] {1, 2}), v(1), v(1, 1), new double[] {0.5, 0.25}, q("1e-9"), s));
            add("entropy-unsat", EntropyCertificates.box(m(new long[] {1, 2}), v(1), v(1, 1), new double[] {0.5 + 1e-6, 0.25}, q("1e-9"), s));
            double[] ex4 = PowerCertificatesTest.minNormOnExample4Line(4.0 / 3);
            BigFraction[][] x4 = m(new long[] {1, 1, 1}, new long[] {1, 2, 0});
            add("lp-sat", PowerCertificates.box(PowerCertificates.Program.MIN_NORM, q("4/3"), x4, v(1, 10), v(0, 0, 0), ex4, q("5e-10"), s));
            double[] off = ex4.clone();
            off[0] += 1e-6;
            add("lp-unsat", PowerCertificates.box(PowerCertificates.Program.MIN_NORM, q("4/3"), x4, v(1, 10), v(0, 0, 0), off, q("5e-10"), s));
            add("lp32-sat", PowerCertificates.box(PowerCertificates.Program.MIN_NORM, q("3/2"), x4, v(1, 10), v(0, 0, 0),
                    PowerCertificatesTest.minNormOnExample4Line(1.5), q("1e-9"), s));
        }
    }

    private static void add(String prefix, Proof p) {
        assertThat(p.queries()).as(prefix + ": " + p).isNotEmpty();
        for (SmtOutcome o : p.queries()) {
            assertThat(o.answer()).as(prefix).isNotEqualTo(SmtOutcome.Answer.UNKNOWN);
            OUTCOMES.put(prefix + "-" + o.query().name(), o);
        }
    }

    @Test
    void bothAnswersOfBothLogicsAreCovered() {
        List<String> kinds = new ArrayList<>();
        for (SmtOutcome o : OUTCOMES.values()) {
            kinds.add(o.query().logic() + " " + o.answer());
        }
        assertThat(kinds).contains("QF_LRA SAT", "QF_LRA UNSAT", "QF_NRA SAT", "QF_NRA UNSAT");
    }

    @Test
    void exportedFilesAreStrictSmtLib(@TempDir Path dir) throws IOException {
        for (Map.Entry<String, SmtOutcome> e : OUTCOMES.entrySet()) {
            String text = Files.readString(e.getValue().write(dir, e.getKey() + "-"), StandardCharsets.UTF_8);
            List<String> commands = text.lines().filter(l -> !l.startsWith(";")).toList();
            assertThat(commands.get(0)).isEqualTo("(set-info :smt-lib-version 2.6)");
            assertThat(commands.get(1)).isEqualTo("(set-logic " + e.getValue().query().logic() + ")");
            assertThat(commands.get(2)).isEqualTo("(set-info :status " + e.getValue().answer().smtLib() + ")");
            assertThat(commands.get(commands.size() - 2)).isEqualTo("(check-sat)");
            assertThat(commands.get(commands.size() - 1)).isEqualTo("(exit)");
            for (String c : commands) {
                assertThat(c).as(e.getKey()).matches("\\((set-info|set-logic|declare-fun|assert|check-sat|exit)( .*)?\\)");
                assertThat(NEGATIVE_LITERAL.matcher(c).find()).as("negative literal in " + c).isFalse();
                if (c.startsWith("(assert")) {
                    assertThat(DECIMAL.matcher(c).find()).as("decimal in " + c).isFalse();
                }
            }
        }
    }

    @Test
    void z3CommandLineReachesTheRecordedAnswers(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("z3"), "z3 command-line solver not installed (Debian package z3): skipping the re-check");
        for (Map.Entry<String, SmtOutcome> e : OUTCOMES.entrySet()) {
            Path file = e.getValue().write(dir, e.getKey() + "-");
            String answer = run(List.of("z3", "-smt2", "-T:120", file.toString()));
            assertThat(answer).as(e.getKey()).isEqualTo(e.getValue().answer().smtLib());
        }
    }

    @Test
    void cvc5AgreesOnTheLinearFilesAndParsesTheNonlinearOnesStrictly(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("cvc5"), "cvc5 command-line solver not installed (Debian package cvc5): skipping the re-check");
        for (Map.Entry<String, SmtOutcome> e : OUTCOMES.entrySet()) {
            Path file = e.getValue().write(dir, e.getKey() + "-");
            if (SmtQuery.QF_LRA.equals(e.getValue().query().logic())) {
                String answer = run(List.of("cvc5", "--lang", "smt2", "--strict-parsing", "--tlimit=120000", file.toString()));
                assertThat(answer).as(e.getKey()).isEqualTo(e.getValue().answer().smtLib());
            } else {
                String parsed = run(List.of("cvc5", "--lang", "smt2", "--strict-parsing", "--parse-only", file.toString()));
                assertThat(parsed).as(e.getKey()).isEmpty();
            }
        }
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator, -1)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a solver and returns its output without "success" echoes, trimmed. */
    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("solver did not finish: " + command);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.lines().filter(l -> !l.isBlank() && !l.equals("success")).reduce((a, b) -> a + "\n" + b).orElse("").trim();
    }
}
