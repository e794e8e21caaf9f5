package dev.eos.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@link CrashablePipelineMain} (or another main class that prints {@value #READY}) in a
 * child JVM: started, awaited until READY, then killed with SIGKILL or stopped with SIGTERM. Its
 * stderr (the app's log) goes to a file under {@code target/crash-logs}, quoted when something
 * goes wrong; its stdout lines are kept for the test to read ({@link #lines()}). Public, and shipped
 * in eos-testkit's test jar, for the crash tests of other modules (eos-jdbc).
 */
public final class ChildPipeline implements AutoCloseable {
    /** The line a child prints on stdout once its app is running. */
    public static final String READY = "READY";
    private static final Path LOG_DIR = Paths.get("target", "crash-logs");

    private final Process process;
    private final Path log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildPipeline(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::readStdout, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the child with {@code args} (see {@link CrashablePipelineMain}). */
    static ChildPipeline start(String runName, String... args) throws IOException {
        return start(runName, CrashablePipelineMain.class, args);
    }

    /** Starts the child running {@code mainClass} with {@code args}; it must print READY when running. */
    public static ChildPipeline start(String runName, Class<?> mainClass, String... args) throws IOException {
        Files.createDirectories(LOG_DIR);
        Path log = LOG_DIR.resolve(runName + ".log");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dorg.slf4j.simpleLogger.log.dev.eos=info");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        return new ChildPipeline(process, log);
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.trim().equals(READY)) {
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    /** Waits until the child printed READY; fails with its log if it does not or dies first. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.await(50, TimeUnit.MILLISECONDS)) {
            assertAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The child pipeline did not print READY within " + timeout + "\n" + logTail());
            }
        }
    }

    /** Every line the child printed on stdout so far, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Fails with the child's log if it is no longer running. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("The child pipeline exited with code " + process.exitValue()
                    + " before it was killed\n" + logTail());
        }
    }

    /** SIGKILL: no shutdown hook runs, the open transaction stays open. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("The child pipeline did not die within 30 s of SIGKILL");
        }
    }

    /** SIGTERM: the app closes cleanly and commits what it has in flight. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The child pipeline did not stop within 30 s of SIGTERM\n" + logTail());
        }
    }

    /** The file the child's stderr (its log) goes to. */
    public Path logFile() {
        return log;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- last lines of " + log.toAbsolutePath() + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log.toAbsolutePath() + ": " + e + ")";
        }
    }

    /** Makes sure the child is gone, whatever happened in the test. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
