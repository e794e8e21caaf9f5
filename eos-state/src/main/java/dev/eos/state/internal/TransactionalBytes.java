package dev.eos.state.internal;

import dev.eos.state.KeyValueIterator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Pending writes laid over committed storage: the transactional core shared by the key-value and
 * window stores of both engines.
 *
 * <p>Invariants: the storage holds exactly the content of the last commit (or restore), and its
 * checkpoint is the one written with that content; pending writes live only in memory until
 * {@link #commit} hands them to the storage in one atomic write, after which they are cleared.
 * Every open iterator is tracked and closed before the storage is.
 *
 * <p>A point read looks at the pending writes, then the {@link ValueCache} of committed values,
 * then the storage. The cache only ever holds committed content: it learns a commit's writes
 * after the storage applied them, and a rollback, which touches only pending writes, leaves
 * nothing in it to undo.
 */
final class TransactionalBytes {
    private final String name;
    private final CommittedStorage storage;
    private final ValueCache cache;
    private final PendingWrites pending = new PendingWrites();
    private final Set<MergedIterator> openIterators = Collections.newSetFromMap(new IdentityHashMap<>());
    private Checkpoint checkpoint;
    private boolean closed;

    TransactionalBytes(String name, CommittedStorage storage) {
        this(name, storage, ValueCache.NONE);
    }

    TransactionalBytes(String name, CommittedStorage storage, ValueCache cache) {
        this.name = name;
        this.storage = storage;
        this.cache = cache;
        try {
            this.checkpoint = storage.checkpoint();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    byte[] get(byte[] key) {
        requireOpen();
        BytesKey wrapped = new BytesKey(key);
        byte[] value = pending.get(wrapped);
        if (value != null) {
            return PendingWrites.isDeleted(value) ? null : value;
        }
        byte[] cached = cache.get(wrapped);
        if (cached != null) {
            return cached == ValueCache.ABSENT ? null : cached;
        }
        byte[] committed = storage.get(key);
        cache.putCommitted(wrapped, committed);
        return committed;
    }

    /** A pending put, or a pending delete if {@code value} is null. */
    void put(byte[] key, byte[] value) {
        requireOpen();
        pending.put(key, value);
    }

    /** Drops {@code [from, toExclusive)} at the next commit; pending writes in it go now. */
    void dropRange(byte[] from, byte[] toExclusive) {
        requireOpen();
        pending.dropRange(from, toExclusive);
    }

    /** Merged entries of {@code [from, toExclusive)}, null bounds open. Close the iterator. */
    KeyValueIterator range(byte[] from, byte[] toExclusive) {
        requireOpen();
        MergedIterator iterator = new MergedIterator(storage.seek(from), pending.writes(), from, toExclusive,
                openIterators::remove);
        openIterators.add(iterator);
        return iterator;
    }

    byte[] lastCommittedKey() {
        requireOpen();
        return storage.lastKey();
    }

    /** Writes pending writes and {@code next} atomically; a commit that changes nothing writes nothing. */
    void commit(Checkpoint next) {
        commit(next, true);
    }

    /**
     * {@link #commit(Checkpoint)} for a restore batch: the cache is emptied instead of filled, so
     * replaying a changelog does not churn it with keys that may never be read.
     */
    void commitRestored(Checkpoint next) {
        commit(next, false);
    }

    private void commit(Checkpoint next, boolean cacheWrites) {
        requireOpen();
        if (pending.isEmpty() && next.equals(checkpoint)) {
            return;
        }
        storage.write(pending, next);
        if (cacheWrites) {
            cache.applyCommitted(pending);
        } else {
            cache.clear();
        }
        pending.clear(!openIterators.isEmpty());
        checkpoint = next;
        openIterators.forEach(MergedIterator::storageChanged);
    }

    void rollback() {
        requireOpen();
        pending.clear(!openIterators.isEmpty());
    }

    void requireNoPendingWrites(String operation) {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("Cannot " + operation + " store " + name + " with pending writes ("
                    + pending.bytes() + " bytes): commit or roll back first");
        }
    }

    /** The checkpoint of the last commit, or null if the store never committed. */
    Checkpoint checkpoint() {
        return checkpoint;
    }

    void wipe() {
        requireOpen();
        pending.clear(!openIterators.isEmpty());
        cache.clear();
        storage.wipe();
        checkpoint = null;
        openIterators.forEach(MergedIterator::storageChanged);
    }

    long pendingBytes() {
        return pending.bytes();
    }

    long approximateNumEntries() {
        requireOpen();
        return storage.approximateNumEntries(pending);
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear(true);
        cache.clear();
        for (MergedIterator iterator : new ArrayList<>(openIterators)) {
            iterator.close();
        }
        storage.close();
    }

    boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Store " + name + " is closed");
        }
    }
}
