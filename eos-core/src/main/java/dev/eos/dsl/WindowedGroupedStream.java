package dev.eos.dsl;

import dev.eos.store.Windowed;

/**
 * A grouped stream aggregated per key and time window; made by
 * {@link GroupedStream#windowedBy(TimeWindows)}. The result is a table keyed by
 * {@link Windowed} keys; each input record emits one update per window it falls in. Records for
 * windows that are already closed are dropped for those windows and counted in the log (WARN once
 * per task, then DEBUG). A window closes on the largest timestamp this aggregation itself has seen
 * (not the task's stream time: records dropped upstream, other branches and table updates do not
 * count); that time is committed with the input offsets, so it survives restarts. See
 * {@link TimeWindows}.
 *
 * <p>As in Kafka Streams, only records with a null key are dropped. <b>Records with a null value
 * are aggregated</b>: {@code count} counts them, and the {@link Reducer} and {@link Aggregator}
 * are called with a {@code null} value, so write them to accept one. In a window with no
 * aggregate yet, {@code reduce} takes the first value as it is, so a null first value leaves the
 * window empty and emits a tombstone for it. A {@code null} result deletes the window and emits
 * a tombstone.
 *
 * <p>Each update carries the largest timestamp of the records folded into that window's
 * aggregate, as in Kafka Streams.
 *
 * <p>The window store keeps each window for size + grace after its start, or for
 * {@link Materialized#withRetention} when that is longer.
 *
 * <pre>{@code
 * builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
 *         .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
 *         .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10)))
 *         .count(Materialized.as("clicks-per-minute"))
 *         .toStream()
 *         .to("clicks-per-minute", Produced.with(WindowedSerde.of(Serdes.String()), Serdes.Long()));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface WindowedGroupedStream<K, V> {

    /** Counts the records per key and window in a store with a generated name. */
    Table<Windowed<K>, Long> count();

    /** Counts the records per key and window; the value serde defaults to {@code Serdes.Long()}. */
    Table<Windowed<K>, Long> count(Materialized<K, Long> materialized);

    /**
     * Combines the values per key and window: the first value as is, then
     * {@code reducer(aggregate, value)}, where {@code value} may be null.
     */
    Table<Windowed<K>, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized);

    /**
     * Folds the values per key and window into an aggregate of another type, starting from
     * {@code initializer}; the aggregator may get a null value.
     */
    <VA> Table<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
                                          Aggregator<? super K, ? super V, VA> aggregator,
                                          Materialized<K, VA> materialized);
}
