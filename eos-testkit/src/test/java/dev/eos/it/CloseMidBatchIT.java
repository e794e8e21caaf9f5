package dev.eos.it;

import static dev.eos.it.KafkaIo.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Record;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, hole 1: {@code close()} landing in the middle of a polled batch. The thread breaks out
 * of the batch with records unprocessed while the consumer's position is already past them; if
 * its last mid-batch commit cleared the consumed offsets and a wall-clock punctuator then
 * forwards output, the closing commit must not take {@code position()} as the offset to commit.
 *
 * <p>A backlog is worked off by a pass-through app with a 5 ms wall-clock punctuator writing to a
 * second topic from the same sub-topology, with small transactions so that mid-batch commits are
 * frequent; the app is closed with {@code close()} and created again (same instance.id) every
 * 0.3 to 1.2 s while it works. Every input must reach the main output exactly once. The same run
 * without the punctuator is the control: it shows that the schedule of closes alone loses nothing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CloseMidBatchIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final String TICK = "tick";
    private static final int PARTITIONS = 2;
    /** Enough that a fast machine still needs several closes to work it off (the scenario needs more than 3). */
    private static final int INPUTS = 150_000;
    /** A commit every this many records: most closes land during or right after a mid-batch commit. */
    private static final int TRANSACTION_MAX_RECORDS = 100;
    private static final Duration WORK_OFF_TIMEOUT = Duration.ofSeconds(120);
    private static final long SEED = 10L;

    @TempDir
    Path stateDir;

    @Test
    void shouldNeverCommitAnOffsetPastAnUnprocessedRecordWhenClosedMidBatchWithAWallClockPunctuator()
            throws Exception {
        int ticks = closeRepeatedlyWhileWorkingOffABacklog("close-ticking", true);
        assertThat(ticks).as("punctuator outputs committed").isPositive();
    }

    @Test
    void shouldDeliverEveryInputExactlyOnceWhenClosedMidBatchWithoutAPunctuator() throws Exception {
        closeRepeatedlyWhileWorkingOffABacklog("close-plain", false);
    }

    /**
     * Works off the backlog with apps closed and recreated while they work; asserts that every
     * input reached the main output exactly once.
     *
     * @return how many ticks the punctuator committed
     */
    private int closeRepeatedlyWhileWorkingOffABacklog(String name, boolean withTicks) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic(name + "-in");
        String out = KAFKA.uniqueTopic(name + "-out");
        String ticks = KAFKA.uniqueTopic(name + "-ticks");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        kafka.createTopic(ticks, 1);
        String appId = KAFKA.uniqueTopic(name + "-app");
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            input.add(KafkaIo.record(in, "k" + (i % 1000), "e" + i));
        }
        Backlog.produce(kafka, input);
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.INSTANCE_ID, "instance-a")
                .set(EosConfig.STATE_DIR, stateDir.resolve(name).toString())
                .set(EosConfig.TRANSACTION_MAX_RECORDS, TRANSACTION_MAX_RECORDS)
                .build();
        Pipeline pipeline = passThrough(in, out, withTicks ? ticks : null);

        Random random = new Random(SEED);
        int closes = 0;
        long deadline = System.nanoTime() + WORK_OFF_TIMEOUT.toNanos();
        try (Admin admin = kafka.admin()) {
            while (KafkaIo.committedTotal(admin, appId, in) < INPUTS) {
                assertThat(System.nanoTime()).as("the backlog was worked off within %s (%d closes so far)",
                        WORK_OFF_TIMEOUT, closes).isLessThan(deadline);
                try (EosApp app = EosApp.create(pipeline, config)) {
                    Apps.startAndAwaitRunning(app);
                    // The schedule of the scenario, not a wait for a condition: close while it works.
                    TimeUnit.MILLISECONDS.sleep(300 + random.nextInt(900));
                    Counting.failIfDead(app);
                }
                closes++;
            }
        }

        List<Map.Entry<String, String>> expected = new ArrayList<>(INPUTS);
        for (ProducerRecord<byte[], byte[]> r : input) {
            expected.add(entry(KafkaIo.string(r.key()), KafkaIo.string(r.value())));
        }
        List<Map.Entry<String, String>> actual = KafkaIo.asStrings(Counting.readAllCommitted(kafka, out));
        int tickCount = Counting.readAllCommitted(kafka, ticks).size();
        VerificationReport report = ExactlyOnceVerifier.verify(INPUTS, expected, actual);
        System.out.printf("%s %s: %d closes; %d ticks committed; %s%n", getClass().getSimpleName(), name, closes,
                tickCount, report.summaryLine());
        assertThat(closes).as("closes while the backlog was worked off").isGreaterThan(3);
        assertThat(report.isExactlyOnce()).as("%d closes: %s", closes, report.describe()).isTrue();
        return tickCount;
    }

    /**
     * Every input to {@code out} unchanged; unless {@code ticks} is null, every 5 ms of wall-clock
     * time a tick to {@code ticks}, from the same processor.
     */
    private static Pipeline passThrough(String in, String out, String ticks) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .process(() -> new TickingPassThrough(ticks != null))
                .to(record -> record.value().startsWith(TICK) ? ticks : out, Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    private static final class TickingPassThrough implements Processor<String, String, String, String> {
        private final boolean ticking;
        private ProcessorContext<String, String> context;

        TickingPassThrough(boolean ticking) {
            this.ticking = ticking;
        }

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            if (!ticking) {
                return;
            }
            context.schedule(Duration.ofMillis(5), PunctuationType.WALL_CLOCK_TIME,
                    now -> context.forward(new Record<>(TICK, TICK + "-" + context.taskPartition() + "-" + now, now)));
        }

        @Override
        public void process(Record<String, String> record) {
            context.forward(record);
        }
    }
}
