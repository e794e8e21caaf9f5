package dev.eos.testkit.driver;

import dev.eos.state.ChangelogEntry;
import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.KeyValueIterator;
import dev.eos.state.StoreEngine;
import dev.eos.state.TransactionalStore;
import dev.eos.state.WindowBytesStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's default store engine: in-memory stores whose <em>committed</em> state survives a
 * crash, as a disk would keep it. When a store closes (cleanly or because its instance crashed)
 * its committed entries and changelog offset are kept under its directory; the next open of
 * that directory starts from them. Pending writes never survive. This gives the driver the
 * recovery behaviour of RocksDB (restore only the changelog tail) at in-memory speed;
 * {@code PipelineTestDriver.Builder.rocksDbStores()} runs RocksDB itself.
 */
final class DurableMemoryEngine implements StoreEngine {

    /** What a "disk" holds for one store directory. */
    record Snapshot(List<ChangelogEntry> entries, OptionalLong offset) {
    }

    private final Map<Path, Snapshot> disk;
    private final StoreEngine memory = StoreEngine.inMemory();

    /** @param disk shared by every incarnation of one driver instance */
    DurableMemoryEngine(Map<Path, Snapshot> disk) {
        this.disk = disk;
    }

    static Map<Path, Snapshot> newDisk() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public KeyValueBytesStore openKeyValue(Path dir, String name) {
        Path where = dir.resolve(name);
        KeyValueBytesStore store = memory.openKeyValue(dir, name);
        load(store, where);
        return new KeyValueView(store, () -> disk.put(where, snapshot(store, store.all())));
    }

    @Override
    public WindowBytesStore openWindow(Path dir, String name, long retentionMs, long segmentIntervalMs) {
        Path where = dir.resolve(name);
        WindowBytesStore store = memory.openWindow(dir, name, retentionMs, segmentIntervalMs);
        load(store, where);
        return new WindowView(store, () -> disk.put(where, snapshot(store, store.fetchAll(0, Long.MAX_VALUE))));
    }

    private void load(TransactionalStore store, Path where) {
        Snapshot saved = disk.get(where);
        if (saved != null && saved.offset().isPresent()) {
            store.restore(saved.entries(), saved.offset().getAsLong());
        }
    }

    /** The committed state: pending writes are rolled back first (they would not be on disk). */
    private static Snapshot snapshot(TransactionalStore store, KeyValueIterator committedEntries) {
        List<ChangelogEntry> entries = new ArrayList<>();
        try (committedEntries) {
            committedEntries.forEachRemaining(e -> entries.add(new ChangelogEntry(e.key(), e.value())));
        }
        return new Snapshot(entries, store.committedOffset());
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public void close() {
        memory.close();
    }

    /** Saves the committed state once, at the first close. */
    private abstract static class SavingStore implements TransactionalStore {
        private final TransactionalStore delegate;
        private final Runnable save;
        private boolean closed;

        SavingStore(TransactionalStore delegate, Runnable save) {
            this.delegate = delegate;
            this.save = save;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void commit(long changelogOffset) {
            delegate.commit(changelogOffset);
        }

        @Override
        public void rollback() {
            delegate.rollback();
        }

        @Override
        public OptionalLong committedOffset() {
            return delegate.committedOffset();
        }

        @Override
        public void restore(List<ChangelogEntry> batch, long nextOffset) {
            delegate.restore(batch, nextOffset);
        }

        @Override
        public void wipe() {
            delegate.wipe();
        }

        @Override
        public long pendingBytes() {
            return delegate.pendingBytes();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            delegate.rollback();
            save.run();
            delegate.close();
        }
    }

    private static final class KeyValueView extends SavingStore implements KeyValueBytesStore {
        private final KeyValueBytesStore store;

        KeyValueView(KeyValueBytesStore store, Runnable save) {
            super(store, save);
            this.store = store;
        }

        @Override
        public byte[] get(byte[] key) {
            return store.get(key);
        }

        @Override
        public void put(byte[] key, byte[] value) {
            store.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(byte[] key, byte[] value) {
            return store.putIfAbsent(key, value);
        }

        @Override
        public byte[] delete(byte[] key) {
            return store.delete(key);
        }

        @Override
        public KeyValueIterator range(byte[] from, byte[] to) {
            return store.range(from, to);
        }

        @Override
        public KeyValueIterator prefixScan(byte[] prefix) {
            return store.prefixScan(prefix);
        }

        @Override
        public KeyValueIterator all() {
            return store.all();
        }

        @Override
        public long approximateNumEntries() {
            return store.approximateNumEntries();
        }
    }

    private static final class WindowView extends SavingStore implements WindowBytesStore {
        private final WindowBytesStore store;

        WindowView(WindowBytesStore store, Runnable save) {
            super(store, save);
            this.store = store;
        }

        @Override
        public void put(byte[] key, long windowStart, byte[] value) {
            store.put(key, windowStart, value);
        }

        @Override
        public byte[] fetch(byte[] key, long windowStart) {
            return store.fetch(key, windowStart);
        }

        @Override
        public KeyValueIterator fetch(byte[] key, long timeFrom, long timeTo) {
            return store.fetch(key, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator fetchAll(long timeFrom, long timeTo) {
            return store.fetchAll(timeFrom, timeTo);
        }

        @Override
        public void advanceTime(long streamTime) {
            store.advanceTime(streamTime);
        }

        @Override
        public long retentionMs() {
            return store.retentionMs();
        }
    }
}
