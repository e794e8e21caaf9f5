package dev.eos.internal.dsl;

import dev.eos.internal.serde.DependencyUnavailable;
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
 *
 * <p>Bytes that do not read this way (too short for the timestamp, or a value the inner
 * deserializer rejects) fail with a {@link SerializationException} naming the store's changelog
 * topic and hinting at a state reset: they were most likely written before DSL stores kept
 * timestamps. The inner deserializer's exception is kept as the cause.
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
                throw new SerializationException(notThisFormat(topic, "has " + bytes.length
                        + " bytes, fewer than the " + TIMESTAMP_BYTES + " of its timestamp"));
            }
            long timestamp = ByteBuffer.wrap(bytes, 0, TIMESTAMP_BYTES).getLong();
            V value;
            try {
                value = values.deserialize(topic, Arrays.copyOfRange(bytes, TIMESTAMP_BYTES, bytes.length));
            } catch (RuntimeException e) {
                if (DependencyUnavailable.signalledBy(e)) {
                    throw e;
                }
                String what = bytes.length == TIMESTAMP_BYTES
                        ? "has " + TIMESTAMP_BYTES + " bytes, only a timestamp, and its value serde cannot read "
                                + "the empty value after it (" + e.getMessage() + ")"
                        : "has a value its serde cannot read after the " + TIMESTAMP_BYTES + "-byte timestamp ("
                                + e.getMessage() + ")";
                throw new SerializationException(notThisFormat(topic, what), e);
            }
            return ValueAndTimestamp.make(value, timestamp);
        };
    }

    /**
     * The message for a stored value that does not read as a timestamp then a value: most likely
     * written by an Eos before DSL stores kept timestamps (a Long count there is exactly 8 bytes).
     */
    private static String notThisFormat(String changelogTopic, String what) {
        return "A value of the DSL store with changelog topic '" + changelogTopic + "' " + what
                + ": it was probably not written by this version of Eos, whose DSL stores keep an 8-byte "
                + "timestamp before each value. Fix: reset the application's state (DSL store formats changed "
                + "before 1.0), or check that the store's value serde is the one that wrote it.";
    }
}
