package dev.eos.state.internal;

/**
 * The committed content of one store, beneath its pending writes: RocksDB on disk or a map in
 * memory. Every change goes through {@link #write}, one atomic step.
 */
interface CommittedStorage extends AutoCloseable {

    /** The committed value of {@code key}, or null. */
    byte[] get(byte[] key);

    /** A cursor at the first committed key {@code >= from} (null: the first key). */
    StorageCursor seek(byte[] from);

    /** The greatest committed key, or null if empty. */
    byte[] lastKey();

    /** The checkpoint of the last write, or null if the storage never committed. */
    Checkpoint checkpoint();

    /**
     * Applies the dropped ranges, then the writes, together with {@code checkpoint}, atomically.
     * On failure nothing is applied and {@code writes} is untouched.
     */
    void write(PendingWrites writes, Checkpoint checkpoint);

    /** Removes every key and the checkpoint, atomically. */
    void wipe();

    /** An estimate of the number of keys once {@code pending} is applied. */
    long approximateNumEntries(PendingWrites pending);

    /** Releases every resource. Idempotent. */
    @Override
    void close();

    /** A position in the committed keys, moving forward. */
    interface StorageCursor extends AutoCloseable {
        boolean valid();

        byte[] key();

        byte[] value();

        void next();

        /**
         * Called after the storage changed under the cursor (a commit, restore or wipe): from
         * then on it shows the new content, at the same position.
         */
        default void storageChanged() {
        }

        @Override
        void close();
    }
}
