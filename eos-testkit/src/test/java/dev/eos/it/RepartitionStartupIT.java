package dev.eos.it;

import static dev.eos.it.KafkaIo.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Repartitioned;
import dev.eos.dsl.Table;
import dev.eos.errors.EosException;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * Partition counts of repartition topics at start(): a mismatch is reported before a record is
 * read, naming the topics and their counts; without a count asked for, a repartition topic that
 * feeds a join gets the partition count of the table, so the re-keyed stream is co-partitioned
 * with it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RepartitionStartupIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();

    @TempDir
    Path stateDir;

    @Test
    void shouldFailToStartWhenTheRepartitionTopicExistsWithAnotherPartitionCount() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("existing-in");
        String out = KAFKA.uniqueTopic("existing-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        String appId = KAFKA.uniqueTopic("existing-app");
        String hop = appId + "-by-user-repartition";
        kafka.createTopic(hop, 3);

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .selectKey((country, value) -> Rekeying.userOf(value))
                .repartition(Repartitioned.with(STRINGS, STRINGS).withNumberOfPartitions(5).withName("by-user"))
                .to(out, Produced.with(STRINGS, STRINGS));

        try (EosApp app = EosApp.create(builder.build(), KafkaIo.eosConfig(kafka, appId).build());
             Admin admin = kafka.admin()) {
            assertThatThrownBy(app::start)
                    .isInstanceOf(EosException.class)
                    .hasMessageContaining("Repartition topic " + hop + " has 3 partitions but the pipeline needs 5")
                    .hasMessageContaining("Repartitioned.withNumberOfPartitions");
            assertThat(app.state()).isEqualTo(AppState.ERROR);
            assertThat(Rekeying.partitionCount(admin, hop)).as("partitions of %s, left as they were", hop).isEqualTo(3);
        }
    }

    @Test
    void shouldFailToStartWhenAStreamIsJoinedDirectlyWithATableOfAnotherPartitionCount() {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String clicks = KAFKA.uniqueTopic("direct-clicks");
        String profiles = KAFKA.uniqueTopic("direct-profiles");
        String out = KAFKA.uniqueTopic("direct-out");
        kafka.createTopic(clicks, 2);
        kafka.createTopic(profiles, 3);
        kafka.createTopic(out, 2);
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> table = builder.table(profiles, Consumed.with(STRINGS, STRINGS),
                Materialized.as("profiles"));
        builder.stream(clicks, Consumed.with(STRINGS, STRINGS))
                .join(table, (click, profile) -> click + "|" + profile)
                .to(out, Produced.with(STRINGS, STRINGS));

        try (EosApp app = EosApp.create(builder.build(), config(kafka, "direct-app"))) {
            assertThatThrownBy(app::start)
                    .isInstanceOf(EosException.class)
                    .hasMessageContaining("must have the same number of partitions")
                    .hasMessageContaining(clicks + "=2")
                    .hasMessageContaining(profiles + "=3");
            assertThat(app.state()).isEqualTo(AppState.ERROR);
        }
    }

    @Test
    void shouldFailToStartWhenARepartitionTopicWithAnExplicitCountIsJoinedWithATableOfAnotherCount() {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String clicks = KAFKA.uniqueTopic("explicit-clicks");
        String profiles = KAFKA.uniqueTopic("explicit-profiles");
        String out = KAFKA.uniqueTopic("explicit-out");
        kafka.createTopic(clicks, 2);
        kafka.createTopic(profiles, 3);
        kafka.createTopic(out, 2);
        String appId = KAFKA.uniqueTopic("explicit-app");
        String hop = appId + "-clicks-by-user-repartition";
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> table = builder.table(profiles, Consumed.with(STRINGS, STRINGS),
                Materialized.as("profiles"));
        builder.stream(clicks, Consumed.with(STRINGS, STRINGS))
                .selectKey((country, value) -> Rekeying.userOf(value))
                .repartition(Repartitioned.with(STRINGS, STRINGS).withNumberOfPartitions(4).withName("clicks-by-user"))
                .join(table, (click, profile) -> click + "|" + profile)
                .to(out, Produced.with(STRINGS, STRINGS));

        EosConfig config = KafkaIo.eosConfig(kafka, appId).set(EosConfig.STATE_DIR, stateDir.toString()).build();
        try (EosApp app = EosApp.create(builder.build(), config)) {
            assertThatThrownBy(app::start)
                    .isInstanceOf(EosException.class)
                    .hasMessageContaining("must have the same number of partitions")
                    .hasMessageContaining(hop + "=4")
                    .hasMessageContaining(profiles + "=3");
            assertThat(app.state()).isEqualTo(AppState.ERROR);
        }
    }

    @Test
    void shouldRejectAJoinAfterAKeyChangeWithoutARepartitionAtDefinitionTime() {
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> table = builder.table("profiles", Consumed.with(STRINGS, STRINGS),
                Materialized.as("profiles"));
        EventStream<String, String> rekeyed = builder.stream("clicks", Consumed.with(STRINGS, STRINGS))
                .selectKey((country, value) -> Rekeying.userOf(value));

        assertThatThrownBy(() -> rekeyed.join(table, (click, profile) -> click + "|" + profile))
                .isInstanceOf(EosException.class)
                .hasMessageContaining(".repartition(Repartitioned.with(keySerde, valueSerde))");
    }

    @Test
    void shouldGiveARepartitionTopicWithoutACountThePartitionCountOfTheTableItIsJoinedWith() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String clicks = KAFKA.uniqueTopic("auto-clicks");
        String profiles = KAFKA.uniqueTopic("auto-profiles");
        String out = KAFKA.uniqueTopic("auto-out");
        int tablePartitions = 5;
        kafka.createTopic(clicks, 2);
        kafka.createTopic(profiles, tablePartitions, 1, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(out, 3);
        String appId = KAFKA.uniqueTopic("auto-app");
        String hop = appId + "-clicks-by-user-repartition";
        List<UserEvents.Event> events = UserEvents.generate(600, 20, 17L);
        Set<String> users = new TreeSet<>();
        events.forEach(e -> users.add(e.user()));

        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> table = builder.table(profiles, Consumed.with(STRINGS, STRINGS),
                Materialized.as("profiles"));
        builder.stream(clicks, Consumed.with(STRINGS, STRINGS))
                .selectKey((country, value) -> Rekeying.userOf(value))
                .repartition(Repartitioned.with(STRINGS, STRINGS).withName("clicks-by-user"))
                .join(table, (click, profile) -> click + "|" + profile)
                .to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, appId).set(EosConfig.STATE_DIR, stateDir.toString()).build();

        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (UserEvents.Event e : events) {
            expected.add(entry(e.user(), e.value() + "|profile-of-" + e.user()));
        }
        try (EosApp app = EosApp.create(builder.build(), config); Admin admin = kafka.admin()) {
            Apps.startAndAwaitRunning(app);
            assertThat(Rekeying.partitionCount(admin, hop)).as("partitions of %s", hop).isEqualTo(tablePartitions);
            // The table first, so that every click finds its user's profile.
            List<ProducerRecord<byte[], byte[]>> profileRecords = new ArrayList<>();
            users.forEach(u -> profileRecords.add(KafkaIo.record(profiles, u, "profile-of-" + u)));
            KafkaIo.produce(kafka, profileRecords);
            Apps.awaitAllConsumed(kafka, app, appId, profiles);
            KafkaIo.produce(kafka, Rekeying.byCountry(clicks, events));

            assertThat(KafkaIo.asStrings(Rekeying.readCommittedExactly(kafka, out, events.size())))
                    .as("clicks joined with the profile of their user")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private EosConfig config(EmbeddedKafkaCluster kafka, String appPrefix) {
        return KafkaIo.eosConfig(kafka, KAFKA.uniqueTopic(appPrefix)).set(EosConfig.STATE_DIR, stateDir.toString())
                .build();
    }
}
