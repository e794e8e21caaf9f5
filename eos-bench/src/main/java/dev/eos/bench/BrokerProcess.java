package dev.eos.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The broker JVM ({@link BrokerMain}) as seen from the benchmark: started with this JVM's
 * classpath, its bootstrap servers read from its stdout, its log (stderr) written to a file.
 * {@link #close()} closes its stdin, waits, then terminates it; a shutdown hook does the same
 * if the benchmark dies first.
 */
final class BrokerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 15;

    private final Process process;
    private final Path log;
    private final String bootstrapServers;
    private final Optional<String> registryUrl;
    private final Thread shutdownHook;
    private boolean closed;

    private BrokerProcess(Process process, Path log, String bootstrapServers, Optional<String> registryUrl) {
        this.process = process;
        this.log = log;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.shutdownHook = new Thread(this::stop, "broker-process-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Launches {@code java -cp <this JVM's classpath> dev.eos.bench.BrokerMain} and waits for
     * its {@code BOOTSTRAP=} line.
     *
     * @throws IllegalStateException if the broker exits or prints nothing within 120 s; the
     *     process is gone then and the message names its log
     */
    static BrokerProcess start() throws IOException, InterruptedException {
        return start(false);
    }

    /**
     * {@link #start()}, with an embedded schema registry in the broker JVM when
     * {@code withRegistry} ({@link #registryUrl()}).
     */
    static BrokerProcess start(boolean withRegistry) throws IOException, InterruptedException {
        Path log = Files.createTempFile("eos-bench-broker-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName()));
        if (withRegistry) {
            command.add(BrokerMain.WITH_REGISTRY);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(log.toFile());
        Process process = builder.start();
        CompletableFuture<String> bootstrap = new CompletableFuture<>();
        AtomicReference<String> registry = new AtomicReference<>();
        Thread reader = new Thread(() -> readStdout(process, bootstrap, registry), "broker-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            String servers = bootstrap.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new BrokerProcess(process, log, servers, Optional.ofNullable(registry.get()));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw new IllegalStateException("The broker JVM did not report its bootstrap servers within "
                    + START_TIMEOUT_SECONDS + " s (" + e.getMessage() + "); see its log " + log, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * Completes {@code bootstrap} with the first BOOTSTRAP= line (a REGISTRY= line comes before it
     * and goes to {@code registry}), then drains stdout until it ends.
     */
    private static void readStdout(Process process, CompletableFuture<String> bootstrap,
                                   AtomicReference<String> registry) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(BrokerMain.REGISTRY_PREFIX)) {
                    registry.set(line.substring(BrokerMain.REGISTRY_PREFIX.length()).trim());
                }
                if (!bootstrap.isDone() && line.startsWith(BrokerMain.BOOTSTRAP_PREFIX)) {
                    bootstrap.complete(line.substring(BrokerMain.BOOTSTRAP_PREFIX.length()).trim());
                }
            }
        } catch (IOException e) {
            bootstrap.completeExceptionally(e);
        }
        bootstrap.completeExceptionally(new IllegalStateException(
                "the broker JVM exited before printing " + BrokerMain.BOOTSTRAP_PREFIX));
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The URL of the embedded schema registry, if started {@code withRegistry}. */
    Optional<String> registryUrl() {
        return registryUrl;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** Stops the broker JVM and waits for it to exit. Idempotent. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran; stop() is idempotent
        }
    }

    /**
     * 1. Close its stdin: the broker closes the cluster and exits. 2. If it has not exited,
     * terminate it (its own shutdown hook closes the cluster). 3. If still alive, kill it.
     */
    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // Step 1
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // the pipe is already broken: the process is gone or going
            }
            if (process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
            // Step 2
            process.destroy();
            if (process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
            // Step 3
            process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
