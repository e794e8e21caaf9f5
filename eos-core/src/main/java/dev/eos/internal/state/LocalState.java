package dev.eos.internal.state;

import dev.eos.EosConfig;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.TaskFactory;
import java.time.Clock;

/**
 * The local state of one app instance while it runs: its locked state directory, the cleaner
 * that deletes the task directories it no longer uses, and its store engines. Stateless pipelines
 * hold none of them.
 */
public final class LocalState implements AutoCloseable {
    private final StateDirectory directory;
    private final StoreEngines engines;
    private final StateCleaner cleaner;

    private LocalState(StateDirectory directory, StoreEngines engines, StateCleaner cleaner) {
        this.directory = directory;
        this.engines = engines;
        this.cleaner = cleaner;
    }

    /**
     * Locks the state directory and deletes the task directories unused for longer than
     * {@code state.cleanup.delay.ms} (before any thread can take a task), then keeps cleaning
     * periodically until {@link #close()}.
     *
     * @param clock the clock of every last-use time of a task directory
     */
    public static LocalState open(LogicalPlan plan, EosConfig config, Clock clock) {
        if (plan.stores().isEmpty()) {
            return new LocalState(null, null, null);
        }
        StateDirectory directory = StateDirectory.lock(config.state().stateDir(), config.applicationId(),
                EosConfig.STATE_DIR, clock, config.state().cleanupDelay());
        StateCleaner cleaner = null;
        try {
            cleaner = StateCleaner.start(directory, config.applicationId(), config.state().cleanupDelay());
            StoreEngines engines = StoreEngines.standard(config.state().rocksDb());
            if (plan.stores().values().stream().anyMatch(spec -> !spec.isInMemory())) {
                engines.warmUpInBackground();
            }
            return new LocalState(directory, engines, cleaner);
        } catch (RuntimeException e) {
            if (cleaner != null) {
                cleaner.close();
            }
            directory.close();
            throw e;
        }
    }

    /** Stops the periodic clean-up (also part of {@link #close()}). */
    public void stopCleaning() {
        if (cleaner != null) {
            cleaner.close();
        }
    }

    public TaskFactory taskFactory(LogicalPlan plan, String applicationId) {
        return new TaskFactory(plan, applicationId, directory, engines);
    }

    @Override
    public void close() {
        stopCleaning();
        if (engines != null) {
            engines.close();
        }
        if (directory != null) {
            directory.close();
        }
    }
}
