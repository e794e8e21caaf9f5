package dev.eos.internal.runtime;

import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.state.StateDirectory;
import dev.eos.internal.state.StoreEngines;
import dev.eos.internal.state.TaskStores;

/**
 * Creates the tasks of one app instance: the plan's processors plus, for a stateful plan, the
 * task's store shards opened from the instance's locked state directory.
 */
public final class TaskFactory {
    private final LogicalPlan plan;
    private final String applicationId;
    private final StateDirectory stateDirectory;
    private final StoreEngines engines;

    /**
     * @param plan           a resolved plan
     * @param stateDirectory the instance's locked state directory, or null for a stateless plan
     * @param engines        the store engines, or null for a stateless plan
     */
    public TaskFactory(LogicalPlan plan, String applicationId, StateDirectory stateDirectory, StoreEngines engines) {
        if (!plan.stores().isEmpty() && (stateDirectory == null || engines == null)) {
            throw new IllegalArgumentException("A stateful plan needs a state directory and store engines");
        }
        this.plan = plan;
        this.applicationId = applicationId;
        this.stateDirectory = stateDirectory;
        this.engines = engines;
    }

    public LogicalPlan plan() {
        return plan;
    }

    public boolean stateful() {
        return !plan.stores().isEmpty();
    }

    /**
     * Creates task {@code id}: its processors, and for a stateful sub-topology its store shards
     * in the task's directory, which is in use (never cleaned up) until the stores close.
     */
    Task create(TaskId id, RecordSender sender, ExternalSinks externalSinks) {
        var stores = plan.storesOf(plan.subtopologies().get(id.subtopology()));
        return new Task(id, plan, applicationId, sender, externalSinks, timestamps -> stores.isEmpty()
                ? TaskStores.none()
                : TaskStores.open(stores, applicationId, id.partition(),
                        stateDirectory.acquireTask(id.subtopology(), id.partition()), engines, sender::send,
                        timestamps, () -> stateDirectory.releaseTask(id.subtopology(), id.partition())));
    }
}
