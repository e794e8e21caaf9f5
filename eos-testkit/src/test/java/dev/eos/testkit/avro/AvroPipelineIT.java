package dev.eos.testkit.avro;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.avro.AvroDeserializationException;
import dev.eos.avro.AvroSerdeConfig;
import dev.eos.avro.GenericAvroSerde;
import dev.eos.avro.registry.IncompatibleSchemaException;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.errors.DeadLetterHeaders;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.registry.EmbeddedSchemaRegistry;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Eos pipelines reading and writing Avro {@link GenericRecord}s in the Confluent wire format,
 * against the embedded broker and the embedded schema registry: every record exactly once; bad
 * input dead-lettered with the reason; a registry outage waited out without losing or
 * dead-lettering anything; a schema the registry refuses stops the app naming subject, rule and
 * field.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AvroPipelineIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();

    private EmbeddedKafkaCluster kafka;
    private EmbeddedSchemaRegistry registry;
    private String in;
    private String out;
    private String appId;
    private String deadLetters;

    @BeforeEach
    void startRegistryAndTopics() {
        kafka = KAFKA.cluster();
        registry = EmbeddedSchemaRegistry.builder(kafka).topic(KAFKA.uniqueTopic("_schemas")).start();
        in = KAFKA.uniqueTopic("orders");
        out = KAFKA.uniqueTopic("orders-doubled");
        appId = KAFKA.uniqueTopic("avro-app");
        deadLetters = appId + "-dead-letters";
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        kafka.createTopic(deadLetters, 1);
    }

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    void shouldCopyEveryAvroRecordExactlyOnceInTheConfluentWireFormat() throws Exception {
        List<GenericRecord> orders = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            orders.add(i % 3 == 0 ? Orders.v2(i) : Orders.v1(i));
        }
        produceOrders(orders, 0);

        try (GenericAvroSerde appSerde = serde(Map.of()); EosApp app = doublingApp(appSerde, Map.of())) {
            AvroIo.startAndAwaitRunning(app);
            AvroIo.awaitAllConsumed(kafka, app, in);
        }

        assertExactlyOnce(orders);
        try (SchemaRegistryClient client = client()) {
            int v1Id = client.idOf(out + "-value", Orders.V1);
            for (ConsumerRecord<byte[], byte[]> r : AvroIo.readCommitted(kafka, out, orders.size())) {
                assertThat(r.value()[0]).as("magic byte").isZero();
                if (ByteBuffer.wrap(r.value(), 1, 4).getInt() == v1Id) {
                    return;
                }
            }
            throw new AssertionError("no output record carries the id " + v1Id + " of " + out + "-value's V1");
        }
    }

    @Test
    void shouldDeadLetterAnUnknownSchemaIdAndAMissingMagicByteNamingTheProblem() throws Exception {
        List<GenericRecord> orders = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            orders.add(Orders.v1(i));
        }
        produceOrders(orders, 0);
        int unknownId = 4711;
        byte[] unknown = ByteBuffer.allocate(9).put((byte) 0).putInt(unknownId).putInt(42).array();
        byte[] noMagic = "{\"id\":1}".getBytes(UTF_8);
        AvroIo.produce(kafka, List.of(new ProducerRecord<>(in, 0, "unknown-id".getBytes(UTF_8), unknown),
                new ProducerRecord<>(in, 1, "no-magic".getBytes(UTF_8), noMagic)));
        produceOrders(List.of(Orders.v1(100)), 100);
        orders.add(Orders.v1(100));

        long deadLettered;
        try (GenericAvroSerde appSerde = serde(Map.of());
             EosApp app = doublingApp(appSerde, Map.of(EosConfig.DESERIALIZATION_ERROR_HANDLER, "dead_letter"))) {
            AvroIo.startAndAwaitRunning(app);
            AvroIo.awaitAllConsumed(kafka, app, in);
            deadLettered = app.metrics().recordsDeadLettered();
        }

        assertExactlyOnce(orders);
        assertThat(deadLettered).isEqualTo(2);
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        AvroIo.readCommitted(kafka, deadLetters, 2).forEach(r -> byKey.put(new String(r.key(), UTF_8), r));
        assertThat(byKey).containsOnlyKeys("unknown-id", "no-magic");

        ConsumerRecord<byte[], byte[]> unknownLetter = byKey.get("unknown-id");
        assertThat(unknownLetter.value()).isEqualTo(unknown);
        assertThat(header(unknownLetter, DeadLetterHeaders.STAGE)).isEqualTo("deserialization");
        assertThat(header(unknownLetter, DeadLetterHeaders.TOPIC)).isEqualTo(in);
        assertThat(header(unknownLetter, DeadLetterHeaders.EXCEPTION_CLASS))
                .isEqualTo(AvroDeserializationException.class.getName());
        assertThat(SerializationException.class).isAssignableFrom(AvroDeserializationException.class);
        assertThat(header(unknownLetter, DeadLetterHeaders.EXCEPTION_MESSAGE))
                .contains("schema id " + unknownId).contains("unknown").contains(in);

        ConsumerRecord<byte[], byte[]> noMagicLetter = byKey.get("no-magic");
        assertThat(noMagicLetter.value()).isEqualTo(noMagic);
        assertThat(header(noMagicLetter, DeadLetterHeaders.EXCEPTION_CLASS))
                .isEqualTo(AvroDeserializationException.class.getName());
        assertThat(header(noMagicLetter, DeadLetterHeaders.EXCEPTION_MESSAGE))
                .contains("0x7b").contains("magic byte").contains("not in the Confluent wire format");
    }

    @Test
    void shouldWaitOutARegistryOutageWithoutSkippingOrDeadLetteringAnything() throws Exception {
        List<GenericRecord> before = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            before.add(Orders.v1(i));
        }
        produceOrders(before, 0);
        List<GenericRecord> during = new ArrayList<>();
        for (int i = 100; i < 200; i++) {
            during.add(Orders.v2(i));
        }
        // Serialized while the registry is up: V2 gets an id the app has never seen.
        List<ProducerRecord<byte[], byte[]>> duringRecords = serialized(during, 100);

        try (GenericAvroSerde appSerde = serde(Map.of(SchemaRegistryClientConfig.MAX_RETRIES, 1,
                SchemaRegistryClientConfig.RETRIES_WAIT_MS, 50));
             EosApp app = doublingApp(appSerde, Map.of(EosConfig.DESERIALIZATION_ERROR_HANDLER, "dead_letter",
                     EosConfig.PROCESSING_ERROR_HANDLER, "dead_letter"))) {
            AvroIo.startAndAwaitRunning(app);
            AvroIo.awaitAllConsumed(kafka, app, in);
            long committedBefore = AvroIo.committedTotal(kafka, appId, in);
            double consumedBefore = AvroIo.threadMetric(app, "records-consumed-total");

            registry.stop();
            AvroIo.produce(kafka, duringRecords);
            // More records polled than were written since: the app rewound and read them again at
            // least once, so it did meet the outage (and did not skip past it).
            AvroIo.await("the app has read the records written during the outage more than once", () -> {
                AvroIo.failIfStopped(app);
                return AvroIo.threadMetric(app, "records-consumed-total") > consumedBefore + during.size();
            });
            assertThat(app.state()).isEqualTo(AppState.RUNNING);
            assertThat(app.metrics().recordsDeadLettered()).isZero();
            assertThat(app.metrics().recordsSkipped()).isZero();
            assertThat(AvroIo.committedTotal(kafka, appId, in))
                    .as("nothing written during the outage is committed while the registry is down")
                    .isEqualTo(committedBefore);

            registry.start();
            AvroIo.awaitAllConsumed(kafka, app, in);
            assertThat(app.metrics().recordsDeadLettered()).isZero();
            assertThat(app.metrics().recordsSkipped()).isZero();
        }

        List<GenericRecord> all = new ArrayList<>(before);
        all.addAll(during);
        assertExactlyOnce(all);
        assertThat(AvroIo.readCommitted(kafka, deadLetters, 0)).as("dead letters").isEmpty();
    }

    @Test
    void shouldStopTheAppNamingSubjectRuleAndFieldWhenTheRegistryRefusesTheOutputSchema() throws Exception {
        String outSubject = out + "-value";
        try (SchemaRegistryClient client = client()) {
            client.register(outSubject, Orders.V1);
        }
        produceOrders(List.of(Orders.v1(0), Orders.v1(1)), 0);

        PipelineBuilder builder = new PipelineBuilder();
        try (GenericAvroSerde appSerde = serde(Map.of())) {
            builder.stream(in, Consumed.with(STRINGS, appSerde))
                    .mapValues(Orders::withEmail)
                    .to(out, Produced.with(STRINGS, appSerde));
            try (EosApp app = EosApp.create(builder.build(), eosConfig(Map.of()))) {
                app.start();
                AvroIo.await("the app stops in ERROR", () -> app.state() == AppState.ERROR);
                assertThat(AvroIo.messages(app.fatalError()))
                        .contains("subject '" + outSubject + "'").contains("BACKWARD").contains("'email'");
            }
        }
        assertThat(AvroIo.readCommitted(kafka, out, 0)).as("committed output").isEmpty();
        assertThat(AvroIo.committedTotal(kafka, appId, in)).as("committed input offsets").isZero();
        try (SchemaRegistryClient client = client()) {
            assertThat(client.versions(outSubject)).as("versions of " + outSubject).containsExactly(1);
        }
    }

    @Test
    void shouldDeadLetterTheInputWhoseOutputSchemaIsRefusedWhenProcessingErrorsAreDeadLettered() throws Exception {
        String outSubject = out + "-value";
        try (SchemaRegistryClient client = client()) {
            client.register(outSubject, Orders.V1);
        }
        produceOrders(List.of(Orders.v1(0), Orders.v1(1)), 0);

        PipelineBuilder builder = new PipelineBuilder();
        try (GenericAvroSerde appSerde = serde(Map.of())) {
            builder.stream(in, Consumed.with(STRINGS, appSerde))
                    .mapValues(Orders::withEmail)
                    .to(out, Produced.with(STRINGS, appSerde));
            try (EosApp app = EosApp.create(builder.build(),
                    eosConfig(Map.of(EosConfig.PROCESSING_ERROR_HANDLER, "dead_letter")))) {
                AvroIo.startAndAwaitRunning(app);
                AvroIo.awaitAllConsumed(kafka, app, in);
                assertThat(app.metrics().recordsDeadLettered()).isEqualTo(2);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> letters = AvroIo.readCommitted(kafka, deadLetters, 2);
        assertThat(letters).hasSize(2);
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            assertThat(header(letter, DeadLetterHeaders.STAGE)).isEqualTo("processing");
            assertThat(header(letter, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IncompatibleSchemaException.class.getName());
            assertThat(header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE))
                    .contains("subject '" + outSubject + "'").contains("BACKWARD").contains("'email'");
        }
        assertThat(AvroIo.readCommitted(kafka, out, 0)).as("committed output").isEmpty();
    }

    private EosApp doublingApp(GenericAvroSerde serde, Map<String, Object> settings) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, serde))
                .mapValues(Orders::doubled)
                .to(out, Produced.with(STRINGS, serde));
        return EosApp.create(builder.build(), eosConfig(settings));
    }

    private EosConfig eosConfig(Map<String, Object> settings) {
        return EosConfig.builder()
                .applicationId(appId)
                .bootstrapServers(kafka.bootstrapServers())
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .set(EosConfig.DEAD_LETTER_TOPIC, deadLetters)
                .setAll(settings)
                .build();
    }

    private GenericAvroSerde serde(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(registry.serdeConfig());
        config.putAll(extra);
        return GenericAvroSerde.forValues(AvroSerdeConfig.fromMap(config));
    }

    private SchemaRegistryClient client() {
        return SchemaRegistryClient.create(SchemaRegistryClientConfig.fromMap(registry.serdeConfig()));
    }

    private void produceOrders(List<GenericRecord> orders, int firstIndex) throws Exception {
        AvroIo.produce(kafka, serialized(orders, firstIndex));
    }

    /** The orders as the test's producer would write them, serialized now (registering their schemas). */
    private List<ProducerRecord<byte[], byte[]>> serialized(List<GenericRecord> orders, int firstIndex) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (GenericAvroSerde producerSerde = serde(Map.of())) {
            for (int i = 0; i < orders.size(); i++) {
                byte[] value = producerSerde.serializer().serialize(in, orders.get(i));
                records.add(new ProducerRecord<>(in, Orders.key(firstIndex + i).getBytes(UTF_8), value));
            }
        }
        return records;
    }

    /** The committed output holds each input's doubled order exactly once. */
    private void assertExactlyOnce(List<GenericRecord> orders) {
        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            expected.add(Orders.expected((int) (long) (Long) orders.get(i).get("id"), orders.get(i)));
        }
        List<Map.Entry<String, String>> actual = new ArrayList<>();
        try (GenericAvroSerde reader = serde(Map.of())) {
            for (ConsumerRecord<byte[], byte[]> r : AvroIo.readCommitted(kafka, out, orders.size())) {
                actual.add(Map.entry(new String(r.key(), UTF_8), Orders.describe(reader.deserializer().deserialize(out, r.value()))));
            }
        }
        VerificationReport report = ExactlyOnceVerifier.verify(orders.size(), expected, actual);
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
