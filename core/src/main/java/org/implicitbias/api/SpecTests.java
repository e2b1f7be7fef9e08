package org.implicitbias.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * JUnit 5 dynamic tests from a folder of spec files: one test per spec (a container per subfolder),
 * named by the file and linked to it. A test passes when its claim gets the verdict its {@code expect} says,
 * fails with the judgement when it gets the other one, and is aborted (reported as skipped) when the runs
 * are inconclusive.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> claims() {
 *     return SpecTests.fromFolder(Path.of("specs"));
 * }
 * }</pre>
 * Each test opens and closes its own {@link Oracle} session ({@code @BeforeEach} does not run for dynamic tests).
 */
public final class SpecTests {
    private SpecTests() {
    }

    /** One dynamic test per {@code .yaml} spec in the folder, a container per subfolder, in name order. */
    public static Stream<DynamicNode> fromFolder(Path folder) {
        return fromFolder(folder, Oracle.builder());
    }

    /** As {@link #fromFolder(Path)}, each test with a session built from {@code options}. */
    public static Stream<DynamicNode> fromFolder(Path folder, Oracle.Builder options) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return entries.stream().flatMap(p -> {
            if (Files.isDirectory(p)) {
                return Stream.of(DynamicContainer.dynamicContainer(p.getFileName().toString(), p.toUri(),
                        fromFolder(p, options)));
            }
            String name = p.getFileName().toString();
            if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
                return Stream.empty();
            }
            return Stream.of(DynamicTest.dynamicTest(name, p.toUri(), () -> {
                try (Oracle oracle = options.build()) {
                    OracleAssertions.assertThat(oracle.check(Claim.load(p))).passed();
                }
            }));
        });
    }
}
