package dev.eos.state.internal;

import dev.eos.state.ChangelogEntry;
import dev.eos.state.KeyValueIterator;
import dev.eos.state.WindowBytesStore;
import dev.eos.state.WindowKeys;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * A window store of either engine, laid out as key ranges of one sorted keyspace.
 *
 * <p>Layout: the storage key of a window is {@code [8-byte segment id][WindowKeys.encode(key,
 * start)]}, big-endian, where {@code segment id = start / segmentIntervalMs}. A segment is thus a
 * contiguous key range, and within it the windows of one key are contiguous and sorted by start.
 *
 * <p>Dropping: stream time and the segments it expires are part of the transaction. {@link
 * #advanceTime} raises the pending stream time and, when a segment boundary is crossed, records a
 * range drop of every segment now entirely older than {@code streamTime - retentionMs}. The drop
 * reaches storage in the next commit, in the same atomic write as the stream time, so a crash
 * leaves either the segment with the old stream time or neither: never half a segment.
 *
 * <p>Invariants: (1) no storage key lies below segment {@code firstLiveSegment} once pending
 * drops are applied; (2) reads never return a window starting before {@code streamTime -
 * retentionMs}, and writes of such windows are ignored (they could never be read); (3) rollback
 * returns stream time to the committed one, so a replayed batch sees exactly what it saw first.
 */
public final class SegmentedWindowStore implements WindowBytesStore {
    private static final int SEGMENT_BYTES = Long.BYTES;

    private final TransactionalBytes bytes;
    private final long retentionMs;
    private final long segmentIntervalMs;
    private long streamTime;
    private long committedStreamTime;
    private long firstLiveSegment;
    /** No window lies in a segment above this (an upper bound; -1 when empty). */
    private long maxSegment;

    SegmentedWindowStore(String name, CommittedStorage storage, long retentionMs, long segmentIntervalMs) {
        if (retentionMs < 0 || segmentIntervalMs <= 0) {
            storage.close();
            throw new IllegalArgumentException("Window store " + name + " needs retentionMs >= 0 and "
                    + "segmentIntervalMs > 0, got retentionMs=" + retentionMs
                    + ", segmentIntervalMs=" + segmentIntervalMs);
        }
        this.bytes = new TransactionalBytes(name, storage);
        this.retentionMs = retentionMs;
        this.segmentIntervalMs = segmentIntervalMs;
        Checkpoint checkpoint = bytes.checkpoint();
        resetTime(checkpoint == null ? Checkpoint.NO_TIME : checkpoint.streamTime());
        byte[] last;
        try {
            last = bytes.lastCommittedKey();
        } catch (RuntimeException e) {
            bytes.close();
            throw e;
        }
        this.maxSegment = last == null ? -1 : ByteBuffer.wrap(last).getLong();
    }

    @Override
    public String name() {
        return bytes.name();
    }

    @Override
    public long retentionMs() {
        return retentionMs;
    }

    @Override
    public void put(byte[] key, long windowStart, byte[] value) {
        Objects.requireNonNull(key, "key");
        requireValidTime(windowStart);
        if (windowStart < expiryBound()) {
            return;
        }
        bytes.put(storageKey(key, windowStart), value);
        maxSegment = Math.max(maxSegment, segment(windowStart));
    }

    @Override
    public byte[] fetch(byte[] key, long windowStart) {
        Objects.requireNonNull(key, "key");
        if (windowStart < 0 || windowStart < expiryBound()) {
            return null;
        }
        return bytes.get(storageKey(key, windowStart));
    }

    @Override
    public KeyValueIterator fetch(byte[] key, long timeFrom, long timeTo) {
        Objects.requireNonNull(key, "key");
        long from = Math.max(Math.max(timeFrom, 0), expiryBound());
        return new SegmentsIterator(from, timeTo, segment -> {
            long lo = Math.max(from, segment * segmentIntervalMs);
            long hi = Math.min(timeTo, segment * segmentIntervalMs + segmentIntervalMs - 1);
            return bytes.range(storageKey(key, lo), KeyOrder.successor(storageKey(key, hi)));
        });
    }

    @Override
    public KeyValueIterator fetchAll(long timeFrom, long timeTo) {
        long from = Math.max(Math.max(timeFrom, 0), expiryBound());
        return new SegmentsIterator(from, timeTo,
                segment -> bytes.range(segmentPrefix(segment), segmentPrefix(segment + 1)));
    }

    @Override
    public void advanceTime(long newStreamTime) {
        requireValidTime(newStreamTime);
        if (newStreamTime <= streamTime) {
            return;
        }
        streamTime = newStreamTime;
        long firstLive = firstLiveSegment(newStreamTime);
        if (firstLive > firstLiveSegment) {
            bytes.dropRange(segmentPrefix(firstLiveSegment), segmentPrefix(firstLive));
            firstLiveSegment = firstLive;
        }
    }

    @Override
    public void commit(long changelogOffset) {
        bytes.commit(new Checkpoint(changelogOffset, streamTime));
        committedStreamTime = streamTime;
    }

    @Override
    public void rollback() {
        bytes.rollback();
        resetTime(committedStreamTime);
    }

    @Override
    public OptionalLong committedOffset() {
        Checkpoint checkpoint = bytes.checkpoint();
        return checkpoint == null ? OptionalLong.empty() : OptionalLong.of(checkpoint.changelogOffset());
    }

    /**
     * Applies changelog entries into their segments. The changelog carries no stream time, so
     * stream time advances to the latest window start restored (no live window starts after
     * stream time); entries already expired by then are skipped, as a live put would be.
     */
    @Override
    public void restore(List<ChangelogEntry> batch, long nextOffset) {
        bytes.requireNoPendingWrites("restore");
        try {
            long latestStart = streamTime;
            for (ChangelogEntry entry : batch) {
                latestStart = Math.max(latestStart, WindowKeys.windowStart(entry.key()));
            }
            if (latestStart >= 0) {
                advanceTime(latestStart);
            }
            for (ChangelogEntry entry : batch) {
                long windowStart = WindowKeys.windowStart(entry.key());
                requireValidTime(windowStart);
                if (windowStart >= expiryBound()) {
                    bytes.put(inSegment(entry.key(), segment(windowStart)), entry.value());
                    maxSegment = Math.max(maxSegment, segment(windowStart));
                }
            }
            commit(nextOffset);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    @Override
    public void wipe() {
        bytes.wipe();
        resetTime(Checkpoint.NO_TIME);
        maxSegment = -1;
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
        return "WindowStore(" + name() + ", retentionMs=" + retentionMs + ", segmentIntervalMs="
                + segmentIntervalMs + ")";
    }

    private void resetTime(long time) {
        streamTime = time;
        committedStreamTime = time;
        firstLiveSegment = firstLiveSegment(time);
    }

    /** Windows starting before this are expired. */
    private long expiryBound() {
        return streamTime - retentionMs;
    }

    private long firstLiveSegment(long time) {
        long bound = time - retentionMs;
        return bound <= 0 ? 0 : bound / segmentIntervalMs;
    }

    private long segment(long windowStart) {
        return windowStart / segmentIntervalMs;
    }

    private static void requireValidTime(long time) {
        if (time < 0) {
            throw new IllegalArgumentException("Window times must be non-negative, got " + time);
        }
    }

    private byte[] storageKey(byte[] key, long windowStart) {
        return ByteBuffer.allocate(SEGMENT_BYTES + 4 + key.length + 8)
                .putLong(segment(windowStart)).putInt(key.length).put(key).putLong(windowStart).array();
    }

    private static byte[] inSegment(byte[] windowKey, long segment) {
        byte[] key = new byte[SEGMENT_BYTES + windowKey.length];
        ByteBuffer.wrap(key).putLong(segment).put(windowKey);
        return key;
    }

    private static byte[] segmentPrefix(long segment) {
        return ByteBuffer.allocate(SEGMENT_BYTES).putLong(segment).array();
    }

    /** Opens one segment's iterator at a time and yields its windows in {@code [from, to]}. */
    private final class SegmentsIterator implements KeyValueIterator {
        private final long from;
        private final long to;
        private final long lastSegment;
        private final LongFunction<KeyValueIterator> openSegment;
        private long segment;
        private KeyValueIterator current;
        private Entry next;
        private boolean closed;

        SegmentsIterator(long from, long to, LongFunction<KeyValueIterator> openSegment) {
            this.from = from;
            this.to = to;
            this.openSegment = openSegment;
            this.segment = from > to ? 0 : segment(from);
            this.lastSegment = from > to ? -1 : Math.min(segment(to), maxSegment);
        }

        @Override
        public boolean hasNext() {
            if (closed || bytes.isClosed()) {
                throw new IllegalStateException("The iterator is closed");
            }
            while (next == null) {
                if (current == null) {
                    if (segment > lastSegment) {
                        return false;
                    }
                    current = openSegment.apply(segment++);
                }
                if (!current.hasNext()) {
                    current.close();
                    current = null;
                    continue;
                }
                Entry entry = current.next();
                byte[] windowKey = Arrays.copyOfRange(entry.key(), SEGMENT_BYTES, entry.key().length);
                long start = WindowKeys.windowStart(windowKey);
                if (start >= from && start <= to) {
                    next = new Entry(windowKey, entry.value());
                }
            }
            return true;
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry result = next;
            next = null;
            return result;
        }

        @Override
        public void close() {
            closed = true;
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
