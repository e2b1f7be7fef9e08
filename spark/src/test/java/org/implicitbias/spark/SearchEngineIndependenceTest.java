package org.implicitbias.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.implicitbias.claims.CertifiedReferences;
import org.implicitbias.cli.SearchCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counterexample a search stores depends on the spec and the seed only: the local engine and Spark
 * in local mode with one and with two partitions write a file of the same name and the same bytes.
 */
class SearchEngineIndependenceTest {

    @Test
    void localAndSparkWithOneAndTwoPartitionsStoreTheSameCounterexample(@TempDir Path dir) throws IOException {
        List<String[]> engines = List.of(
                new String[]{"--engine", "local", "--threads", "2"},
                new String[]{"--engine", "spark", "--master", "local[1]", "--partitions", "1"},
                new String[]{"--engine", "spark", "--master", "local[2]", "--partitions", "2"});
        byte[] first = null;
        String name = null;
        for (int i = 0; i < engines.size(); i++) {
            Path out = dir.resolve("run" + i);
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            SearchCommand cmd = new SearchCommand(new PrintStream(text, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new CertifiedReferences(), false);
            String[] args = Stream.concat(Stream.of("specs/cd-min-l1.yaml", "--seed", "8", "--budget", "40", "--keep", "1",
                    "--shrink-seconds", "30", "--counterexamples", out.toString()), Stream.of(engines.get(i))).toArray(String[]::new);
            int code = SearchCommand.run(cmd, args);
            String printed = text.toString(StandardCharsets.UTF_8);
            assertThat(code).as(String.join(" ", engines.get(i)) + ": " + printed + err).isEqualTo(1);
            assertThat(printed).contains("on " + engines.get(i)[1]);
            List<Path> files;
            try (Stream<Path> s = Files.list(out)) {
                files = s.toList();
            }
            assertThat(files).hasSize(1);
            byte[] bytes = Files.readAllBytes(files.get(0));
            if (first == null) {
                first = bytes;
                name = files.get(0).getFileName().toString();
                assertThat(name).startsWith("cd-min-l1-");
            } else {
                assertThat(files.get(0).getFileName().toString()).as(String.join(" ", engines.get(i))).isEqualTo(name);
                assertThat(new String(bytes, StandardCharsets.UTF_8)).as(String.join(" ", engines.get(i)))
                        .isEqualTo(new String(first, StandardCharsets.UTF_8));
            }
        }
    }
}
