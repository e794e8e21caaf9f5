package dev.eos.internal.state;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link StateDirectory#cleanUnowned()} once when started, before any processing thread
 * exists (so an instance that was down longer than {@code state.cleanup.delay.ms} starts without
 * stale task directories), then every {@code min(delay, 60 s)} on one daemon thread until closed.
 * A failed clean-up is logged and tried again next time.
 */
final class StateCleaner implements AutoCloseable {
    static final Duration MAX_PERIOD = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(StateCleaner.class);

    private final StateDirectory directory;
    private final String applicationId;
    private final ScheduledExecutorService executor;

    private StateCleaner(StateDirectory directory, String applicationId, ScheduledExecutorService executor) {
        this.directory = directory;
        this.applicationId = applicationId;
        this.executor = executor;
    }

    static StateCleaner start(StateDirectory directory, String applicationId, Duration delay) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, applicationId + "-state-cleaner");
            t.setDaemon(true);
            return t;
        });
        StateCleaner cleaner = new StateCleaner(directory, applicationId, executor);
        cleaner.cleanOnce();
        long periodMs = period(delay).toMillis();
        executor.scheduleWithFixedDelay(cleaner::cleanOnce, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return cleaner;
    }

    /** How often the clean-up runs: every {@code delay}, but at least once a minute. */
    static Duration period(Duration delay) {
        return delay.compareTo(MAX_PERIOD) < 0 ? delay : MAX_PERIOD;
    }

    private void cleanOnce() {
        try {
            directory.cleanUnowned();
        } catch (RuntimeException e) {
            log.warn("Eos app {}: cleaning up unused task directories in {} failed; trying again later",
                    applicationId, directory.appDir(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
