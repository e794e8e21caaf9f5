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
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10, hole 3 and the model's "two-phase transaction end": a crashed instance's transaction
 * stays open until {@code transaction.timeout.ms}, and so does the changelog's last stable offset
 * (LSO). Instance A counts in a child JVM with {@code transaction.timeout.ms=60000} and is killed
 * with SIGKILL while its transaction holds changelog records. Instance B (another instance.id)
 * takes the partitions, restores, counts more input and commits: its changelog writes, and the
 * checkpoint of its store, now lie above the LSO. Within the 60 s the task moves again (B stops
 * and starts again on its state.dir) and counts more. Every key's committed counts must be
 * exactly {@code 1..n}: a restore that takes the LSO for the changelog's end decides "the
 * changelog was recreated", wipes the store and restores only up to the LSO. (A runtime may
 * instead have B's restore wait until A's transaction ended; then the task does not move inside
 * the window, the timeouts here allow for it, and the counts are checked all the same.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TaskMoveDuringOpenTransactionIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            // The children's consumers use a 2 s session timeout, so a killed member leaves quickly.
            .withBrokerConfig("group.min.session.timeout.ms", "1000")
            // Abort A's transaction soon after its 60 s, not up to 10 s later.
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final int KEYS = 300;
    /** How long changelog records must stay uncommitted to count as held by an open transaction. */
    private static final Duration OPEN_FOR = Duration.ofMillis(40);

    @TempDir
    Path tempDir;

    @Test
    void shouldKeepCountsExactWhenATaskMovesTwiceWhileAKilledInstancesTransactionIsStillOpen() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("open-txn-move-in");
        String out = KAFKA.uniqueTopic("open-txn-move-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        String groupId = StatefulCountMain.applicationId(in);
        String changelog = StatefulCountMain.changelogTopic(in);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();

        try (Admin admin = kafka.admin()) {
            // 1. A counts (slowly, so that most of the time a transaction is open) and is killed
            //    while a transaction holds changelog records, before it sent its offsets.
            send(kafka, in, input, 12_000, 1L);
            long killedAtNanos = killWithChangelogRecordsOfAnOpenTransaction(kafka, admin, in, out, groupId,
                    changelog);
            Map<TopicPartition, Long> stableAtKill = KafkaIo.lastStableOffsets(admin, changelog, PARTITIONS);
            Map<TopicPartition, Long> endsAtKill = KafkaIo.highWatermarks(admin, changelog, PARTITIONS);

            // 2. B takes every partition, restores, counts the rest and more, commits. (A restore
            //    may also wait for A's transaction to end: then the task does not move inside
            //    the window, which is a correct way out, and the test shows that counts stay exact.)
            Path stateDirB = tempDir.resolve("b");
            long restoredByB;
            try (ChildPipeline b = start(kafka, "b-first", in, out, "instance-b", stateDirB)) {
                b.awaitReady(READY_TIMEOUT.plus(TRANSACTION_TIMEOUT));
                send(kafka, in, input, 3_000, 2L);
                KafkaIo.awaitAllConsumed(kafka, groupId, in, PROGRESS_TIMEOUT, b::assertAlive);
                b.stop();
                restoredByB = StatefulCountMain.restoredRecords(b.lines());
            }
            Map<TopicPartition, Long> stableNow = KafkaIo.lastStableOffsets(admin, changelog, PARTITIONS);
            Map<TopicPartition, Long> ends = KafkaIo.highWatermarks(admin, changelog, PARTITIONS);
            System.out.printf("%s: changelog at the kill: LSO %s, end %s; after B's commits: LSO %s, end %s;"
                    + " B restored %d records%n", getClass().getSimpleName(), stableAtKill, endsAtKill, stableNow,
                    ends, restoredByB);
            List<TopicPartition> heldBelowB = stableNow.keySet().stream()
                    .filter(tp -> stableNow.get(tp).equals(stableAtKill.get(tp)) && ends.get(tp) > endsAtKill.get(tp))
                    .toList();

            // 3. The task moves again inside A's transaction timeout: B restarts on its state.dir.
            long restoredAgain;
            try (ChildPipeline again = start(kafka, "b-again", in, out, "instance-b", stateDirB)) {
                again.awaitReady(READY_TIMEOUT.plus(TRANSACTION_TIMEOUT));
                Duration movedAfter = elapsedSince(killedAtNanos);
                System.out.printf("%s: changelog partitions whose LSO A's open transaction held below B's commits: %s;"
                        + " B ran again %d s after the kill (A's transaction.timeout.ms: %d s)%n",
                        getClass().getSimpleName(), heldBelowB, movedAfter.toSeconds(), TRANSACTION_TIMEOUT.toSeconds());
                send(kafka, in, input, 3_000, 3L);
                KafkaIo.awaitAllConsumed(kafka, groupId, in, PROGRESS_TIMEOUT, again::assertAlive);
                // 4. Once the broker aborted A's transaction, everything B committed is readable.
                Await.until("the broker aborted A's transaction (changelog and output LSO = end)",
                        TRANSACTION_TIMEOUT.plusSeconds(30), () -> {
                            again.assertAlive();
                            return !KafkaIo.hasOpenTransactionData(admin, changelog, PARTITIONS, OPEN_FOR)
                                    && !KafkaIo.hasOpenTransactionData(admin, out, PARTITIONS, OPEN_FOR);
                        });
                again.stop();
                restoredAgain = StatefulCountMain.restoredRecords(again.lines());
            }
            System.out.printf("%s: B restarted on its state.dir restored %d changelog records%n",
                    getClass().getSimpleName(), restoredAgain);
        }

        assertThat(Counting.problems(kafka, out, input)).as("keys whose committed counts are not exactly 1..n")
                .isEmpty();
    }

    /**
     * Runs A until it committed part of the input and a transaction of it holds changelog
     * records, then kills it. A kill that lands after A sent its offsets to the transaction (a
     * few milliseconds per commit) would leave offsets pending as well, another situation
     * ({@link ZombieOffsetsTaskMoveIT}); then A is started again (its instance.id aborts the
     * transaction) and killed once more.
     *
     * @return when A was killed ({@link System#nanoTime()})
     */
    private long killWithChangelogRecordsOfAnOpenTransaction(EmbeddedKafkaCluster kafka, Admin admin, String in,
                                                             String out, String groupId, String changelog)
            throws Exception {
        Path stateDirA = tempDir.resolve("a");
        for (int attempt = 1; ; attempt++) {
            try (ChildPipeline a = start(kafka, "a-" + attempt, in, out, "instance-a", stateDirA, "4")) {
                a.awaitReady(READY_TIMEOUT);
                long target = 1_000L * attempt;
                Await.until("A committed " + target + " inputs and has changelog records of an open transaction",
                        PROGRESS_TIMEOUT, () -> {
                            a.assertAlive();
                            return KafkaIo.committedTotal(admin, groupId, in) >= target
                                    && KafkaIo.hasOpenTransactionData(admin, changelog, PARTITIONS, OPEN_FOR);
                        });
                a.kill();
            }
            long killedAt = System.nanoTime();
            if (stableOffsetsReadable(admin, groupId)) {
                return killedAt;
            }
            if (attempt == 3) {
                throw new AssertionError("Three kills of A in a row landed after it sent offsets to its transaction");
            }
        }
    }

    /** Whether the group's committed offsets can be read with require_stable: no offsets are pending. */
    private static boolean stableOffsetsReadable(Admin admin, String groupId) throws InterruptedException {
        try {
            admin.listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().requireStable(true)
                    .timeoutMs(2000)).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private ChildPipeline start(EmbeddedKafkaCluster kafka, String run, String in, String out, String instance,
                                Path stateDir) throws Exception {
        return start(kafka, run, in, out, instance, stateDir, "0");
    }

    private ChildPipeline start(EmbeddedKafkaCluster kafka, String run, String in, String out, String instance,
                                Path stateDir, String recordsPerMs) throws Exception {
        return ChildPipeline.start(in + "-" + run, StatefulCountMain.class, kafka.bootstrapServers(), in, out,
                instance, stateDir.toString(), recordsPerMs, "100",
                "transaction.timeout.ms=" + TRANSACTION_TIMEOUT.toMillis());
    }

    private static void send(EmbeddedKafkaCluster kafka, String in, List<ProducerRecord<byte[], byte[]>> all,
                             int count, long seed) {
        List<ProducerRecord<byte[], byte[]>> phase = CountOutput.randomKeys(in, count, KEYS, seed);
        KafkaIo.produce(kafka, phase);
        all.addAll(phase);
    }

    private static Duration elapsedSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
