package org.implicitbias.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths of the repository's own files (specs/, oracles/, counterexamples/, examples/) for tests, whatever
 * folder the test runs in: the build runs tests from the repository's root, a mutation-testing minion from
 * the module's folder.
 */
public final class Repo {
    private Repo() {
    }

    /** {@code relative} under the nearest folder, from the working directory up, that holds it. */
    public static Path path(String relative) {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(relative);
            if (Files.exists(p)) {
                return here.relativize(p);
            }
        }
        return Path.of(relative);
    }
}
