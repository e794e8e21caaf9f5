package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.processor.Record;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class PipelineTestDriverTest {
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    /** Drops values starting with "skip", upper-cases the rest. */
    private static Pipeline shout() {
        return shout(new AtomicInteger());
    }

    /** {@link #shout()}, counting every record it processes, replays included. */
    private static Pipeline shout(AtomicInteger processed) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .peek((k, v) -> processed.incrementAndGet())
                .filterNot((k, v) -> v.startsWith("skip"))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static EosConfig config(int threads) {
        return EosConfig.builder().applicationId("shout").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.NUM_THREADS, threads)
                .set(EosConfig.COMMIT_INTERVAL_MS, COMMIT_INTERVAL.toMillis())
                .build();
    }

    private static PipelineTestDriver driver(int threads) {
        return PipelineTestDriver.builder(shout(), config(threads)).topic("in", 2).topic("out", 2).build();
    }

    @Test
    void runUntilIdle_shouldCommitMappedAndFilteredOutput() {
        try (PipelineTestDriver driver = driver(1)) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
            in.send("a", "one");
            in.send("b", "skip me");
            in.send("a", "two");
            in.send("c", "three");

            driver.runUntilIdle();

            assertThat(out.readKeyValues()).containsExactlyInAnyOrder(
                    KeyValue.of("a", "ONE"), KeyValue.of("a", "TWO"), KeyValue.of("c", "THREE"));
            assertThat(out.finalValuesByKey()).isEqualTo(Map.of("a", "TWO", "c", "THREE"));
        }
    }

    @Test
    void runUntilIdle_shouldProcessEveryPartitionWithSeveralThreads() {
        try (PipelineTestDriver driver = driver(2)) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            List<KeyValue<String, String>> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                in.send("user-" + (i % 9), "event-" + i);
                expected.add(KeyValue.of("user-" + (i % 9), "EVENT-" + i));
            }

            driver.runUntilIdle();

            assertThat(driver.output("out", Serdes.String(), Serdes.String()).readKeyValues())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void readRecords_shouldKeepTheInputTimestampAndHeaders() {
        try (PipelineTestDriver driver = driver(1)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
            driver.input("in", Serdes.String(), Serdes.String()).send("k", "v", 42L, headers);

            driver.runUntilIdle();

            List<Record<String, String>> records = driver.output("out", Serdes.String(), Serdes.String()).readRecords();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).timestamp()).isEqualTo(42L);
            assertThat(new String(records.get(0).headers().lastHeader("trace").value(), StandardCharsets.UTF_8))
                    .isEqualTo("t-1");
        }
    }

    @Test
    void readKeyValues_shouldShowNothingBeforeTheTransactionCommits() {
        try (PipelineTestDriver driver = driver(1)) {
            driver.input("in", Serdes.String(), Serdes.String()).send("k", "v");

            driver.stepOnce(); // processed and sent, inside a transaction not yet due

            assertThat(driver.output("out", Serdes.String(), Serdes.String()).readKeyValues()).isEmpty();
        }
    }

    @Test
    void crashAndRestart_shouldNotDuplicateOutputWhenCrashedBeforeCommit() {
        AtomicInteger processed = new AtomicInteger();
        try (PipelineTestDriver driver = PipelineTestDriver.builder(shout(processed), config(2))
                .topic("in", 2).topic("out", 2).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
            List<KeyValue<String, String>> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                in.send("user-" + (i % 7), "event-" + i);
                expected.add(KeyValue.of("user-" + (i % 7), "EVENT-" + i));
            }
            driver.stepOnce(); // each thread takes a partition and processes it; nothing is committed yet
            assertThat(processed).hasValue(30);
            assertThat(out.readKeyValues()).isEmpty();

            driver.crashAndRestart();
            driver.runUntilIdle();

            assertThat(processed).as("every record processed again after the crash").hasValue(60);
            assertThat(out.readKeyValues()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void crashAndRestart_shouldKeepCommittedOutputAndProcessOnlyTheRest() {
        try (PipelineTestDriver driver = driver(1)) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
            in.send("a", "first");
            driver.runUntilIdle();
            in.send("b", "second");
            driver.stepOnce();

            driver.crashAndRestart();
            driver.runUntilIdle();

            assertThat(out.readKeyValues()).containsExactlyInAnyOrder(
                    KeyValue.of("a", "FIRST"), KeyValue.of("b", "SECOND"));
        }
    }

    @Test
    void advanceWallClock_shouldCommitWhenTheCommitIntervalPassesWhileInputKeepsComing() {
        try (PipelineTestDriver driver = driver(1)) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
            in.send("k", "one");
            driver.stepOnce();
            in.send("k", "two");
            driver.stepOnce(); // more input came: not drained, and the interval has not passed
            assertThat(out.readKeyValues()).isEmpty();

            driver.advanceWallClock(COMMIT_INTERVAL);
            in.send("k", "three");
            driver.stepOnce();

            assertThat(out.readKeyValues()).containsExactly(
                    KeyValue.of("k", "ONE"), KeyValue.of("k", "TWO"), KeyValue.of("k", "THREE"));
        }
    }

    @Test
    void send_shouldStampRecordsWithTheWallClock() {
        try (PipelineTestDriver driver = driver(1)) {
            driver.advanceWallClock(Duration.ofMinutes(5));
            driver.input("in", Serdes.String(), Serdes.String()).send("k", "v");

            driver.runUntilIdle();

            assertThat(driver.output("out", Serdes.String(), Serdes.String()).readRecords())
                    .singleElement()
                    .satisfies(r -> assertThat(r.timestamp()).isEqualTo(driver.wallClockTime().toEpochMilli()));
        }
    }

    @Test
    void close_shouldCommitInFlightWork() {
        PipelineTestDriver driver = driver(1);
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        driver.input("in", Serdes.String(), Serdes.String()).send("k", "v");
        driver.stepOnce();

        driver.close();

        assertThat(out.readKeyValues()).containsExactly(KeyValue.of("k", "V"));
    }

    @Test
    void build_shouldCreateUndeclaredPipelineTopicsWithOnePartition() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(shout(), config(1)).build()) {
            driver.input("in", Serdes.String(), Serdes.String()).send("k", "v");
            driver.runUntilIdle();
            assertThat(driver.output("out", Serdes.String(), Serdes.String()).readKeyValues())
                    .containsExactly(KeyValue.of("k", "V"));
        }
    }

    @Test
    void input_shouldNameTheKnownTopicsWhenTheTopicIsUnknown() {
        try (PipelineTestDriver driver = driver(1)) {
            assertThatThrownBy(() -> driver.input("nope", Serdes.String(), Serdes.String()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nope").hasMessageContaining("[in, out]");
        }
    }

    @Test
    void stepOnce_shouldRethrowAFatalErrorFromUserCode() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .<String>mapValues(v -> {
                    throw new IllegalStateException("boom on " + v);
                })
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        try (PipelineTestDriver driver = PipelineTestDriver.builder(builder.build(), config(1)).build()) {
            driver.input("in", Serdes.String(), Serdes.String()).send("k", "v");

            assertThatThrownBy(driver::runUntilIdle).hasStackTraceContaining("boom on v");
            assertThatThrownBy(driver::runUntilIdle).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("crashAndRestart()");
        }
    }
}
