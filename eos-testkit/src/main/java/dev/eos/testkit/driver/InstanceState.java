package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.TaskFactory;
import dev.eos.internal.state.StateDirectory;
import dev.eos.internal.state.StoreEngines;
import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.StoreEngine;
import dev.eos.state.WindowBytesStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local state of one driver instance: its own locked state directory with real store
 * engines, exactly as {@code EosApp} opens them. A crash closes every store without committing
 * (pending writes are lost, as in a killed process) and releases the directory, so the
 * restarted instance opens the same directory at its last committed state and restores only
 * the changelog tail.
 */
final class InstanceState {
    private final StateDirectory directory;
    private final TrackingEngine persistent;
    private final TrackingEngine inMemory;
    private final StoreEngines engines;
    private final TaskFactory taskFactory;

    private InstanceState(LogicalPlan plan, EosConfig config, Path stateDir, StoreEngine persistentEngine) {
        if (plan.stores().isEmpty()) {
            directory = null;
            persistent = null;
            inMemory = null;
            engines = null;
        } else {
            directory = StateDirectory.lock(stateDir, config.applicationId(), EosConfig.STATE_DIR);
            persistent = new TrackingEngine(persistentEngine);
            inMemory = new TrackingEngine(StoreEngine.inMemory());
            engines = new StoreEngines(() -> persistent, inMemory);
        }
        taskFactory = new TaskFactory(plan, config.applicationId(), directory, engines);
    }

    static InstanceState open(LogicalPlan plan, EosConfig config, Path stateDir, StoreEngineChoice choice,
                              Map<Path, DurableMemoryEngine.Snapshot> disk) {
        StoreEngine engine = plan.stores().isEmpty() ? null : choice.create(config, disk);
        return new InstanceState(plan, config, stateDir, engine);
    }

    TaskFactory taskFactory() {
        return taskFactory;
    }

    /** The process died: every store closes without committing; the directory lock is released. */
    void crash() {
        close();
    }

    /** After a clean shut-down the threads have closed their stores already; this releases the rest. */
    void close() {
        if (directory == null) {
            return;
        }
        persistent.closeAll();
        inMemory.closeAll();
        persistent.close();
        inMemory.close();
        directory.close();
    }

    /** Which engine the driver's persistent stores use. */
    enum StoreEngineChoice {
        /** In memory, with committed state kept across crashes as on disk: the default. */
        DURABLE_MEMORY {
            @Override
            StoreEngine create(EosConfig config, Map<Path, DurableMemoryEngine.Snapshot> disk) {
                return new DurableMemoryEngine(disk);
            }
        },
        ROCKS_DB {
            @Override
            StoreEngine create(EosConfig config, Map<Path, DurableMemoryEngine.Snapshot> disk) {
                return StoreEngine.rocksDb(config.state().rocksDb());
            }
        };

        abstract StoreEngine create(EosConfig config, Map<Path, DurableMemoryEngine.Snapshot> disk);
    }

    /** Remembers the stores it opened so that a crash can close the ones still open. */
    private static final class TrackingEngine implements StoreEngine {
        private final StoreEngine delegate;
        private final List<AutoCloseable> opened = new ArrayList<>();

        TrackingEngine(StoreEngine delegate) {
            this.delegate = delegate;
        }

        @Override
        public KeyValueBytesStore openKeyValue(Path dir, String name) {
            KeyValueBytesStore store = delegate.openKeyValue(dir, name);
            opened.add(store);
            return store;
        }

        @Override
        public WindowBytesStore openWindow(Path dir, String name, long retentionMs, long segmentIntervalMs) {
            WindowBytesStore store = delegate.openWindow(dir, name, retentionMs, segmentIntervalMs);
            opened.add(store);
            return store;
        }

        @Override
        public boolean persistent() {
            return delegate.persistent();
        }

        void closeAll() {
            for (AutoCloseable store : opened) {
                try {
                    store.close();
                } catch (Exception ignored) {
                    // closing is idempotent; a store closed by its task is fine
                }
            }
            opened.clear();
        }

        private boolean closed;

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                delegate.close();
            }
        }
    }
}
