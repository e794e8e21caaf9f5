package dev.eos.avro;

import dev.eos.avro.internal.Configured;
import dev.eos.avro.internal.RegistryClients;
import dev.eos.avro.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link GenericAvroSerializer} and {@link GenericAvroDeserializer} sharing one registry client.
 *
 * <pre>{@code
 * AvroSerdeConfig config = AvroSerdeConfig.builder().registryUrl("http://localhost:8081").build();
 * Serde<GenericRecord> values = GenericAvroSerde.forValues(config);
 * }</pre>
 *
 * <p>Also usable by class name (no-arg constructor, then {@link #configure} with the Confluent keys).
 */
public class GenericAvroSerde implements Serde<GenericRecord> {
    private RegistryClients clients;
    private GenericAvroSerializer serializer;
    private GenericAvroDeserializer deserializer;

    /** For use by class name; {@link #configure} must follow. */
    public GenericAvroSerde() {
    }

    private GenericAvroSerde(RegistryClients clients, AvroSerdeConfig config, boolean isKey) {
        init(clients, config, isKey);
    }

    /** For record values, with its own registry client (closed with the serde). */
    public static GenericAvroSerde forValues(AvroSerdeConfig config) {
        return new GenericAvroSerde(RegistryClients.of(null, config), config, false);
    }

    /** For record keys, with its own registry client (closed with the serde). */
    public static GenericAvroSerde forKeys(AvroSerdeConfig config) {
        return new GenericAvroSerde(RegistryClients.of(null, config), config, true);
    }

    /** For record values, with a shared client that the serde does not close. */
    public static GenericAvroSerde forValues(SchemaRegistryClient client, AvroSerdeConfig config) {
        return new GenericAvroSerde(RegistryClients.of(client, config), config, false);
    }

    /** For record keys, with a shared client that the serde does not close. */
    public static GenericAvroSerde forKeys(SchemaRegistryClient client, AvroSerdeConfig config) {
        return new GenericAvroSerde(RegistryClients.of(client, config), config, true);
    }

    /** Configures a serde made by class name; one made by a factory keeps its config. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (clients == null) {
            AvroSerdeConfig config = AvroSerdeConfig.fromMap(configs);
            init(RegistryClients.fromMap(configs, config), config, isKey);
        }
    }

    private void init(RegistryClients clients, AvroSerdeConfig config, boolean isKey) {
        this.clients = clients;
        this.serializer = new GenericAvroSerializer(clients.client(), config, isKey);
        this.deserializer = new GenericAvroDeserializer(clients.client(), config, isKey);
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        return Configured.check(serializer, this);
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return Configured.check(deserializer, this);
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.closeIfOwned();
        }
    }
}
