package dev.eos.avro;

import static dev.eos.avro.stub.TestSchemas.ORDER_V1;
import static dev.eos.avro.stub.TestSchemas.ORDER_V2_OPTIONAL_NOTE;
import static dev.eos.avro.stub.TestSchemas.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.avro.registry.IncompatibleSchemaException;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import dev.eos.avro.registry.SchemaRegistryUnavailableException;
import dev.eos.avro.stub.RegistryStub;
import dev.eos.avro.stub.TestSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenericAvroSerdeTest {
    private static final Schema TINY = TestSchemas.parse("""
            {"type":"record","name":"Tiny","fields":[{"name":"n","type":"int"},{"name":"s","type":"string"}]}""");

    private RegistryStub stub;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws Exception {
        stub = RegistryStub.start();
        client = SchemaRegistryClient.create(SchemaRegistryClientConfig.builder().urls(stub.url())
                .maxRetries(1).retryBackoff(Duration.ofMillis(5)).build());
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    private static GenericRecord order(Schema schema, String id, long amount) {
        GenericData.Record r = new GenericData.Record(schema);
        r.put("id", id);
        r.put("amount", amount);
        return r;
    }

    private AvroSerdeConfig.Builder config() {
        return AvroSerdeConfig.builder();
    }

    @Test
    void writesMagicByteBigEndianIdThenAvroBinary() {
        stub.nextIdIs(0x01020304);
        GenericRecord tiny = new GenericData.Record(TINY);
        tiny.put("n", 1);
        tiny.put("s", "ab");
        byte[] bytes = new GenericAvroSerializer(client, config().build(), false).serialize("t", tiny);
        assertThat(bytes).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 0x02, 0x04, 'a', 'b');
    }

    @Test
    void readsBytesInTheWireFormatWrittenByHand() {
        int id = stub.register("t-value", TINY);
        byte[] bytes = {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id, 0x02, 0x04, 'a', 'b'};
        GenericRecord read = new GenericAvroDeserializer(client, config().build(), false).deserialize("t", bytes);
        assertThat(read.get("n")).isEqualTo(1);
        assertThat(read.get("s").toString()).isEqualTo("ab");
    }

    @Test
    void aRecordRoundTripsWithTheWriterSchemaAsReaderSchema() {
        GenericAvroSerde serde = GenericAvroSerde.forValues(client, config().build());
        GenericRecord in = order(ORDER_V1, "o-1", 42);
        GenericRecord out = serde.deserializer().deserialize("orders", serde.serializer().serialize("orders", in));
        assertThat(out).isEqualTo(in);
        assertThat(out.getSchema()).isEqualTo(ORDER_V1);
    }

    @Test
    void nullsStayNullForTombstones() {
        GenericAvroSerde serde = GenericAvroSerde.forValues(client, config().build());
        assertThat(serde.serializer().serialize("orders", null)).isNull();
        assertThat(serde.deserializer().deserialize("orders", null)).isNull();
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void manyRecordsCostOneRegistryRequestPerSchemaEachWay() {
        GenericAvroSerde serde = GenericAvroSerde.forValues(client, config().build());
        try (SchemaRegistryClient readerClient = SchemaRegistryClient.create(client.config())) {
            Deserializer<GenericRecord> reader = new GenericAvroDeserializer(readerClient, config().build(), false);
            for (int i = 0; i < 1000; i++) {
                Schema schema = i % 2 == 0 ? ORDER_V1 : TestSchemas.parse(ORDER_V2_OPTIONAL_NOTE.toString());
                byte[] bytes = serde.serializer().serialize("orders", order(schema, "o-" + i, i));
                assertThat(reader.deserialize("orders", bytes).get("amount")).isEqualTo((long) i);
            }
        }
        // the v2 schema is a new (equal) object each time: equal schemas hit the cache too
        assertThat(stub.requestsMatching("POST /subjects/orders-value/versions")).isEqualTo(2);
        assertThat(stub.requestsMatching("GET /schemas/ids/")).isEqualTo(2);
        assertThat(stub.requests()).hasSize(4);
    }

    @Test
    void topicNameStrategyRegistersUnderTopicDashKeyOrValue() {
        new GenericAvroSerializer(client, config().build(), false).serialize("orders", order(ORDER_V1, "a", 1));
        new GenericAvroSerializer(client, config().build(), true).serialize("orders", order(ORDER_V1, "a", 1));
        assertThat(client.subjects()).containsExactlyInAnyOrder("orders-value", "orders-key");
    }

    @Test
    void recordNameStrategyRegistersUnderTheFullName() {
        new GenericAvroSerializer(client, config().valueSubjectNameStrategy(SubjectNameStrategy.RECORD_NAME).build(), false)
                .serialize("orders", order(ORDER_V1, "a", 1));
        assertThat(client.subjects()).containsExactly("shop.Order");
    }

    @Test
    void topicRecordNameStrategyRegistersUnderTopicDashFullName() {
        Serializer<GenericRecord> s = new GenericAvroSerializer(client,
                config().valueSubjectNameStrategy(SubjectNameStrategy.TOPIC_RECORD_NAME).build(), false);
        s.serialize("events", order(ORDER_V1, "a", 1));
        GenericRecord payment = new GenericData.Record(PAYMENT);
        payment.put("orderId", "a");
        s.serialize("events", payment);
        assertThat(client.subjects()).containsExactlyInAnyOrder("events-shop.Order", "events-shop.Payment");
    }

    @Test
    void withoutAutoRegisterTheIdOfTheRegisteredSchemaIsLookedUp() {
        int id = stub.register("orders-value", ORDER_V1);
        byte[] bytes = new GenericAvroSerializer(client, config().autoRegisterSchemas(false).build(), false)
                .serialize("orders", order(ORDER_V1, "a", 1));
        assertThat(idIn(bytes)).isEqualTo(id);
        assertThat(stub.requests()).containsExactly("POST /subjects/orders-value");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsNamingTheSubjectAndTheKey() {
        stub.register("orders-value", ORDER_V1);
        Serializer<GenericRecord> s = new GenericAvroSerializer(client, config().autoRegisterSchemas(false).build(), false);
        assertThatThrownBy(() -> s.serialize("orders", order(ORDER_V2_OPTIONAL_NOTE, "a", 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'orders-value'").hasMessageContaining("auto.register.schemas=false");
        assertThat(client.versions("orders-value")).containsExactly(1);
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchemaMatchingFieldsByName() {
        stub.register("orders-value", ORDER_V1);
        int latest = stub.register("orders-value", ORDER_V2_OPTIONAL_NOTE);
        GenericAvroSerde serde = GenericAvroSerde.forValues(client,
                config().autoRegisterSchemas(false).useLatestVersion(true).build());
        byte[] bytes = serde.serializer().serialize("orders", order(ORDER_V1, "a", 7));
        assertThat(idIn(bytes)).isEqualTo(latest);
        GenericRecord read = serde.deserializer().deserialize("orders", bytes);
        assertThat(read.getSchema()).isEqualTo(ORDER_V2_OPTIONAL_NOTE);
        assertThat(read.get("amount")).isEqualTo(7L);
        assertThat(read.get("note")).isNull();
        assertThat(client.versions("orders-value")).containsExactly(1, 2);
    }

    @Test
    void useLatestVersionWithAutoRegisterOnIsRefusedAtBuild() {
        assertThatThrownBy(() -> config().useLatestVersion(true).build())
                .hasMessageContaining("use.latest.version=true").hasMessageContaining("auto.register.schemas=false");
    }

    @Test
    void configuredByClassNameWithConfluentKeys() {
        Map<String, Object> props = new HashMap<>();
        props.put("schema.registry.url", stub.url());
        props.put("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        GenericAvroSerde serde = new GenericAvroSerde();
        serde.configure(props, false);
        try (serde) {
            byte[] bytes = serde.serializer().serialize("orders", order(ORDER_V1, "a", 1));
            assertThat(serde.deserializer().deserialize("orders", bytes).get("id").toString()).isEqualTo("a");
        }
        assertThat(client.subjects()).containsExactly("shop.Order");
    }

    @Test
    void aSharedClientInstanceCanBePassedInTheConfigMap() {
        GenericAvroSerializer s = new GenericAvroSerializer();
        s.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_INSTANCE, client), false);
        s.serialize("orders", order(ORDER_V1, "a", 1));
        s.close();
        assertThat(client.subjects()).containsExactly("orders-value"); // still open: not closed by the serializer
    }

    @Test
    void anUnconfiguredSerializerSaysWhatIsMissing() {
        assertThatThrownBy(() -> new GenericAvroSerializer().serialize("t", order(ORDER_V1, "a", 1)))
                .hasMessageContaining("configure").hasMessageContaining("schema.registry.url");
    }

    @Test
    void aRecordThatDoesNotMatchItsSchemaFailsNamingTheField() {
        GenericData.Record bad = new GenericData.Record(ORDER_V1);
        bad.put("id", "a"); // amount left null
        assertThatThrownBy(() -> new GenericAvroSerializer(client, config().build(), false).serialize("orders", bad))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'orders'").hasMessageContaining("shop.Order").hasMessageContaining("amount");
        GenericData.Record wrongType = new GenericData.Record(ORDER_V1);
        wrongType.put("id", "a");
        wrongType.put("amount", "not a number");
        assertThatThrownBy(() -> new GenericAvroSerializer(client, config().build(), false).serialize("orders", wrongType))
                .isInstanceOf(SerializationException.class).hasMessageContaining("amount");
    }

    @Test
    void aSchemaTheRegistryRefusesFailsNamingSubjectRuleAndField() {
        stub.register("orders-value", ORDER_V1);
        GenericData.Record v2 = new GenericData.Record(TestSchemas.ORDER_V2_REQUIRED_CURRENCY);
        v2.put("id", "a");
        v2.put("amount", 1L);
        v2.put("currency", "EUR");
        assertThatThrownBy(() -> new GenericAvroSerializer(client, config().build(), false).serialize("orders", v2))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("'orders-value'").hasMessageContaining("BACKWARD").hasMessageContaining("currency");
    }

    @Test
    void dataWithoutTheMagicByteIsASerializationExceptionNamingTheFirstByte() {
        Deserializer<GenericRecord> d = new GenericAvroDeserializer(client, config().build(), false);
        assertThatThrownBy(() -> d.deserialize("orders", "{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'orders'").hasMessageContaining("0x7b")
                .hasMessageContaining("not in the Confluent wire format")
                .isInstanceOfSatisfying(AvroDeserializationException.class, e -> {
                    assertThat(e.problem()).isEqualTo(AvroDeserializationException.Problem.NOT_WIRE_FORMAT);
                    assertThat(e.schemaId()).isEmpty();
                    assertThat(e.topic()).isEqualTo("orders");
                });
        assertThatThrownBy(() -> d.deserialize("orders", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> d.deserialize("orders", new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("empty");
    }

    @Test
    void aSchemaIdThatNoRegistryGivesOutIsRejectedWithoutAskingTheRegistry() {
        Deserializer<GenericRecord> d = new GenericAvroDeserializer(client, config().build(), false);
        stub.failNext(100, 503); // were it asked, the registry would be "down" and the record retried for ever
        assertThatThrownBy(() -> d.deserialize("orders", new byte[] {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 2}))
                .isInstanceOfSatisfying(AvroDeserializationException.class, e -> {
                    assertThat(e.problem()).isEqualTo(AvroDeserializationException.Problem.UNKNOWN_SCHEMA_ID);
                    assertThat(e.getMessage()).contains("schema id -2");
                });
        assertThatThrownBy(() -> d.deserialize("orders", new byte[] {0, 0, 0, 0, 0, 2}))
                .isInstanceOf(AvroDeserializationException.class).hasMessageContaining("schema id 0");
        assertThat(stub.requestsMatching("GET /schemas/ids/")).isZero();
    }

    @Test
    void anUnknownSchemaIdIsASerializationExceptionNamingTheId() {
        Deserializer<GenericRecord> d = new GenericAvroDeserializer(client, config().build(), false);
        assertThatThrownBy(() -> d.deserialize("orders", new byte[] {0, 0, 0, 0x30, 0x39, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'orders'").hasMessageContaining("schema id 12345")
                .hasMessageContaining("unknown").hasMessageContaining("40403")
                .isInstanceOfSatisfying(AvroDeserializationException.class, e -> {
                    assertThat(e.problem()).isEqualTo(AvroDeserializationException.Problem.UNKNOWN_SCHEMA_ID);
                    assertThat(e.schemaId()).hasValue(12345);
                });
    }

    @Test
    void onlyTheRegistrysSchemaNotFoundMakesAnIdUnknown() {
        Deserializer<GenericRecord> d = new GenericAvroDeserializer(client, config().build(), false);
        byte[] bytes = {0, 0, 0, 0x30, 0x39, 2};
        // an ingress page while the registry pod is not ready: wait, do not dead-letter
        stub.answerNext(3, 404, "<html>default backend - 404</html>", null);
        assertThatThrownBy(() -> d.deserialize("orders", bytes))
                .isInstanceOf(SchemaRegistryUnavailableException.class);
        // a registry code that is not "schema not found" is no verdict on the id
        stub.answerNext(1, 404, "{\"error_code\":40401,\"message\":\"Subject not found\"}", null);
        assertThatThrownBy(() -> d.deserialize("orders", bytes))
                .isNotInstanceOfAny(AvroDeserializationException.class, SchemaRegistryUnavailableException.class);
        assertThatThrownBy(() -> d.deserialize("orders", bytes))
                .isInstanceOfSatisfying(AvroDeserializationException.class, e ->
                        assertThat(e.problem()).isEqualTo(AvroDeserializationException.Problem.UNKNOWN_SCHEMA_ID));
    }

    @Test
    void dataThatDoesNotDecodeWithItsWriterSchemaIsASerializationException() {
        int id = stub.register("orders-value", ORDER_V1);
        Deserializer<GenericRecord> d = new GenericAvroDeserializer(client, config().build(), false);
        byte[] truncated = {0, 0, 0, 0, (byte) id, 0x08, 'a'}; // string of 4 bytes, only 1 there
        assertThatThrownBy(() -> d.deserialize("orders", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'orders'").hasMessageContaining("schema id " + id)
                .hasMessageContaining("does not decode with its writer schema")
                .isInstanceOfSatisfying(AvroDeserializationException.class, e ->
                        assertThat(e.problem()).isEqualTo(AvroDeserializationException.Problem.UNDECODABLE));
        byte[] trailing = {0, 0, 0, 0, (byte) id, 0x02, 'a', 0x02, 0x00};
        assertThatThrownBy(() -> d.deserialize("orders", trailing))
                .isInstanceOf(SerializationException.class).hasMessageContaining("left over");
        // the deserializer still works afterwards (its reused decoder is not stuck)
        byte[] good = new GenericAvroSerializer(client, config().build(), false).serialize("orders", order(ORDER_V1, "x", 3));
        assertThat(d.deserialize("orders", good).get("amount")).isEqualTo(3L);
    }

    @Test
    void anUnreachableRegistryIsRetriableNotASerializationException() {
        byte[] bytes = new GenericAvroSerializer(client, config().build(), false).serialize("orders", order(ORDER_V1, "a", 1));
        stub.close();
        try (SchemaRegistryClient fresh = SchemaRegistryClient.create(client.config())) {
            assertThatThrownBy(() -> new GenericAvroDeserializer(fresh, config().build(), false).deserialize("orders", bytes))
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .isNotInstanceOf(SerializationException.class);
            assertThatThrownBy(() -> new GenericAvroSerializer(fresh, config().build(), false)
                    .serialize("orders", order(ORDER_V1, "a", 1)))
                    .isInstanceOf(SchemaRegistryUnavailableException.class);
        }
    }

    @Test
    void useLatestVersionPicksUpANewLatestVersionAfterTheCacheTtl() throws Exception {
        int v1 = stub.register("orders-value", ORDER_V1);
        try (SchemaRegistryClient noCache = SchemaRegistryClient.create(SchemaRegistryClientConfig.builder()
                .urls(stub.url()).latestCacheTtl(Duration.ZERO).build())) {
            Serializer<GenericRecord> s = new GenericAvroSerializer(noCache,
                    config().autoRegisterSchemas(false).useLatestVersion(true).build(), false);
            assertThat(idIn(s.serialize("orders", order(ORDER_V1, "a", 1)))).isEqualTo(v1);
            int v2 = stub.register("orders-value", ORDER_V2_OPTIONAL_NOTE);
            assertThat(idIn(s.serialize("orders", order(ORDER_V1, "a", 1)))).isEqualTo(v2);
        }
    }

    @Test
    void useLatestVersionKeepsWritingWithTheCachedLatestWhileTheRegistryIsAway() throws Exception {
        int v1 = stub.register("orders-value", ORDER_V1);
        try (SchemaRegistryClient shortCache = SchemaRegistryClient.create(SchemaRegistryClientConfig.builder()
                .urls(stub.url()).maxRetries(0).latestCacheTtl(Duration.ofMillis(1)).build())) {
            Serializer<GenericRecord> s = new GenericAvroSerializer(shortCache,
                    config().autoRegisterSchemas(false).useLatestVersion(true).build(), false);
            assertThat(idIn(s.serialize("orders", order(ORDER_V1, "a", 1)))).isEqualTo(v1);
            long asked = stub.requestsMatching("GET /subjects/orders-value/versions/latest");
            Thread.sleep(5); // past the 1 ms cache lifetime: the next record asks again
            stub.failNext(100, 503);
            assertThat(idIn(s.serialize("orders", order(ORDER_V1, "b", 2)))).isEqualTo(v1);
            assertThat(stub.requestsMatching("GET /subjects/orders-value/versions/latest")).isGreaterThan(asked);
        }
    }

    @Test
    void useLatestVersionWithAFieldTheRecordLacksAndNoDefaultFailsNamingTheField() {
        stub.setLevel("orders-value", dev.eos.avro.compat.CompatibilityLevel.NONE);
        stub.register("orders-value", TestSchemas.ORDER_V2_REQUIRED_CURRENCY);
        Serializer<GenericRecord> s = new GenericAvroSerializer(client,
                config().autoRegisterSchemas(false).useLatestVersion(true).build(), false);
        assertThatThrownBy(() -> s.serialize("orders", order(ORDER_V1, "a", 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("currency");
    }

    @Test
    void serdesSharedByThreadsWriteAndReadEveryRecordIntact() throws Exception {
        GenericAvroSerde serde = GenericAvroSerde.forValues(client, config().build());
        int threads = 4;
        int perThread = 2000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<Long>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    long sum = 0;
                    for (int i = 0; i < perThread; i++) {
                        String id = "t" + thread + "-" + i;
                        byte[] bytes = serde.serializer().serialize("orders", order(ORDER_V1, id, i));
                        GenericRecord back = serde.deserializer().deserialize("orders", bytes);
                        assertThat(back.get("id").toString()).isEqualTo(id);
                        sum += (Long) back.get("amount");
                    }
                    return sum;
                }));
            }
            for (java.util.concurrent.Future<Long> r : results) {
                assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo((long) perThread * (perThread - 1) / 2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int idIn(byte[] bytes) {
        return java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt();
    }
}
