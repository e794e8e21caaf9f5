package dev.eos.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task directories are deleted once unused for longer than {@code state.cleanup.delay.ms}, and
 * never while in use; every time comes from a manual clock.
 */
class StateDirectoryTest {
    private static final Duration DELAY = Duration.ofMinutes(10);

    /** A clock the test moves by hand; read from several threads. */
    static final class ManualClock extends Clock {
        private volatile long millis;

        ManualClock(long millis) {
            this.millis = millis;
        }

        void advance(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @TempDir
    Path stateDir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private StateDirectory directory;

    private StateDirectory open() {
        directory = StateDirectory.lock(stateDir, "app", EosConfig.STATE_DIR, clock, DELAY);
        return directory;
    }

    @AfterEach
    void close() {
        if (directory != null) {
            directory.close();
        }
    }

    private static Path store(Path taskDir) throws IOException {
        Path store = Files.createDirectories(taskDir.resolve("counts"));
        Files.writeString(store.resolve("000001.sst"), "data");
        return store;
    }

    @Test
    void shouldNeverDeleteADirectoryInUseHoweverLongItRuns() throws IOException {
        StateDirectory dir = open();
        Path task = dir.acquireTask(0, 1);
        Path store = store(task);

        for (int i = 0; i < 10; i++) {
            clock.advance(DELAY.multipliedBy(3));
            assertThat(dir.cleanUnowned()).isEmpty();
        }

        assertThat(store.resolve("000001.sst")).exists();
        assertThat(dir.inUse(0, 1)).isTrue();
    }

    @Test
    void shouldDeleteAReleasedDirectoryOnlyOnceItWasUnusedForLongerThanTheDelay() throws IOException {
        StateDirectory dir = open();
        Path task = dir.acquireTask(1, 3);
        store(task);
        clock.advance(Duration.ofHours(5));
        dir.releaseTask(1, 3);

        clock.advance(DELAY);
        assertThat(dir.cleanUnowned()).as("unused for exactly the delay").isEmpty();
        assertThat(task).exists();

        clock.advance(Duration.ofMillis(1));
        assertThat(dir.cleanUnowned()).containsExactly(task);
        assertThat(task).doesNotExist();
        assertThat(dir.appDir()).isDirectoryNotContaining(p -> !p.getFileName().toString().equals(".lock"));
    }

    @Test
    void shouldGiveAFreshEmptyDirectoryToATaskComingBackAfterItsDirectoryWasDeleted() throws IOException {
        StateDirectory dir = open();
        store(dir.acquireTask(0, 0));
        dir.releaseTask(0, 0);
        clock.advance(DELAY.plusMinutes(1));
        dir.cleanUnowned();

        Path again = dir.acquireTask(0, 0);

        assertThat(again).isDirectoryNotContaining(p -> !p.getFileName().toString().equals(".last-used"));
    }

    @Test
    void shouldKeepADirectoryAcquiredTwiceInUseUntilBothReleaseIt() throws IOException {
        StateDirectory dir = open();
        Path task = dir.acquireTask(0, 2);
        dir.acquireTask(0, 2);
        dir.releaseTask(0, 2);
        clock.advance(DELAY.multipliedBy(2));

        assertThat(dir.cleanUnowned()).isEmpty();
        assertThat(task).exists();

        dir.releaseTask(0, 2);
        clock.advance(DELAY.plusMillis(1));
        assertThat(dir.cleanUnowned()).containsExactly(task);
    }

    @Test
    void shouldCountTheLastRunNotTheAcquisitionAfterACrash() throws IOException {
        StateDirectory dir = open();
        Path task = dir.acquireTask(0, 0);
        store(task);
        // The task runs for an hour; the periodic clean-up refreshes its last use meanwhile.
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofMinutes(1));
            dir.cleanUnowned();
        }
        // Crash: no release; the lock goes with the process.
        dir.close();
        directory = null;

        clock.advance(DELAY.minusMinutes(1));
        StateDirectory restarted = open();
        assertThat(restarted.cleanUnowned()).as("9 minutes after the last run").isEmpty();
        assertThat(task).exists();

        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        assertThat(restarted.cleanUnowned()).as("just over 10 minutes after the last run").containsExactly(task);
    }

