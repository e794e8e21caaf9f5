package dev.eos.internal.dsl;

/**
 * What a DSL store (an aggregation's or a table source's) holds per key or window: the value and
 * the timestamp of the update that wrote it, as Kafka Streams' {@code ValueAndTimestamp}. The
 * timestamp is what the table's next update for that key builds on (an aggregate carries the
 * largest timestamp of the records it folded in).
 *
 * <p>The value is never null: a null value is a deletion, written as no entry at all
 * ({@link #make} returns null for it). Stored with {@link ValueAndTimestampSerde}.
 *
 * <p>Public only so that Eos's testkit can show users the plain values of DSL stores; not API.
 *
 * @param value     never null
 * @param timestamp in milliseconds
 * @param <V>       value type
 */
public record ValueAndTimestamp<V>(V value, long timestamp) {

    public ValueAndTimestamp {
        if (value == null) {
            throw new IllegalArgumentException("A stored value is never null: null is a deletion");
        }
    }

    /** {@code value} with {@code timestamp}, or null (a deletion) if {@code value} is null. */
    public static <V> ValueAndTimestamp<V> make(V value, long timestamp) {
        return value == null ? null : new ValueAndTimestamp<>(value, timestamp);
    }

    /** The value of {@code stored}, or null if there is none. */
    public static <V> V valueOrNull(ValueAndTimestamp<V> stored) {
        return stored == null ? null : stored.value();
    }
}
