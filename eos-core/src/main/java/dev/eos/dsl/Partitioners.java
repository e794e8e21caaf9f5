package dev.eos.dsl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The built-in {@link Partitioner}s. Each one places a record where a plain Kafka producer would
 * place a record whose key is some chosen bytes: {@code toPositive(murmur2(bytes)) % numPartitions},
 * the formula of the producer's built-in partitioner ({@code BuiltInPartitioner.partitionForKey}
 * in kafka-clients). Consumers, Kafka Streams apps and other producers therefore agree on where
 * those bytes live. Use them on sinks ({@link Produced#withPartitioner}) and on repartition
 * topics ({@link Repartitioned#withPartitioner}).
 *
 * <pre>{@code
 * // Where a plain producer would put the key (the default placement, made explicit):
 * Produced.with(Serdes.String(), eventSerde).withPartitioner(Partitioners.murmur2(new StringSerializer()));
 *
 * // Compound keys "user:session": all sessions of a user in the partition of the plain "user" key:
 * Produced.with(Serdes.String(), eventSerde).withPartitioner(Partitioners.byKeyPrefix(":"));
 *
 * // By a field of the value, whatever the key:
 * Produced.with(Serdes.String(), orderSerde).withPartitioner(
 *         Partitioners.byValueField(Order::customerId, new StringSerializer()));
 * }</pre>
 *
 * <p><b>Null keys and fields.</b> A plain producer spreads records with a null key over
 * partitions batch by batch ("sticky" partitioning), so there is no partition it would choose
 * for one record, and no deterministic answer to copy. These partitioners therefore reject a
 * null key (or null field, or a serializer that returns null) with an
 * {@link IllegalArgumentException}; Eos reports it like any failure of user code, and the
 * {@code processing.error.handler} decides (fail, skip or dead-letter). Filter null keys out
 * before the sink, or write them through a sink without a partitioner, if sticky placement is
 * what you want.
 */
public final class Partitioners {
    private Partitioners() {
    }

    /**
     * Murmur2 of the key serialized with {@code keySerializer}: the partition a plain Kafka
     * producer with the same key serializer chooses. Rejects null keys (see the class comment).
     */
    public static <K> Partitioner<K, Object> murmur2(Serializer<K> keySerializer) {
        return new KeyMurmur2<>(Objects.requireNonNull(keySerializer, "keySerializer"));
    }

    /**
     * Murmur2 of a field of the value, serialized with {@code fieldSerializer}: a record lands
     * where a plain producer would put a record keyed by that field, whatever its own key.
     *
     * <pre>{@code
     * Partitioners.byValueField(Order::customerId, new StringSerializer())
     * }</pre>
     *
     * @param field reads the field; a null field, or an exception it throws, fails the record
     */
    public static <V, F> Partitioner<Object, V> byValueField(Function<? super V, ? extends F> field,
                                                             Serializer<F> fieldSerializer) {
        return new ValueFieldMurmur2<>(Objects.requireNonNull(field, "field"),
                Objects.requireNonNull(fieldSerializer, "fieldSerializer"));
    }

    /**
     * For compound {@code String} keys (see {@link CompoundKey}): murmur2 of the UTF-8 bytes of
     * the part before the first {@code separator}, or of the whole key if it has none. So
     * {@code "u1:s9"}, {@code "u1:s10"} and {@code "u1"} share a partition, the one a plain
     * producer with a {@code StringSerializer} would choose for the key {@code "u1"}.
     */
    public static Partitioner<String, Object> byKeyPrefix(String separator) {
        Objects.requireNonNull(separator, "separator");
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("The separator of byKeyPrefix must not be empty");
        }
        return new KeyPrefixMurmur2(separator);
    }

    /** {@code toPositive(murmur2(bytes)) % numPartitions}, as the producer's built-in partitioner. */
    static int partitionFor(byte[] bytes, int numPartitions) {
        return Utils.toPositive(Utils.murmur2(bytes)) % numPartitions;
    }

    private static int place(byte[] bytes, String what, String topic, int numPartitions) {
        if (bytes == null) {
            throw new IllegalArgumentException("Cannot choose a partition of '" + topic + "' for a null " + what
                    + ": a plain producer spreads null keys over partitions (sticky partitioning), so there is no"
                    + " deterministic partition to match. Filter such records out before the sink");
        }
        if (numPartitions < 1) {
            throw new IllegalArgumentException("Topic '" + topic + "' has " + numPartitions + " partitions");
        }
        return partitionFor(bytes, numPartitions);
    }

    private static final class KeyMurmur2<K> implements Partitioner<K, Object> {
        private final Serializer<K> serializer;

        KeyMurmur2(Serializer<K> serializer) {
            this.serializer = serializer;
        }

        @Override
        public int partition(String topic, K key, Object value, int numPartitions) {
            return place(key == null ? null : serializer.serialize(topic, key), "key", topic, numPartitions);
        }

        @Override
        public String toString() {
            return "Partitioners.murmur2(" + serializer.getClass().getSimpleName() + ")";
        }
    }

    private static final class ValueFieldMurmur2<V, F> implements Partitioner<Object, V> {
        private final Function<? super V, ? extends F> field;
        private final Serializer<F> serializer;

        ValueFieldMurmur2(Function<? super V, ? extends F> field, Serializer<F> serializer) {
            this.field = field;
            this.serializer = serializer;
        }

        @Override
        public int partition(String topic, Object key, V value, int numPartitions) {
            F f = value == null ? null : field.apply(value);
            return place(f == null ? null : serializer.serialize(topic, f), "value field", topic, numPartitions);
        }

        @Override
        public String toString() {
            return "Partitioners.byValueField(" + serializer.getClass().getSimpleName() + ")";
        }
    }

    private static final class KeyPrefixMurmur2 implements Partitioner<String, Object> {
        private final String separator;

        KeyPrefixMurmur2(String separator) {
            this.separator = separator;
        }

        @Override
        public int partition(String topic, String key, Object value, int numPartitions) {
            byte[] prefix = key == null ? null : CompoundKey.prefix(separator, key).getBytes(StandardCharsets.UTF_8);
            return place(prefix, "key", topic, numPartitions);
        }

        @Override
        public String toString() {
            return "Partitioners.byKeyPrefix(\"" + separator + "\")";
        }
    }
}
