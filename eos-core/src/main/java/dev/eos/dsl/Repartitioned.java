package dev.eos.dsl;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * How {@link EventStream#repartition(Repartitioned)} moves records to the partition of their
 * key: serdes for the internal topic {@code <application.id>-<name>-repartition}, optionally its
 * partition count, a {@link Partitioner} and the name. Immutable; every {@code with*} returns a
 * new instance.
 *
 * <pre>{@code
 * clicks.selectKey((country, click) -> click.userId())
 *       .repartition(Repartitioned.with(Serdes.String(), clickSerde)
 *               .withNumberOfPartitions(12)
 *               .withName("clicks-by-user"))
 *       .groupByKey(Grouped.with(Serdes.String(), clickSerde))
 *       .count(Materialized.as("clicks-per-user"));
 * }</pre>
 *
 * <p>Without a partition count the topic gets the partition count of the sub-topology that
 * reads it (the partitions of the topics it is joined with), or else that of the input it comes
 * from. Without a partitioner, records are placed as a plain Kafka producer places them:
 * murmur2 of the serialized key.
 */
public final class Repartitioned<K, V> {
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Integer partitions;
    private final Partitioner<? super K, ? super V> partitioner;
    private final String name;

    private Repartitioned(Serde<K> keySerde, Serde<V> valueSerde, Integer partitions,
                          Partitioner<? super K, ? super V> partitioner, String name) {
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
        this.partitions = partitions;
        this.partitioner = partitioner;
        this.name = name;
    }

    public static <K, V> Repartitioned<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Repartitioned<>(keySerde, valueSerde, null, null, null);
    }

    /** The repartition topic's partition count. */
    public Repartitioned<K, V> withNumberOfPartitions(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("A repartition topic needs at least 1 partition, got " + count);
        }
        return new Repartitioned<>(keySerde, valueSerde, count, partitioner, name);
    }

    /** Places records with {@code partitioner} instead of murmur2 of the serialized key. */
    public Repartitioned<K, V> withPartitioner(Partitioner<? super K, ? super V> partitioner) {
        return new Repartitioned<>(keySerde, valueSerde, partitions,
                Objects.requireNonNull(partitioner, "partitioner"), name);
    }

    /** Names the topic {@code <application.id>-<name>-repartition}; keep it stable across releases. */
    public Repartitioned<K, V> withName(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("Repartition name '" + name + "' is not usable in a topic name: "
                    + "use only letters, digits, '.', '_' and '-'");
        }
        return new Repartitioned<>(keySerde, valueSerde, partitions, partitioner, name);
    }

    public Serde<K> keySerde() {
        return keySerde;
    }

    public Serde<V> valueSerde() {
        return valueSerde;
    }

    public Optional<Integer> numberOfPartitions() {
        return Optional.ofNullable(partitions);
    }

    public Optional<Partitioner<? super K, ? super V>> partitioner() {
        return Optional.ofNullable(partitioner);
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }
}
