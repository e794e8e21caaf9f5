package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.verify.VerificationReport;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * A member removed from the group while its thread keeps running: expelled (its session timed
 * out), or gone past {@code max.poll.interval.ms} because a processor or a restore took too long
 * (hole 7 of issue 10). The zombie's commits are refused, it learns at its next poll that its
 * partitions were lost, and it joins again; counts stay exact and every restore finishes.
 */
class LiveExpulsionTest {

    @Test
    void zombieExpelledMidBatchCommitsNothingAndEveryCountStaysExact() {
        try (PipelineTestDriver driver = CountingScenario.driver(false,
                CountingScenario.config("zombie").build()).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String a = CountingScenario.keyOn(0, 0);
            String b = CountingScenario.keyOn(1, 0);
            counts.send(a, 2);
            counts.send(b, 2);
            driver.runUntilIdle();
            driver.startSecondInstance();
            driver.runUntilIdle();

            counts.send(a, 3);
            counts.send(b, 3);
            driver.injectFault(Fault.expelAfterRecordsSent(2));
            driver.runUntilIdle();

            VerificationReport report = counts.verify();
            assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        }
    }

    @Test
    void expelledBetweenStepsTheThreadLosesItsPartitionsAndRejoins() {
        try (PipelineTestDriver driver = CountingScenario.driver(false,
                CountingScenario.config("expelled").build()).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String key = CountingScenario.keyOn(1, 0);
            counts.send(key, 2);
            driver.runUntilIdle();
            counts.send(key, 2);
            driver.stepOnce(); // counted, not committed

            driver.expelFromGroup(0);
            assertThatThrownBy(() -> driver.expelFromGroup(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no member");
            assertThatThrownBy(() -> driver.expelFromGroup(1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("num.threads=1");
            counts.send(key, 2);
            driver.runUntilIdle();

            VerificationReport report = counts.verify();
            assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
            assertThat(driver.primaryAssignment()).hasSize(CountingScenario.PARTITIONS);
        }
    }

    @Test
    void processorSleepingPastMaxPollIntervalLosesAndDoublesNoCount() {
        AtomicReference<PipelineTestDriver> running = new AtomicReference<>();
        AtomicBoolean slept = new AtomicBoolean();
        try (PipelineTestDriver driver = PipelineTestDriver.builder(countingAndSleepingOnce(running, slept),
                CountingScenario.config("sleepy").build())
                .topic("in", CountingScenario.PARTITIONS).topic("out", CountingScenario.PARTITIONS).build()) {
            running.set(driver);
            CountingScenario counts = new CountingScenario(driver);
            String key = CountingScenario.keyOn(0, 0);
            counts.send(key, 2);
            driver.runUntilIdle();

            counts.send("sleep");
            counts.send(key, 2);
            driver.runUntilIdle();

            assertThat(slept).isTrue();
            VerificationReport report = counts.verify();
            assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        }
    }

    @Test
    void restoreLongerThanMaxPollIntervalFinishes() {
        try (PipelineTestDriver driver = CountingScenario.driver(true,
                CountingScenario.config("slow-restore").build()).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String moved = CountingScenario.keyOn(0, 0);
            driver.startSecondInstance(); // owns partition 0; the primary never had its counts
            counts.send(moved, 12);
            driver.runUntilIdle();

            // Restoring 12 changelog records takes 12 polls of a minute each: past the 5 minutes
            // of max.poll.interval.ms. The store is in memory, so a restore cut short starts over.
            driver.injectFault(Fault.slowRestore(Duration.ofMinutes(1), Integer.MAX_VALUE));
            driver.stopSecondInstance();
            counts.send(moved, 2);
            driver.runUntilIdle();

            VerificationReport report = counts.verify();
            assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        }
    }

    /**
     * The count of {@link CountingScenario}, after a step that, for the key "sleep", moves the
     * driver clock six minutes forward the first time it sees one: a processor taking longer
     * than {@code max.poll.interval.ms} (five minutes).
     */
    private static Pipeline countingAndSleepingOnce(AtomicReference<PipelineTestDriver> driver, AtomicBoolean slept) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .peek((k, v) -> {
                    if (k.equals("sleep") && slept.compareAndSet(false, true)) {
                        driver.get().advanceWallClock(Duration.ofMinutes(6));
                    }
                })
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long>as("counts").withKeySerde(Serdes.String()))
                .toStream()
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }
}
