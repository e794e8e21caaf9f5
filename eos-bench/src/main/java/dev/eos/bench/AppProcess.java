package dev.eos.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StatefulAppMain} JVM as seen from {@link RestoreBenchmark}: started with this JVM's
 * classpath, its report lines read from stdout, its log appended to a file (with Eos' own INFO lines: restore and commit progress). {@link #kill()}
 * is SIGKILL, a crash; {@link #close()} asks it to close cleanly first.
 */
final class AppProcess implements AutoCloseable {
    private static final long STOP_TIMEOUT_SECONDS = 40;

    private final Process process;
    private final long launchEpochMillis;
    private volatile long startEpochMillis;
    private volatile long runningEpochMillis;
    private volatile long restoredRecords;

    private AppProcess(Process process, long launchEpochMillis) {
        this.process = process;
        this.launchEpochMillis = launchEpochMillis;
        Thread reader = new Thread(this::readStdout, "app-process-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Launches {@code java -cp <classpath> dev.eos.bench.StatefulAppMain args...}. */
    static AppProcess start(Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.log.dev.eos=info", StatefulAppMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long launch = System.currentTimeMillis();
        return new AppProcess(builder.start(), launch);
    }

    private void readStdout() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(StatefulAppMain.START)) {
                    startEpochMillis = Long.parseLong(line.substring(StatefulAppMain.START.length()).trim());
                } else if (line.startsWith(StatefulAppMain.RUNNING)) {
                    runningEpochMillis = Long.parseLong(line.substring(StatefulAppMain.RUNNING.length()).trim());
                } else if (line.startsWith(StatefulAppMain.RESTORED)) {
                    restoredRecords = Long.parseLong(line.substring(StatefulAppMain.RESTORED.length()).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process died; its exit shows in isAlive()
        }
    }

    /** Epoch ms just before the JVM was launched (its start-up included). */
    long launchEpochMillis() {
        return launchEpochMillis;
    }

    /** Epoch ms just before the app was started, or 0 if not yet reported. */
    long startEpochMillis() {
        return startEpochMillis;
    }

    /** Epoch ms of the first RUNNING, or 0 if not yet reported. */
    long runningEpochMillis() {
        return runningEpochMillis;
    }

    /** Changelog records the app replayed, as its restore listener reported them. */
    long restoredRecords() {
        return restoredRecords;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the JVM stops at once, closing nothing. Waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Closes stdin so the app closes cleanly; kills it if it has not exited in time. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
