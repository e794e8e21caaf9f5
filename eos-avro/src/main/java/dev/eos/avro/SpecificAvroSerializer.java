package dev.eos.avro;

import dev.eos.avro.internal.AvroRecordSerializer;
import dev.eos.avro.internal.Configured;
import dev.eos.avro.internal.RegistryClients;
import dev.eos.avro.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro classes ({@link SpecificRecord}) in the Confluent wire format (magic byte 0, 4-byte schema id, Avro
 * binary), registering or looking up each schema once. Usable by class name from a producer config
 * (then configured from the same map, see {@link AvroSerdeConfig#fromMap}) or built with a config.
 *
 * <pre>{@code
 * props.put("value.serializer", SpecificAvroSerializer.class.getName());
 * props.put("schema.registry.url", "http://localhost:8081");
 * // or
 * Serializer<Order> s = new SpecificAvroSerializer<>(config, false);
 * }</pre>
 *
 * <p>The writer schema is the class's schema; logical types use the class's conversions.
 *
 * <p>Errors: a record that does not match its schema is a
 * {@link org.apache.kafka.common.errors.SerializationException} naming the field; a registry that
 * cannot be reached a retriable {@link dev.eos.avro.registry.SchemaRegistryUnavailableException};
 * a schema the registry refuses an {@link dev.eos.avro.registry.IncompatibleSchemaException}.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private AvroRecordSerializer core;

    /** For use by class name; {@link #configure} must follow. */
    public SpecificAvroSerializer() {
    }

    /** With its own registry client, closed with this serializer. */
    public SpecificAvroSerializer(AvroSerdeConfig config, boolean isKey) {
        this.core = new AvroRecordSerializer(RegistryClients.of(null, config), config, isKey, true);
    }

    /** With a shared client, which this serializer does not close. */
    public SpecificAvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this.core = new AvroRecordSerializer(RegistryClients.of(client, config), config, isKey, true);
    }

    /** Configures a serializer made by class name; one made with a config keeps that config. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (core == null) {
            AvroSerdeConfig config = AvroSerdeConfig.fromMap(configs);
            core = new AvroRecordSerializer(RegistryClients.fromMap(configs, config), config, isKey, true);
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        return Configured.check(core, this).serialize(topic, record);
    }

    @Override
    public void close() {
        if (core != null) {
            core.close();
        }
    }
}
