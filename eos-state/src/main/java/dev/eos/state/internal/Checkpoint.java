package dev.eos.state.internal;

import java.nio.ByteBuffer;

/**
 * What a commit records next to the data: the changelog offset to restore from next and, for
 * window stores, the stream time the data was pruned to ({@link #NO_TIME} if none).
 */
record Checkpoint(long changelogOffset, long streamTime) {
    static final long NO_TIME = -1L;

    Checkpoint {
        if (changelogOffset < 0) {
            throw new IllegalArgumentException("A changelog offset cannot be negative: " + changelogOffset);
        }
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(16).putLong(changelogOffset).putLong(streamTime).array();
    }

    static Checkpoint fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new Checkpoint(buffer.getLong(), buffer.getLong());
    }
}
