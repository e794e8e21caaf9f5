package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.verify.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Hole 2 of issue 10: a {@code committed()} or {@code position()} call fails inside the
 * rebalance callback or in the rewind after an abort, as one does when the group keeps
 * answering UNSTABLE_OFFSET_COMMIT until {@code default.api.timeout.ms}. However the runtime
 * recovers, no owned partition may be skipped, no task may process unprepared, and the thread
 * must live on.
 */
class FailureInsideAssignmentTest {

    @Test
    void timeoutFromCommittedInsideAssignmentNeverSkipsOrLosesRecords() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(shout(), config("assigning").build())
                .topic("in", 2).topic("out", 2).build()) {
            List<KeyValue<String, String>> expected = send(driver, 12);

            driver.injectFault(Fault.timeoutNextOffsetLookup()); // the first position() of the first assignment
            driver.runUntilIdle();

            assertThat(driver.output("out", Serdes.String(), Serdes.String()).readKeyValues())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void timeoutInsideAssignmentNeverLeavesATaskUnrestored() {
        try (PipelineTestDriver driver = CountingScenario.driver(false,
                CountingScenario.config("unrestored").build()).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String moved = CountingScenario.keyOn(0, 0);
            String stayed = CountingScenario.keyOn(1, 0);
            driver.startSecondInstance(); // takes partition 0: its counts are only in changelog-0
            counts.send(moved, 3);
            counts.send(stayed, 2);
            driver.runUntilIdle();

            // Partition 0 comes back to the primary, whose store of task 0 is behind the changelog.
            // Lookup 1 is position(in-0), which creates task 0; lookup 2, position(in-1), fails
            // before task 0 is restored.
            driver.stopSecondInstance();
            driver.injectFault(Fault.timeoutOffsetLookup(2));
            counts.send(moved, 2);
            counts.send(stayed);
            driver.runUntilIdle();

            VerificationReport report = counts.verify();
            assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
            assertThat(driver.<String, Long>keyValueStore("counts")).isEqualTo(counts.finalCounts());
        }
    }

    @Test
    void timeoutInTheRewindAfterAnAbortKeepsTheThreadAliveAndLosesNothing() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(shout(), config("rewinding").build())
                .topic("in", 2).topic("out", 2).build()) {
            List<KeyValue<String, String>> expected = send(driver, 6);
            driver.runUntilIdle();
            expected.addAll(send(driver, 6));

            // The commit fails after the offsets went into the transaction; the runtime aborts and
            // rewinds, but the abort's marker in the group is held back, so the committed offsets
            // stay unstable and the rewind's committed() times out.
            driver.injectFault(Fault.failNextCommitWith(new TransactionAbortableException("injected")));
            driver.transactionMarkers().hold(3);
            driver.runUntilIdle();

            assertThat(driver.output("out", Serdes.String(), Serdes.String()).readKeyValues())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    static EosConfig.Builder config(String applicationId) {
        return EosConfig.builder().applicationId(applicationId).bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0");
    }

    private int sent;

    private List<KeyValue<String, String>> send(PipelineTestDriver driver, int count) {
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        List<KeyValue<String, String>> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = sent++;
            in.send("k" + n, "e" + n);
            expected.add(KeyValue.of("k" + n, "E" + n));
        }
        return expected;
    }

    private static Pipeline shout() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }
}
