package dev.eos.it;

import static dev.eos.it.KafkaIo.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Repartitioned;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rekeying job of the design ({@code events_by_country} to {@code events_by_user}) against a
 * real broker: events keyed by country are re-keyed by user, moved through a repartition topic
 * with its own partition count, and written to the target. A user's events must all land where a
 * plain producer puts the user key, in the order they had in their country's partition.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RekeyPlacementIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final int SOURCE_PARTITIONS = 3;
    private static final int REPARTITION_PARTITIONS = 6;
    private static final int TARGET_PARTITIONS = 4;
    private static final int EVENTS = 3000;
    private static final int USERS = 40;

    @Test
    void shouldPutEveryEventOfAUserInThePartitionAPlainProducerChoosesInSourceOrder() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("events-by-country");
        String out = KAFKA.uniqueTopic("events-by-user");
        kafka.createTopic(in, SOURCE_PARTITIONS);
        kafka.createTopic(out, TARGET_PARTITIONS);
        List<UserEvents.Event> events = UserEvents.generate(EVENTS, USERS, 7L);
        String appId = KAFKA.uniqueTopic("rekey-app");
        String repartitionTopic = appId + "-by-user-repartition";

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .selectKey((country, value) -> Rekeying.userOf(value))
                .repartition(Repartitioned.with(STRINGS, STRINGS)
                        .withNumberOfPartitions(REPARTITION_PARTITIONS)
                        .withName("by-user"))
                .to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.NUM_THREADS, 2)
                // The test reads the repartition topic afterwards: nothing may be purged before.
                .set(EosConfig.REPARTITION_PURGE_INTERVAL_MS, 600_000)
                .build();

        List<ConsumerRecord<byte[], byte[]>> output;
        List<ConsumerRecord<byte[], byte[]>> hop;
        try (EosApp app = EosApp.create(builder.build(), config); Admin admin = kafka.admin()) {
            Apps.startAndAwaitRunning(app);
            assertThat(Rekeying.partitionCount(admin, repartitionTopic))
                    .as("partitions of %s, created at start", repartitionTopic).isEqualTo(REPARTITION_PARTITIONS);
            KafkaIo.produce(kafka, Rekeying.byCountry(in, events));
            output = Rekeying.readCommittedExactly(kafka, out, EVENTS);
            hop = Rekeying.readCommittedExactly(kafka, repartitionTopic, EVENTS);
        }

        Set<String> users = new TreeSet<>();
        events.forEach(e -> users.add(e.user()));
        Map<String, Integer> plainTarget = Rekeying.plainProducerPartitions(kafka, KAFKA.uniqueTopic("probe-target"),
                TARGET_PARTITIONS, users);
        Map<String, Integer> plainHop = Rekeying.plainProducerPartitions(kafka, KAFKA.uniqueTopic("probe-hop"),
                REPARTITION_PARTITIONS, users);

        // 1. Placement: one partition per user, the plain producer's, on the hop and on the target.
        Map<String, List<Integer>> targetPartitions = Rekeying.partitionsByKey(output);
        assertThat(targetPartitions.keySet()).isEqualTo(users);
        for (String user : users) {
            int murmur2 = Utils.toPositive(Utils.murmur2(KafkaIo.bytes(user))) % TARGET_PARTITIONS;
            assertThat(targetPartitions.get(user)).as("partitions of %s's events in %s", user, out)
                    .containsExactly(plainTarget.get(user))
                    .containsExactly(murmur2);
        }
        Map<String, List<Integer>> hopPartitions = Rekeying.partitionsByKey(hop);
        for (String user : users) {
            assertThat(hopPartitions.get(user)).as("partitions of %s's events in %s", user, repartitionTopic)
                    .containsExactly(plainHop.get(user));
        }
        assertThat(output.stream().map(ConsumerRecord::partition).distinct().count())
                .as("target partitions used by %s users", users.size()).isEqualTo(TARGET_PARTITIONS);

        // 2. Order and completeness: each user's events exactly once, in the order of the source.
        Map<String, List<String>> values = Rekeying.valuesByKey(output);
        Map<String, List<String>> wrong = new TreeMap<>();
        for (String user : users) {
            int n = (int) events.stream().filter(e -> e.user().equals(user)).count();
            List<String> expected = IntStream.range(0, n).mapToObj(seq -> user + ":" + seq).toList();
            if (!values.get(user).equals(expected)) {
                wrong.put(user, values.get(user));
            }
        }
        assertThat(wrong).as("users whose events are not exactly seq 0..n-1 in order").isEmpty();
        List<String> keysMatchValues = new ArrayList<>();
        output.stream().filter(r -> !string(r.key()).equals(Rekeying.userOf(string(r.value()))))
                .forEach(r -> keysMatchValues.add(string(r.key()) + "=" + string(r.value())));
        assertThat(keysMatchValues).as("records not keyed by their user").isEmpty();
        System.out.printf("%s: %d events of %d users from %d country partitions through %d repartition partitions"
                + " to %d target partitions%n", getClass().getSimpleName(), output.size(), users.size(),
                SOURCE_PARTITIONS, REPARTITION_PARTITIONS, TARGET_PARTITIONS);
    }
}
