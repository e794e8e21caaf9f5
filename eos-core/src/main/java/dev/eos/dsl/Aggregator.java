package dev.eos.dsl;

/**
 * Folds one record into the aggregate of its key, for
 * {@link GroupedStream#aggregate(Initializer, Aggregator, Materialized)} and
 * {@link WindowedGroupedStream#aggregate(Initializer, Aggregator, Materialized)}. Returning
 * {@code null} deletes the key from the table (downstream sees a tombstone, even for a key that
 * had no aggregate before).
 *
 * <pre>{@code
 * Aggregator<String, Order, Long> sumTotals = (customer, order, total) -> total + order.cents();
 * }</pre>
 *
 * @param <K> key type
 * @param <V> record value type
 * @param <VA> aggregate type
 */
@FunctionalInterface
public interface Aggregator<K, V, VA> {
    /**
     * The new aggregate of {@code key} after {@code value}. {@code aggregate} is the key's current
     * aggregate, or the initializer's result for a key without one. {@code value} is never null
     * in {@link GroupedStream#aggregate}, but null for a record with a null value in a windowed
     * aggregation, as in Kafka Streams.
     */
    VA apply(K key, V value, VA aggregate);
}
