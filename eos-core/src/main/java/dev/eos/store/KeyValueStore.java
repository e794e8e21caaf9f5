package dev.eos.store;

import org.apache.kafka.common.serialization.Serializer;

/**
 * A key-value store of one task. Reads see this task's own writes at once; the writes become
 * durable, locally and in the changelog, when the transaction of the input that made them commits,
 * and vanish if it aborts. Keys are ordered by their serialized bytes.
 *
 * <pre>{@code
 * class CountByUser implements Processor<String, String, String, Long> {
 *     private KeyValueStore<String, Long> counts;
 *     private ProcessorContext<String, Long> context;
 *
 *     public void init(ProcessorContext<String, Long> context) {
 *         this.context = context;
 *         this.counts = context.getStateStore("counts");
 *     }
 *
 *     public void process(Record<String, String> record) {
 *         Long old = counts.get(record.key());
 *         long count = old == null ? 1 : old + 1;
 *         counts.put(record.key(), count);
 *         context.forward(record.withValue(count));
 *     }
 * }
 * }</pre>
 */
public interface KeyValueStore<K, V> extends StateStore {

    /** The value of {@code key}, or null. */
    V get(K key);

    /** Writes {@code value} under {@code key}; a null value deletes the key. */
    void put(K key, V value);

    /** Writes only if {@code key} has no value; returns the existing value, or null if it wrote. */
    V putIfAbsent(K key, V value);

    /** Deletes {@code key}; returns its previous value, or null. */
    V delete(K key);

    /** Entries with keys from {@code from} to {@code to} inclusive (by serialized bytes); null is open. */
    StoreIterator<K, V> range(K from, K to);

    /** Entries whose serialized key starts with the serialized {@code prefix}. */
    <P> StoreIterator<K, V> prefixScan(P prefix, Serializer<P> prefixSerializer);

    /** Every entry, in key order. */
    StoreIterator<K, V> all();

    /** An estimate of the number of keys. */
    long approximateNumEntries();
}
