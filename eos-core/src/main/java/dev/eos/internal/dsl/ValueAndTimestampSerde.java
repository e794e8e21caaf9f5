package dev.eos.internal.dsl;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The bytes of a {@link ValueAndTimestamp} in a DSL store and its changelog, in Kafka Streams'
 * layout: the timestamp as 8 bytes big-endian, then the value in the inner serde's bytes. A null
 * {@code ValueAndTimestamp} (and a value the inner serde writes as null) is no bytes at all: a
 * deletion, a tombstone in the changelog.
 */
final class ValueAndTimestampSerde<V> implements Serde<ValueAndTimestamp<V>> {
    private static final int TIMESTAMP_BYTES = Long.BYTES;

    private final Serde<V> inner;

    ValueAndTimestampSerde(Serde<V> inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public Serializer<ValueAndTimestamp<V>> serializer() {
        Serializer<V> values = inner.serializer();
        return (topic, stored) -> {
            if (stored == null) {
                return null;
            }
            byte[] value = values.serialize(topic, stored.value());
            if (value == null) {
                return null;
            }
            return ByteBuffer.allocate(TIMESTAMP_BYTES + value.length)
                    .putLong(stored.timestamp())
                    .put(value)
                    .array();
        };
    }

    @Override
    public Deserializer<ValueAndTimestamp<V>> deserializer() {
        Deserializer<V> values = inner.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < TIMESTAMP_BYTES) {
                throw new SerializationException("A DSL store value has " + bytes.length + " bytes, fewer than the "
                        + TIMESTAMP_BYTES + " of its timestamp: it was not written by this version of Eos. Fix: "
                        + "reset the application's state (DSL store formats changed before 1.0).");
            }
            long timestamp = ByteBuffer.wrap(bytes, 0, TIMESTAMP_BYTES).getLong();
            V value = values.deserialize(topic, Arrays.copyOfRange(bytes, TIMESTAMP_BYTES, bytes.length));
            return ValueAndTimestamp.make(value, timestamp);
        };
    }
}
