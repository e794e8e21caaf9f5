package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Hole 1 of issue 10: {@code EosApp.close()} lands while a thread works through a polled batch.
 * The thread breaks out of the batch with records polled but not processed while the consumer's
 * position is already past them. Whatever it commits on the way out, and whatever a new instance
 * with the same {@code instance.id} does next, every record must be processed and committed
 * exactly once: the offset committed for a partition is never beyond the next record the thread
 * has not processed.
 */
class StopMidBatchTest {
    private static final int RECORDS = 10;

    @Test
    void stopMidBatchWithAWallClockPunctuatorLosesNothing() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(shoutAndTick(), config()).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            driver.stepOnce(); // the task exists; its wall-clock punctuator is scheduled
            driver.advanceWallClock(Duration.ofMillis(50)); // and due at the next step
            List<KeyValue<String, String>> expected = send(in);

            // After 4 records the transaction is full and commits (offsets up to k3); the stop
            // request lands right after, so k4..k9 are polled but never processed. The punctuator
            // then writes a tick, which opens a transaction holding no consumed offsets.
            driver.injectFault(Fault.requestStopAfterRecordsSent(4));
            driver.stepOnce();
            driver.runUntilIdle();

            assertThat(shouts(driver)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void stopMidBatchCommitsNoRecordItDidNotProcess() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(shout(), config()).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            List<KeyValue<String, String>> expected = send(in);

            driver.injectFault(Fault.requestStopAfterRecordsSent(6));
            driver.stepOnce();
            driver.runUntilIdle();

            assertThat(shouts(driver)).containsExactlyElementsOf(expected);
            assertThat(driver.primaryMetrics().recordsCommitted()).isEqualTo(RECORDS);
        }
    }

    @Test
    void cleanRestartCommitsInFlightWorkOnceAndGoesOn() {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(shout(), config()).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            List<KeyValue<String, String>> expected = send(in);
            driver.stepOnce(); // two full transactions committed (k0..k7), k8 and k9 in an open one

            driver.restartCleanly();
            assertThat(shouts(driver)).as("close() committed the in-flight work").hasSize(RECORDS);
            expected.addAll(send(in));
            driver.runUntilIdle();

            assertThat(shouts(driver)).containsExactlyElementsOf(expected);
            assertThat(driver.primaryMetrics().recordsCommitted()).isEqualTo(2 * RECORDS);
        }
    }

    /** One partition, transactions of at most 4 records, a commit interval the test never reaches. */
    private static EosConfig config() {
        return EosConfig.builder().applicationId("stopping").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.COMMIT_INTERVAL_MS, 3_600_000)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, 3_610_000)
                .set(EosConfig.TRANSACTION_MAX_RECORDS, 4)
                .build();
    }

    private int sent;

    private List<KeyValue<String, String>> send(TestInput<String, String> in) {
        List<KeyValue<String, String>> expected = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            int n = sent++;
            in.send("k", "e" + n);
            expected.add(KeyValue.of("k", "E" + n));
        }
        return expected;
    }

    private static List<KeyValue<String, String>> shouts(PipelineTestDriver driver) {
        return driver.output("out", Serdes.String(), Serdes.String()).readKeyValues().stream()
                .filter(kv -> !kv.key().equals("tick")).toList();
    }

    private static Pipeline shout() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    /** Upper-cases each record; a 5 ms wall-clock punctuator of the same task writes a tick to the same topic. */
    private static Pipeline shoutAndTick() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, String, String>() {
                    private ProcessorContext<String, String> context;

                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        this.context = context;
                        context.schedule(Duration.ofMillis(5), PunctuationType.WALL_CLOCK_TIME,
                                t -> context.forward(new Record<>("tick", "tick", t)));
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        context.forward(record.withValue(record.value().toUpperCase()));
                    }
                })
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }
}
