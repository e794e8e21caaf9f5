package dev.eos.dsl;

/**
 * A stream grouped by key, ready to aggregate into a {@link Table}; made by
 * {@link EventStream#groupByKey(Grouped)}. Every aggregation keeps one value per key in a
 * state store and emits the new value downstream for every record it aggregates (there is no
 * caching: one input record, one update).
 *
 * <p>Records with a null key or a null value are dropped (logged once per task at WARN), as in
 * Kafka Streams; windowed aggregations drop only null keys ({@link WindowedGroupedStream}). An
 * aggregator or reducer that returns {@code null} deletes the key; the table then emits a
 * tombstone, also for a key that had no aggregate before. Every update is emitted, also one
 * that leaves the value as it was.
 *
 * <p>Each update carries the largest timestamp of the records folded into the key's aggregate
 * (the first record's timestamp, then the larger of that and each new record's), as in Kafka
 * Streams: an out-of-order record updates the aggregate without moving its time back.
 *
 * <pre>{@code
 * // "words" is keyed by word; a stream re-keyed with selectKey must go through a topic first
 * Table<String, Long> wordCounts = builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
 *         .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
 *         .count(Materialized.as("word-counts"));
 * wordCounts.toStream().to("word-counts", Produced.with(Serdes.String(), Serdes.Long()));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface GroupedStream<K, V> {

    /** Counts the records per key in a store with a generated name. */
    Table<K, Long> count();

    /** Counts the records per key; the store's value serde defaults to {@code Serdes.Long()}. */
    Table<K, Long> count(Materialized<K, Long> materialized);

    /** Combines the values per key: the first value as is, then {@code reducer(aggregate, value)}. */
    Table<K, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized);

    /**
     * Folds the values per key into an aggregate of another type, starting from
     * {@code initializer}. The store needs a value serde for the aggregate:
     * {@code Materialized.with(keySerde, aggregateSerde)} or {@code .withValueSerde(aggregateSerde)}.
     */
    <VA> Table<K, VA> aggregate(Initializer<VA> initializer, Aggregator<? super K, ? super V, VA> aggregator,
                                Materialized<K, VA> materialized);

    /** Aggregates per key and time window instead of per key. */
    WindowedGroupedStream<K, V> windowedBy(TimeWindows windows);
}
