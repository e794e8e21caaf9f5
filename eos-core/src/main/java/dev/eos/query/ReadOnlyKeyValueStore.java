package dev.eos.query;

import dev.eos.store.StoreIterator;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A read-only view of a key-value store's committed content on this instance, safe to use from any
 * thread. Iterators read the store in chunks: each chunk is one committed state, a long scan may
 * span several commits. Close iterators (they hold no native resource, but will one day).
 *
 * <pre>{@code
 * ReadOnlyKeyValueStore<String, Long> counts = app.store("counts", QueryableStoreTypes.keyValueStore());
 * Long n = counts.get("alice");
 * try (StoreIterator<String, Long> it = counts.range("a", "b")) {
 *     it.forEachRemaining(entry -> System.out.println(entry.key() + "=" + entry.value()));
 * }
 * }</pre>
 *
 * Every method throws {@link dev.eos.errors.StoreUnavailableException} when the store cannot be
 * read right now (restoring, moving, app not running), with the reason and when to retry.
 */
public interface ReadOnlyKeyValueStore<K, V> {

    /** The committed value of {@code key}, or null if it has none in the shards this view reads. */
    V get(K key);

    /** Entries with {@code from <= key <= to} by serialized key order; a null bound is open. */
    StoreIterator<K, V> range(K from, K to);

    /** Entries whose serialized key starts with the serialized {@code prefix}. */
    <P> StoreIterator<K, V> prefixScan(P prefix, Serializer<P> prefixSerializer);

    /** Every entry. */
    StoreIterator<K, V> all();

    /** An estimate of the number of committed entries. */
    long approximateNumEntries();
}
