package dev.eos.testkit.avro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.avro.AvroSerdeConfig;
import dev.eos.avro.GenericAvroSerde;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eos's Avro serdes and a Confluent-wire-format serde that is not ours, Apicurio's
 * ({@code io.apicurio:apicurio-registry-avro-serde-kafka}), read each other's bytes through one
 * registry (Apicurio Registry 3: Eos through its ccompat API, Apicurio's serde through its own v3
 * API); and a Kafka Streams app with Apicurio's serde sits between two Eos pipelines, all three
 * exactly once.
 *
 * <p>The ids agree because both sides use content ids: see {@link ApicurioSerdes} for the
 * settings ({@code apicurio.registry.use-id=contentId}, {@code Default4ByteIdHandler}). Each test
 * first registers its schema under a decoy subject, so that the topic's schema version has a
 * global id different from its content id (asserted): an Apicurio serializer writing global ids
 * fails three of these tests (checked by switching {@code use-id} to {@code globalId}). Reading is
 * less telling: Apicurio gives new content the global id of the version that first stores it, so
 * a deserializer looking a content id up as a global id finds the decoy's version, with the same
 * schema; there the tests assert the id in the bytes instead.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ConfluentWireFormatInteropIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final int RECORDS = 300;
    private static final int USERS = 20;

    private static ApicurioRegistryProcess registry;
    private static SchemaRegistryClient client;

    @TempDir
    Path streamsState;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistryProcess.start(ConfluentWireFormatInteropIT.class.getSimpleName());
        client = SchemaRegistryClient.create(SchemaRegistryClientConfig.builder().urls(registry.ccompatUrl()).build());
    }

    @AfterAll
    static void stopRegistry() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldFrameApicurioSerializedRecordsWithTheIdTheCcompatApiServes() throws Exception {
        String topic = KAFKA.uniqueTopic("apicurio-framing");
        Schema v1 = Schemas.orderV1();
        int contentId = registerUnderDecoy(topic, v1);
        GenericRecord order = Schemas.order(v1, 7);

        byte[] bytes;
        try (AvroKafkaSerializer<GenericRecord> apicurio = ApicurioSerdes.valueSerializer(registry, true)) {
            bytes = apicurio.serialize(topic, order);
        }

        assertThat(bytes[0]).as("magic byte").isEqualTo((byte) 0);
        int writtenId = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(writtenId).as("the id Apicurio's serializer wrote").isEqualTo(contentId)
                .isEqualTo(client.idOf(topic + "-value", v1));
        assertThat(ApicurioSerdes.globalIdOfLatest(registry, topic + "-value"))
                .as("the global id of the topic's version (what use-id=globalId would write)")
                .isNotEqualTo(writtenId);
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(client.schemaById(writtenId))
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(decoded).isEqualTo(order);
    }

    @Test
    void shouldReadRecordsWrittenByEosWithApicuriosDeserializer() throws Exception {
        String topic = KAFKA.uniqueTopic("eos-to-apicurio");
        Schema v1 = Schemas.orderV1();
        int contentId = registerUnderDecoy(topic, v1);
        List<GenericRecord> orders = orders(v1, 50);

        List<byte[]> written = new ArrayList<>();
        try (GenericAvroSerde eos = eosSerde(true)) {
            for (GenericRecord order : orders) {
                written.add(eos.serializer().serialize(topic, order));
            }
        }
        List<GenericRecord> read = new ArrayList<>();
        try (AvroKafkaDeserializer<GenericRecord> apicurio = ApicurioSerdes.valueDeserializer(registry)) {
            for (byte[] bytes : written) {
                read.add(apicurio.deserialize(topic, bytes));
            }
        }

        assertThat(written).allSatisfy(bytes -> assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                .as("id written by Eos").isEqualTo(contentId));
        assertThat(ApicurioSerdes.globalIdOfLatest(registry, topic + "-value")).isNotEqualTo(contentId);
        assertThat(read).extracting(Object::toString).containsExactlyElementsOf(
                orders.stream().map(Object::toString).toList());
    }

    @Test
    void shouldReadRecordsWrittenByApicurioWithEosDeserializer() throws Exception {
        String topic = KAFKA.uniqueTopic("apicurio-to-eos");
        Schema v1 = Schemas.orderV1();
        int contentId = registerUnderDecoy(topic, v1);
        List<GenericRecord> orders = orders(v1, 50);

        List<byte[]> written = new ArrayList<>();
        try (AvroKafkaSerializer<GenericRecord> apicurio = ApicurioSerdes.valueSerializer(registry, true)) {
            for (GenericRecord order : orders) {
                written.add(apicurio.serialize(topic, order));
            }
        }
        List<GenericRecord> read = new ArrayList<>();
        try (GenericAvroSerde eos = eosSerde(false)) {
            for (byte[] bytes : written) {
                read.add(eos.deserializer().deserialize(topic, bytes));
            }
        }

        assertThat(written).allSatisfy(bytes -> assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                .as("id written by Apicurio").isEqualTo(contentId));
        assertThat(ApicurioSerdes.globalIdOfLatest(registry, topic + "-value")).isNotEqualTo(contentId);
        assertThat(read).containsExactlyElementsOf(orders);
    }

    /**
     * Eos (strings → Avro with Eos's serde) → Kafka Streams (exactly_once_v2, Apicurio's serde,
     * Avro v1 → v2) → Eos (Avro with Eos's serde → strings): every input arrives once at the end,
     * and each Avro topic between holds each record once.
     */
    @Test
    void shouldCarryEveryRecordExactlyOnceFromEosThroughKafkaStreamsWithApicuriosSerdeAndBack() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String source = KAFKA.uniqueTopic("interop-source");
        String eosAvro = KAFKA.uniqueTopic("interop-eos-avro");
        String streamsAvro = KAFKA.uniqueTopic("interop-streams-avro");
        String result = KAFKA.uniqueTopic("interop-result");
        for (String topic : List.of(source, eosAvro, streamsAvro, result)) {
            kafka.createTopic(topic, 3);
        }
        registerUnderDecoy(eosAvro, Schemas.orderV1());
        registerUnderDecoy(streamsAvro, Schemas.orderV2OptionalNote());
        writeSource(kafka, source);

        Schema v1 = Schemas.orderV1();
        Schema v2 = Schemas.orderV2OptionalNote();
        try (GenericAvroSerde eosWriter = eosSerde(true);
             Serde<GenericRecord> apicurio = ApicurioSerdes.valueSerde(registry, true);
             GenericAvroSerde eosReader = eosSerde(false)) {
            // 1. Eos: "i" → Order v1 {id: order-i, amount: 100 i}, Eos's serde.
            PipelineBuilder toAvro = new PipelineBuilder();
            toAvro.stream(source, Consumed.with(STRINGS, STRINGS))
                    .mapValues(i -> (GenericRecord) Schemas.order(v1, Integer.parseInt(i)))
                    .to(eosAvro, Produced.with(STRINGS, eosWriter));
            EosRuns.runUntilCommitted(kafka, toAvro.build(),
                    EosRuns.config(kafka, KAFKA.uniqueTopic("interop-eos-1")).build(), eosAvro, RECORDS);

            // 2. Kafka Streams, exactly_once_v2: Order v1 → v2 with a note, Apicurio's serde both ways.
            StreamsBuilder streams = new StreamsBuilder();
            streams.stream(eosAvro, org.apache.kafka.streams.kstream.Consumed.with(STRINGS, apicurio))
                    .mapValues(order -> withNote(v2, order, "via kafka streams"))
                    .to(streamsAvro, org.apache.kafka.streams.kstream.Produced.with(STRINGS, apicurio));
            EosRuns.runUntilCommitted(kafka, new KafkaStreams(streams.build(), streamsConfig(kafka)), streamsAvro,
                    RECORDS);

            // 3. Eos: Order v2 (Eos's serde, ids from Apicurio's serializer) → "id|amount|note".
            PipelineBuilder fromAvro = new PipelineBuilder();
            fromAvro.stream(streamsAvro, Consumed.with(STRINGS, eosReader))
                    .mapValues(order -> order.get("id") + "|" + order.get("amount") + "|" + order.get("note"))
                    .to(result, Produced.with(STRINGS, STRINGS));
            EosRuns.runUntilCommitted(kafka, fromAvro.build(),
                    EosRuns.config(kafka, KAFKA.uniqueTopic("interop-eos-3")).build(), result, RECORDS);
        }

        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            expected.add(entry(user(i), "order-" + i + "|" + 100L * i + "|via kafka streams"));
        }
        List<Map.Entry<String, String>> actual = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : EosRuns.committed(kafka, result, RECORDS)) {
            actual.add(entry(string(r.key()), string(r.value())));
        }
        VerificationReport report = ExactlyOnceVerifier.verify(RECORDS, expected, actual);
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        assertThat(EosRuns.committed(kafka, eosAvro, RECORDS)).as("records in %s", eosAvro).hasSize(RECORDS)
                .allSatisfy(r -> assertThat(ByteBuffer.wrap(r.value(), 1, 4).getInt())
                        .as("id Eos's serializer wrote in %s", eosAvro)
                        .isEqualTo(client.idOf(eosAvro + "-value", v1)));
        assertThat(EosRuns.committed(kafka, streamsAvro, RECORDS)).as("records in %s", streamsAvro).hasSize(RECORDS)
                .allSatisfy(r -> assertThat(ByteBuffer.wrap(r.value(), 1, 4).getInt())
                        .as("id Apicurio's serializer wrote in %s", streamsAvro)
                        .isEqualTo(client.idOf(streamsAvro + "-value", v2)));
    }

    /**
     * Registers {@code schema} under a decoy subject first and then under the topic's value
     * subject: one content id, two versions, so the topic's version's global id differs from the
     * content id (asserted by the tests).
     */
    private static int registerUnderDecoy(String topic, Schema schema) {
        int contentId = client.register("decoy-" + topic, schema);
        assertThat(client.register(topic + "-value", schema)).as("content id under the topic's subject")
                .isEqualTo(contentId);
        return contentId;
    }

    /** Eos's generic Avro serde for values, talking to Apicurio's ccompat API. */
    private static GenericAvroSerde eosSerde(boolean autoRegister) {
        return GenericAvroSerde.forValues(AvroSerdeConfig.builder()
                .registryUrl(registry.ccompatUrl())
                .autoRegisterSchemas(autoRegister)
                .build());
    }

    private Properties streamsConfig(EmbeddedKafkaCluster kafka) {
        Properties props = new Properties();
        props.putAll(kafka.clientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, KAFKA.uniqueTopic("interop-streams"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, streamsState.toString());
        return props;
    }

    private static GenericRecord withNote(Schema v2, GenericRecord v1Order, String note) {
        GenericRecord order = new GenericData.Record(v2);
        order.put("id", v1Order.get("id").toString());
        order.put("amount", v1Order.get("amount"));
        order.put("note", note);
        return order;
    }

    private static void writeSource(EmbeddedKafkaCluster kafka, String topic) throws Exception {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, user(i), Integer.toString(i))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<GenericRecord> orders(Schema schema, int count) {
        List<GenericRecord> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orders.add(Schemas.order(schema, i));
        }
        return orders;
    }

    private static String user(int i) {
        return "user-" + (i % USERS);
    }

    private static Map.Entry<String, String> entry(String key, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(key, value);
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
