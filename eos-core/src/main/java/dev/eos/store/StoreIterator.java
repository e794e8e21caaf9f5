package dev.eos.store;

import dev.eos.dsl.KeyValue;
import java.util.Iterator;

/**
 * Entries of a store in key order. It holds native resources: close it, best with
 * try-with-resources.
 *
 * <pre>{@code
 * try (StoreIterator<String, Long> it = counts.all()) {
 *     while (it.hasNext()) {
 *         KeyValue<String, Long> entry = it.next();
 *     }
 * }
 * }</pre>
 */
public interface StoreIterator<K, V> extends Iterator<KeyValue<K, V>>, AutoCloseable {
    @Override
    void close();
}
