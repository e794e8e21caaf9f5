package dev.eos.dsl;

/**
 * Combines the current aggregate of a key with a new value of the same type, for
 * {@link GroupedStream#reduce(Reducer, Materialized)}. The first value of a key becomes its
 * aggregate without a call. Returning {@code null} deletes the key from the table.
 *
 * <pre>{@code
 * Reducer<Long> max = (current, value) -> Math.max(current, value);
 * }</pre>
 *
 * @param <V> value and aggregate type
 */
@FunctionalInterface
public interface Reducer<V> {
    /** The new aggregate from the current one and the new {@code value}; neither is null. */
    V apply(V aggregate, V value);
}
