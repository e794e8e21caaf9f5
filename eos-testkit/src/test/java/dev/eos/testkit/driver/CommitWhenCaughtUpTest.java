package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Under exactly-once a thread that has read everything it can commits after
 * {@code commit.min.interval.ms}, not after the whole {@code commit.interval.ms}; a thread with a
 * backlog keeps its transaction open for the interval. The driver's clock only moves when the
 * test moves it, so each step below is exact.
 */
class CommitWhenCaughtUpTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration MIN_INTERVAL = Duration.ofMillis(20);

    private static Pipeline upperCase() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static PipelineTestDriver driver(Map<String, Object> settings) {
        EosConfig config = EosConfig.builder().applicationId("caught-up").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.COMMIT_INTERVAL_MS, INTERVAL.toMillis())
                .set(EosConfig.COMMIT_MIN_INTERVAL_MS, MIN_INTERVAL.toMillis())
                .setAll(settings)
                .build();
        return PipelineTestDriver.builder(upperCase(), config).topic("in", 1).topic("out", 1).build();
    }

    @Test
    void caughtUpThread_shouldCommitOnceTheMinimumIntervalHasPassed() {
        try (PipelineTestDriver driver = driver(Map.of())) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
            in.send("k", "one");
            driver.stepOnce();
            assertThat(out.readKeyValues()).as("caught up, but within the minimum interval").isEmpty();

            driver.advanceWallClock(MIN_INTERVAL);
            in.send("k", "two");
            driver.stepOnce();

            assertThat(out.readKeyValues()).as("committed 20 ms after the last commit, not after 1 s")
                    .containsExactly(KeyValue.of("k", "ONE"), KeyValue.of("k", "TWO"));
        }
    }

    @Test
    void threadWithABacklog_shouldKeepItsTransactionOpenUntilTheInterval() {
        try (PipelineTestDriver driver = driver(Map.of("consumer.max.poll.records", 1))) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
            in.send("k", "one");
            in.send("k", "two");
            in.send("k", "three");
            driver.advanceWallClock(MIN_INTERVAL);
            driver.stepOnce(); // reads one record of three: not caught up
            assertThat(out.readKeyValues()).as("records left to read").isEmpty();

            driver.advanceWallClock(INTERVAL);
            driver.stepOnce();

            assertThat(out.readKeyValues()).as("committed when the interval passed")
                    .containsExactly(KeyValue.of("k", "ONE"), KeyValue.of("k", "TWO"));
        }
    }

    @Test
    void minimumIntervalEqualToTheInterval_shouldCommitOnTheIntervalOnly() {
        try (PipelineTestDriver driver = driver(Map.of(EosConfig.COMMIT_MIN_INTERVAL_MS, INTERVAL.toMillis()))) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
            in.send("k", "one");
            driver.stepOnce();
            driver.advanceWallClock(MIN_INTERVAL);
            in.send("k", "two");
            driver.stepOnce();

            assertThat(out.readKeyValues()).as("as Kafka Streams: nothing before the interval").isEmpty();
        }
    }

    @Test
    void atLeastOnce_shouldCommitOnTheIntervalOnly() {
        try (PipelineTestDriver driver = driver(
                Map.of(EosConfig.PROCESSING_GUARANTEE, "at_least_once"))) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("k", "one");
            driver.stepOnce();
            driver.advanceWallClock(MIN_INTERVAL);
            in.send("k", "two");
            driver.stepOnce();

            assertThat(driver.primaryMetrics().recordsCommitted()).as("offsets committed before the interval")
                    .isZero();

            driver.advanceWallClock(INTERVAL);
            driver.stepOnce();

            assertThat(driver.primaryMetrics().recordsCommitted()).as("committed when the interval passed")
                    .isEqualTo(2);
        }
    }
}
