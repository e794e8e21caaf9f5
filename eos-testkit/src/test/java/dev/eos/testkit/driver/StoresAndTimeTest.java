package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.TimeWindows;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Record;
import dev.eos.store.KeyValueStore;
import dev.eos.store.Stores;
import dev.eos.store.Windowed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** The driver's stores by name, controlled stream and wall-clock time, and store recovery. */
class StoresAndTimeTest {

    private static EosConfig config() {
        return EosConfig.builder().applicationId("stores").bootstrapServers("unused:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0").build();
    }

    /** Emits "tick" on a 10 s stream-time schedule and on a 1 min wall-clock schedule. */
    private static Pipeline ticking() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, String, String>() {
                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        context.schedule(Duration.ofSeconds(10), PunctuationType.STREAM_TIME,
                                t -> context.forward(new Record<>("stream", "tick@" + t, t)));
                        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME,
                                t -> context.forward(new Record<>("wall", "tick", t)));
                    }

                    @Override
                    public void process(Record<String, String> record) {
                    }
                })
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    @Test
    void shouldFireStreamTimePunctuationsAsRecordTimestampsPassTheirDueTimes() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(ticking(), config()).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("a", "x", 0);
            in.send("a", "x", 5_000);
            in.send("a", "x", 12_000);
            in.send("a", "x", 14_000);
            in.send("a", "x", 45_000);
            driver.runUntilIdle();

            assertThat(driver.output("out", Serdes.String(), Serdes.String()).readKeyValues())
                    .containsExactly(KeyValue.of("stream", "tick@12000"), KeyValue.of("stream", "tick@45000"));
        }
    }

    @Test
    void shouldFireTheSameStreamTimePunctuationsWhenTheInstanceRestartsInBetween() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(ticking(), config()).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("a", "x", 3_000);
            driver.runUntilIdle();
            driver.crashAndRestart();
            in.send("a", "x", 61_000);
            driver.runUntilIdle();

            assertThat(driver.output("out", Serdes.String(), Serdes.String()).readKeyValues())
                    .as("due at 10 000 before the crash; the restarted task knows its stream time was 3 000")
                    .containsExactly(KeyValue.of("stream", "tick@61000"));
        }
    }

    @Test
    void shouldKeepAStateDirectoryTheTestGaveIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path marker = java.nio.file.Files.writeString(dir.resolve("keep-me"), "x");
        try (PipelineTestDriver driver = PipelineTestDriver.builder(counting(), config()).stateDir(dir).build()) {
            driver.input("in", Serdes.String(), Serdes.String()).send("alice", "click");
            driver.runUntilIdle();
        }
        assertThat(marker).exists();
        assertThat(dir.resolve("primary")).isDirectory();
    }

    @Test
    void shouldFireWallClockPunctuationsOnlyWhenTheDriverClockMoves() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(ticking(), config()).build()) {
            driver.input("in", Serdes.String(), Serdes.String()).send("a", "x", 0);
            driver.runUntilIdle();
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
            assertThat(out.readKeyValues()).isEmpty();

            driver.advanceWallClock(Duration.ofSeconds(59));
            driver.runUntilIdle();
            assertThat(out.readKeyValues()).isEmpty();

            driver.advanceWallClock(Duration.ofSeconds(2));
            driver.stepOnce();
            driver.advanceWallClock(Duration.ofSeconds(1)); // lets the thread's commit interval pass
            driver.runUntilIdle();
            assertThat(out.readKeyValues()).containsExactly(KeyValue.of("wall", "tick"));
        }
    }

    private static Pipeline counting() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long>as("counts").withKeySerde(Serdes.String()))
                .toStream()
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    @Test
    void shouldExposeAKeyValueStoreByNameAcrossTasks() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(counting(), config()).topic("in", 3).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            for (String user : List.of("alice", "bob", "alice", "carol", "alice", "bob")) {
                in.send(user, "click");
            }
            driver.runUntilIdle();

            Map<String, Long> counts = driver.keyValueStore("counts");
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("alice", 3L, "bob", 2L, "carol", 1L));
        }
    }

    @Test
    void shouldExposeAWindowStoreByName() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10)))
                .count(Materialized.<String, Long>as("per-10s").withKeySerde(Serdes.String())
                        .withRetention(Duration.ofMinutes(1)))
                .toStream()
                .to("out", Produced.with(dev.eos.dsl.WindowedSerde.of(Serdes.String()), Serdes.Long()));
        try (PipelineTestDriver driver = PipelineTestDriver.builder(builder.build(), config()).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("alice", "click", 1_000);
            in.send("alice", "click", 9_000);
            in.send("alice", "click", 11_000);
            driver.runUntilIdle();

            Map<Windowed<String>, Long> windows = driver.windowStore("per-10s");
            assertThat(windows).containsExactlyInAnyOrderEntriesOf(Map.of(
                    new Windowed<>("alice", 0, 10_000), 2L,
                    new Windowed<>("alice", 10_000, 20_000), 1L));
        }
    }

    @Test
    void shouldRestoreTheCommittedChangelogTailAfterACrashBetweenKafkaCommitAndStoreWrite() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(counting(), config()).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("alice", "click");
            driver.runUntilIdle();
            in.send("alice", "click");
            in.send("bob", "click");
            driver.injectFault(Fault.crashAfterCommitBeforeStoreWrite());
            driver.runUntilIdle();
            in.send("alice", "click");
            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(driver.primaryMetrics().changelogRecordsRestored())
                    .as("the two writes Kafka committed but the crashed store did not").isEqualTo(2);
            assertThat(driver.output("out", Serdes.String(), Serdes.Long()).readKeyValues()).containsExactly(
                    KeyValue.of("alice", 1L), KeyValue.of("alice", 2L), KeyValue.of("bob", 1L),
                    KeyValue.of("alice", 3L));
            assertThat(driver.<String, Long>keyValueStore("counts")).isEqualTo(Map.of("alice", 3L, "bob", 1L));
        }
    }

    @Test
    void shouldKeepCountsExactOnRocksDbAcrossACrashAndRestart() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(counting(), config()).rocksDbStores().build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("alice", "click");
            driver.runUntilIdle();
            in.send("alice", "click");
            driver.injectFault(Fault.crashDuringCommit());
            driver.runUntilIdle();

            assertThat(driver.primaryMetrics().changelogRecordsRestored())
                    .as("the aborted write is not restored; the committed one was already local").isZero();
            assertThat(driver.<String, Long>keyValueStore("counts")).isEqualTo(Map.of("alice", 2L));
            assertThat(driver.output("out", Serdes.String(), Serdes.Long()).readKeyValues())
                    .containsExactly(KeyValue.of("alice", 1L), KeyValue.of("alice", 2L));
        }
    }

    @Test
    void shouldCommitEarlyOnceStoresHoldMorePendingBytesThanAllowed() {
        EosConfig bounded = EosConfig.builder().applicationId("stores").bootstrapServers("unused:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.COMMIT_INTERVAL_MS, 3_600_000)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, 3_700_000)
                .set(EosConfig.STATE_MAX_PENDING_BYTES, 1024)
                .build();
        try (PipelineTestDriver driver = PipelineTestDriver.builder(counting(), bounded).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            for (int i = 0; i < 200; i++) {
                in.send("user-" + i + "-" + "x".repeat(40), "click");
            }
            driver.stepOnce();

            assertThat(driver.primaryMetrics().transactionsCommitted())
                    .as("200 keys of ~50 bytes pass 1 KiB of pending writes several times within one poll")
                    .isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void processorApiStore_shouldBeReadableByName() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.addStateStore(Stores.keyValue("last-seen", Serdes.String(), Serdes.String()));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, String, String>() {
                    private KeyValueStore<String, String> last;

                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        last = context.getStateStore("last-seen");
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        last.put(record.key(), record.value());
                    }
                }, "last-seen")
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        try (PipelineTestDriver driver = PipelineTestDriver.builder(builder.build(), config()).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("alice", "home");
            in.send("alice", "cart");
            driver.runUntilIdle();
            assertThat(driver.<String, String>keyValueStore("last-seen")).isEqualTo(Map.of("alice", "cart"));
        }
    }
}
