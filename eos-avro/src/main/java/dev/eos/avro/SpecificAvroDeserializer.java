package dev.eos.avro;

import dev.eos.avro.internal.AvroRecordDeserializer;
import dev.eos.avro.internal.Configured;
import dev.eos.avro.internal.ReaderChoice;
import dev.eos.avro.internal.RegistryClients;
import dev.eos.avro.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro into a generated class. The reader schema is the class's
 * schema, resolved against each writer schema (so data of older or newer compatible versions
 * reads). Without a class, the generated class named like the writer schema is used.
 *
 * <pre>{@code
 * Deserializer<Order> orders = new SpecificAvroDeserializer<>(Order.class, config, false);
 * // or by class name, with "specific.avro.value.type" = "shop.Order" (optional)
 * props.put("value.deserializer", SpecificAvroDeserializer.class.getName());
 * }</pre>
 *
 * <p>Bad input, and a class that cannot read the writer schema (naming the fields), is a
 * {@link org.apache.kafka.common.errors.SerializationException} naming the topic and schema id.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    /** Optional, by class name: the generated class to read keys into (Confluent's key). */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    /** Optional, by class name: the generated class to read values into (Confluent's key). */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    private AvroRecordDeserializer core;

    /** For use by class name; {@link #configure} must follow. */
    public SpecificAvroDeserializer() {
    }

    /** @param type the class to read into; null: the class named like each writer schema */
    public SpecificAvroDeserializer(Class<T> type, AvroSerdeConfig config, boolean isKey) {
        this.core = new AvroRecordDeserializer(RegistryClients.of(null, config), ReaderChoice.specific(type), isKey);
    }

    /** With a shared client, which this deserializer does not close. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this.core = new AvroRecordDeserializer(RegistryClients.of(client, config), ReaderChoice.specific(type), isKey);
    }

    /** Configures a deserializer made by class name; one made with a config keeps that config. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (core == null) {
            AvroSerdeConfig config = AvroSerdeConfig.fromMap(configs);
            Class<?> type = typeFrom(configs, isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE);
            core = new AvroRecordDeserializer(RegistryClients.fromMap(configs, config), ReaderChoice.specific(type), isKey);
        }
    }

    @SuppressWarnings("unchecked")
    @Override
    public T deserialize(String topic, byte[] data) {
        return (T) Configured.check(core, this).deserialize(topic, data);
    }

    @Override
    public void close() {
        if (core != null) {
            core.close();
        }
    }

    static Class<?> typeFrom(Map<String, ?> configs, String key) {
        Object v = configs.get(key);
        if (v == null) {
            return null;
        }
        Class<?> type;
        if (v instanceof Class<?> c) {
            type = c;
        } else {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                type = Class.forName(String.valueOf(v).trim(), true,
                        loader == null ? SpecificAvroDeserializer.class.getClassLoader() : loader);
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key + "=" + v + " names no class on the class path; give a generated "
                        + "Avro class name or leave the key out");
            }
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(key + "=" + v + " is not a generated Avro class (it does not implement "
                    + SpecificRecord.class.getName() + ")");
        }
        return type;
    }
}
