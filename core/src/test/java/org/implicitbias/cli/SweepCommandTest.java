package org.implicitbias.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.implicitbias.claims.CertifiedReferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        SweepCommand cmd = new SweepCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CertifiedReferences(), false);
        return SweepCommand.run(cmd, args);
    }

    @Test
    void primalMomentumIsConfirmedWithoutMomentumAndRefutedWithIt(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(out, err, "specs/md-primal-momentum.yaml", "--over", "algorithm.momentum.beta=0,0.5",
                "--over", "algorithm.step.eta=0.05,0.1", "--out", dir.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("md-primal-momentum-sweep.csv"));
        assertThat(rows.get(0)).isEqualTo("algorithm.momentum.beta,algorithm.step.eta,verdict,measure,gap,tolerance,"
                + "error-bound,certificate-level,runs,reason");
        assertThat(rows).hasSize(5);
        for (String row : rows.subList(1, 5)) {
            String[] f = row.split(",", -1);
            double gap = Double.parseDouble(f[4]);
            double tol = Double.parseDouble(f[5]);
            if (f[0].equals("0")) {
                // Theorem 1: without momentum mirror descent ends at argmin_G D_psi(w, w0) = (1/2, 1/4)
                assertThat(f[2]).as(row).isEqualTo("confirmed");
                assertThat(gap).isLessThanOrEqualTo(tol);
            } else {
                // Proposition 2a: one step of primal momentum moves the limit elsewhere on G
                assertThat(f[2]).as(row).isEqualTo("refuted");
                assertThat(gap).isGreaterThan(tol);
            }
            assertThat(f[7]).isNotEmpty();
        }
        var png = ImageIO.read(dir.resolve("md-primal-momentum-sweep.png").toFile());
        assertThat(png.getWidth()).isPositive();
        assertThat(Files.readString(dir.resolve("md-primal-momentum-sweep.svg"))).contains("<svg");
        assertThat(text).contains("2 confirmed, 2 refuted, 0 inconclusive");
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        for (String[] args : new String[][]{
                {"specs/md-primal-momentum.yaml", "--over", "algorithm.step.eta=0:1", "--out", dir.toString()},
                {"specs/md-primal-momentum.yaml", "--over", "algorithm.step.eta=1", "--engine", "mapreduce", "--out", dir.toString()},
                {"specs/md-primal-momentum.yaml", "--over", "algorithm.step.eta=1", "--over", "algorithm.momentum.beta=1",
                        "--over", "budget.seconds=1", "--out", dir.toString()},
                {"specs/md-primal-momentum.yaml", "--over", "algorithm.step.eta=1", "--out", file.toString()},
                {"specs/md-primal-momentum.yaml", "--over", "algorithm.step.eta=-1", "--out", dir.toString()},
                {dir.resolve("missing.yaml").toString(), "--over", "algorithm.step.eta=1", "--out", dir.toString()}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(out, err, args)).as(String.join(" ", args) + err).isEqualTo(2);
            String e = err.toString(StandardCharsets.UTF_8).strip();
            assertThat(e).as(String.join(" ", args)).startsWith("error: ").doesNotContain("\n").doesNotContain("Exception");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }
}
