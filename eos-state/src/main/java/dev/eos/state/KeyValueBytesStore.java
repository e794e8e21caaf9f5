package dev.eos.state;

/**
 * A sorted key-value store over bytes. Keys are ordered lexicographically as unsigned bytes.
 * Every read sees the pending writes of the open transaction.
 */
public interface KeyValueBytesStore extends TransactionalStore {

    /** The value of {@code key}, or null. */
    byte[] get(byte[] key);

    /** Writes {@code value} under {@code key}; a null value deletes the key. */
    void put(byte[] key, byte[] value);

    /** Writes only if {@code key} has no value; returns the existing value, or null if it wrote. */
    byte[] putIfAbsent(byte[] key, byte[] value);

    /** Deletes {@code key}; returns its previous value, or null. */
    byte[] delete(byte[] key);

    /** Entries with {@code from <= key <= to} in key order; a null bound is open. Close the iterator. */
    KeyValueIterator range(byte[] from, byte[] to);

    /** Entries whose key starts with {@code prefix}, in key order. Close the iterator. */
    KeyValueIterator prefixScan(byte[] prefix);

    /** Every entry in key order. Close the iterator. */
    KeyValueIterator all();

    /** An estimate of the number of keys (committed keys plus pending inserts). */
    long approximateNumEntries();
}
