package dev.eos.testkit.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.avro.AvroSerdeConfig;
import dev.eos.avro.GenericAvroSerde;
import dev.eos.avro.SpecificAvroSerde;
import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.SchemaIncompatibility;
import dev.eos.avro.registry.CompatibilityVerdict;
import dev.eos.avro.registry.IncompatibleSchemaException;
import dev.eos.avro.registry.RegisteredSchema;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import dev.eos.avro.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eos's schema-registry client and Avro serdes against a registry that is not ours: Apicurio
 * Registry 3 through its Confluent-compatible API ({@code /apis/ccompat/v7}), started once for the
 * class. What passes here is what users get against Apicurio in production.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApicurioRegistryIT {
    private static final AtomicInteger SUBJECTS = new AtomicInteger();

    private static ApicurioRegistryProcess registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistryProcess.start(ApicurioRegistryIT.class.getSimpleName());
        client = SchemaRegistryClient.create(SchemaRegistryClientConfig.builder().urls(registry.ccompatUrl()).build());
    }

    @AfterAll
    static void stopRegistry() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            long pid = registry.pid();
            registry.close();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("registry process %s after close()", pid).isEmpty();
        }
    }

    @Test
    void shouldRegisterASchemaOnceAndFindItByIdSubjectAndVersion() {
        String subject = subject("orders-value");
        Schema v1 = Schemas.orderV1();

        int id = client.register(subject, v1);

        assertThat(client.register(subject, Schemas.orderV1())).as("registering the same schema again").isEqualTo(id);
        assertThat(client.idOf(subject, Schemas.orderV1())).isEqualTo(id);
        assertThat(client.schemaById(id)).isEqualTo(v1);
        RegisteredSchema latest = client.latestVersion(subject);
        assertThat(latest.subject()).isEqualTo(subject);
        assertThat(latest.version()).isEqualTo(1);
        assertThat(latest.id()).isEqualTo(id);
        assertThat(latest.schema()).isEqualTo(v1);
        assertThat(client.versions(subject)).containsExactly(1);
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void shouldKeepEveryVersionOfASubjectWithItsOwnId() {
        String subject = subject("orders-value");
        int id1 = client.register(subject, Schemas.orderV1());
        int id2 = client.register(subject, Schemas.orderV2OptionalNote());

        assertThat(id2).isNotEqualTo(id1);
        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(client.version(subject, 1).schema()).isEqualTo(Schemas.orderV1());
        assertThat(client.version(subject, 1).id()).isEqualTo(id1);
        assertThat(client.version(subject, 2).schema()).isEqualTo(Schemas.orderV2OptionalNote());
        assertThat(client.version(subject, 2).id()).isEqualTo(id2);
        assertThat(client.schemaById(id2)).isEqualTo(Schemas.orderV2OptionalNote());
    }

    @Test
    void shouldShareOneIdBetweenSubjectsWithTheSameSchema() {
        int first = client.register(subject("shared-a"), Schemas.orderV1());
        int second = client.register(subject("shared-b"), Schemas.orderV1());

        assertThat(second).as("ccompat ids are content ids: one per distinct schema").isEqualTo(first);
    }

    @Test
    void shouldReadAndSetCompatibilityPerSubjectFallingBackToTheGlobalLevel() {
        String strict = subject("strict-value");
        String loose = subject("loose-value");
        client.register(strict, Schemas.orderV1());
        client.register(loose, Schemas.orderV1());
        CompatibilityLevel global = client.globalCompatibility();

        client.setCompatibility(strict, CompatibilityLevel.BACKWARD);

        assertThat(client.compatibility(strict)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.compatibility(loose)).as("a subject without its own level").isEqualTo(global);
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaNamingTheSubjectTheRuleAndTheField() {
        String subject = subject("orders-value");
        client.register(subject, Schemas.orderV1());
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);

        assertThat(client.isCompatible(subject, Schemas.orderV2OptionalNote())).isTrue();
        CompatibilityVerdict verdict = client.checkCompatibility(subject, Schemas.orderV3RequiredCurrency());
        assertThat(verdict.compatible()).isFalse();
        assertThat(client.isCompatible(subject, Schemas.orderV3RequiredCurrency())).isFalse();

        assertThatThrownBy(() -> client.register(subject, Schemas.orderV3RequiredCurrency()))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo(subject);
                    assertThat(e.level()).contains(CompatibilityLevel.BACKWARD);
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.report()).hasValueSatisfying(report -> assertThat(report.incompatibilities())
                            .extracting(SchemaIncompatibility::field).contains("currency"));
                })
                .hasMessageContaining(subject)
                .hasMessageContaining("BACKWARD")
                .hasMessageContaining("currency");
        assertThat(client.versions(subject)).as("versions after the refusal").containsExactly(1);
    }

    @Test
    void shouldAcceptACompatibleChangeUnderBackward() {
        String subject = subject("orders-value");
        client.register(subject, Schemas.orderV1());
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);

        int id = client.register(subject, Schemas.orderV2OptionalNote());

        assertThat(client.latestVersion(subject).id()).isEqualTo(id);
        assertThat(client.versions(subject)).containsExactly(1, 2);
    }

    @Test
    void shouldAnswerSchemaNotFoundForAnUnknownId() {
        assertThatThrownBy(() -> client.schemaById(987_654))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Test
    void shouldAnswerNotFoundWhenLookingUpASchemaThatWasNeverRegistered() {
        String subject = subject("orders-value");
        client.register(subject, Schemas.orderV1());

        assertThatThrownBy(() -> client.idOf(subject, Schemas.orderV2OptionalNote()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                        .isIn(SchemaRegistryException.SUBJECT_NOT_FOUND, SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> client.idOf(subject("never-value"), Schemas.orderV1()))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void shouldRoundTripGenericRecordsRegisteringTheSchemaOnFirstUse() {
        String topic = subject("orders");
        GenericRecord order = Schemas.order(Schemas.orderV1(), 1);

        byte[] bytes;
        try (GenericAvroSerde writer = genericSerde(serdeConfig().autoRegisterSchemas(true))) {
            bytes = writer.serializer().serialize(topic, order);
        }

        RegisteredSchema registered = client.latestVersion(topic + "-value");
        assertThat(registered.schema()).isEqualTo(Schemas.orderV1());
        assertThat(idIn(bytes)).isEqualTo(registered.id());
        try (GenericAvroSerde reader = genericSerde(serdeConfig())) {
            assertThat(reader.deserializer().deserialize(topic, bytes)).isEqualTo(order);
        }
    }

    @Test
    void shouldWriteWithThePreRegisteredIdWhenAutoRegisterIsOff() {
        String topic = subject("orders");
        int id = client.register(topic + "-value", Schemas.orderV1());
        GenericRecord order = Schemas.order(Schemas.orderV1(), 2);

        byte[] bytes;
        try (GenericAvroSerde writer = genericSerde(serdeConfig().autoRegisterSchemas(false))) {
            bytes = writer.serializer().serialize(topic, order);
        }

        assertThat(idIn(bytes)).isEqualTo(id);
        assertThat(client.versions(topic + "-value")).containsExactly(1);
        try (GenericAvroSerde reader = genericSerde(serdeConfig())) {
            assertThat(reader.deserializer().deserialize(topic, bytes)).isEqualTo(order);
        }
    }

    @Test
    void shouldRefuseToWriteAnUnregisteredSchemaWhenAutoRegisterIsOff() {
        String topic = subject("orders");

        try (GenericAvroSerde writer = genericSerde(serdeConfig().autoRegisterSchemas(false))) {
            assertThatThrownBy(() -> writer.serializer().serialize(topic, Schemas.order(Schemas.orderV1(), 3)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(topic + "-value")
                    .hasMessageContaining("auto.register.schemas=false");
        }
        assertThat(client.subjects()).doesNotContain(topic + "-value");
    }

    @Test
    void shouldWriteWithTheSubjectsLatestSchemaWhenUseLatestVersionIsOn() {
        String topic = subject("orders");
        client.register(topic + "-value", Schemas.orderV1());
        int latest = client.register(topic + "-value", Schemas.orderV2OptionalNote());

        byte[] bytes;
        try (GenericAvroSerde writer = genericSerde(serdeConfig().autoRegisterSchemas(false).useLatestVersion(true))) {
            bytes = writer.serializer().serialize(topic, Schemas.order(Schemas.orderV1(), 4));
        }

        assertThat(idIn(bytes)).isEqualTo(latest);
        try (GenericAvroSerde reader = genericSerde(serdeConfig())) {
            GenericRecord read = reader.deserializer().deserialize(topic, bytes);
            assertThat(read.getSchema()).isEqualTo(Schemas.orderV2OptionalNote());
            assertThat(read.get("id")).hasToString("order-4");
            assertThat(read.get("note")).isNull();
        }
    }

    @Test
    void shouldRefuseToAutoRegisterASchemaTheSubjectsRuleForbidsNamingSubjectRuleAndField() {
        String topic = subject("orders");
        client.register(topic + "-value", Schemas.orderV1());
        client.setCompatibility(topic + "-value", CompatibilityLevel.BACKWARD);
        GenericRecord breaking = new GenericData.Record(Schemas.orderV3RequiredCurrency());
        breaking.put("id", "order-5");
        breaking.put("amount", 500L);
        breaking.put("currency", "EUR");

        try (GenericAvroSerde writer = genericSerde(serdeConfig().autoRegisterSchemas(true))) {
            assertThatThrownBy(() -> writer.serializer().serialize(topic, breaking))
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageContaining(topic + "-value")
                    .hasMessageContaining("BACKWARD")
                    .hasMessageContaining("currency");
        }
        assertThat(client.versions(topic + "-value")).containsExactly(1);
    }

    @Test
    void shouldRoundTripSpecificRecordsAndReadOlderGenericDataIntoTheNewerClass() {
        String topic = subject("orders");
        byte[] v1Bytes;
        try (GenericAvroSerde v1Writer = genericSerde(serdeConfig().autoRegisterSchemas(true))) {
            v1Bytes = v1Writer.serializer().serialize(topic, Schemas.order(Schemas.orderV1(), 6));
        }
        Order v2Order = new Order("order-7", 700L, "gift");

        try (SpecificAvroSerde<Order> serde = SpecificAvroSerde.forValues(Order.class,
                serdeConfig().autoRegisterSchemas(true).build())) {
            byte[] v2Bytes = serde.serializer().serialize(topic, v2Order);

            assertThat(idIn(v2Bytes)).isEqualTo(client.latestVersion(topic + "-value").id());
            assertThat(client.versions(topic + "-value")).containsExactly(1, 2);
            assertThat(serde.deserializer().deserialize(topic, v2Bytes)).isEqualTo(v2Order);
            Order fromV1 = serde.deserializer().deserialize(topic, v1Bytes);
            assertThat(fromV1.id()).isEqualTo("order-6");
            assertThat(fromV1.amount()).isEqualTo(600L);
            assertThat(fromV1.note()).as("the v2 field's default").isNull();
        }
    }

    private static AvroSerdeConfig.Builder serdeConfig() {
        return AvroSerdeConfig.builder().registryUrl(registry.ccompatUrl());
    }

    /** A serde with its own registry client: nothing it reads comes from the caches of the writer's. */
    private static GenericAvroSerde genericSerde(AvroSerdeConfig.Builder config) {
        return GenericAvroSerde.forValues(config.build());
    }

    private static int idIn(byte[] bytes) {
        assertThat(bytes[0]).as("magic byte").isEqualTo((byte) 0);
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    /** A subject no other test of this class uses (the registry lives as long as the class). */
    static String subject(String name) {
        return "it" + SUBJECTS.incrementAndGet() + "-" + name;
    }
}
