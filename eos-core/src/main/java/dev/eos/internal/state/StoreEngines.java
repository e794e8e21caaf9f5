package dev.eos.internal.state;

import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.RocksDbSettings;
import dev.eos.state.StoreEngine;
import dev.eos.state.WindowBytesStore;
import dev.eos.store.StoreSpec;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines one app instance opens stores with: RocksDB (shared, memory-bounded) and in
 * memory. The RocksDB engine is created on first use, or ahead of it by
 * {@link #warmUpInBackground()} when the app has a persistent store, so apps without one never
 * load RocksDB.
 */
public final class StoreEngines implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreEngines.class);

    private final Supplier<StoreEngine> persistentFactory;
    private final StoreEngine inMemory;
    private StoreEngine persistent;
    private boolean closed;

    public StoreEngines(Supplier<StoreEngine> persistentFactory, StoreEngine inMemory) {
        this.persistentFactory = persistentFactory;
        this.inMemory = inMemory;
    }

    public static StoreEngines standard(RocksDbSettings rocksDb) {
        return new StoreEngines(() -> StoreEngine.rocksDb(rocksDb), StoreEngine.inMemory());
    }

    /**
     * Creates the RocksDB engine now on a daemon thread, so that loading its native library
     * (about half a second: it is unpacked from its jar on every start) overlaps the group join
     * instead of delaying the first task. A store opened meanwhile waits for it; a failure here
     * is left for that first use to report.
     */
    public void warmUpInBackground() {
        Thread warmUp = new Thread(() -> {
            try {
                synchronized (this) {
                    if (!closed && persistent == null) {
                        persistent = persistentFactory.get();
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                log.debug("Creating the RocksDB engine ahead of use failed; the first store will retry", e);
            }
        }, "eos-store-engine-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private synchronized StoreEngine engineFor(StoreSpec<?, ?> spec) {
        if (spec.isInMemory()) {
            return inMemory;
        }
        if (persistent == null) {
            persistent = persistentFactory.get();
        }
        return persistent;
    }

    public KeyValueBytesStore openKeyValue(StoreSpec<?, ?> spec, Path taskDir) {
        StoreEngine engine = engineFor(spec);
        return engine.openKeyValue(taskDir, spec.name());
    }

    public WindowBytesStore openWindow(StoreSpec<?, ?> spec, Path taskDir) {
        StoreEngine engine = engineFor(spec);
        long retention = spec.retention().orElseThrow().toMillis();
        long segment = Math.max(retention / 2, 60_000);
        return engine.openWindow(taskDir, spec.name(), retention, segment);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (persistent != null) {
            persistent.close();
        }
        inMemory.close();
    }
}
