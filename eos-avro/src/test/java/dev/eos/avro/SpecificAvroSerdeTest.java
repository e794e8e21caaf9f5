package dev.eos.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import dev.eos.avro.stub.RegistryStub;
import dev.eos.avro.stub.TestSchemas;
import dev.eos.avro.test.Order;
import dev.eos.avro.test.Status;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {
    /** The generated Order without "amount" (no default in the class): the class cannot read it. */
    private static final Schema ORDER_WITHOUT_AMOUNT = TestSchemas.parse("""
            {"type":"record","name":"Order","namespace":"dev.eos.avro.test","fields":[
              {"name":"id","type":"string"}]}""");
    /** An older Order without the optional fields: the class reads it, taking their defaults. */
    private static final Schema ORDER_OLD = TestSchemas.parse("""
            {"type":"record","name":"Order","namespace":"dev.eos.avro.test","fields":[
              {"name":"id","type":"string"},{"name":"amount","type":"long"}]}""");

    private RegistryStub stub;
    private SchemaRegistryClient client;
    private final AvroSerdeConfig config = AvroSerdeConfig.builder().build();

    @BeforeEach
    void start() throws Exception {
        stub = RegistryStub.start();
        client = SchemaRegistryClient.create(SchemaRegistryClientConfig.builder().urls(stub.url()).maxRetries(0).build());
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    private static Order order() {
        return Order.newBuilder().setId("o-1").setAmount(42).setStatus(Status.PAID).setNote("gift").build();
    }

    @Test
    void aGeneratedRecordRoundTrips() {
        SpecificAvroSerde<Order> serde = SpecificAvroSerde.forValues(Order.class, client, config);
        Order out = serde.deserializer().deserialize("orders", serde.serializer().serialize("orders", order()));
        assertThat(out).isEqualTo(order());
        assertThat(client.latestVersion("orders-value").schema()).isEqualTo(Order.getClassSchema());
    }

    @Test
    void bytesWrittenAsSpecificReadAsGenericAndBack() {
        byte[] bytes = new SpecificAvroSerializer<Order>(client, config, false).serialize("orders", order());
        GenericRecord generic = new GenericAvroDeserializer(client, config, false).deserialize("orders", bytes);
        assertThat(generic.get("id").toString()).isEqualTo("o-1");
        assertThat(generic.get("status").toString()).isEqualTo("PAID");
        byte[] again = new GenericAvroSerializer(client, config, false).serialize("orders", generic);
        assertThat(new SpecificAvroDeserializer<>(Order.class, client, config, false).deserialize("orders", again))
                .isEqualTo(order());
    }

    @Test
    void anOlderCompatibleWriterSchemaReadsWithTheClassDefaults() {
        GenericData.Record old = new GenericData.Record(ORDER_OLD);
        old.put("id", "o-2");
        old.put("amount", 5L);
        byte[] bytes = new GenericAvroSerializer(client, config, false).serialize("orders", old);
        Order read = new SpecificAvroDeserializer<>(Order.class, client, config, false).deserialize("orders", bytes);
        assertThat(read.getStatus()).isEqualTo(Status.NEW);
        assertThat(read.getNote()).isNull();
        assertThat(read.getAmount()).isEqualTo(5L);
    }

    @Test
    void aClassThatCannotReadTheWriterSchemaIsASerializationExceptionNamingTheField() {
        GenericData.Record r = new GenericData.Record(ORDER_WITHOUT_AMOUNT);
        r.put("id", "o-3");
        byte[] bytes = new GenericAvroSerializer(client, config, false).serialize("orders", r);
        int id = java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThatThrownBy(() -> new SpecificAvroDeserializer<>(Order.class, client, config, false)
                .deserialize("orders", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'orders'").hasMessageContaining("schema id " + id)
                .hasMessageContaining(Order.class.getName()).hasMessageContaining("amount")
                .isInstanceOfSatisfying(AvroDeserializationException.class, e ->
                        assertThat(e.problem()).isEqualTo(AvroDeserializationException.Problem.READER_INCOMPATIBLE));
    }

    @Test
    void withoutAClassTheOneNamedLikeTheWriterSchemaIsUsed() {
        byte[] bytes = new SpecificAvroSerializer<Order>(client, config, false).serialize("orders", order());
        SpecificAvroDeserializer<Order> byName = new SpecificAvroDeserializer<>();
        byName.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_INSTANCE, client), false);
        assertThat(byName.deserialize("orders", bytes)).isEqualTo(order());
    }

    @Test
    void specificAvroReaderMakesTheGenericDeserializerReturnGeneratedClasses() {
        byte[] bytes = new SpecificAvroSerializer<Order>(client, config, false).serialize("orders", order());
        GenericAvroDeserializer d = new GenericAvroDeserializer();
        d.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_INSTANCE, client, "specific.avro.reader", "true"), false);
        assertThat(d.deserialize("orders", bytes)).isInstanceOf(Order.class).isEqualTo(order());
    }

    @Test
    void aWriterSchemaWithNoGeneratedClassIsASerializationExceptionWhenReadingSpecific() {
        GenericData.Record p = new GenericData.Record(TestSchemas.PAYMENT);
        p.put("orderId", "o-1");
        byte[] bytes = new GenericAvroSerializer(client, config, false).serialize("payments", p);
        SpecificAvroDeserializer<Order> byName = new SpecificAvroDeserializer<>();
        byName.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_INSTANCE, client), false);
        assertThatThrownBy(() -> byName.deserialize("payments", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'payments'").hasMessageContaining("shop.Payment");
    }

    @Test
    void theValueTypeCanBeNamedInTheConfigMap() {
        byte[] bytes = new SpecificAvroSerializer<Order>(client, config, false).serialize("orders", order());
        SpecificAvroSerde<Order> serde = new SpecificAvroSerde<>();
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_INSTANCE, client,
                SpecificAvroDeserializer.SPECIFIC_AVRO_VALUE_TYPE, Order.class.getName()), false);
        assertThat(serde.deserializer().deserialize("orders", bytes)).isEqualTo(order());
        assertThatThrownBy(() -> new SpecificAvroSerde<Order>().configure(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_INSTANCE, client,
                SpecificAvroDeserializer.SPECIFIC_AVRO_VALUE_TYPE, "java.lang.String"), false))
                .hasMessageContaining("specific.avro.value.type=java.lang.String");
    }
}
