package dev.eos.state.internal;

import dev.eos.state.KeyValueIterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The entries of {@code [from, toExclusive)} with pending writes laid over committed ones: a
 * pending value wins over the committed value of the same key and a pending delete hides it.
 *
 * <p>The pending side is re-sought from the last key returned at every step (no live map
 * iterator), so the caller may write to the store while iterating: writes behind the cursor are
 * not seen, writes ahead of it are. A commit while iterating moves pending writes into storage;
 * the store then tells the iterator ({@link #storageChanged}) so the committed side shows them.
 */
final class MergedIterator implements KeyValueIterator {
    private final CommittedStorage.StorageCursor committed;
    private final NavigableMap<byte[], byte[]> pending;
    private final byte[] from;
    private final byte[] toExclusive;
    private final Consumer<MergedIterator> onClose;
    private byte[] lastPendingKey;
    private Entry next;
    private boolean closed;

    MergedIterator(CommittedStorage.StorageCursor committed, NavigableMap<byte[], byte[]> pending,
                   byte[] from, byte[] toExclusive, Consumer<MergedIterator> onClose) {
        this.committed = committed;
        this.pending = pending;
        this.from = from;
        this.toExclusive = toExclusive;
        this.onClose = onClose;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            throw new IllegalStateException("The iterator is closed");
        }
        if (next == null) {
            next = advance();
        }
        return next != null;
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

    private Entry advance() {
        while (true) {
            Map.Entry<byte[], byte[]> pendingEntry = nextPending();
            byte[] committedKey = committed.valid() ? committed.key() : null;
            if (committedKey != null && !KeyOrder.below(committedKey, toExclusive)) {
                committedKey = null;
            }
            if (pendingEntry == null && committedKey == null) {
                return null;
            }
            int order = pendingEntry == null ? 1
                    : committedKey == null ? -1 : KeyOrder.compare(pendingEntry.getKey(), committedKey);
            if (order > 0) {
                Entry entry = new Entry(committedKey, committed.value());
                committed.next();
                return entry;
            }
            if (order == 0) {
                committed.next();
            }
            lastPendingKey = pendingEntry.getKey();
            if (!PendingWrites.isDeleted(pendingEntry.getValue())) {
                return new Entry(pendingEntry.getKey(), pendingEntry.getValue());
            }
        }
    }

    private Map.Entry<byte[], byte[]> nextPending() {
        Map.Entry<byte[], byte[]> entry;
        if (lastPendingKey != null) {
            entry = pending.higherEntry(lastPendingKey);
        } else {
            entry = from == null ? pending.firstEntry() : pending.ceilingEntry(from);
        }
        return entry != null && KeyOrder.below(entry.getKey(), toExclusive) ? entry : null;
    }

    void storageChanged() {
        committed.storageChanged();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            committed.close();
            onClose.accept(this);
        }
    }
}
