package org.implicitbias.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.cli.SweepCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep's table is the same, byte for byte, on the local engine and on Spark with two partitions. */
class SweepEngineIndependenceTest {

    private static String sweep(Path out, String... engine) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SweepCommand cmd = new SweepCommand(new PrintStream(text, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CertifiedReferences(), false);
        String[] args = Stream.concat(Stream.of("specs/md-primal-momentum.yaml", "--over", "algorithm.momentum.beta=0,0.5",
                "--over", "algorithm.step.eta=0.05,0.1,0.5", "--out", out.toString()), Stream.of(engine)).toArray(String[]::new);
        assertThat(SweepCommand.run(cmd, args)).as(text.toString(StandardCharsets.UTF_8) + err).isZero();
        return Files.readString(out.resolve("md-primal-momentum-sweep.csv"));
    }

    @Test
    void localAndSparkWriteTheSameTable(@TempDir Path dir) throws IOException {
        String local = sweep(dir.resolve("local"), "--engine", "local");
        String spark = sweep(dir.resolve("spark"), "--engine", "spark", "--master", "local[2]", "--partitions", "2");
        assertThat(spark).isEqualTo(local);
        // beta = 0 is plain mirror descent (Theorem 1), beta = 0.5 one step of primal momentum (Proposition 2a)
        assertThat(local.lines().filter(l -> l.startsWith("0,")).toList()).allSatisfy(l -> assertThat(l).contains(",confirmed,"));
        assertThat(local.lines().filter(l -> l.startsWith("0.5,0.05,")).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains(",refuted,"));
    }
}
