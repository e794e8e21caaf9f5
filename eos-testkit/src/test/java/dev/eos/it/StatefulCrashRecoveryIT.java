package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A counting pipeline with a RocksDB store runs in a child JVM that is killed with SIGKILL while
 * transactions are open, several times, and restarted on the same state.dir each time. Aborted
 * store writes must never reach the restarted store: every key's committed counts are exactly
 * {@code 1, 2, ..., n}, without a gap (a lost update) or a repeat (a store ahead of Kafka).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class StatefulCrashRecoveryIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            // The child's consumer uses a 2 s session timeout, so a killed member leaves quickly.
            .withBrokerConfig("group.min.session.timeout.ms", "1000")
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    private static final int INPUT_PARTITIONS = 4;
    private static final int OUTPUT_PARTITIONS = 3;
    private static final int INPUTS = 20_000;
    private static final int KEYS = 500;
    /**
     * Kill the child once this share of the input is committed, then restart it. A kill lands when
     * the test finds an open transaction, which can take a second or more past the target, so the
     * last target leaves 40 % of the input for the run that must still find one.
     */
    private static final double[] KILL_AT = {0.10, 0.22, 0.34, 0.47, 0.60};
    /** How long output must stay uncommitted to count as held by an open transaction. */
    private static final Duration OPEN_FOR = Duration.ofMillis(40);

    @TempDir
    Path stateDir;

    @Test
    void shouldEmitEveryCountExactlyOnceWhenKilledMidTransactionAndRestartedOnTheSameStateDir() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("stateful-crash-in");
        String out = KAFKA.uniqueTopic("stateful-crash-out");
        kafka.createTopic(in, INPUT_PARTITIONS);
        kafka.createTopic(out, OUTPUT_PARTITIONS);
        List<ProducerRecord<byte[], byte[]>> input = CountOutput.randomKeys(in, INPUTS, KEYS, 21L);
        KafkaIo.produce(kafka, input);
        String groupId = StatefulCountMain.applicationId(in);
        List<Long> restoredPerRun = new ArrayList<>();

        try (Admin admin = kafka.admin()) {
            for (int run = 0; run <= KILL_AT.length; run++) {
                try (ChildPipeline child = ChildPipeline.start(in + "-run-" + run, StatefulCountMain.class,
                        kafka.bootstrapServers(), in, out, "instance-a", stateDir.toString(), "4", "100")) {
                    child.awaitReady(READY_TIMEOUT);
                    if (run == KILL_AT.length) {
                        // The last run finishes the input and stops cleanly.
                        KafkaIo.awaitAllConsumed(kafka, groupId, in, PROGRESS_TIMEOUT, child::assertAlive);
                        child.stop();
                        restoredPerRun.add(StatefulCountMain.restoredRecords(child.lines()));
                        break;
                    }
                    long target = (long) (INPUTS * KILL_AT[run]);
                    Await.until(groupId + " committed at least " + target + " input records and has output of an open"
                            + " transaction on the broker", PROGRESS_TIMEOUT, () -> {
                        child.assertAlive();
                        return KafkaIo.committedTotal(admin, groupId, in) >= target
                                && KafkaIo.hasOpenTransactionData(admin, out, OUTPUT_PARTITIONS, OPEN_FOR);
                    });
                    child.kill();
                    restoredPerRun.add(StatefulCountMain.restoredRecords(child.lines()));
                }
            }
        }

        List<ConsumerRecord<byte[], byte[]>> committed = KafkaIo.readCommitted(kafka, out, INPUTS);
        Map<String, Long> oracle = CountOutput.oracle(input);
        assertThat(CountOutput.problems(oracle, CountOutput.updatesByKey(committed), 20))
                .as("keys whose committed counts are not exactly 1..n").isEmpty();
        assertThat(committed).hasSize(INPUTS);
        // Every kill found output of an open transaction on the broker: it was aborted, and its
        // inputs were counted again by the next run from the restored store.
        int written = KafkaIo.readUncommitted(kafka, out).size();
        assertThat(written).as("count updates written to %s, committed or aborted", out).isGreaterThan(INPUTS);
        int changelogWritten = KafkaIo.readUncommitted(kafka, StatefulCountMain.changelogTopic(in)).size();
        assertThat(changelogWritten).as("changelog records written, committed or aborted").isGreaterThan(INPUTS);
        System.out.printf("%s: %d count updates committed, %d written (aborted ones included); %d changelog records"
                + " written; changelog records restored per run: %s%n", getClass().getSimpleName(), committed.size(),
                written, changelogWritten, restoredPerRun);
    }
}
