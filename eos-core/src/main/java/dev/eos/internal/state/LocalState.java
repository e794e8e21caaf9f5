package dev.eos.internal.state;

import dev.eos.EosConfig;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.TaskFactory;

/**
 * The local state of one app instance while it runs: its locked state directory and its store
 * engines. Stateless pipelines hold neither.
 */
public final class LocalState implements AutoCloseable {
    private final StateDirectory directory;
    private final StoreEngines engines;

    private LocalState(StateDirectory directory, StoreEngines engines) {
        this.directory = directory;
        this.engines = engines;
    }

    public static LocalState open(LogicalPlan plan, EosConfig config) {
        if (plan.stores().isEmpty()) {
            return new LocalState(null, null);
        }
        StateDirectory directory = StateDirectory.lock(config.state().stateDir(), config.applicationId(),
                EosConfig.STATE_DIR);
        StoreEngines engines = StoreEngines.standard(config.state().rocksDb());
        if (plan.stores().values().stream().anyMatch(spec -> !spec.isInMemory())) {
            engines.warmUpInBackground();
        }
        return new LocalState(directory, engines);
    }

    public TaskFactory taskFactory(LogicalPlan plan, String applicationId) {
        return new TaskFactory(plan, applicationId, directory, engines);
    }

    @Override
    public void close() {
        if (engines != null) {
            engines.close();
        }
        if (directory != null) {
            directory.close();
        }
    }
}
