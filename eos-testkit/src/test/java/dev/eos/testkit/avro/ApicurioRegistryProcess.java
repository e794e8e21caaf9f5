package dev.eos.testkit.avro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry 3 (a Quarkus app, in-memory storage) in a child JVM on loopback, for
 * the integration tests that check Eos's registry client and serdes against a registry that is
 * not ours. Start it once per test class: it takes ~8 s.
 *
 * <p>It needs two things the build provides: the unpacked app (eos-testkit's pom unpacks
 * {@code io.apicurio:apicurio-registry-app:tar.gz:all} in {@code pre-integration-test} and passes
 * its folder as the system property {@value #HOME_PROPERTY}), and a Java 21+ runtime
 * ({@link Java21Locator}). When either is missing, {@link #start} fails with a message naming
 * what is missing and how to fix it: these tests never skip silently.
 *
 * <p>The child listens on two free loopback ports (HTTP and Quarkus' management interface), logs
 * to {@code target/apicurio-logs/<name>.log}, and is killed with its process tree on
 * {@link #close()} (and by a shutdown hook if the test JVM exits first).
 *
 * <pre>{@code
 * static ApicurioRegistryProcess registry;
 *
 * @BeforeAll static void startRegistry() { registry = ApicurioRegistryProcess.start("MyIT"); }
 * @AfterAll static void stopRegistry() { registry.close(); }
 *
 * // Confluent-compatible API, for Eos's SchemaRegistryClient and serdes:
 * String url = registry.ccompatUrl();   // http://127.0.0.1:41234/apis/ccompat/v7
 * // Apicurio's own API, for Apicurio's serde (apicurio.registry.url):
 * String core = registry.coreUrl();     // http://127.0.0.1:41234/apis/registry/v3
 * }</pre>
 */
public final class ApicurioRegistryProcess implements AutoCloseable {
    /** System property: the folder holding Apicurio Registry's {@code quarkus-run.jar}. */
    public static final String HOME_PROPERTY = "eos.apicurio.home";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Path LOG_DIR = Paths.get("target", "apicurio-logs");
    private static final int LOG_TAIL_LINES = 40;
    private static final long POLL_INTERVAL_MILLIS = 200;
    /** In what Quarkus logs when a port it was told to use is taken: "Port 41234 seems to be in use by ...". */
    private static final String PORT_TAKEN = "seems to be in use";

    private final Process process;
    private final Path log;
    private final String baseUrl;
    private final Thread killOnExit;

    private ApicurioRegistryProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
        this.killOnExit = new Thread(this::kill, "apicurio-registry-kill-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts Apicurio Registry and returns once its ccompat API answers.
     *
     * @param name names the log file ({@code target/apicurio-logs/<name>.log}), e.g. the test class
     * @throws IllegalStateException if the app or a Java 21+ is missing, or if the registry exits or
     *     does not answer within 90 s (the message quotes the end of its log)
     */
    public static ApicurioRegistryProcess start(String name) {
        Path quarkusRun = appJar();
        Path java = Java21Locator.find();
        Path log = LOG_DIR.resolve(name + ".log");
        for (int attempt = 1; ; attempt++) {
            ApicurioRegistryProcess registry = launch(java, quarkusRun, log);
            try {
                registry.awaitReady();
                return registry;
            } catch (RuntimeException | Error e) {
                registry.close();
                // Free ports are picked, closed and then bound by the child: another process may
                // take one in between. That, and only that, is worth a second try on new ports.
                if (attempt == 1 && !registry.process.isAlive() && registry.logTail().contains(PORT_TAKEN)) {
                    continue;
                }
                throw e;
            }
        }
    }

    private static ApicurioRegistryProcess launch(Path java, Path quarkusRun, Path log) {
        int httpPort = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xmx512m");
        // C1 only and the serial collector: starts in about half the time on a busy 2-core machine;
        // the tests send the registry a few hundred requests, which need no C2.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Dquarkus.log.console.color=false");
        command.add("-jar");
        command.add(quarkusRun.toString());
        try {
            Files.createDirectories(LOG_DIR);
            Process process = new ProcessBuilder(command)
                    .directory(quarkusRun.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            return new ApicurioRegistryProcess(process, log, "http://127.0.0.1:" + httpPort);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Apicurio Registry with " + command + ": " + e, e);
        }
    }

    /** The Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl + "/apis/ccompat/v7";
    }

    /** Apicurio's own v3 API (what Apicurio's serdes call), e.g. {@code http://127.0.0.1:41234/apis/registry/v3}. */
    public String coreUrl() {
        return baseUrl + "/apis/registry/v3";
    }

    /** The registry JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** Where the registry's output goes. */
    public Path logFile() {
        return log;
    }

    /** Kills the registry and its child processes and waits until they are gone. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or ran anyway
        }
    }

    @Override
    public String toString() {
        return "ApicurioRegistryProcess[" + baseUrl + ", pid " + process.pid() + ", log " + log + "]";
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Apicurio Registry (pid " + process.pid()
                        + ") is still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest subjects = HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Exception lastFailure = null;
        try {
            while (System.nanoTime() - deadline < 0) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                            + " before it was ready; its log " + log + " ends with:\n" + logTail());
                }
                try {
                    if (http.send(subjects, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    lastFailure = notListeningYet;
                }
                TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Apicurio Registry to start", e);
        }
        throw new IllegalStateException("Apicurio Registry did not answer GET " + subjects.uri() + " within "
                + STARTUP_TIMEOUT + " (last attempt: " + lastFailure + "); its log " + log + " ends with:\n"
                + logTail(), lastFailure);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read it: " + e + ")";
        }
    }

    /** Apicurio Registry's {@code quarkus-run.jar}, from {@value #HOME_PROPERTY}. */
    static Path appJar() {
        String home = System.getProperty(HOME_PROPERTY);
        String fix = "Fix: run the integration tests through Maven (mvn -pl eos-testkit -am verify -Dit.test=...), "
                + "whose pre-integration-test phase unpacks io.apicurio:apicurio-registry-app:tar.gz:all into "
                + "eos-testkit/target/apicurio-registry and sets " + HOME_PROPERTY + "; from an IDE, run that phase "
                + "once and pass -D" + HOME_PROPERTY + "=<that folder>.";
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("System property " + HOME_PROPERTY
                    + " is not set, so Apicurio Registry cannot be found. " + fix);
        }
        Path jar = Paths.get(home, "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(HOME_PROPERTY + "=" + home + " holds no quarkus-run.jar (Apicurio Registry "
                    + "is not unpacked there). " + fix);
        }
        return jar;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free loopback port for Apicurio Registry", e);
        }
    }
}
