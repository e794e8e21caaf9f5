package dev.eos.dsl;

/**
 * Chooses the partition a record is written to. Used by sinks through
 * {@link Produced#withPartitioner(Partitioner)} and by repartition topics through
 * {@link Repartitioned#withPartitioner(Partitioner)}; {@link Partitioners} has built-ins.
 *
 * <p>Without one, Eos places records exactly as a plain Kafka producer does: murmur2 of the
 * serialized key, so consumers and other producers agree on where a key lives.
 *
 * <pre>{@code
 * Partitioner<String, Order> byRegion = (topic, key, order, n) -> Math.floorMod(order.region().hashCode(), n);
 * orders.to("orders-by-region", Produced.with(strings, orderSerde).withPartitioner(byRegion));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface Partitioner<K, V> {

    /**
     * @param numPartitions the number of partitions of {@code topic}
     * @return a partition in {@code [0, numPartitions)}; any other value fails the record with
     *         an error naming the partitioner, the record and the partition count
     */
    int partition(String topic, K key, V value, int numPartitions);
}
