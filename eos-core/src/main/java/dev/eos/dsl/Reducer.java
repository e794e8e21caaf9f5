package dev.eos.dsl;

/**
 * Combines the current aggregate of a key with a new value of the same type, for
 * {@link GroupedStream#reduce(Reducer, Materialized)} and
 * {@link WindowedGroupedStream#reduce(Reducer, Materialized)}. The first value of a key (or
 * window) becomes its aggregate without a call. Returning {@code null} deletes the key from the
 * table.
 *
 * <p>As for an {@link Aggregator}, return a new object rather than change {@code aggregate} in
 * place: it is also the update's old value, and a {@link Table#filter} below would compare the
 * new value with itself and miss a tombstone. Kafka Streams has the same trap.
 *
 * <pre>{@code
 * Reducer<Long> max = (current, value) -> Math.max(current, value);
 * }</pre>
 *
 * @param <V> value and aggregate type
 */
@FunctionalInterface
public interface Reducer<V> {
    /**
     * The new aggregate from the current one (never null) and the new {@code value}: never null
     * in {@link GroupedStream#reduce}, but null for a record with a null value in a windowed
     * reduce, as in Kafka Streams.
     */
    V apply(V aggregate, V value);
}
