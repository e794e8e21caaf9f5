package dev.eos.state;

/**
 * Values per key and window start time, kept for a retention period. Time is split into
 * segments of {@code segmentIntervalMs}; when stream time advances, whole segments older than
 * {@code streamTime - retentionMs} are dropped at once. Every read sees pending writes.
 * The changelog key of a window entry is {@link WindowKeys#encode(byte[], long)}.
 */
public interface WindowBytesStore extends TransactionalStore {

    /** Writes the value of {@code key}'s window starting at {@code windowStart}; null deletes it. */
    void put(byte[] key, long windowStart, byte[] value);

    /** The value of one window, or null (also when the window has expired). */
    byte[] fetch(byte[] key, long windowStart);

    /**
     * The windows of {@code key} whose start is in {@code [timeFrom, timeTo]}, by ascending start.
     * Entry keys are {@link WindowKeys#encode(byte[], long)}. Close the iterator.
     */
    KeyValueIterator fetch(byte[] key, long timeFrom, long timeTo);

    /** Every window whose start is in {@code [timeFrom, timeTo]}. Close the iterator. */
    KeyValueIterator fetchAll(long timeFrom, long timeTo);

    /**
     * Tells the store that stream time reached {@code streamTime}: windows starting before
     * {@code streamTime - retentionMs} are no longer returned, and whole segments behind that
     * bound are dropped (their removal becomes durable at the next commit).
     */
    void advanceTime(long streamTime);

    /** How long a window is kept after its start, in stream time. */
    long retentionMs();
}
