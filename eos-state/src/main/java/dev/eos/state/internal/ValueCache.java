package dev.eos.state.internal;

/**
 * Committed values of one store held in front of its {@link CommittedStorage}; see
 * {@link CommittedValueCache} for the invariant. {@link #NONE} caches nothing (the in-memory
 * engine and window stores, whose storage is as fast as a cache or read by range).
 */
interface ValueCache {
    /** Marks a key known to have no committed value; compared by identity. */
    byte[] ABSENT = new byte[0];

    /** Caches nothing. */
    ValueCache NONE = new ValueCache() {
        @Override
        public byte[] get(BytesKey key) {
            return null;
        }

        @Override
        public void putCommitted(BytesKey key, byte[] committedValue) {
        }

        @Override
        public void applyCommitted(PendingWrites writes) {
        }

        @Override
        public void clear() {
        }
    };

    /** The cached committed value: null if not cached, {@link #ABSENT} if known absent. */
    byte[] get(BytesKey key);

    /** Caches what committed storage returned for {@code key} (null: absent). */
    void putCommitted(BytesKey key, byte[] committedValue);

    /** Storage has applied {@code writes} atomically: their values are now the committed ones. */
    void applyCommitted(PendingWrites writes);

    /** Drops every entry and gives its bytes back to the budget. */
    void clear();
}
