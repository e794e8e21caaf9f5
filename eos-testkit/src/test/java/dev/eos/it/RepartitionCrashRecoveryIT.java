package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a repartition hop: {@code groupBy(value).count()} in a child JVM that is
 * killed with SIGKILL while transactions are open, several times, and restarted with the same
 * instance.id on the same state.dir. Records written to the repartition topic by an aborted
 * transaction must never be counted, and records read from it must be counted once: for every new
 * key the committed counts are exactly {@code 1, 2, ..., n}.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RepartitionCrashRecoveryIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            // The child's consumer uses a 2 s session timeout, so a killed member leaves quickly.
            .withBrokerConfig("group.min.session.timeout.ms", "1000")
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    private static final int INPUT_PARTITIONS = 4;
    private static final int OUTPUT_PARTITIONS = 3;
    /**
     * Enough that the throttled child (3 records/ms) still has input left after the last kill:
     * a kill lands when the test finds an open transaction, seen up to ~3,300 records past its
     * target, so the last target leaves 45 % of the input.
     */
    private static final int INPUTS = 20_000;
    private static final int SOURCE_KEYS = 60;
    private static final int NEW_KEYS = 300;
    /** Kill the child once this share of the input is committed, then restart it. */
    private static final double[] KILL_AT = {0.10, 0.25, 0.40, 0.55};
    /** How long output must stay uncommitted to count as held by an open transaction. */
    private static final Duration OPEN_FOR = Duration.ofMillis(40);

    @TempDir
    Path stateDir;

    @Test
    void shouldCountEveryRecordOnceAcrossTheRepartitionTopicWhenKilledMidTransaction() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("rp-crash-in");
        String out = KAFKA.uniqueTopic("rp-crash-out");
        kafka.createTopic(in, INPUT_PARTITIONS);
        kafka.createTopic(out, OUTPUT_PARTITIONS);
        List<ProducerRecord<byte[], byte[]>> input = input(in);
        KafkaIo.produce(kafka, input);
        String groupId = RepartitionCountMain.applicationId(in);
        String hop = RepartitionCountMain.repartitionTopic(in);
        List<Long> restoredPerRun = new ArrayList<>();
        List<Long> committedAtKill = new ArrayList<>();

        try (Admin admin = kafka.admin()) {
            for (int run = 0; run <= KILL_AT.length; run++) {
                try (ChildPipeline child = ChildPipeline.start(in + "-run-" + run, RepartitionCountMain.class,
                        kafka.bootstrapServers(), in, out, "instance-a", stateDir.toString(), "3", "100")) {
                    child.awaitReady(READY_TIMEOUT);
                    if (run == KILL_AT.length) {
                        // The last run finishes the input, then its counts, and stops cleanly.
                        KafkaIo.awaitAllConsumed(kafka, groupId, in, PROGRESS_TIMEOUT, child::assertAlive);
                        KafkaIo.readCommitted(kafka, out, INPUTS);
                        child.assertAlive();
                        child.stop();
                        restoredPerRun.add(StatefulCountMain.restoredRecords(child.lines()));
                        break;
                    }
                    // Each run makes progress of its own before it is killed.
                    long target = Math.max((long) (INPUTS * KILL_AT[run]),
                            (committedAtKill.isEmpty() ? 0 : committedAtKill.get(committedAtKill.size() - 1))
                                    + INPUTS / 25);
                    Await.until(groupId + " committed at least " + target + " input records and has count updates of"
                            + " an open transaction in " + out, PROGRESS_TIMEOUT, () -> {
                        child.assertAlive();
                        return KafkaIo.committedTotal(admin, groupId, in) >= target
                                && KafkaIo.hasOpenTransactionData(admin, out, OUTPUT_PARTITIONS, OPEN_FOR);
                    });
                    child.kill();
                    committedAtKill.add(KafkaIo.committedTotal(admin, groupId, in));
                    restoredPerRun.add(StatefulCountMain.restoredRecords(child.lines()));
                }
            }
        }

        List<ConsumerRecord<byte[], byte[]>> committed = KafkaIo.readCommitted(kafka, out, INPUTS);
        assertThat(CountOutput.problems(oracle(input), CountOutput.updatesByKey(committed), 20))
                .as("new keys whose committed counts are not exactly 1..n").isEmpty();
        assertThat(committed).hasSize(INPUTS);
        List<ConsumerRecord<byte[], byte[]>> hopCommitted = KafkaIo.readCommitted(kafka, hop, INPUTS);
        assertThat(hopCommitted).as("committed records in %s", hop).hasSize(INPUTS);
        // The kills found open transactions: their records in the repartition topic and the output
        // were aborted, and the inputs behind them were processed again by the next run.
        int hopWritten = KafkaIo.readUncommitted(kafka, hop).size();
        int outWritten = KafkaIo.readUncommitted(kafka, out).size();
        assertThat(hopWritten).as("records written to %s, committed or aborted", hop).isGreaterThan(INPUTS);
        assertThat(outWritten).as("count updates written to %s, committed or aborted", out).isGreaterThan(INPUTS);
        System.out.printf("%s: %d inputs, %d kills at committed inputs %s; repartition topic: %d committed, %d"
                + " written (aborted included); output: %d committed, %d written; changelog records restored per"
                + " run: %s%n", getClass().getSimpleName(), INPUTS, KILL_AT.length, committedAtKill,
                hopCommitted.size(), hopWritten, committed.size(), outWritten, restoredPerRun);
    }

    /** Records keyed by one of {@value #SOURCE_KEYS} source keys, whose value is the new key. */
    private static List<ProducerRecord<byte[], byte[]>> input(String topic) {
        Random random = new Random(31L);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            out.add(KafkaIo.record(topic, "src-" + random.nextInt(SOURCE_KEYS), CountOutput.key(random.nextInt(NEW_KEYS))));
        }
        return out;
    }

    /** How many records each new key (the value) has. */
    private static Map<String, Long> oracle(List<ProducerRecord<byte[], byte[]>> input) {
        Map<String, Long> counts = new TreeMap<>();
        input.forEach(r -> counts.merge(KafkaIo.string(r.value()), 1L, Long::sum));
        return counts;
    }
}
