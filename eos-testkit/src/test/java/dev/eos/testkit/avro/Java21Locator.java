package dev.eos.testkit.avro;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a Java 21+ runtime for a child JVM (Apicurio Registry is a Quarkus app compiled for
 * Java 21) while the build itself runs on Java 17. Looked for, in this order:
 * <ol>
 *   <li>the system property {@value #PROPERTY} (a JDK or JRE home),</li>
 *   <li>the environment variable {@value #ENV},</li>
 *   <li>the JVM running the tests, if it is 21 or newer,</li>
 *   <li>the newest JDK under {@value #SCAN_DIR} whose {@code release} file says
 *       {@code JAVA_VERSION} 21 or newer.</li>
 * </ol>
 * A home named explicitly (property or variable) that is not a Java 21+ fails at once, naming
 * it: it is never skipped for a scanned one.
 *
 * <pre>{@code
 * Path java = Java21Locator.find();   // e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
 * }</pre>
 */
final class Java21Locator {
    static final String PROPERTY = "eos.java21.home";
    static final String ENV = "JAVA21_HOME";
    static final String SCAN_DIR = "/usr/lib/jvm";
    private static final int MINIMUM = 21;

    private Java21Locator() {
    }

    /** The {@code bin/java} of a Java 21+ runtime; fails naming what was looked at and how to fix it. */
    static Path find() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return checked(Paths.get(property), "system property " + PROPERTY);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return checked(Paths.get(env), "environment variable " + ENV);
        }
        if (Runtime.version().feature() >= MINIMUM) {
            return Paths.get(System.getProperty("java.home"), "bin", "java");
        }
        return scan(Paths.get(SCAN_DIR)).orElseThrow(() -> new IllegalStateException(
                "No Java " + MINIMUM + "+ found to run Apicurio Registry (it needs Java " + MINIMUM
                        + "; the tests run on Java " + Runtime.version().feature() + "). Looked at: system property "
                        + PROPERTY + " (not set), environment variable " + ENV + " (not set), and the JDKs under "
                        + SCAN_DIR + " (none whose 'release' file says JAVA_VERSION >= " + MINIMUM + "). Fix: install a "
                        + "JDK " + MINIMUM + "+ (e.g. Temurin 25) and pass -D" + PROPERTY + "=<its home> or set "
                        + ENV + "."));
    }

    private static Path checked(Path home, String source) {
        Path java = home.resolve("bin").resolve("java");
        Optional<Integer> version = featureVersion(home);
        if (!Files.isExecutable(java) || version.isEmpty()) {
            throw new IllegalStateException(source + "=" + home + " is not a Java home (no executable bin/java or no "
                    + "'release' file with JAVA_VERSION). Fix: point it at a JDK " + MINIMUM + "+ home, or unset it to let "
                    + "the tests look under " + SCAN_DIR + ".");
        }
        if (version.get() < MINIMUM) {
            throw new IllegalStateException(source + "=" + home + " is Java " + version.get() + "; Apicurio Registry "
                    + "needs Java " + MINIMUM + "+. Fix: point it at a JDK " + MINIMUM + "+ home.");
        }
        return java;
    }

    /** The newest Java 21+ under {@code dir}, if any. */
    static Optional<Path> scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> homes = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(Files::isDirectory).forEach(homes::add);
        } catch (IOException e) {
            return Optional.empty();
        }
        return homes.stream()
                .filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
                .filter(home -> featureVersion(home).orElse(0) >= MINIMUM)
                .max(Comparator.comparing((Path home) -> featureVersion(home).orElse(0)).thenComparing(Path::toString))
                .map(home -> home.resolve("bin").resolve("java"));
    }

    /** The feature version (21, 25, ...) a Java home's {@code release} file declares. */
    static Optional<Integer> featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            props.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = props.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
        return parseFeature(version);
    }

    /** "25.0.3" → 25, "21" → 21, "1.8.0_402" → 8. */
    static Optional<Integer> parseFeature(String version) {
        String[] parts = version.split("[.+_-]");
        try {
            int first = Integer.parseInt(parts[0]);
            if (first == 1 && parts.length > 1) {
                return Optional.of(Integer.parseInt(parts[1]));
            }
            return Optional.of(first);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
