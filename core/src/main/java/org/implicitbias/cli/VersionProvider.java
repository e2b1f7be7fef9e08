package org.implicitbias.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.implicitbias.linalg.NativeBlas;
import picocli.CommandLine;

/** The version printed by {@code --version}: the Maven version recorded in the jar. */
final class VersionProvider implements CommandLine.IVersionProvider {
    static final String POM_PROPERTIES = "/META-INF/maven/org.implicitbias/implicit-bias-oracle/pom.properties";

    @Override
    public String[] getVersion() {
        String reason = NativeBlas.unavailableReason();
        String fused = NativeBlas.fusedPassUnavailableReason();
        return new String[] {"implicit-bias-oracle " + version(), "Java " + System.getProperty("java.version"),
            "dense kernels: " + (reason == null ? "openblas (one thread) for large matrices, java below"
                    : "java (" + reason + ")"),
            "gradient passes: " + (fused == null ? "fused kernel for large X, java below"
                    : reason == null ? "openblas dgemv for large X, java below (fused kernel: " + fused + ")"
                    : "java (" + reason + ")")};
    }

    /** The project version, or {@code development} when running from compiled classes. */
    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