    @Test
    void shouldNeverTouchTheLockFileNorEntriesThatAreNotTaskDirectories() throws IOException {
        StateDirectory dir = open();
        Path notes = Files.writeString(dir.appDir().resolve("README"), "mine");
        Path other = Files.createDirectories(dir.appDir().resolve("backup"));
        Path oddTask = Files.createDirectories(dir.appDir().resolve("0_x"));
        clock.advance(DELAY.multipliedBy(100));

        dir.cleanUnowned();
        clock.advance(DELAY.multipliedBy(100));
        dir.cleanUnowned();

        assertThat(dir.appDir().resolve(".lock")).exists();
        assertThat(notes).exists();
        assertThat(other).exists();
        assertThat(oddTask).exists();
    }

    @Test
    void shouldStampADirectoryWithoutLastUseTimeInsteadOfDeletingItAtOnce() throws IOException {
        StateDirectory dir = open();
        Path legacy = Files.createDirectories(dir.appDir().resolve("2_5"));
        store(legacy);

        assertThat(dir.cleanUnowned()).isEmpty();
        clock.advance(DELAY);
        assertThat(dir.cleanUnowned()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(dir.cleanUnowned()).containsExactly(legacy);
    }

    @Test
    void shouldFinishDeletingADirectoryThatACrashLeftHalfDeleted() throws IOException {
        StateDirectory dir = open();
        Path retired = Files.createDirectories(dir.appDir().resolve(".deleting-0_3-1700000000000"));
        store(retired);

        dir.cleanUnowned();

        assertThat(retired).doesNotExist();
    }

    @Test
    void shouldCleanAtStartBeforeAnyThreadTakesATask() throws IOException {
        StateDirectory first = open();
        Path stale = first.acquireTask(0, 0);
        Path recent = first.acquireTask(0, 1);
        store(stale);
        store(recent);
        first.releaseTask(0, 0);
        clock.advance(Duration.ofMinutes(30));
        first.releaseTask(0, 1);
        first.close();
        directory = null;
        clock.advance(Duration.ofMinutes(5));

        EosConfig config = EosConfig.builder().applicationId("app").bootstrapServers("localhost:9092")
                .set(EosConfig.STATE_DIR, stateDir.toString())
                .set(EosConfig.STATE_CLEANUP_DELAY_MS, DELAY.toMillis()).build();
        dev.eos.dsl.PipelineBuilder b = new dev.eos.dsl.PipelineBuilder();
        b.stream("in", dev.eos.dsl.Consumed.with(org.apache.kafka.common.serialization.Serdes.String(),
                        org.apache.kafka.common.serialization.Serdes.String()))
                .groupByKey(dev.eos.dsl.Grouped.with(org.apache.kafka.common.serialization.Serdes.String(),
                        org.apache.kafka.common.serialization.Serdes.String()))
                .count(dev.eos.dsl.Materialized.<String, Long>as("counts").inMemory());
        dev.eos.internal.plan.LogicalPlan plan = ((dev.eos.internal.plan.LogicalPlan) b.build()).resolve("app");

        try (LocalState state = LocalState.open(plan, config, clock)) {
            assertThat(stale).as("unused for 35 minutes").doesNotExist();
            assertThat(recent).as("unused for 5 minutes").exists();
        }
    }

    @Test
    void shouldCleanEveryDelayButAtLeastOnceAMinute() {
        assertThat(StateCleaner.period(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(StateCleaner.period(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(60));
    }

    /**
     * Processing threads acquire and release while a cleaner deletes with a clock far ahead: a
     * directory is never deleted while held, whatever the interleaving.
     */
    @Test
    void shouldNeverDeleteADirectoryWhileAThreadHoldsItUnderConcurrentCleaning() throws Exception {
        StateDirectory dir = open();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> cleaner = pool.submit(() -> {
                int deleted = 0;
                while (!stop.get()) {
                    clock.advance(DELAY.plusMillis(1));
                    deleted += dir.cleanUnowned().size();
                }
                return deleted;
            });
            List<Future<Object>> workers = List.of(0, 1).stream().map(partition -> pool.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    Path task = dir.acquireTask(0, partition);
                    Path file = store(task).resolve("000001.sst");
                    for (int check = 0; check < 5; check++) {
                        assertThat(file).as("round %d of partition %d", i, partition).exists();
                        Thread.yield();
                    }
                    dir.releaseTask(0, partition);
                }
                return null;
            })).toList();
            for (Future<Object> w : workers) {
                w.get(60, TimeUnit.SECONDS);
            }
            stop.set(true);
            assertThat(cleaner.get(60, TimeUnit.SECONDS)).as("directories the cleaner deleted").isPositive();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }
}
