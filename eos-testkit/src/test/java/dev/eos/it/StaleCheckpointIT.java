package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, hole 5: a local store whose checkpoint does not belong to the changelog as it is
 * now. Instance A counts and stops; another instance writes on; then the changelog loses the
 * records just above A's checkpoint ({@code deleteRecords}: its log start moves past the
 * checkpoint), or is deleted and created again (a new topic id) and grows past the checkpoint.
 * A restarts on its old state.dir. Its store must then hold exactly what the changelog holds, as
 * if rebuilt from it: no stale key kept from the old local state, no record of the new changelog
 * skipped. Checked through the counts A emits for one more record of every key: each must be the
 * changelog's latest count for that key plus one (1 for a key the changelog no longer has).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StaleCheckpointIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 2;
    /** A DSL store value (in its changelog too) starts with the 8-byte timestamp of the update. */
    private static final int STORE_TIMESTAMP_BYTES = Long.BYTES;

    @TempDir
    Path tempDir;

    @Test
    void shouldRebuildTheStoreFromTheChangelogWhenItsCheckpointIsBelowTheLogStartOffset() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        Topics t = topics(kafka, "below-log-start");
        try (Admin admin = kafka.admin()) {
            // A counts every key once; its checkpoint is the changelog's end now.
            countOnce(kafka, t, "instance-a", keys(0, 100));
            Map<TopicPartition, Long> endAtAStop = KafkaIo.highWatermarks(admin, t.changelog, PARTITIONS);

            // B counts every key again, then half of them a third time.
            Map<TopicPartition, Long> cut;
            try (EosApp b = start(kafka, t, "instance-b")) {
                send(kafka, t, keys(0, 100));
                Counting.awaitAllConsumed(kafka, t.appId, t.in, TIMEOUT, b);
                awaitNoOpenTransaction(admin, t.changelog);
                cut = KafkaIo.highWatermarks(admin, t.changelog, PARTITIONS);
                send(kafka, t, keys(0, 50));
                Counting.awaitAllConsumed(kafka, t.appId, t.in, TIMEOUT, b);
            }
            // The records of B's first pass go: the log start moves past A's checkpoint. (The
            // broker deletes records only under a delete policy; add it, keep retention.)
            addDeletePolicy(admin, t.changelog);
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            cut.forEach((tp, offset) -> delete.put(tp, RecordsToDelete.beforeOffset(offset)));
            admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> logStart = earliest(admin, t.changelog);
            System.out.printf("%s: changelog end when A stopped %s; log start now %s%n",
                    getClass().getSimpleName(), endAtAStop, logStart);
            logStart.forEach((tp, start) -> assertThat(start).as("log start of %s", tp)
                    .isEqualTo(cut.get(tp)).isGreaterThan(endAtAStop.get(tp)));
        }

        assertStoreRebuiltFromChangelog(kafka, t, keys(0, 100));
    }

    @Test
    void shouldNotKeepTheOldContentWhenTheChangelogWasRecreatedAndGrewPastTheCheckpoint() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        Topics t = topics(kafka, "recreated");
        try (Admin admin = kafka.admin()) {
            countOnce(kafka, t, "instance-a", keys(0, 100));
            Map<TopicPartition, Long> endAtAStop = KafkaIo.highWatermarks(admin, t.changelog, PARTITIONS);

            // The changelog is deleted; B, starting with nothing, creates it again and writes
            // more records to every partition than A's checkpoint counts.
            kafka.deleteTopic(t.changelog);
            countOnce(kafka, t, "instance-b", keys(100, 300));
            Map<TopicPartition, Long> endNow = KafkaIo.highWatermarks(admin, t.changelog, PARTITIONS);
            System.out.printf("%s: changelog end when A stopped %s; end of the recreated changelog %s%n",
                    getClass().getSimpleName(), endAtAStop, endNow);
            endNow.forEach((tp, end) -> assertThat(end).as("end of the recreated %s", tp)
                    .isGreaterThan(endAtAStop.get(tp)));
        }

        assertStoreRebuiltFromChangelog(kafka, t, keys(0, 300));
    }

    /**
     * Restarts A on its old state.dir and counts one more record of every key in {@code keys}:
     * each new count must be the changelog's latest count of the key, read before the restart,
     * plus one.
     */
    private void assertStoreRebuiltFromChangelog(EmbeddedKafkaCluster kafka, Topics t, List<String> keys)
            throws Exception {
        Map<String, Long> changelogHolds =
                latestCounts(Counting.readAllCommitted(kafka, t.changelog), STORE_TIMESTAMP_BYTES);
        Map<TopicPartition, Long> outputBefore;
        try (Admin admin = kafka.admin()) {
            outputBefore = KafkaIo.highWatermarks(admin, t.out, PARTITIONS);
        }
        countOnce(kafka, t, "instance-a", keys);

        List<ConsumerRecord<byte[], byte[]>> afterRestart = Counting.readAllCommitted(kafka, t.out).stream()
                .filter(r -> r.offset() >= outputBefore.get(new TopicPartition(r.topic(), r.partition()))).toList();
        Map<String, Long> counted = latestCounts(afterRestart, 0);
        Map<String, Long> expected = new TreeMap<>();
        for (String key : keys) {
            expected.put(key, changelogHolds.getOrDefault(key, 0L) + 1);
        }
        List<String> wrong = new ArrayList<>();
        expected.forEach((key, count) -> {
            if (!count.equals(counted.get(key))) {
                wrong.add(key + ": counted " + counted.get(key) + ", changelog holds "
                        + changelogHolds.get(key));
            }
        });
        assertThat(wrong).as("keys whose count after the restart does not follow from the changelog"
                + " (%d of %d)", wrong.size(), keys.size()).isEmpty();
    }

    /** Runs instance {@code instanceId} on its state.dir until it counted one record of every key, then stops it. */
    private void countOnce(EmbeddedKafkaCluster kafka, Topics t, String instanceId, List<String> keys)
            throws Exception {
        try (EosApp app = start(kafka, t, instanceId)) {
            send(kafka, t, keys);
            Counting.awaitAllConsumed(kafka, t.appId, t.in, TIMEOUT, app);
        }
    }

    private EosApp start(EmbeddedKafkaCluster kafka, Topics t, String instanceId) throws InterruptedException {
        EosConfig config = Counting.config(kafka, t.appId, instanceId, tempDir.resolve(t.appId + "-" + instanceId))
                .build();
        EosApp app = EosApp.create(Counting.pipeline(t.in, t.out, key -> { }), config);
        Apps.startAndAwaitRunning(app);
        return app;
    }

    private static void send(EmbeddedKafkaCluster kafka, Topics t, List<String> keys) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String key : keys) {
            records.add(KafkaIo.record(t.in, key, "v"));
        }
        KafkaIo.produce(kafka, records);
    }

    private static List<String> keys(int from, int to) {
        List<String> keys = new ArrayList<>();
        for (int i = from; i < to; i++) {
            keys.add(CountOutput.key(i));
        }
        return keys;
    }

    /**
     * The latest count per key in {@code records} (count store changelog or output), read after
     * {@code skip} leading bytes of each value; a tombstone removes it.
     */
    private static Map<String, Long> latestCounts(List<ConsumerRecord<byte[], byte[]>> records, int skip) {
        Map<String, Long> latest = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                latest.remove(KafkaIo.string(r.key()));
            } else {
                latest.put(KafkaIo.string(r.key()), ByteBuffer.wrap(r.value(), skip, Long.BYTES).getLong());
            }
        }
        return latest;
    }

    private static void awaitNoOpenTransaction(Admin admin, String topic) throws InterruptedException {
        Await.until("the last stable offset of " + topic + " reached its end", TIMEOUT, () ->
                KafkaIo.lastStableOffsets(admin, topic, PARTITIONS)
                        .equals(KafkaIo.highWatermarks(admin, topic, PARTITIONS)));
    }

    private static void addDeletePolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Collection<AlterConfigOp> ops = List.of(
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact,delete"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET));
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
    }

    private static Map<TopicPartition, Long> earliest(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.earliest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> infos = admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        infos.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static Topics topics(EmbeddedKafkaCluster kafka, String name) {
        Topics t = new Topics(KAFKA.uniqueTopic(name + "-in"), KAFKA.uniqueTopic(name + "-out"),
                KAFKA.uniqueTopic(name + "-app"));
        kafka.createTopic(t.in, PARTITIONS);
        kafka.createTopic(t.out, PARTITIONS);
        return t;
    }

    private record Topics(String in, String out, String appId, String changelog) {
        Topics(String in, String out, String appId) {
            this(in, out, appId, Counting.changelog(appId));
        }
    }
}
