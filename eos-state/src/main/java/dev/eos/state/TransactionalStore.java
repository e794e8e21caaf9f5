package dev.eos.state;

import java.util.List;
import java.util.OptionalLong;

/**
 * What every store engine does with its pending writes. Pending writes are those made since the
 * last {@link #commit(long)}; reads of the store see them.
 *
 * <p>Invariant: the durable content of a store always equals the content at some commit, and
 * {@link #committedOffset()} is the changelog offset recorded by that same commit.
 */
public interface TransactionalStore extends AutoCloseable {

    /** The store's name, unique within its task. */
    String name();

    /**
     * Makes every pending write durable in one atomic local write, together with {@code
     * changelogOffset}: the offset of the changelog to restore from next (the offset after the
     * last changelog record these writes reach). Called only after Kafka confirmed the
     * transaction that carried the changelog records.
     */
    void commit(long changelogOffset);

    /** Discards every pending write; reads see the last committed state again. */
    void rollback();

    /**
     * The changelog offset stored by the last commit or restore, or empty if the store never
     * committed (a new store, or an in-memory store after a restart).
     */
    OptionalLong committedOffset();

    /**
     * Applies committed changelog records directly (no pending writes may be open), durably and
     * atomically together with {@code nextOffset}: the offset to restore from after this batch.
     * A null value deletes the key. Keys are in the store's changelog format (for window stores,
     * {@link WindowKeys#encode(byte[], long)}).
     */
    void restore(List<ChangelogEntry> batch, long nextOffset);

    /**
     * Drops all content, committed and pending, and the committed offset: used when the local
     * state cannot belong to the changelog (its offset is beyond the changelog's end).
     */
    void wipe();

    /** The approximate size in bytes of the pending writes (keys plus values). */
    long pendingBytes();

    /** Discards pending writes and releases every native resource. Idempotent. */
    @Override
    void close();
}
