package dev.eos.avro;

import dev.eos.avro.internal.Configured;
import dev.eos.avro.internal.RegistryClients;
import dev.eos.avro.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} for one generated class,
 * sharing one registry client.
 *
 * <pre>{@code
 * Serde<Order> orders = SpecificAvroSerde.forValues(Order.class, config);
 * }</pre>
 *
 * <p>Also usable by class name (no-arg constructor, then {@link #configure} with the Confluent keys;
 * the class is then the one named by {@code specific.avro.value.type} / {@code specific.avro.key.type},
 * or the one named like each writer schema).
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private RegistryClients clients;
    private SpecificAvroSerializer<T> serializer;
    private SpecificAvroDeserializer<T> deserializer;

    /** For use by class name; {@link #configure} must follow. */
    public SpecificAvroSerde() {
    }

    private SpecificAvroSerde(Class<T> type, RegistryClients clients, AvroSerdeConfig config, boolean isKey) {
        init(type, clients, config, isKey);
    }

    /** For record values, with its own registry client (closed with the serde). */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forValues(Class<T> type, AvroSerdeConfig config) {
        return new SpecificAvroSerde<>(type, RegistryClients.of(null, config), config, false);
    }

    /** For record keys, with its own registry client (closed with the serde). */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forKeys(Class<T> type, AvroSerdeConfig config) {
        return new SpecificAvroSerde<>(type, RegistryClients.of(null, config), config, true);
    }

    /** For record values, with a shared client that the serde does not close. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forValues(Class<T> type, SchemaRegistryClient client,
                                                                            AvroSerdeConfig config) {
        return new SpecificAvroSerde<>(type, RegistryClients.of(client, config), config, false);
    }

    /** For record keys, with a shared client that the serde does not close. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forKeys(Class<T> type, SchemaRegistryClient client,
                                                                          AvroSerdeConfig config) {
        return new SpecificAvroSerde<>(type, RegistryClients.of(client, config), config, true);
    }

    /** Configures a serde made by class name; one made by a factory keeps its config. */
    @SuppressWarnings("unchecked")
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (clients == null) {
            AvroSerdeConfig config = AvroSerdeConfig.fromMap(configs);
            Class<T> type = (Class<T>) SpecificAvroDeserializer.typeFrom(configs, isKey
                    ? SpecificAvroDeserializer.SPECIFIC_AVRO_KEY_TYPE : SpecificAvroDeserializer.SPECIFIC_AVRO_VALUE_TYPE);
            init(type, RegistryClients.fromMap(configs, config), config, isKey);
        }
    }

    private void init(Class<T> type, RegistryClients clients, AvroSerdeConfig config, boolean isKey) {
        this.clients = clients;
        this.serializer = new SpecificAvroSerializer<>(clients.client(), config, isKey);
        this.deserializer = new SpecificAvroDeserializer<>(type, clients.client(), config, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return Configured.check(serializer, this);
    }

    @Override
    public Deserializer<T> deserializer() {
        return Configured.check(deserializer, this);
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.closeIfOwned();
        }
    }
}
