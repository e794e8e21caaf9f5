package dev.eos.it;

import static dev.eos.it.KafkaIo.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.CompoundKey;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Partitioner;
import dev.eos.dsl.Partitioners;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Repartitioned;
import dev.eos.errors.RecordProcessingException;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Custom {@link Partitioner}s on a sink ({@code Produced.withPartitioner}) and on a repartition
 * topic ({@code Repartitioned.withPartitioner}) decide where records land; the repartition topic is
 * read directly, with read_committed, before anything is purged. A partitioner that answers a
 * partition the topic does not have fails the record, and under {@code processing.error.handler=fail}
 * the app.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CustomPartitionerIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final Duration ERROR_TIMEOUT = Duration.ofSeconds(30);
    private static final int HOP_PARTITIONS = 4;
    private static final int OUT_PARTITIONS = 3;

    /** User {@code user-07} to partition {@code 7 % n}; remembers the partition counts it was asked about. */
    static final class UserNumberPartitioner implements Partitioner<String, String> {
        final Map<String, Integer> countsSeen = new ConcurrentHashMap<>();

        @Override
        public int partition(String topic, String key, String value, int numPartitions) {
            countsSeen.put(topic, numPartitions);
            return UserEvents.userNumber(key) % numPartitions;
        }
    }

    /** User {@code user-07} to partition {@code n - 1 - 7 % n}. */
    static final class ReversedUserNumberPartitioner implements Partitioner<String, String> {
        final Map<String, Integer> countsSeen = new ConcurrentHashMap<>();

        @Override
        public int partition(String topic, String key, String value, int numPartitions) {
            countsSeen.put(topic, numPartitions);
            return numPartitions - 1 - UserEvents.userNumber(key) % numPartitions;
        }
    }

    /** Like {@link UserNumberPartitioner}, but answers {@code numPartitions} (one too many) for {@link #BAD_USER}. */
    static final class OffByOnePartitioner implements Partitioner<String, String> {
        static final String BAD_USER = "user-13";

        @Override
        public int partition(String topic, String key, String value, int numPartitions) {
            return key.equals(BAD_USER) ? numPartitions : UserEvents.userNumber(key) % numPartitions;
        }
    }

    @Test
    void shouldPlaceRecordsWhereTheCustomPartitionersChooseOnTheRepartitionTopicAndTheSink() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("custom-in");
        String out = KAFKA.uniqueTopic("custom-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, OUT_PARTITIONS);
        List<UserEvents.Event> events = UserEvents.generate(1000, 24, 3L);
        String appId = KAFKA.uniqueTopic("custom-app");
        String hopTopic = appId + "-by-user-repartition";
        UserNumberPartitioner hopPartitioner = new UserNumberPartitioner();
        ReversedUserNumberPartitioner sinkPartitioner = new ReversedUserNumberPartitioner();

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .selectKey((country, value) -> Rekeying.userOf(value))
                .repartition(Repartitioned.with(STRINGS, STRINGS).withNumberOfPartitions(HOP_PARTITIONS)
                        .withPartitioner(hopPartitioner).withName("by-user"))
                .to(out, Produced.with(STRINGS, STRINGS).withPartitioner(sinkPartitioner));
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.REPARTITION_PURGE_INTERVAL_MS, 600_000) // read the hop before any purge
                .build();

        List<ConsumerRecord<byte[], byte[]>> hop;
        List<ConsumerRecord<byte[], byte[]>> output;
        try (EosApp app = EosApp.create(builder.build(), config)) {
            Apps.startAndAwaitRunning(app);
            KafkaIo.produce(kafka, Rekeying.byCountry(in, events));
            output = Rekeying.readCommittedExactly(kafka, out, events.size());
            hop = Rekeying.readCommittedExactly(kafka, hopTopic, events.size());
        }

        assertThat(hopPartitioner.countsSeen).as("topics and partition counts the repartition partitioner saw")
                .isEqualTo(Map.of(hopTopic, HOP_PARTITIONS));
        assertThat(sinkPartitioner.countsSeen).as("topics and partition counts the sink partitioner saw")
                .isEqualTo(Map.of(out, OUT_PARTITIONS));
        for (ConsumerRecord<byte[], byte[]> r : hop) {
            assertThat(r.partition()).as("partition of %s in %s", string(r.value()), hopTopic)
                    .isEqualTo(UserEvents.userNumber(string(r.key())) % HOP_PARTITIONS);
        }
        for (ConsumerRecord<byte[], byte[]> r : output) {
            assertThat(r.partition()).as("partition of %s in %s", string(r.value()), out)
                    .isEqualTo(OUT_PARTITIONS - 1 - UserEvents.userNumber(string(r.key())) % OUT_PARTITIONS);
        }
        assertThat(hop.stream().map(ConsumerRecord::partition).distinct().count()).isEqualTo(HOP_PARTITIONS);
        assertThat(output.stream().map(ConsumerRecord::partition).distinct().count()).isEqualTo(OUT_PARTITIONS);
        assertThat(output.stream().map(r -> string(r.value())).distinct().count())
                .as("distinct events in the output").isEqualTo(events.size());
    }

    @Test
    void shouldPutAllSessionsOfAUserWhereAPlainProducerPutsTheUserWithByKeyPrefix() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("prefix-in");
        String out = KAFKA.uniqueTopic("prefix-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, OUT_PARTITIONS);
        List<UserEvents.Event> events = UserEvents.generate(1200, 30, 5L);
        String appId = KAFKA.uniqueTopic("prefix-app");
        String hopTopic = appId + "-by-session-repartition";
        int hopPartitions = 5;

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                // user-07:42 is in session s10 of user-07: key "user-07:s10"
                .selectKey((country, value) -> CompoundKey.of(":", Rekeying.userOf(value),
                        "s" + UserEvents.seq(value) / 4))
                .repartition(Repartitioned.with(STRINGS, STRINGS).withNumberOfPartitions(hopPartitions)
                        .withPartitioner(Partitioners.byKeyPrefix(":")).withName("by-session"))
                .to(out, Produced.with(STRINGS, STRINGS).withPartitioner(Partitioners.byKeyPrefix(":")));
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.REPARTITION_PURGE_INTERVAL_MS, 600_000)
                .build();

        List<ConsumerRecord<byte[], byte[]>> hop;
        List<ConsumerRecord<byte[], byte[]>> output;
        try (EosApp app = EosApp.create(builder.build(), config)) {
            Apps.startAndAwaitRunning(app);
            KafkaIo.produce(kafka, Rekeying.byCountry(in, events));
            output = Rekeying.readCommittedExactly(kafka, out, events.size());
            hop = Rekeying.readCommittedExactly(kafka, hopTopic, events.size());
        }

        Set<String> users = new TreeSet<>();
        events.forEach(e -> users.add(e.user()));
        Map<String, Integer> plainHop = Rekeying.plainProducerPartitions(kafka, KAFKA.uniqueTopic("prefix-probe-hop"),
                hopPartitions, users);
        Map<String, Integer> plainOut = Rekeying.plainProducerPartitions(kafka, KAFKA.uniqueTopic("prefix-probe-out"),
                OUT_PARTITIONS, users);
        assertPlacedByUser(hop, hopTopic, plainHop);
        assertPlacedByUser(output, out, plainOut);

        Map<String, Set<String>> sessionsByUser = new TreeMap<>();
        int placedElsewhereByWholeKey = 0;
        for (ConsumerRecord<byte[], byte[]> r : output) {
            String key = string(r.key());
            sessionsByUser.computeIfAbsent(CompoundKey.prefix(":", key), u -> new TreeSet<>()).add(key);
            if (Utils.toPositive(Utils.murmur2(r.key())) % OUT_PARTITIONS != r.partition()) {
                placedElsewhereByWholeKey++;
            }
        }
        assertThat(sessionsByUser.values()).as("sessions per user").allSatisfy(s -> assertThat(s).hasSizeGreaterThan(1));
        assertThat(placedElsewhereByWholeKey)
                .as("records that murmur2 of the whole compound key would have put in another partition")
                .isPositive();
    }

    private static void assertPlacedByUser(List<ConsumerRecord<byte[], byte[]>> records, String topic,
                                           Map<String, Integer> plainProducerPartition) {
        List<String> misplaced = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String user = CompoundKey.prefix(":", string(r.key()));
            if (r.partition() != plainProducerPartition.get(user)) {
                misplaced.add(string(r.key()) + " in " + r.partition() + " but " + user + " in "
                        + plainProducerPartition.get(user));
            }
        }
        assertThat(misplaced).as("records of %s not in the partition a plain producer chooses for their user", topic)
                .isEmpty();
    }

    @Test
    void shouldStopTheAppNamingPartitionerRecordAndPartitionCountWhenTheChosenPartitionDoesNotExist()
            throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("range-in");
        String out = KAFKA.uniqueTopic("range-out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, OUT_PARTITIONS);
        String appId = KAFKA.uniqueTopic("range-app");
        String hopTopic = appId + "-by-user-repartition";

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .selectKey((country, value) -> Rekeying.userOf(value))
                .repartition(Repartitioned.with(STRINGS, STRINGS).withNumberOfPartitions(HOP_PARTITIONS)
                        .withPartitioner(new OffByOnePartitioner()).withName("by-user"))
                .to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, appId).set(EosConfig.PROCESSING_ERROR_HANDLER, "fail").build();

        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            input.add(KafkaIo.record(in, "country-0", "user-0" + (i % 5) + ":" + i / 5));
        }
        String bad = OffByOnePartitioner.BAD_USER + ":0";
        input.add(KafkaIo.record(in, Rekeying.countryOf(OffByOnePartitioner.BAD_USER), bad));
        input.add(KafkaIo.record(in, "country-0", "user-00:4"));
        try (EosApp app = EosApp.create(builder.build(), config); Admin admin = kafka.admin()) {
            Apps.startAndAwaitRunning(app);
            long badOffset = KafkaIo.produce(kafka, input).get(20).offset();

            Await.until("the app is in ERROR (it is " + app.state() + ")", ERROR_TIMEOUT,
                    () -> app.state() == AppState.ERROR);
            assertThat(app.fatalError()).isInstanceOfSatisfying(RecordProcessingException.class, e -> {
                assertThat(e.topic()).isEqualTo(in);
                assertThat(e.offset()).isEqualTo(badOffset);
                assertThat(e.getMessage()).contains(
                        OffByOnePartitioner.class.getSimpleName(), // the partitioner
                        "key=" + OffByOnePartitioner.BAD_USER, "value=" + bad, // the record
                        "returned partition " + HOP_PARTITIONS,
                        "'" + hopTopic + "' has " + HOP_PARTITIONS + " partitions");
                assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
                System.out.printf("%s: fatal error: %s%n", getClass().getSimpleName(), e.getMessage());
            });
            // Nothing is lost: the failed record's offset is not committed.
            long committed = KafkaIo.committedOffsets(admin, appId).getOrDefault(new TopicPartition(in, 0), 0L);
            assertThat(committed).as("committed offset of %s-0", in).isLessThanOrEqualTo(badOffset);
        }
        List<ConsumerRecord<byte[], byte[]>> written = KafkaIo.readCommitted(kafka, out, 0);
        assertThat(written).extracting(r -> string(r.key())).doesNotContain(OffByOnePartitioner.BAD_USER);
    }
}
