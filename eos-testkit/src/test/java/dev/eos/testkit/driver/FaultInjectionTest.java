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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Each typed fault strikes inside a step, at its point of the commit protocol, and the
 * committed output is still every expected record exactly once (or, for a fatal error, the
 * error surfaces and nothing partial is committed).
 */
class FaultInjectionTest {
    private static final int RECORDS = 8;

    private final AtomicInteger processed = new AtomicInteger();

    @Test
    void shouldCommitExactlyOnceWhenCrashedAfterSomeRecordsSent() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.crashAfterRecordsSent(3));

            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(processed.get()).as("records processed, replays included").isGreaterThan(RECORDS);
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void shouldCommitExactlyOnceWhenCrashedAfterSendBeforeCommit() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.crashAfterSendBeforeCommit());

            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(processed.get()).isGreaterThan(RECORDS);
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void shouldCommitExactlyOnceWhenCrashedDuringCommitWithOffsetsInTheTransaction() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.crashDuringCommit());

            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(processed.get()).isGreaterThan(RECORDS);
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void shouldCommitExactlyOnceWhenOneOfTwoThreadsCrashesDuringCommit() {
        try (PipelineTestDriver driver = driver(2)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.crashDuringCommit());

            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void stepOnce_shouldRestartTheInstanceWhenACrashStrikesInsideTheStep() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.crashAfterRecordsSent(1));

            driver.stepOnce();

            assertThat(driver.faultPending()).isFalse();
            assertThat(output(driver)).isEmpty();
            driver.runUntilIdle();
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void shouldRetryTheCommitWithoutReprocessingWhenCommitTimesOutOnce() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.failNextCommitWith(new TimeoutException("injected")));

            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(processed.get()).as("a timed-out commit is retried, not aborted").isEqualTo(RECORDS);
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void shouldRetryTheCommitWithoutReprocessingWhenACompletedCommitTimesOut() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.commitTimesOutAfterCommitting());

            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(processed.get()).as("a commit whose outcome is unknown is retried, not replayed")
                    .isEqualTo(RECORDS);
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void shouldAbortAndReprocessExactlyOnceWhenCommitFailsWithAbortableError() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.failNextCommitWith(new TransactionAbortableException("injected")));

            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(processed.get()).as("the aborted transaction's input was reprocessed").isGreaterThan(RECORDS);
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void shouldSurfaceFatalCommitErrorAndCommitNothingOfTheFailedTransaction() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> committedBefore = send(driver, 3);
            driver.runUntilIdle();
            List<KeyValue<String, String>> failed = send(driver, RECORDS);
            driver.injectFault(Fault.failNextCommitWith(new TransactionalIdAuthorizationException("injected")));

            assertThatThrownBy(driver::runUntilIdle).isInstanceOf(TransactionalIdAuthorizationException.class)
                    .hasMessage("injected");

            assertThat(output(driver)).containsExactlyOnce(committedBefore);
            driver.crashAndRestart();
            driver.runUntilIdle();
            List<KeyValue<String, String>> all = new ArrayList<>(committedBefore);
            all.addAll(failed);
            assertThat(output(driver)).containsExactlyOnce(all);
        }
    }

    @Test
    void shouldRecoverAsZombieAndCommitExactlyOnceWhenProducerIsFencedBeforeCommit() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.fenceProducer());

            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(processed.get()).as("the fenced transaction was aborted and its input reprocessed")
                    .isGreaterThan(RECORDS);
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void shouldCommitExactlyOnceWhenOneOfTwoThreadsIsFencedBeforeCommit() {
        try (PipelineTestDriver driver = driver(2)) {
            List<KeyValue<String, String>> expected = send(driver, RECORDS);
            driver.injectFault(Fault.fenceProducer());

            driver.runUntilIdle();

            assertThat(driver.faultPending()).isFalse();
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void injectFault_shouldFireOnceAndLeaveLaterCommitsAlone() {
        try (PipelineTestDriver driver = driver(1)) {
            List<KeyValue<String, String>> expected = new ArrayList<>(send(driver, 2));
            driver.injectFault(Fault.crashDuringCommit());
            driver.runUntilIdle();
            expected.addAll(send(driver, 2));
            int before = processed.get();

            driver.runUntilIdle();

            assertThat(processed.get() - before).isEqualTo(2);
            assertThat(output(driver)).containsExactlyOnce(expected);
        }
    }

    @Test
    void faults_shouldRejectBadArgumentsAndDescribeThemselves() {
        assertThatThrownBy(() -> Fault.crashAfterRecordsSent(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.failNextCommitWith(null)).isInstanceOf(NullPointerException.class);
        assertThat(Fault.crashDuringCommit()).hasToString("Fault[crash during commit]");
        assertThat(Fault.commitTimesOutAfterCommitting()).hasToString("Fault[commit, then time out the commit call]");
    }

    private PipelineTestDriver driver(int threads) {
        EosConfig config = EosConfig.builder().applicationId("faulty").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.NUM_THREADS, threads)
                .set(EosConfig.COMMIT_INTERVAL_MS, 1000)
                .build();
        return PipelineTestDriver.builder(shout(), config).topic("in", 2).topic("out", 2).build();
    }

    /** Upper-cases each value, counting every record it processes, replays included. */
    private Pipeline shout() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .peek((k, v) -> processed.incrementAndGet())
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static final AtomicInteger SENT = new AtomicInteger();

    /** Sends {@code count} fresh records over a few keys; returns the output each should give. */
    private static List<KeyValue<String, String>> send(PipelineTestDriver driver, int count) {
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        List<KeyValue<String, String>> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = SENT.incrementAndGet();
            in.send("k" + n % 3, "event-" + n);
            expected.add(KeyValue.of("k" + n % 3, "EVENT-" + n));
        }
        return expected;
    }

    private static TestOutput<String, String> output(PipelineTestDriver driver) {
        return driver.output("out", Serdes.String(), Serdes.String());
    }
}
