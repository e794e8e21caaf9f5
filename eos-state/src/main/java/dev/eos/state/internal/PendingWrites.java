package dev.eos.state.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The writes of the open transaction: the last put or delete of each key (a delete is the
 * {@link #DELETED} marker) and the key ranges dropped whole (window segments). The arrays are
 * kept, not copied: callers hand over fresh key and value arrays.
 *
 * <p>Point reads and writes, the per-record path, go to a hash map. The sorted view that
 * iterators need ({@link #writes()}) is built on first use in a transaction and kept in step
 * with the hash map from then on, until {@link #clear}; a transaction without iterators never
 * sorts anything. Committing needs no order ({@link #forEachUnordered}): one storage write
 * applies every key at once.
 */
final class PendingWrites {
    /** Marks a pending delete; compared by identity, never returned to readers. */
    static final byte[] DELETED = new byte[0];

    private final HashMap<BytesKey, Write> writes = new HashMap<>();
    /** Every key written in this transaction, in order of its first write; dense for fast iteration. */
    private final ArrayList<Write> inOrder = new ArrayList<>();
    private TreeMap<byte[], byte[]> sorted;
    private final List<byte[][]> droppedRanges = new ArrayList<>();
    private long bytes;
    private int puts;

    static boolean isDeleted(byte[] pendingValue) {
        return pendingValue == DELETED;
    }

    /**
     * The pending write of one key. {@code value} is {@link #DELETED} for a delete and null once
     * a dropped range removed the write (the slot stays in {@code inOrder}, skipped).
     */
    static final class Write {
        final BytesKey key;
        byte[] value;

        Write(BytesKey key, byte[] value) {
            this.key = key;
            this.value = value;
        }
    }

    /** The pending value of {@code key}: null if none, {@link #DELETED} if deleted. */
    byte[] get(byte[] key) {
        return get(new BytesKey(key));
    }

    /** {@link #get(byte[])} for a key already wrapped. */
    byte[] get(BytesKey key) {
        Write write = writes.get(key);
        return write == null ? null : write.value;
    }

    /** Records a put, or a delete if {@code value} is null. */
    void put(byte[] key, byte[] value) {
        put(new BytesKey(key), value);
    }

    /** {@link #put(byte[], byte[])} for a key already wrapped. */
    void put(BytesKey wrapped, byte[] value) {
        byte[] key = wrapped.bytes();
        byte[] stored = value == null ? DELETED : value;
        Write write = writes.get(wrapped);
        if (write == null) {
            write = new Write(wrapped, stored);
            writes.put(wrapped, write);
            inOrder.add(write);
        } else {
            forget(key, write.value);
            write.value = stored;
        }
        if (sorted != null) {
            sorted.put(key, stored);
        }
        bytes += key.length + stored.length;
        if (stored != DELETED) {
            puts++;
        }
    }

    /** Drops every key in {@code [from, toExclusive)}, pending writes and committed keys alike. */
    void dropRange(byte[] from, byte[] toExclusive) {
        Iterator<Write> it = writes.values().iterator();
        while (it.hasNext()) {
            Write write = it.next();
            byte[] key = write.key.bytes();
            if (KeyOrder.compare(key, from) >= 0 && KeyOrder.below(key, toExclusive)) {
                forget(key, write.value);
                write.value = null;
                it.remove();
            }
        }
        if (sorted != null) {
            sorted.subMap(from, true, toExclusive, false).clear();
        }
        droppedRanges.add(new byte[][] {from, toExclusive});
    }

    private void forget(byte[] key, byte[] value) {
        bytes -= key.length + value.length;
        if (value != DELETED) {
            puts--;
        }
    }

    /**
     * The pending writes in key order, values {@link #DELETED} for deletes. Live, not a copy, and
     * read-only to callers: change pending writes through {@link #put} and {@link #dropRange}.
     */
    NavigableMap<byte[], byte[]> writes() {
        if (sorted == null) {
            sorted = new TreeMap<>(KeyOrder.UNSIGNED);
            for (Write write : writes.values()) {
                sorted.put(write.key.bytes(), write.value);
            }
        }
        return sorted;
    }

    /**
     * Calls {@code action} with every pending write in no particular order (the order of first
     * writes), value {@link #DELETED} for a delete. A plain loop over a dense list: committing a
     * large transaction walks no hash table.
     */
    <E extends Exception> void forEachUnordered(WriteAction<E> action) throws E {
        for (int i = 0, n = inOrder.size(); i < n; i++) {
            Write write = inOrder.get(i);
            if (write.value != null) {
                action.accept(write.key, write.value);
            }
        }
    }

    /** What {@link #forEachUnordered} does with each write; may throw the storage's checked exception. */
    @FunctionalInterface
    interface WriteAction<E extends Exception> {
        void accept(BytesKey key, byte[] value) throws E;
    }

    /** The ranges {@code [from, toExclusive)} dropped in this transaction, applied before the writes. */
    List<byte[][]> droppedRanges() {
        return Collections.unmodifiableList(droppedRanges);
    }

    boolean isEmpty() {
        return writes.isEmpty() && droppedRanges.isEmpty();
    }

    /** Keys plus values of the pending writes, in bytes. */
    long bytes() {
        return bytes;
    }

    /** The number of pending puts (not deletes). */
    int puts() {
        return puts;
    }

    /**
     * Forgets every pending write. The sorted view is emptied in place, so iterators holding it
     * see no pending writes; with {@code iteratorsOpen} false it is also let go, and the next
     * transaction runs on the hash map alone until an iterator asks again.
     */
    void clear(boolean iteratorsOpen) {
        writes.clear();
        inOrder.clear();
        if (sorted != null) {
            sorted.clear();
            if (!iteratorsOpen) {
                sorted = null;
            }
        }
        droppedRanges.clear();
        bytes = 0;
        puts = 0;
    }
}
