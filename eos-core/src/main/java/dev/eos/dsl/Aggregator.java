package dev.eos.dsl;

/**
 * Folds one record into the aggregate of its key, for
 * {@link GroupedStream#aggregate(Initializer, Aggregator, Materialized)} and
 * {@link WindowedGroupedStream#aggregate(Initializer, Aggregator, Materialized)}. Returning
 * {@code null} deletes the key from the table (downstream sees a tombstone, even for a key that
 * had no aggregate before).
 *
 * <p><b>Return a new object; do not change {@code aggregate} in place.</b> The table's update
 * carries the aggregate before the record as its old value, and that is the very object passed as
 * {@code aggregate}: mutated and returned, it makes the old value equal to the new one. A
 * {@link Table#filter} below then compares the new value with itself and misses the key leaving
 * the filtered table (no tombstone is sent). Kafka Streams has the same trap. Copy mutable
 * aggregates (collections, builders) before changing them:
 *
 * <pre>{@code
 * Aggregator<String, Order, Long> sumTotals = (customer, order, total) -> total + order.cents();
 *
 * // wrong: aggregate.add(order.id()); return aggregate;
 * Aggregator<String, Order, List<String>> orderIds = (customer, order, ids) -> {
 *     List<String> updated = new ArrayList<>(ids);
 *     updated.add(order.id());
 *     return updated;
 * };
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
