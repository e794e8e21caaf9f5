package dev.eos.avro;

import dev.eos.avro.internal.AvroRecordDeserializer;
import dev.eos.avro.internal.Configured;
import dev.eos.avro.internal.ReaderChoice;
import dev.eos.avro.internal.RegistryClients;
import dev.eos.avro.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro into {@link GenericRecord}s, with the writer schema as reader
 * schema (as Confluent's deserializer does); with {@code specific.avro.reader=true} into the
 * generated class named like the writer schema. Usable by class name from a consumer config or
 * built with a config.
 *
 * <pre>{@code
 * props.put("value.deserializer", GenericAvroDeserializer.class.getName());
 * props.put("schema.registry.url", "http://localhost:8081");
 * }</pre>
 *
 * <p>Bad input (no magic byte, unknown schema id, undecodable data) is a
 * {@link org.apache.kafka.common.errors.SerializationException} naming the topic, the id and the
 * problem, for the deserialization error handler; an unreachable registry is a retriable
 * {@link dev.eos.avro.registry.SchemaRegistryUnavailableException}.
 */
public class GenericAvroDeserializer implements Deserializer<GenericRecord> {
    private AvroRecordDeserializer core;

    /** For use by class name; {@link #configure} must follow. */
    public GenericAvroDeserializer() {
    }

    /** With its own registry client, closed with this deserializer. */
    public GenericAvroDeserializer(AvroSerdeConfig config, boolean isKey) {
        this.core = create(RegistryClients.of(null, config), config, isKey);
    }

    /** With a shared client, which this deserializer does not close. */
    public GenericAvroDeserializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this.core = create(RegistryClients.of(client, config), config, isKey);
    }

    /** Configures a deserializer made by class name; one made with a config keeps that config. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (core == null) {
            AvroSerdeConfig config = AvroSerdeConfig.fromMap(configs);
            core = create(RegistryClients.fromMap(configs, config), config, isKey);
        }
    }

    @Override
    public GenericRecord deserialize(String topic, byte[] data) {
        return (GenericRecord) Configured.check(core, this).deserialize(topic, data);
    }

    @Override
    public void close() {
        if (core != null) {
            core.close();
        }
    }

    private static AvroRecordDeserializer create(RegistryClients clients, AvroSerdeConfig config, boolean isKey) {
        return new AvroRecordDeserializer(clients,
                config.specificAvroReader() ? ReaderChoice.specific(null) : ReaderChoice.generic(), isKey);
    }
}
