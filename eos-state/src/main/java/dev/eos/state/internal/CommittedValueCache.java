package dev.eos.state.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Committed values of one store kept on the heap, so that reading a key again does not cross
 * into RocksDB (a JNI call and a memtable or block lookup, several microseconds).
 *
 * <p>Invariant: every entry equals the store's committed content for its key, where
 * {@link ValueCache#ABSENT} means no committed value. Entries come from two places only: a read of
 * committed storage ({@link #putCommitted} after a miss) and the writes of a commit once storage
 * applied them ({@link #applyCommitted}). Pending writes never enter the cache, so a rollback
 * (abort) has nothing to undo here and the cache can never serve a rolled-back value; a commit
 * that drops ranges, a wipe or a restore that fails clears the cache.
 *
 * <p>Entries are evicted oldest first (in the order keys entered the cache) while the engine's
 * shared {@link CacheBudget} is over its limit: an access-ordered map would move an entry on
 * every read, touching two more cache lines per record for a small gain in hit rate; an evicted
 * hot key costs one RocksDB read to come back. One store is used by one thread at a time; only
 * the budget is shared.
 */
final class CommittedValueCache implements ValueCache {
    /** Rough heap cost of one entry beyond its key and value bytes (map entry, key wrapper, array headers). */
    private static final int ENTRY_OVERHEAD = 96;

    private final CacheBudget budget;
    private final LinkedHashMap<BytesKey, byte[]> entries = new LinkedHashMap<>(1024);
    private long bytes;

    CommittedValueCache(CacheBudget budget) {
        this.budget = budget;
    }

    @Override
    public byte[] get(BytesKey key) {
        return entries.get(key);
    }

    @Override
    public void putCommitted(BytesKey key, byte[] committedValue) {
        put(key, committedValue == null ? ABSENT : committedValue);
    }

    @Override
    public void applyCommitted(PendingWrites writes) {
        if (!writes.droppedRanges().isEmpty()) {
            clear();
        }
        writes.forEachUnordered((key, value) -> put(key, PendingWrites.isDeleted(value) ? ABSENT : value));
    }

    private void put(BytesKey key, byte[] value) {
        byte[] previous = entries.put(key, value);
        long delta = value.length - (previous == null ? -(key.bytes().length + ENTRY_OVERHEAD) : previous.length);
        bytes += delta;
        budget.add(delta);
        if (budget.overLimit()) {
            evict();
        }
    }

    private void evict() {
        Iterator<Map.Entry<BytesKey, byte[]>> eldest = entries.entrySet().iterator();
        long freed = 0;
        while (eldest.hasNext() && budget.usedBytes() - freed > budget.limitBytes()) {
            Map.Entry<BytesKey, byte[]> entry = eldest.next();
            freed += cost(entry.getKey(), entry.getValue());
            eldest.remove();
        }
        bytes -= freed;
        budget.add(-freed);
    }

    private static long cost(BytesKey key, byte[] value) {
        return key.bytes().length + value.length + ENTRY_OVERHEAD;
    }

    @Override
    public void clear() {
        entries.clear();
        budget.add(-bytes);
        bytes = 0;
    }

    int size() {
        return entries.size();
    }
}
