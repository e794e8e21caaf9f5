package dev.eos.query;

import dev.eos.store.StoreIterator;
import dev.eos.store.Windowed;

/**
 * A read-only view of a window store's committed content on this instance, safe to use from any
 * thread. Windows that expired at the last commit (start before stream time minus retention) are
 * not returned.
 *
 * <pre>{@code
 * ReadOnlyWindowStore<String, Long> perMinute = app.store("clicks-per-minute", QueryableStoreTypes.windowStore());
 * try (StoreIterator<Windowed<String>, Long> it = perMinute.fetch("alice", from, to)) {
 *     it.forEachRemaining(e -> System.out.println(e.key().startMs() + " " + e.value()));
 * }
 * }</pre>
 */
public interface ReadOnlyWindowStore<K, V> {

    /** The committed value of {@code key}'s window starting at {@code windowStart}, or null. */
    V fetch(K key, long windowStart);

    /** {@code key}'s windows starting in {@code [timeFrom, timeTo]}, by ascending start. */
    StoreIterator<Windowed<K>, V> fetch(K key, long timeFrom, long timeTo);

    /** Every window starting in {@code [timeFrom, timeTo]}. */
    StoreIterator<Windowed<K>, V> fetchAll(long timeFrom, long timeTo);
}
