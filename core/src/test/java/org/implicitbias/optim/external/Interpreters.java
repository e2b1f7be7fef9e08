package org.implicitbias.optim.external;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds a Python interpreter that can import the given modules, for tests that run the example
 * optimizers: Debian's {@code /usr/bin/python3} (where {@code apt-get install python3-numpy python3-torch}
 * puts the modules), then {@code python3} on PATH. Tests are skipped when none can.
 */
public final class Interpreters {
    private static final Map<String, String> FOUND = new ConcurrentHashMap<>();
    private static final String NONE = "";

    private Interpreters() {
    }

    /** The folder of the shipped Python examples (tests run in the project's root). */
    public static Path examples() {
        return Path.of("examples", "python").toAbsolutePath();
    }

    /** An interpreter that imports every module (none: plain python3), or null. */
    public static String python(String... modules) {
        String key = String.join(",", modules);
        String found = FOUND.computeIfAbsent(key, k -> {
            // Debian's interpreter first: it starts faster than a version manager's shim on PATH
            for (String py : List.of("/usr/bin/python3", "python3")) {
                if (imports(py, modules)) {
                    return py;
                }
            }
            return NONE;
        });
        return found.isEmpty() ? null : found;
    }

    /** Whether {@code python3} on PATH (what the shipped examples name) imports every module. */
    public static boolean onPath(String... modules) {
        return "python3".equals(FOUND.computeIfAbsent("path:" + String.join(",", modules),
                k -> imports("python3", modules) ? "python3" : NONE));
    }

    private static boolean imports(String python, String... modules) {
        List<String> cmd = new ArrayList<>(List.of(python, "-c",
                modules.length == 0 ? "pass" : "import " + String.join(", ", modules)));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
