package dev.eos.it;

import static dev.eos.it.KafkaIo.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Table;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream-table joins against a real broker. The order of table updates and stream records is
 * made deterministic by sending each batch only once the app has committed the previous one
 * (its group's committed offsets reach the end of the topic).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StreamTableJoinIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final int PARTITIONS = 2;

    @TempDir
    Path tempDir;

    @Test
    void shouldJoinEachStreamRecordWithTheTableValueCommittedBeforeIt() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String profiles = KAFKA.uniqueTopic("join-profiles");
        String clicks = KAFKA.uniqueTopic("join-clicks");
        String inner = KAFKA.uniqueTopic("join-inner");
        String left = KAFKA.uniqueTopic("join-left");
        kafka.createTopic(profiles, PARTITIONS, 1, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(clicks, PARTITIONS);
        kafka.createTopic(inner, PARTITIONS);
        kafka.createTopic(left, PARTITIONS);
        String appId = KAFKA.uniqueTopic("join-app");
        EosConfig config = KafkaIo.eosConfig(kafka, appId).set(EosConfig.STATE_DIR, tempDir.toString()).build();

        try (EosApp app = EosApp.create(joins(profiles, clicks, inner, left), config)) {
            Apps.startAndAwaitRunning(app);
            // 1. k1 has a table value before its first click; k2 has none.
            sendAndAwaitCommitted(kafka, app, appId, profiles, List.of(kv(profiles, "k1", "p1-old")));
            sendAndAwaitCommitted(kafka, app, appId, clicks, List.of(kv(clicks, "k1", "c1"), kv(clicks, "k2", "c2")));
            // 2. The table changes after those clicks; later clicks see the new values.
            sendAndAwaitCommitted(kafka, app, appId, profiles,
                    List.of(kv(profiles, "k2", "p2"), kv(profiles, "k1", "p1-new")));
            sendAndAwaitCommitted(kafka, app, appId, clicks, List.of(kv(clicks, "k1", "c3"), kv(clicks, "k2", "c4")));
            // 3. A tombstone deletes k1 from the table.
            sendAndAwaitCommitted(kafka, app, appId, profiles, List.of(kv(profiles, "k1", null)));
            sendAndAwaitCommitted(kafka, app, appId, clicks, List.of(kv(clicks, "k1", "c5")));
        }

        assertThat(KafkaIo.asStrings(KafkaIo.readCommitted(kafka, inner, 3))).containsExactlyInAnyOrder(
                entry("k1", "c1|p1-old"),
                entry("k1", "c3|p1-new"),
                entry("k2", "c4|p2"));
        assertThat(KafkaIo.asStrings(KafkaIo.readCommitted(kafka, left, 5))).containsExactlyInAnyOrder(
                entry("k1", "c1|p1-old"),
                entry("k2", "c2|null"),
                entry("k1", "c3|p1-new"),
                entry("k2", "c4|p2"),
                entry("k1", "c5|null"));
    }

    /** A new instance on an empty state.dir restores the table's store from its changelog before joining. */
    @Test
    void shouldJoinWithTheRestoredTableAfterMovingToAnEmptyStateDir() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String profiles = KAFKA.uniqueTopic("restored-profiles");
        String clicks = KAFKA.uniqueTopic("restored-clicks");
        String inner = KAFKA.uniqueTopic("restored-inner");
        String left = KAFKA.uniqueTopic("restored-left");
        kafka.createTopic(profiles, PARTITIONS, 1, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(clicks, PARTITIONS);
        kafka.createTopic(inner, PARTITIONS);
        kafka.createTopic(left, PARTITIONS);
        String appId = KAFKA.uniqueTopic("restored-join-app");

        EosConfig first = KafkaIo.eosConfig(kafka, appId).set(EosConfig.STATE_DIR, tempDir.resolve("first").toString())
                .build();
        try (EosApp app = EosApp.create(joins(profiles, clicks, inner, left), first)) {
            Apps.startAndAwaitRunning(app);
            sendAndAwaitCommitted(kafka, app, appId, profiles, List.of(kv(profiles, "k1", "p1"), kv(profiles, "k2", "p2")));
        }
        EosConfig second = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.STATE_DIR, tempDir.resolve("second").toString()).build();
        try (EosApp app = EosApp.create(joins(profiles, clicks, inner, left), second)) {
            Apps.startAndAwaitRunning(app);
            sendAndAwaitCommitted(kafka, app, appId, clicks, List.of(kv(clicks, "k1", "c1"), kv(clicks, "k2", "c2")));
            assertThat(app.metrics().changelogRecordsRestored()).as("table records restored").isEqualTo(2);
        }

        assertThat(KafkaIo.asStrings(KafkaIo.readCommitted(kafka, inner, 2))).containsExactlyInAnyOrder(
                entry("k1", "c1|p1"), entry("k2", "c2|p2"));
    }

    private static Pipeline joins(String profiles, String clicks, String inner, String left) {
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> table = builder.table(profiles, Consumed.with(STRINGS, STRINGS),
                Materialized.as("profiles"));
        EventStream<String, String> stream = builder.stream(clicks, Consumed.with(STRINGS, STRINGS));
        stream.join(table, (click, profile) -> click + "|" + profile).to(inner, Produced.with(STRINGS, STRINGS));
        stream.leftJoin(table, (click, profile) -> click + "|" + profile).to(left, Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    private static ProducerRecord<byte[], byte[]> kv(String topic, String key, String value) {
        return KafkaIo.record(topic, key, value);
    }

    private static void sendAndAwaitCommitted(EmbeddedKafkaCluster kafka, EosApp app, String appId, String topic,
                                              List<ProducerRecord<byte[], byte[]>> records) throws InterruptedException {
        KafkaIo.produce(kafka, new ArrayList<>(records));
        Apps.awaitAllConsumed(kafka, app, appId, topic);
    }
}
