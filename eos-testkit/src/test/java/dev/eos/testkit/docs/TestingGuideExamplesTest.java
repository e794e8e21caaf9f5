package dev.eos.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.assertions.EosAssertions;
import dev.eos.testkit.driver.DriverExtension;
import dev.eos.testkit.driver.Fault;
import dev.eos.testkit.driver.FaultSchedule;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import dev.eos.testkit.driver.TestOutput;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/**
 * The examples of docs/how-to/testing.md, compiled and run; the guide quotes them between the
 * {@code tag::} and {@code end::} comments. The last test checks that every Java snippet of the
 * guide is still found, line for line, in this file or one of the few other sources it quotes.
 */
class TestingGuideExamplesTest {
    // tag::driver-extension[]
    @RegisterExtension
    final DriverExtension drivers = new DriverExtension();

    @Test
    void shouts() {
        PipelineTestDriver driver = drivers.create(shout(), config(), b -> b.topic("in", 2));
        driver.input("in", Serdes.String(), Serdes.String()).send("k", "hello");
        driver.runUntilIdle();
        EosAssertions.assertThat(driver.output("out", Serdes.String(), Serdes.String()))
                .containsExactlyOnce(KeyValue.of("k", "HELLO"));
    }
    // end::driver-extension[]

    @Test
    void firstTest() {
        // tag::first-test[]
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        EosConfig config = EosConfig.builder().applicationId("shout").bootstrapServers("unused:9092").build();

        try (PipelineTestDriver driver = PipelineTestDriver.builder(builder.build(), config)
                .topic("in", 2).topic("out", 2)      // partitions; undeclared topics of the pipeline get 1
                .build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());

            in.send("k", "hello");
            driver.runUntilIdle();                   // step until nothing moves and everything is committed

            assertThat(out.readKeyValues()).containsExactly(KeyValue.of("k", "HELLO"));
        }
        // end::first-test[]
    }

    @Test
    void crashBetweenSteps() {
        PipelineTestDriver driver = drivers.create(shout(), config());
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        // tag::crash-between-steps[]
        in.send("k", "hello");
        driver.stepOnce();          // processed, not yet committed
        assertThat(out.readKeyValues()).isEmpty();
        driver.crashAndRestart();   // the open transaction is aborted
        driver.runUntilIdle();      // processed again and committed once
        assertThat(out.readKeyValues()).containsExactly(KeyValue.of("k", "HELLO"));
        // end::crash-between-steps[]
    }

    @Test
    void faultInsideAStep() {
        PipelineTestDriver driver = drivers.create(shout(), config());
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        // tag::fault-inside-a-step[]
        driver.injectFault(Fault.crashDuringCommit());
        in.send("k", "hello");
        driver.runUntilIdle();              // crashes mid-commit, restarts, reprocesses, commits once
        assertThat(driver.faultPending()).isFalse();
        EosAssertions.assertThat(out).containsExactlyOnce(KeyValue.of("k", "HELLO"));
        // end::fault-inside-a-step[]
    }

    @Test
    void eosAssertions() {
        PipelineTestDriver driver = drivers.create(shout(), config());
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        in.send("k", "hello");
        in.send("k", "world");
        driver.runUntilIdle();
        // tag::eos-assertions[]
        EosAssertions.assertThat(out).containsExactlyOnce(KeyValue.of("k", "HELLO"), KeyValue.of("k", "WORLD"));
        EosAssertions.assertThat(out).hasFinalValues(Map.of("k", "WORLD"));
        // end::eos-assertions[]
        // tag::eos-assertions-failure[]
        assertThatThrownBy(() -> EosAssertions.assertThat(out).containsExactlyOnce(KeyValue.of("k", "HELLO")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("unexpected: (k, WORLD) committed 1 times");
        // end::eos-assertions-failure[]
    }

    @Test
    void seededFaultSchedules() {
        EosConfig config = config();
        // tag::seeded-schedules[]
        for (long seed = 1; seed <= 50; seed++) {
            FaultSchedule schedule = FaultSchedule.random(seed).withSteps(60);
            try (PipelineTestDriver driver = PipelineTestDriver.builder(shout(), config)
                    .topic("in", 3).topic("out", 2).build()) {
                TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
                List<Map.Entry<String, String>> expected = new ArrayList<>();
                schedule.runOn(driver, count -> {
                    for (int i = 0; i < count; i++) {
                        String key = "user-" + expected.size() % 7;
                        String value = "event-" + expected.size();
                        in.send(key, value);
                        expected.add(Map.entry(key, value.toUpperCase()));
                    }
                });
                driver.runUntilIdle();      // let the last fault fire and everything commit

                List<Map.Entry<String, String>> actual = driver.output("out", Serdes.String(), Serdes.String())
                        .readKeyValues().stream().map(kv -> Map.entry(kv.key(), kv.value())).toList();
                VerificationReport report = ExactlyOnceVerifier.verify(expected.size(), expected, actual);
                EosAssertions.assertExactlyOnce(report, schedule.toString());   // names the seed to replay
            }
        }
        // end::seeded-schedules[]
    }

    @Test
    void verifierReport() {
        // tag::verifier-report[]
        VerificationReport report = ExactlyOnceVerifier.verify(3,
                List.of(Map.entry("k", "A"), Map.entry("k", "B"), Map.entry("k", "C")),
                List.of(Map.entry("k", "A"), Map.entry("k", "A"), Map.entry("k", "C")));
        assertThat(report.isExactlyOnce()).isFalse();
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.describe()).contains("duplicate: (k, A) committed 2 times, expected 1",
                "missing: (k, B) committed 0 times, expected 1");
        // end::verifier-report[]
    }

    // ---- the model's edges: markers, unstable offsets, timeouts, expulsion, clean stops

    @Test
    void markersLandAfterTheCommit() {
        PipelineTestDriver driver = drivers.create(shout(), config("pod-0"));
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        // tag::markers-held[]
        in.send("k", "hello");
        driver.transactionMarkers().hold(3);    // markers of the next 3 step rounds stay pending
        driver.stepOnce();                      // processed
        driver.stepOnce();                      // drained: committed, and commitTransaction() returned
        assertThat(driver.primaryMetrics().transactionsCommitted()).isEqualTo(1);
        assertThat(out.readKeyValues()).isEmpty();                  // decided, but not visible yet
        assertThat(driver.transactionMarkers().pending()).containsExactly(
                "COMMITTED marker of transactional.id=shout-pod-0-0 in out-0",
                "COMMITTED marker of transactional.id=shout-pod-0-0 in the offsets of group shout");

        driver.transactionMarkers().deliver(marker -> marker.endsWith("in out-0"));
        assertThat(out.readKeyValues()).containsExactly(KeyValue.of("k", "HELLO"));
        assertThat(driver.transactionMarkers().pending()).hasSize(1);   // the group's offsets are not committed yet
        // end::markers-held[]
        driver.stepOnce(); // the third held round ends: the rest lands
        assertThat(driver.transactionMarkers().pending()).isEmpty();
    }

    @Test
    void taskMovedWhileTheChangelogsStableOffsetLagsKeepsEveryCount() {
        PipelineTestDriver driver = drivers.create(count(), countConfig("moving").build(),
                b -> b.topic("in", 2).topic("out", 2));
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, Long> out = driver.output("out", Serdes.String(), Serdes.Long());
        // tag::task-move-while-markers-held[]
        String key = keyOn(0);                  // a key of input partition 0, the partition that will move
        sendTimes(in, key, 3);
        driver.runUntilIdle();                  // counts 1, 2, 3 committed
        in.send(key, "v");
        driver.transactionMarkers().hold(4);
        driver.stepOnce();
        driver.stepOnce();                      // count 4 committed by the primary; its markers held

        driver.transactionMarkers().deliver(marker -> marker.contains("offsets of group"));
        assertThat(driver.transactionMarkers().pending()).containsExactly(
                "COMMITTED marker of transactional.id=moving-pod-0-0 in moving-counts-changelog-0",
                "COMMITTED marker of transactional.id=moving-pod-0-0 in out-0");
        driver.startSecondInstance();           // task 0 moves while changelog-0's stable offset is below count 4
        driver.runUntilIdle();
        in.send(key, "v");
        driver.runUntilIdle();

        assertThat(driver.secondInstanceAssignment()).contains(new TopicPartition("in", 0));
        assertThat(driver.secondInstanceMetrics().changelogRecordsRestored()).isEqualTo(4);
        assertThat(countsOf(out, key)).containsExactly(1L, 2L, 3L, 4L, 5L);     // a store restored short says 4 again
        // end::task-move-while-markers-held[]
    }

    @Test
    void offsetLookupTimingOutInAnAssignmentLosesNoCount() {
        PipelineTestDriver driver = drivers.create(count(), countConfig("lookups").build(),
                b -> b.topic("in", 2).topic("out", 2));
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, Long> out = driver.output("out", Serdes.String(), Serdes.Long());
        String moved = keyOn(0);
        String stayed = keyOn(1);
        // tag::offset-lookup-timeout[]
        driver.startSecondInstance();           // takes input partition 0
        sendTimes(in, moved, 3);
        sendTimes(in, stayed, 2);
        driver.runUntilIdle();

        driver.stopSecondInstance();            // partition 0 comes back to the primary at its next poll
        driver.injectFault(Fault.timeoutOffsetLookup(2));   // the 2nd committed()/position() from now throws
        sendTimes(in, moved, 2);
        in.send(stayed, "v");
        driver.runUntilIdle();

        assertThat(driver.faultPending()).isFalse();
        assertThat(countsOf(out, moved)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(countsOf(out, stayed)).containsExactly(1L, 2L, 3L);
        // end::offset-lookup-timeout[]
    }

    @Test
    void crashedInstancesTransactionHoldsOutputBackUntilItTimesOut() {
        PipelineTestDriver driver = drivers.create(count(), countConfig("timing-out")
                .set(EosConfig.COMMIT_INTERVAL_MS, 1_000).set(EosConfig.TRANSACTION_TIMEOUT_MS, 60_000).build(),
                b -> b.topic("in", 2).topic("out", 2));
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, Long> out = driver.output("out", Serdes.String(), Serdes.Long());
        String key = keyOn(0);
        // tag::transaction-timeout[]
        driver.startSecondInstance();           // takes input partition 0
        sendTimes(in, key, 2);
        driver.runUntilIdle();                  // counts 1, 2 committed by the second instance
        in.send(key, "v");
        driver.stepOnce();                      // the second instance counts 3 in a transaction it never ends
        driver.crashSecondInstance();           // kill -9: its transaction stays open
        Instant crashedAt = driver.wallClockTime();
        for (int i = 0; i < 5; i++) {
            driver.stepOnce();                  // the primary takes partition 0; its restore waits for that transaction
        }
        assertThat(countsOf(out, key)).containsExactly(1L, 2L);

        driver.runUntilIdle();                  // the clock jumps past transaction.timeout.ms; the coordinator aborts
        assertThat(Duration.between(crashedAt, driver.wallClockTime())).isGreaterThan(Duration.ofSeconds(50));
        assertThat(countsOf(out, key)).containsExactly(1L, 2L, 3L);
        // end::transaction-timeout[]
    }

    @Test
    void transactionOutlivingItsTimeoutIsAbortedAndDoneAgain() {
        PipelineTestDriver driver = drivers.create(count(), countConfig("outlived").build(),
                b -> b.topic("in", 2).topic("out", 2));
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, Long> out = driver.output("out", Serdes.String(), Serdes.Long());
        String key = keyOn(1);
        // tag::live-transaction-timeout[]
        sendTimes(in, key, 2);
        driver.stepOnce();                              // counted, in an open transaction
        driver.advanceWallClock(Duration.ofHours(2));   // past transaction.timeout.ms (just over an hour here)
        driver.runUntilIdle();                          // the coordinator aborted it and fenced the producer

        assertThat(driver.primaryMetrics().producersRecreated()).isPositive();
        assertThat(countsOf(out, key)).containsExactly(1L, 2L);
        // end::live-transaction-timeout[]
    }

    @Test
    void expelledThreadRejoinsAndCountsOnce() {
        PipelineTestDriver driver = drivers.create(count(), countConfig("expelled").build(),
                b -> b.topic("in", 2).topic("out", 2));
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, Long> out = driver.output("out", Serdes.String(), Serdes.Long());
        String key = keyOn(1);
        // tag::expel-between-steps[]
        sendTimes(in, key, 2);
        driver.runUntilIdle();
        sendTimes(in, key, 2);
        driver.stepOnce();                      // counts 3 and 4 in an open transaction

        driver.expelFromGroup(0);               // thread 0's member is gone; the thread does not know yet
        driver.runUntilIdle();                  // it learns at its next poll: partitions lost, aborted, rejoined

        assertThat(countsOf(out, key)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(driver.primaryAssignment()).hasSize(2);
        // end::expel-between-steps[]
    }

    @Test
    void zombieExpelledMidBatchCommitsNothing() {
        PipelineTestDriver driver = drivers.create(count(), countConfig("zombie").build(),
                b -> b.topic("in", 2).topic("out", 2));
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, Long> out = driver.output("out", Serdes.String(), Serdes.Long());
        String a = keyOn(0);
        String b = keyOn(1);
        driver.startSecondInstance();
        driver.runUntilIdle();
        // tag::expel-mid-batch[]
        sendTimes(in, a, 3);
        sendTimes(in, b, 3);
        driver.injectFault(Fault.expelAfterRecordsSent(2));   // a zombie from the 2nd output on
        driver.runUntilIdle();

        assertThat(driver.faultPending()).isFalse();
        assertThat(countsOf(out, a)).containsExactly(1L, 2L, 3L);
        assertThat(countsOf(out, b)).containsExactly(1L, 2L, 3L);
        // end::expel-mid-batch[]
    }

    @Test
    void processorSlowerThanMaxPollIntervalCountsOnce() {
        AtomicReference<PipelineTestDriver> running = new AtomicReference<>();
        AtomicBoolean slept = new AtomicBoolean();
        // tag::slow-processor[]
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .peek((k, v) -> {
                    if (v.equals("slow") && slept.compareAndSet(false, true)) {
                        running.get().advanceWallClock(Duration.ofMinutes(6));   // inside a step: busy time
                    }
                })
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long>as("counts").withKeySerde(Serdes.String()))
                .toStream()
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), countConfig("sleepy").build(),
                b -> b.topic("in", 2).topic("out", 2));
        running.set(driver);
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());

        in.send("k", "v");
        in.send("k", "slow");                   // 6 minutes: past max.poll.interval.ms (5 by default)
        in.send("k", "v");
        driver.runUntilIdle();

        assertThat(driver.primaryMetrics().producersRecreated()).isPositive();   // it was out of the group
        assertThat(countsOf(driver.output("out", Serdes.String(), Serdes.Long()), "k")).containsExactly(1L, 2L, 3L);
        // end::slow-processor[]
    }

    @Test
    void restoreLongerThanMaxPollIntervalRunsOnce() {
        PipelineTestDriver driver = drivers.create(count(), countConfig("slow-restore").build(),
                b -> b.topic("in", 2).topic("out", 2));
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, Long> out = driver.output("out", Serdes.String(), Serdes.Long());
        String key = keyOn(0);
        // tag::slow-restore[]
        driver.startSecondInstance();           // owns partition 0: the primary never sees its counts
        sendTimes(in, key, 12);
        driver.runUntilIdle();

        driver.injectFault(Fault.slowRestore(Duration.ofMinutes(1), Integer.MAX_VALUE));
        Instant before = driver.wallClockTime();
        driver.stopSecondInstance();            // task 0 comes back: 12 changelog records, one a minute
        sendTimes(in, key, 2);
        driver.runUntilIdle();

        assertThat(Duration.between(before, driver.wallClockTime())).isGreaterThan(Duration.ofMinutes(5));
        assertThat(driver.primaryMetrics().changelogRecordsRestored()).isEqualTo(12);   // once, not over and over
        assertThat(countsOf(out, key)).hasSize(14).endsWith(12L, 13L, 14L);
        // end::slow-restore[]
    }

    @Test
    void stopMidBatchCommitsOnlyWhatWasProcessed() {
        EosConfig config = EosConfig.builder().applicationId("stopping").bootstrapServers("unused:9092")
                .set(EosConfig.TRANSACTION_MAX_RECORDS, 4).build();
        PipelineTestDriver driver = drivers.create(shout(), config);
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        // tag::stop-mid-batch[]
        for (int i = 0; i < 10; i++) {
            in.send("k", "e" + i);
        }
        driver.injectFault(Fault.requestStopAfterRecordsSent(6));
        driver.stepOnce();      // e0..e3 committed (transaction.max.records=4); close() lands after e5, so
                                // e6..e9 are polled but not processed; the instance closes and restarts
        assertThat(out.readKeyValues()).hasSize(6);     // close() committed e4 and e5, and no further
        driver.runUntilIdle();

        assertThat(out.readKeyValues()).extracting(KeyValue::value)
                .containsExactly("E0", "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9");
        // end::stop-mid-batch[]
    }

    @Test
    void cleanRestartCommitsInFlightWork() {
        PipelineTestDriver driver = drivers.create(shout(), config());
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        // tag::restart-cleanly[]
        in.send("k", "hello");
        driver.stepOnce();                      // processed, in an open transaction
        assertThat(out.readKeyValues()).isEmpty();
        driver.restartCleanly();                // close(): commits it and leaves; a new instance starts
        assertThat(out.readKeyValues()).containsExactly(KeyValue.of("k", "HELLO"));
        // end::restart-cleanly[]
    }

    @Test
    void edgeActionsTakeSlotsAndKeepTheOtherActionsInOrder() {
        // tag::edge-cases[]
        FaultSchedule schedule = FaultSchedule.random(8).withSteps(60);     // edge actions included
        assertThat(schedule.actions().subList(0, 10)).hasToString("[advance 121ms, expel 1, send 1, advance 122ms, "
                + "send 4, step, send 6, second-instance, restart-cleanly, step]");

        FaultSchedule classic = schedule.withEdgeCases(false);              // the seed's other actions, in order
        assertThat(classic.actions().subList(0, 8)).hasToString("[advance 121ms, send 1, advance 122ms, send 4, "
                + "step, send 6, second-instance, step]");
        assertThat(classic).hasToString("FaultSchedule[seed=8, steps=60, without edge cases]");
        // end::edge-cases[]
    }

    /** Upper-cases every value of "in" into "out". */
    private static Pipeline shout() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static EosConfig config() {
        return EosConfig.builder().applicationId("shout").bootstrapServers("unused:9092").build();
    }

    private static EosConfig config(String instanceId) {
        return EosConfig.builder().applicationId("shout").bootstrapServers("unused:9092")
                .set(EosConfig.INSTANCE_ID, instanceId).build();
    }

    /** Counts the records of each key of "in" into store "counts"; every new count goes to "out". */
    private static Pipeline count() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long>as("counts").withKeySerde(Serdes.String()))
                .toStream()
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    /**
     * A count app that commits only when its input is drained (the interval is an hour), so that
     * one step leaves its work in one open transaction.
     */
    private static EosConfig.Builder countConfig(String applicationId) {
        return EosConfig.builder().applicationId(applicationId).bootstrapServers("unused:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.COMMIT_INTERVAL_MS, 3_600_000)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, 3_610_000);
    }

    /**
     * The first key that Kafka's default partitioner puts on {@code partition} of a two-partition
     * topic. With two instances, the second takes partition 0 and the primary partition 1.
     */
    private static String keyOn(int partition) {
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
                return key;
            }
        }
    }

    private static void sendTimes(TestInput<String, String> in, String key, int times) {
        for (int i = 0; i < times; i++) {
            in.send(key, "v");
        }
    }

    /** The counts committed for {@code key}, in order. */
    private static List<Long> countsOf(TestOutput<String, Long> out, String key) {
        return out.readKeyValues().stream().filter(kv -> kv.key().equals(key)).map(KeyValue::value).toList();
    }

    /** The files the guide may quote, relative to the eos-testkit module. */
    private static final List<String> QUOTED_SOURCES = List.of(
            "src/test/java/dev/eos/testkit/docs/TestingGuideExamplesTest.java",
            "src/test/java/dev/eos/testkit/docs/StateGuideExamplesTest.java",
            "src/test/java/dev/eos/testkit/driver/mutants/Mutants.java",
            "src/test/java/dev/eos/testkit/driver/mutants/SeededRuns.java",
            "src/test/java/dev/eos/testkit/driver/mutants/MutantsAreCaughtTest.java",
            "src/test/java/dev/eos/testkit/driver/DslAgreesWithKafkaStreamsTest.java",
            "src/test/java/dev/eos/it/GuaranteeChecksIT.java",
            "src/test/java/dev/eos/testkit/avro/AvroPipelineIT.java");

    @Test
    void testingGuide_shouldQuoteOnlyCodeFoundInTheTestedSources() throws IOException {
        String guide = Files.readString(Path.of("../docs/how-to/testing.md"));
        List<List<String>> sources = new ArrayList<>();
        for (String source : QUOTED_SOURCES) {
            sources.add(trimmedLines(Files.readString(Path.of(source))));
        }
        Matcher snippets = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        int count = 0;
        while (snippets.find()) {
            count++;
            List<String> snippet = trimmedLines(snippets.group(1)).stream().filter(l -> !l.equals("...")).toList();
            assertThat(sources.stream().anyMatch(lines -> containsRun(lines, snippet)))
                    .as("snippet %d of testing.md is not in %s:%n%s", count, QUOTED_SOURCES, snippets.group(1))
                    .isTrue();
        }
        assertThat(count).as("java snippets in testing.md").isGreaterThanOrEqualTo(8);
    }

    @Test
    void testingGuide_shouldNameOnlyExamplesThatExist() throws IOException {
        String guide = Files.readString(Path.of("../docs/how-to/testing.md"));
        String examples = Files.readString(Path.of(QUOTED_SOURCES.get(0)));
        Matcher names = Pattern.compile("TestingGuideExamplesTest#(\\w+)").matcher(guide);
        int count = 0;
        while (names.find()) {
            count++;
            assertThat(examples).as("testing.md names TestingGuideExamplesTest#%s", names.group(1))
                    .contains("void " + names.group(1) + "()");
        }
        assertThat(count).as("examples named in testing.md").isGreaterThanOrEqualTo(8);
    }

    private static List<String> trimmedLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static boolean containsRun(List<String> lines, List<String> run) {
        return java.util.Collections.indexOfSubList(lines, run) >= 0;
    }
}
