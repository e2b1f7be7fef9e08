package org.implicitbias.engine;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.implicitbias.model.InvalidInputException;

/**
 * Opens the engine {@code --engine} names: {@code local} here, any other through {@link ServiceLoader}
 * over the class path and, when the system property {@value #PATH_PROPERTY} is set (the launcher sets
 * it to the Spark module's jar and libraries), over a class loader of those jars. Loading them only
 * when asked keeps the start of every other command as fast as without them.
 */
public final class Engines {
    /** Class path (entries separated by the platform's separator; {@code dir/*} for every jar of dir). */
    public static final String PATH_PROPERTY = "oracle.engine.path";

    private static ClassLoader extra;

    private Engines() {
    }

    /**
     * Opens an engine.
     *
     * @throws InvalidInputException for an unknown engine, one whose module is not on the class path,
     *                               or bad options of a known one
     */
    public static Engine open(EngineOptions options) {
        String name = options.name() == null ? "local" : options.name().trim();
        if (name.equals("local")) {
            if (options.master() != null) {
                throw new InvalidInputException("--master", options.master(), "no master with --engine local (use --engine spark)");
            }
            return new LocalEngine(options.workers() > 0 ? options.workers() : 2);
        }
        List<String> known = new ArrayList<>(List.of("local"));
        for (EngineProvider p : providers()) {
            if (p.name().equals(name)) {
                return p.open(new EngineOptions(name, options.master(), options.workers()));
            }
            known.add(p.name());
        }
        if (name.equals("spark")) {
            throw new InvalidInputException("--engine", name,
                    "local (the spark engine is not on the class path: build the spark module, e.g. with bin/oracle)");
        }
        throw new InvalidInputException("--engine", name, "one of " + String.join(", ", known));
    }

    private static List<EngineProvider> providers() {
        List<EngineProvider> out = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class, Thread.currentThread().getContextClassLoader()).forEach(out::add);
        if (out.isEmpty()) {
            ClassLoader loader = extraLoader();
            if (loader != null) {
                ServiceLoader.load(EngineProvider.class, loader).forEach(out::add);
            }
        }
        return out;
    }

    /** The class loader of {@value #PATH_PROPERTY}, made once; it becomes the context loader of Spark's threads. */
    private static synchronized ClassLoader extraLoader() {
        if (extra != null) {
            return extra;
        }
        String path = System.getProperty(PATH_PROPERTY);
        if (path == null || path.isBlank()) {
            return null;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator, -1)) {
            try {
                if (entry.endsWith("/*") || entry.endsWith(File.separator + "*")) {
                    Path dir = Path.of(entry.substring(0, entry.length() - 2));
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> s = Files.list(dir)) {
                            for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                                urls.add(jar.toUri().toURL());
                            }
                        }
                    }
                } else if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                    urls.add(Path.of(entry).toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        extra = new URLClassLoader("engines", urls.toArray(new URL[0]), Engines.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(extra);
        return extra;
    }
}
