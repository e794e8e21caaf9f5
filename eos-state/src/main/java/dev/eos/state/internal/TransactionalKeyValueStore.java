package dev.eos.state.internal;

import dev.eos.state.ChangelogEntry;
import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.KeyValueIterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A key-value store of either engine: the engine supplies the committed storage, this class the
 * public contract over {@link TransactionalBytes}. Changelog keys are the store's keys.
 */
public final class TransactionalKeyValueStore implements KeyValueBytesStore {
    private final TransactionalBytes bytes;

    TransactionalKeyValueStore(String name, CommittedStorage storage) {
        this(name, storage, ValueCache.NONE);
    }

    TransactionalKeyValueStore(String name, CommittedStorage storage, ValueCache cache) {
        this.bytes = new TransactionalBytes(name, storage, cache);
    }

    @Override
    public String name() {
        return bytes.name();
    }

    @Override
    public byte[] get(byte[] key) {
        return bytes.get(Objects.requireNonNull(key, "key"));
    }

    @Override
    public void put(byte[] key, byte[] value) {
        bytes.put(Objects.requireNonNull(key, "key"), value);
    }

    @Override
    public byte[] putIfAbsent(byte[] key, byte[] value) {
        byte[] existing = get(key);
        if (existing == null) {
            bytes.put(key, value);
        }
        return existing;
    }

    @Override
    public byte[] delete(byte[] key) {
        byte[] previous = get(key);
        if (previous != null) {
            bytes.put(key, null);
        }
        return previous;
    }

    @Override
    public KeyValueIterator range(byte[] from, byte[] to) {
        if (from != null && to != null && KeyOrder.compare(from, to) > 0) {
            return bytes.range(from, from);
        }
        return bytes.range(from, to == null ? null : KeyOrder.successor(to));
    }

    @Override
    public KeyValueIterator prefixScan(byte[] prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return bytes.range(prefix, KeyOrder.prefixEnd(prefix));
    }

    @Override
    public KeyValueIterator all() {
        return bytes.range(null, null);
    }

    @Override
    public long approximateNumEntries() {
        return bytes.approximateNumEntries();
    }

    @Override
    public void commit(long changelogOffset) {
        bytes.commit(new Checkpoint(changelogOffset, Checkpoint.NO_TIME));
    }

    @Override
    public void rollback() {
        bytes.rollback();
    }

    @Override
    public OptionalLong committedOffset() {
        Checkpoint checkpoint = bytes.checkpoint();
        return checkpoint == null ? OptionalLong.empty() : OptionalLong.of(checkpoint.changelogOffset());
    }

    @Override
    public void restore(List<ChangelogEntry> batch, long nextOffset) {
        bytes.requireNoPendingWrites("restore");
        try {
            for (ChangelogEntry entry : batch) {
                bytes.put(Objects.requireNonNull(entry.key(), "changelog key"), entry.value());
            }
            bytes.commitRestored(new Checkpoint(nextOffset, Checkpoint.NO_TIME));
        } catch (RuntimeException e) {
            bytes.rollback();
            throw e;
        }
    }

    @Override
    public void wipe() {
        bytes.wipe();
    }

    @Override
    public long pendingBytes() {
        return bytes.pendingBytes();
    }

    @Override
    public void close() {
        bytes.close();
    }

    @Override
    public String toString() {
        return "KeyValueStore(" + name() + ")";
    }
}
