package dev.eos.internal.runtime;

import dev.eos.errors.EosException;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * What one thread does to all of its tasks at the boundaries of the commit protocol: after
 * Kafka's commit, let the stores make their writes durable (DESIGN step 3); after an abort, roll
 * stores, stream time and punctuation schedules back (step 4); fire wall-clock punctuations of
 * the running tasks.
 *
 * <p>Stream time, and the observed time of each processor that keeps one, travel in the committed
 * offsets' metadata ({@link CommittedTimes}), so they are committed atomically with the offsets
 * and survive crashes and task moves ({@link TaskStartup} reads them back).
 */
final class TaskLifecycle {
    private final String threadName;
    private final TaskAssignment assignment;

    TaskLifecycle(String threadName, TaskAssignment assignment) {
        this.threadName = threadName;
        this.assignment = assignment;
    }

    /** The metadata committed with {@code partition}'s offset: its task's times ({@link CommittedTimes}). */
    String streamTimeMetadata(TopicPartition partition) {
        Task task = assignment.runningTask(partition);
        return task == null ? "" : task.committedTimesMetadata();
    }

    /**
     * The partitions of running tasks whose processor clocks moved since the last commit. Their
     * offsets must be committed too, even without new input (a wall-clock punctuator may have fed
     * a windowed aggregation), or the clocks would be committed locally but not in Kafka.
     */
    Set<TopicPartition> partitionsWithNewTimes() {
        Set<TopicPartition> partitions = new HashSet<>();
        for (TopicPartition tp : assignment.runningPartitions()) {
            Task task = assignment.runningTask(tp);
            if (task != null && task.timesChangedSinceCommit()) {
                partitions.add(tp);
            }
        }
        return partitions;
    }

    /** The partitions being read, those of running tasks. */
    Set<TopicPartition> runningPartitions() {
        return assignment.runningPartitions();
    }

    /** DESIGN step 3: Kafka committed; every task's stores make their writes durable. */
    void onCommitted() {
        for (Task task : assignment.tasks()) {
            task.onCommitted();
        }
    }

    /** DESIGN step 4: the transaction aborted; stores, stream time and schedules roll back. */
    void onAborted() {
        for (Task task : assignment.tasks()) {
            task.onAborted();
        }
    }

    long pendingStoreBytes() {
        long sum = 0;
        for (Task task : assignment.tasks()) {
            sum += task.stores().pendingBytes();
        }
        return sum;
    }

    /** Fires the wall-clock punctuations of running tasks due at {@code now}; a failing punctuator stops the thread. */
    void punctuateWallClock(long now) {
        for (Task task : assignment.runningTasks()) {
            try {
                task.punctuateWallClock(now);
            } catch (ProcessingFailure failure) {
                throw new EosException(threadName + ": a wall-clock punctuator of task " + task.id()
                        + " failed; stopping with the open transaction uncommitted", failure.getCause());
            }
        }
    }
}
