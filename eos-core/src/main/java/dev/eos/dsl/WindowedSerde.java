package dev.eos.dsl;

import dev.eos.store.Windowed;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes and reads the {@link Windowed} keys of windowed aggregations, for sinks and sources.
 *
 * <p>Format: the key serialized by the inner serde, then the window start and the window end,
 * each as an 8-byte big-endian epoch-millisecond {@code long}:
 * {@code [key bytes][start: 8 bytes][end: 8 bytes]}. A null windowed key is written as null.
 * (This differs from Kafka Streams' {@code TimeWindowedSerde}, which writes the start only.)
 *
 * <pre>{@code
 * perMinute.toStream().to("clicks-per-minute",
 *         Produced.with(WindowedSerde.of(Serdes.String()), Serdes.Long()));
 * }</pre>
 */
public final class WindowedSerde {
    private static final int TIMES = 2 * Long.BYTES;

    private WindowedSerde() {
    }

    /** A serde of windowed keys whose inner key uses {@code keySerde}. */
    public static <K> Serde<Windowed<K>> of(Serde<K> keySerde) {
        Objects.requireNonNull(keySerde, "keySerde");
        Serializer<K> keys = keySerde.serializer();
        Deserializer<K> keyReader = keySerde.deserializer();
        Serializer<Windowed<K>> serializer = (topic, windowed) -> {
            if (windowed == null) {
                return null;
            }
            byte[] key = keys.serialize(topic, windowed.key());
            return ByteBuffer.allocate(key.length + TIMES).put(key)
                    .putLong(windowed.startMs()).putLong(windowed.endMs()).array();
        };
        Deserializer<Windowed<K>> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length < TIMES) {
                throw new SerializationException("A windowed key needs at least " + TIMES
                        + " bytes (start and end), got " + data.length + " on topic " + topic);
            }
            ByteBuffer buffer = ByteBuffer.wrap(data);
            byte[] key = new byte[data.length - TIMES];
            buffer.get(key);
            long start = buffer.getLong();
            long end = buffer.getLong();
            return new Windowed<>(keyReader.deserialize(topic, key), start, end);
        };
        return new Serde<>() {
            @Override
            public Serializer<Windowed<K>> serializer() {
                return serializer;
            }

            @Override
            public Deserializer<Windowed<K>> deserializer() {
                return deserializer;
            }
        };
    }
}
