package dev.eos.store;

/**
 * Values per key and time window, kept for a retention period of stream time. Windowed DSL
 * aggregations keep their state in one; processors can declare their own with
 * {@link Stores#window}.
 *
 * <pre>{@code
 * WindowStore<String, Long> perMinute = context.getStateStore("clicks-per-minute");
 * long start = record.timestamp() - record.timestamp() % 60_000;
 * Long old = perMinute.fetch(record.key(), start);
 * perMinute.put(record.key(), start, old == null ? 1L : old + 1);
 * }</pre>
 */
public interface WindowStore<K, V> extends StateStore {

    /** Writes the value of {@code key}'s window that starts at {@code windowStart}; null deletes it. */
    void put(K key, long windowStart, V value);

    /** The value of one window, or null (also once it has expired). */
    V fetch(K key, long windowStart);

    /** The windows of {@code key} starting in {@code [timeFrom, timeTo]}, oldest first. */
    StoreIterator<Windowed<K>, V> fetch(K key, long timeFrom, long timeTo);

    /** Every window starting in {@code [timeFrom, timeTo]}. */
    StoreIterator<Windowed<K>, V> fetchAll(long timeFrom, long timeTo);

    /** How long windows are kept after their start, in stream time. */
    long retentionMs();
}
