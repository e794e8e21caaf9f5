package dev.eos.testkit.driver;

import static dev.eos.testkit.assertions.EosAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * A second instance of the app joins and leaves the group mid-stream, so partitions are revoked
 * from one instance and assigned to the other, with work in flight; the committed output is
 * still every expected record exactly once.
 */
class RebalanceTest {
    private static final int PARTITIONS = 4;
    private static final int KEYS = 16;
    private static final Set<TopicPartition> ALL_INPUT = Set.of(new TopicPartition("in", 0),
            new TopicPartition("in", 1), new TopicPartition("in", 2), new TopicPartition("in", 3));

    private int sent;

    @Test
    void shouldCommitExactlyOnceWhenSecondInstanceJoinsWhileFirstHasUncommittedWork() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = new ArrayList<>(send(driver, 16));
            driver.stepOnce();
            assertThat(output(driver).readKeyValues()).as("processed, not yet committed").isEmpty();

            driver.startSecondInstance();
            expected.addAll(send(driver, 16));
            driver.runUntilIdle();

            assertThat(output(driver)).containsExactlyOnce(expected);
            assertPartitionsSplitBetweenInstances(driver);
            assertThat(driver.primaryMetrics().recordsCommitted()).isPositive();
            assertThat(driver.secondInstanceMetrics().recordsCommitted()).isPositive();
            assertThat(driver.primaryMetrics().recordsCommitted() + driver.secondInstanceMetrics().recordsCommitted())
                    .as("input records committed as consumed, over both instances").isEqualTo(expected.size());
        }
    }

    @Test
    void shouldCommitExactlyOnceWhenSecondInstanceLeavesCleanlyWithUncommittedWork() {
        try (PipelineTestDriver driver = driver(1)) {
            driver.startSecondInstance();
            List<KeyValue<String, String>> expected = new ArrayList<>(send(driver, 16));
            driver.runUntilIdle();
            assertPartitionsSplitBetweenInstances(driver);
            long secondBefore = driver.secondInstanceMetrics().recordsCommitted();
            assertThat(secondBefore).isPositive();

            expected.addAll(send(driver, 16));
            driver.stepOnce();
            driver.stopSecondInstance();

            assertThat(driver.secondInstanceRunning()).isFalse();
            assertThat(driver.primaryAssignment()).as("the partitions moved back").isEqualTo(ALL_INPUT);
            assertThat(driver.secondInstanceMetrics().recordsCommitted())
                    .as("the clean shutdown committed its in-flight work").isGreaterThan(secondBefore);
            expected.addAll(send(driver, 16));
            driver.runUntilIdle();
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void shouldCommitExactlyOnceWhenSecondInstanceCrashesWithUncommittedWork() {
        try (PipelineTestDriver driver = driver(1)) {
            driver.startSecondInstance();
            List<KeyValue<String, String>> expected = new ArrayList<>(send(driver, 16));
            driver.runUntilIdle();
            assertPartitionsSplitBetweenInstances(driver);
            long secondBefore = driver.secondInstanceMetrics().recordsCommitted();

            expected.addAll(send(driver, 16));
            driver.stepOnce();
            driver.crashSecondInstance();

            assertThat(driver.primaryAssignment()).as("the primary takes over every partition").isEqualTo(ALL_INPUT);
            expected.addAll(send(driver, 16));
            driver.runUntilIdle();
            assertThat(output(driver)).containsExactlyOnce(expected);
            assertThat(driver.secondInstanceMetrics().recordsCommitted())
                    .as("nothing more was committed by the crashed instance").isEqualTo(secondBefore);
        }
    }

    @Test
    void shouldCommitExactlyOnceWhenInstancesScaleOutAndInRepeatedlyWithTwoThreadsEach() {
        try (PipelineTestDriver driver = driver(2)) {
            List<KeyValue<String, String>> expected = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                expected.addAll(send(driver, 12));
                driver.stepOnce();
                driver.startSecondInstance();
                expected.addAll(send(driver, 12));
                driver.stepOnce();
                assertPartitionsSplitBetweenInstances(driver);
                if (round % 2 == 0) {
                    driver.stopSecondInstance();
                } else {
                    driver.crashSecondInstance();
                }
                expected.addAll(send(driver, 12));
                driver.stepOnce();
            }
            driver.runUntilIdle();

            assertThat(output(driver)).containsExactlyOnce(expected);
            assertThat(driver.secondInstanceMetrics().recordsCommitted()).isPositive();
        }
    }

    @Test
    void shouldCommitExactlyOnceWhenPrimaryCrashesWhileSecondInstanceRuns() {
        try (PipelineTestDriver driver = driver(1)) {
            driver.startSecondInstance();
            List<KeyValue<String, String>> expected = new ArrayList<>(send(driver, 16));
            driver.stepOnce();
            driver.crashAndRestart();

            assertThat(driver.secondInstanceRunning()).as("the second instance survives").isTrue();
            expected.addAll(send(driver, 16));
            driver.runUntilIdle();
            assertThat(output(driver)).containsExactlyOnce(expected);
            assertPartitionsSplitBetweenInstances(driver);
        }
    }

    @Test
    void secondInstance_shouldRejectStartingTwiceAndStoppingWhenNoneRuns() {
        try (PipelineTestDriver driver = driver(1)) {
            assertThat(driver.secondInstanceAssignment()).isEmpty();
            assertThatThrownBy(driver::stopSecondInstance).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("none is running");
            assertThatThrownBy(driver::crashSecondInstance).isInstanceOf(IllegalStateException.class);
            driver.startSecondInstance();
            assertThatThrownBy(driver::startSecondInstance).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
        }
    }

    private static void assertPartitionsSplitBetweenInstances(PipelineTestDriver driver) {
        Set<TopicPartition> primary = driver.primaryAssignment();
        Set<TopicPartition> second = driver.secondInstanceAssignment();
        assertThat(primary).as("primary's partitions").isNotEmpty();
        assertThat(second).as("second instance's partitions").isNotEmpty().doesNotContainAnyElementsOf(primary);
        Set<TopicPartition> union = new HashSet<>(primary);
        union.addAll(second);
        assertThat(union).isEqualTo(ALL_INPUT);
    }

    private static PipelineTestDriver driver(int threads) {
        EosConfig config = EosConfig.builder().applicationId("scaling").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.NUM_THREADS, threads)
                .set(EosConfig.COMMIT_INTERVAL_MS, 1000)
                .build();
        return PipelineTestDriver.builder(shout(), config)
                .topic("in", PARTITIONS).topic("out", PARTITIONS).build();
    }

    private static Pipeline shout() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    /**
     * Sends {@code count} fresh records over {@value #KEYS} keys, which all four partitions get
     * some of; returns the output each should give.
     */
    private List<KeyValue<String, String>> send(PipelineTestDriver driver, int count) {
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        List<KeyValue<String, String>> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = ++sent;
            in.send("k" + n % KEYS, "event-" + n);
            expected.add(KeyValue.of("k" + n % KEYS, "EVENT-" + n));
        }
        return expected;
    }

    private static TestOutput<String, String> output(PipelineTestDriver driver) {
        return driver.output("out", Serdes.String(), Serdes.String());
    }
}
