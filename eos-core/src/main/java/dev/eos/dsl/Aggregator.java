package dev.eos.dsl;

/**
 * Folds one record into the aggregate of its key, for
 * {@link GroupedStream#aggregate(Initializer, Aggregator, Materialized)}. Returning {@code null}
 * deletes the key from the table (downstream sees a tombstone).
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
    /** The new aggregate of {@code key} after {@code value}; {@code aggregate} is never null. */
    VA apply(K key, V value, VA aggregate);
}
