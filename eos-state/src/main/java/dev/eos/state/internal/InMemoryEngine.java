package dev.eos.state.internal;

import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.StoreEngine;
import dev.eos.state.WindowBytesStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Stores held in memory. Each open returns an empty store that has never committed, whatever the
 * directory: in-memory state does not outlive its store object, so it restores its whole changelog.
 * Commits still follow the transactional contract (pending writes are visible, atomic on commit,
 * discarded on rollback), so both engines behave the same to their callers.
 */
public final class InMemoryEngine implements StoreEngine {

    @Override
    public KeyValueBytesStore openKeyValue(Path dir, String name) {
        Objects.requireNonNull(name, "name");
        return new TransactionalKeyValueStore(name, new InMemoryStorage());
    }

    @Override
    public WindowBytesStore openWindow(Path dir, String name, long retentionMs, long segmentIntervalMs) {
        Objects.requireNonNull(name, "name");
        return new SegmentedWindowStore(name, new InMemoryStorage(), retentionMs, segmentIntervalMs);
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public void close() {
        // Nothing is shared between in-memory stores.
    }
}
