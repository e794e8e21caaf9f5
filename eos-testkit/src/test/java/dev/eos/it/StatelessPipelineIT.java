package dev.eos.it;

import static dev.eos.it.KafkaIo.bytes;
import static dev.eos.it.KafkaIo.entry;
import static dev.eos.it.KafkaIo.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.errors.MissingTopicException;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.Record;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stateless pipelines against a real broker: every output committed exactly once and in per-key
 * order, the DSL's routing operators, partitioning, and what records carry end to end.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatelessPipelineIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final int USERS = 50;

    @Test
    void shouldCommitEveryOutputExactlyOnceInPerKeyOrderWithTwoThreads() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("stateless-in");
        String out = KAFKA.uniqueTopic("stateless-out");
        kafka.createTopic(in, 4);
        kafka.createTopic(out, 3);
        List<UserEvents.Event> events = UserEvents.generate(5000, USERS, 1L);
        KafkaIo.produceEvents(kafka, in, events);

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .filter((user, value) -> UserEvents.seq(value) % 7 != 3)
                .mapValues(value -> value.replace(':', '#') + "|" + value.length())
                .selectKey((user, value) -> user.toUpperCase())
                .to(out, Produced.with(STRINGS, STRINGS));
        String appId = KAFKA.uniqueTopic("stateless-app");
        EosConfig config = KafkaIo.eosConfig(kafka, appId).set(EosConfig.NUM_THREADS, 2).build();

        Apps.runUntilConsumed(kafka, builder.build(), config, in);

        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (UserEvents.Event e : events) {
            if (e.seq() % 7 != 3) {
                expected.add(entry(e.user().toUpperCase(), e.value().replace(':', '#') + "|" + e.value().length()));
            }
        }
        List<Map.Entry<String, String>> actual = KafkaIo.asStrings(KafkaIo.readCommitted(kafka, out, expected.size()));
        VerificationReport report = ExactlyOnceVerifier.verify(events.size(), expected, actual);
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        assertThat(report.recordsOut()).isEqualTo(expected.size());
    }

    /**
     * With a commit interval far longer than the test's wait, output can only become visible
     * because the thread commits as soon as its input is drained.
     */
    @Test
    void shouldCommitAsSoonAsTheInputIsDrainedWithoutWaitingForTheCommitInterval() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("drained-in");
        String out = KAFKA.uniqueTopic("drained-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        List<UserEvents.Event> events = UserEvents.generate(20, USERS, 9L);

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS)).to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, KAFKA.uniqueTopic("drained-app"))
                .set(EosConfig.COMMIT_INTERVAL_MS, 120_000)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, 300_000)
                .build();
        try (EosApp app = EosApp.create(builder.build(), config)) {
            Apps.startAndAwaitRunning(app);
            KafkaIo.produceEvents(kafka, in, events);
            Apps.awaitAllConsumed(kafka, app, config.applicationId(), in);
            assertThat(KafkaIo.readCommitted(kafka, out, events.size())).hasSize(events.size());
        }
    }

    @Test
    void shouldRouteFlatMappedSplitAndMergedRecordsThroughTheCustomPartitioner() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("routing-in");
        String merged = KAFKA.uniqueTopic("routing-merged");
        kafka.createTopic(in, 4);
        kafka.createTopic(merged, 5);
        List<UserEvents.Event> events = UserEvents.generate(1000, USERS, 2L);
        KafkaIo.produceEvents(kafka, in, events);

        PipelineBuilder builder = new PipelineBuilder();
        Map<String, EventStream<String, String>> branches = builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .flatMap((user, value) -> List.of(KeyValue.of(user, value + "/a"), KeyValue.of(user, value + "/b"),
                        KeyValue.of(user, value + "/c")))
                .split()
                .branch("a", (user, value) -> value.endsWith("/a"))
                .branch("b", (user, value) -> value.endsWith("/b"))
                .noDefaultBranch(); // "/c" records match no branch: dropped, so "unexpected" if seen
        EventStream<String, String> fromA = branches.get("a").mapValues(v -> v + "/via-a");
        EventStream<String, String> fromB = branches.get("b").mapValues(v -> v + "/via-b");
        fromA.merge(fromB).to(merged, Produced.with(STRINGS, STRINGS)
                .withPartitioner((topic, user, value, n) -> UserEvents.userNumber(user) % n));
        String appId = KAFKA.uniqueTopic("routing-app");

        Apps.runUntilConsumed(kafka, builder.build(), KafkaIo.eosConfig(kafka, appId).build(), in);

        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (UserEvents.Event e : events) {
            expected.add(entry(e.user(), e.value() + "/a/via-a"));
            expected.add(entry(e.user(), e.value() + "/b/via-b"));
        }
        List<ConsumerRecord<byte[], byte[]>> records = KafkaIo.readCommitted(kafka, merged, expected.size());
        VerificationReport report = ExactlyOnceVerifier.verify(events.size(), expected, KafkaIo.asStrings(records));
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertThat(r.partition()).as("partition of %s", string(r.key()))
                    .isEqualTo(UserEvents.userNumber(string(r.key())) % 5);
        }
    }

    @Test
    void shouldPlaceKeysLikeAPlainKafkaProducerWithTheDefaultPartitioner() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("placement-in");
        String out = KAFKA.uniqueTopic("placement-out");
        String reference = KAFKA.uniqueTopic("placement-reference");
        int partitions = 7;
        kafka.createTopic(in, 4);
        kafka.createTopic(out, partitions);
        kafka.createTopic(reference, partitions);
        List<UserEvents.Event> events = UserEvents.generate(700, USERS, 3L);
        KafkaIo.produceEvents(kafka, in, events);

        PipelineBuilder builder = new PipelineBuilder();
        // A new key per record, so that the placement of many distinct keys is checked.
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .selectKey((user, value) -> "order-" + value)
                .to(out, Produced.with(STRINGS, STRINGS));
        String appId = KAFKA.uniqueTopic("placement-app");
        Apps.runUntilConsumed(kafka, builder.build(), KafkaIo.eosConfig(kafka, appId).build(), in);

        List<ConsumerRecord<byte[], byte[]>> records = KafkaIo.readCommitted(kafka, out, events.size());
        assertThat(records).hasSize(events.size());
        List<ProducerRecord<byte[], byte[]>> sameKeys = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            sameKeys.add(new ProducerRecord<>(reference, r.key(), r.value()));
        }
        List<RecordMetadata> placedByPlainProducer = KafkaIo.produce(kafka, sameKeys);
        Map<String, Integer> plainProducerPartition = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            plainProducerPartition.put(string(records.get(i).key()), placedByPlainProducer.get(i).partition());
        }
        Set<Integer> used = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            int murmur2 = Utils.toPositive(Utils.murmur2(r.key())) % partitions;
            assertThat(r.partition()).as("partition of key %s", string(r.key()))
                    .isEqualTo(murmur2)
                    .isEqualTo(plainProducerPartition.get(string(r.key())));
            used.add(r.partition());
        }
        assertThat(used).as("partitions used by %s distinct keys", records.size()).hasSize(partitions);
    }

    @Test
    void shouldKeepHeadersAndTimestampsEndToEnd() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("headers-in");
        String out = KAFKA.uniqueTopic("headers-out");
        kafka.createTopic(in, 4);
        kafka.createTopic(out, 3);
        long baseTimestamp = 1_600_000_000_000L;
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace-id", bytes("trace-" + i));
            headers.add("hop", bytes("producer"));
            headers.add("hop", bytes("gateway"));
            input.add(new ProducerRecord<>(in, null, baseTimestamp + i * 1000L, bytes(UserEvents.user(i % USERS)),
                    bytes("event-" + i), headers));
        }
        KafkaIo.produce(kafka, input);

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .filter((user, value) -> !value.endsWith("7"))
                .mapValues(String::toUpperCase)
                .selectKey((user, value) -> value)
                .process(AddStageHeader::new)
                .to(out, Produced.with(STRINGS, STRINGS));
        String appId = KAFKA.uniqueTopic("headers-app");
        Apps.runUntilConsumed(kafka, builder.build(), KafkaIo.eosConfig(kafka, appId).build(), in);

        List<ConsumerRecord<byte[], byte[]>> records = KafkaIo.readCommitted(kafka, out, 180);
        assertThat(records).hasSize(180);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            int i = Integer.parseInt(string(r.value()).substring("EVENT-".length()));
            assertThat(r.key()).isEqualTo(r.value());
            assertThat(r.timestamp()).as("timestamp of event %s", i).isEqualTo(baseTimestamp + i * 1000L);
            assertThat(r.headers().toArray()).as("headers of event %s", i).containsExactly(
                    new RecordHeader("trace-id", bytes("trace-" + i)),
                    new RecordHeader("hop", bytes("producer")),
                    new RecordHeader("hop", bytes("gateway")),
                    new RecordHeader("stage", bytes("processed")));
        }
    }

    /** Adds a header to a copy of each record, as processor API users do. */
    private static final class AddStageHeader implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, String> record) {
            Record<String, String> copy = record.withValue(record.value());
            copy.headers().add("stage", bytes("processed"));
            context.forward(copy);
        }
    }

    /**
     * A Kafka {@code Serializer} may add headers ({@code serialize(topic, headers, data)}). Writing
     * one record to two sinks must give each output its own headers: the second sink must neither
     * fail nor carry the header the first sink's serializer added.
     */
    @Test
    void shouldWriteOneRecordToTwoSinksWhoseSerializersAddHeaders() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("fanout-in");
        String outA = KAFKA.uniqueTopic("fanout-a");
        String outB = KAFKA.uniqueTopic("fanout-b");
        kafka.createTopic(in, 2);
        kafka.createTopic(outA, 2);
        kafka.createTopic(outB, 2);
        List<UserEvents.Event> events = UserEvents.generate(100, USERS, 4L);
        KafkaIo.produceEvents(kafka, in, events);

        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> stream = builder.stream(in, Consumed.with(STRINGS, STRINGS));
        stream.to(outA, Produced.with(STRINGS, Serdes.serdeFrom(new TaggingSerializer("a"), STRINGS.deserializer())));
        stream.to(outB, Produced.with(STRINGS, Serdes.serdeFrom(new TaggingSerializer("b"), STRINGS.deserializer())));
        String appId = KAFKA.uniqueTopic("fanout-app");
        Apps.runUntilConsumed(kafka, builder.build(), KafkaIo.eosConfig(kafka, appId).build(), in);

        for (String[] sink : new String[][] {{outA, "a"}, {outB, "b"}}) {
            List<ConsumerRecord<byte[], byte[]>> records = KafkaIo.readCommitted(kafka, sink[0], events.size());
            assertThat(records).as("records in %s", sink[0]).hasSize(events.size());
            for (ConsumerRecord<byte[], byte[]> r : records) {
                assertThat(r.headers().toArray()).as("headers of %s in %s", string(r.value()), sink[0])
                        .containsExactly(new RecordHeader("written-by", bytes(sink[1])));
            }
        }
    }

    /** A string serializer that records in a header which sink wrote the record. */
    private static final class TaggingSerializer implements Serializer<String> {
        private final String tag;

        TaggingSerializer(String tag) {
            this.tag = tag;
        }

        @Override
        public byte[] serialize(String topic, String data) {
            return bytes(data);
        }

        @Override
        public byte[] serialize(String topic, Headers headers, String data) {
            headers.add("written-by", bytes(tag));
            return bytes(data);
        }
    }

    @Test
    void shouldFailToStartNamingTheMissingOutputTopic() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("missing-in");
        String out = KAFKA.uniqueTopic("missing-out");
        kafka.createTopic(in, 1);
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS)).to(out, Produced.with(STRINGS, STRINGS));
        Pipeline pipeline = builder.build();
        String appId = KAFKA.uniqueTopic("missing-app");

        try (EosApp app = EosApp.create(pipeline, KafkaIo.eosConfig(kafka, appId).build())) {
            assertThatThrownBy(app::start)
                    .isInstanceOfSatisfying(MissingTopicException.class,
                            e -> assertThat(e.topics()).containsExactly(out))
                    .hasMessageContaining(out);
            assertThat(app.state()).isEqualTo(AppState.ERROR);
            assertThat(app.fatalError()).isInstanceOf(MissingTopicException.class);
        }
        assertThat(kafka.topicNames()).doesNotContain(out);
    }
}
