package org.implicitbias.oracle.certify;

import org.implicitbias.bench.CertificationBenchmarks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.implicitbias.oracle.certify.Exact.m;
import static org.implicitbias.oracle.certify.Exact.q;
import static org.implicitbias.oracle.certify.Exact.v;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.math3.fraction.BigFraction;
import org.implicitbias.oracle.certify.PolyhedralCertificates.PolyhedralNorm;
import org.junit.jupiter.api.Test;

/**
 * Many certificate checks in one JVM, each in its own Z3 session, on the common pool's threads at once: no
 * session may stay open, and the resident memory may grow by less than {@link #RSS_BOUND_MB} after warm-up.
 * The test runs 3,000 checks (about 2.5 ms each, so it stays fast on a loaded machine); set the system property
 * {@code implicitbias.sessionChecks=10000} for the full run, which
 * {@link CertificationBenchmarks#sessionChurn(int)} also performs.
 */
class SessionResourceTest {
    static final int CHECKS = Integer.getInteger("implicitbias.sessionChecks", 3_000);
    static final long RSS_BOUND_MB = 200;
    private static final BigFraction[][] TOY = {v("0.5", "1.5"), v("1.5", "0.5")};

    @Test
    void tenThousandSessionsLeaveNoContextOpenAndBoundedResidentMemory() throws IOException {
        int before = Z3Session.openSessions();
        for (int i = 0; i < 200; i++) {
            check(i);
        }
        System.gc();
        long rss0 = residentKb();
        long t0 = System.nanoTime();
        // on two threads at once, as a check's runs certify their references: sessions open and close
        // concurrently
        java.util.stream.IntStream.range(0, CHECKS).parallel().forEach(SessionResourceTest::check);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long grownMb = (residentKb() - rss0) / 1024;
        System.out.printf("%d certificate checks in %.1f s, resident memory grew by %d MB%n", CHECKS, seconds, grownMb);
        assertThat(Z3Session.openSessions()).isEqualTo(before);
        assertThat(grownMb).isLessThan(RSS_BOUND_MB);
    }

    /**
     * One small certificate with its own session: mostly a Lemma 10 decision in QF_LRA, every
     * twentieth an entropy box in QF_NRA and every twentieth a quadratic KKT cross-check in QF_LRA.
     */
    private static void check(int i) {
        try (Z3Session s = Z3Session.open(Duration.ofSeconds(10))) {
            Proof p;
            switch (i % 20 == 0 ? 0 : i % 20 == 10 ? 2 : 1) {
                case 0 -> {
                    p = QuadraticCertificates.minBregman(m(new long[] {1, 1}), v(1 + i % 7), v(0, 0), null,
                            new double[] {(1 + i % 7) / 2.0, (1 + i % 7) / 2.0}, null, q("1e-9"), s);
                }
                case 1 -> {
                    p = PolyhedralCertificates.lemma10(PolyhedralNorm.L1, TOY, q("1"), null, s);
                }
                default -> {
                    p = EntropyCertificates.box(m(new long[] {1, 2}), v(1), v(1, 1), new double[] {0.5, 0.25}, q("1e-9"), s);
                }
            }
            if (!p.proved() || p.queries().isEmpty()) {
                throw new AssertionError("check " + i + " was not proved with Z3: " + p);
            }
        }
    }

    static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
