package dev.eos.processor;

import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record flowing through a pipeline: key, value, timestamp and headers.
 *
 * <p>Records are immutable apart from their {@link Headers}, which Kafka models as a mutable
 * collection; the {@code with*} methods return new records and copy the headers so that a
 * processor changing headers never changes a record another processor already holds.
 *
 * <pre>{@code
 * Record<String, Order> in = ...;
 * context.forward(in.withKey(in.value().customerId()).withValue(in.value().total()));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Record<K, V> {
    private final K key;
    private final V value;
    private final long timestamp;
    private final Headers headers;

    /**
     * Creates a record.
     *
     * @param timestamp event time in epoch milliseconds; must not be negative
     * @param headers headers, or {@code null} for none
     */
    public Record(K key, V value, long timestamp, Headers headers) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("Record timestamp must not be negative, was " + timestamp);
        }
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
        this.headers = headers == null ? new RecordHeaders() : headers;
    }

    /** Creates a record without headers. */
    public Record(K key, V value, long timestamp) {
        this(key, value, timestamp, null);
    }

    public K key() {
        return key;
    }

    public V value() {
        return value;
    }

    /** Event time in epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    public Headers headers() {
        return headers;
    }

    public <K2> Record<K2, V> withKey(K2 newKey) {
        return new Record<>(newKey, value, timestamp, copyHeaders());
    }

    public <V2> Record<K, V2> withValue(V2 newValue) {
        return new Record<>(key, newValue, timestamp, copyHeaders());
    }

    public Record<K, V> withTimestamp(long newTimestamp) {
        return new Record<>(key, value, newTimestamp, copyHeaders());
    }

    public Record<K, V> withHeaders(Headers newHeaders) {
        return new Record<>(key, value, timestamp, newHeaders);
    }

    private Headers copyHeaders() {
        return new RecordHeaders(headers.toArray());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Record)) {
            return false;
        }
        Record<?, ?> other = (Record<?, ?>) o;
        return timestamp == other.timestamp
                && Objects.equals(key, other.key)
                && Objects.equals(value, other.value)
                && Objects.equals(headers, other.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, value, timestamp, headers);
    }

    @Override
    public String toString() {
        return "Record{key=" + key + ", value=" + value + ", timestamp=" + timestamp + "}";
    }
}
