package dev.eos.state;

import java.nio.file.Path;

/**
 * Opens stores of one kind (RocksDB or in memory) and owns what they share: for RocksDB, one
 * block cache and one write-buffer manager across every store of the application, so memory is
 * bounded however many stores and tasks there are. Close the engine after its stores.
 *
 * <pre>{@code
 * try (StoreEngine engine = StoreEngine.rocksDb(RocksDbSettings.defaults())) {
 *     KeyValueBytesStore store = engine.openKeyValue(Path.of("/var/lib/app/0_3"), "counts");
 *     ...
 *     store.close();
 * }
 * }</pre>
 */
public interface StoreEngine extends AutoCloseable {

    /** RocksDB stores on disk, with bounded shared memory. */
    static StoreEngine rocksDb(RocksDbSettings settings) {
        return new dev.eos.state.internal.RocksDbEngine(settings);
    }

    /** Stores in memory: nothing survives a restart, so they restore their whole changelog. */
    static StoreEngine inMemory() {
        return new dev.eos.state.internal.InMemoryEngine();
    }

    /**
     * Opens (creating if needed) the key-value store {@code name} under directory {@code dir},
     * at its last committed state.
     */
    KeyValueBytesStore openKeyValue(Path dir, String name);

    /**
     * Opens (creating if needed) the window store {@code name} under {@code dir}, keeping windows
     * for {@code retentionMs} of stream time, in segments of {@code segmentIntervalMs}.
     */
    WindowBytesStore openWindow(Path dir, String name, long retentionMs, long segmentIntervalMs);

    /** True if stores survive a restart of the process (their committed offset too). */
    boolean persistent();

    /** Releases the shared resources. Stores must be closed first. */
    @Override
    void close();
}
