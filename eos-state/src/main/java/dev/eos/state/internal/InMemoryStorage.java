package dev.eos.state.internal;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Committed content in a sorted map. "Durable" here means committed: the map changes only in
 * {@link #write} and {@link #wipe}, and nothing outlives the object.
 */
final class InMemoryStorage implements CommittedStorage {
    private final TreeMap<byte[], byte[]> committed = new TreeMap<>(KeyOrder.UNSIGNED);
    private Checkpoint checkpoint;

    @Override
    public byte[] get(byte[] key) {
        return committed.get(key);
    }

    @Override
    public StorageCursor seek(byte[] from) {
        return new MapCursor(committed, from);
    }

    @Override
    public byte[] lastKey() {
        return committed.isEmpty() ? null : committed.lastKey();
    }

    @Override
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    @Override
    public void write(PendingWrites writes, Checkpoint next) {
        for (byte[][] range : writes.droppedRanges()) {
            committed.subMap(range[0], true, range[1], false).clear();
        }
        writes.forEachUnordered((key, value) -> {
            if (PendingWrites.isDeleted(value)) {
                committed.remove(key.bytes());
            } else {
                committed.put(key.bytes(), value);
            }
        });
        checkpoint = next;
    }

    @Override
    public void wipe() {
        committed.clear();
        checkpoint = null;
    }

    @Override
    public long approximateNumEntries(PendingWrites pending) {
        long[] count = {committed.size()};
        pending.forEachUnordered((key, value) -> {
            boolean exists = committed.containsKey(key.bytes());
            boolean deleted = PendingWrites.isDeleted(value);
            if (deleted && exists) {
                count[0]--;
            } else if (!deleted && !exists) {
                count[0]++;
            }
        });
        return count[0];
    }

    @Override
    public void close() {
        committed.clear();
    }

    /**
     * Re-seeks from the current key at every step, so a commit during iteration is safe; after
     * one it re-seeks from where it stands, to see keys committed ahead of it.
     */
    private static final class MapCursor implements StorageCursor {
        private final NavigableMap<byte[], byte[]> map;
        private final byte[] from;
        private Map.Entry<byte[], byte[]> current;
        private byte[] passed;

        MapCursor(NavigableMap<byte[], byte[]> map, byte[] from) {
            this.map = map;
            this.from = from;
            this.current = from == null ? map.firstEntry() : map.ceilingEntry(from);
        }

        @Override
        public boolean valid() {
            return current != null;
        }

        @Override
        public byte[] key() {
            return current.getKey();
        }

        @Override
        public byte[] value() {
            return current.getValue();
        }

        @Override
        public void next() {
            passed = current.getKey();
            current = map.higherEntry(passed);
        }

        @Override
        public void storageChanged() {
            if (current != null) {
                current = map.ceilingEntry(current.getKey());
            } else if (passed != null) {
                current = map.higherEntry(passed);
            } else {
                current = from == null ? map.firstEntry() : map.ceilingEntry(from);
            }
        }

        @Override
        public void close() {
            current = null;
            passed = null;
        }
    }
}
