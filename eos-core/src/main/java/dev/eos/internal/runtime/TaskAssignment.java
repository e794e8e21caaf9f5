package dev.eos.internal.runtime;

import dev.eos.errors.EosException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions one thread owns and the tasks created for them. A task exists while at least
 * one partition with its number is assigned. This class is the thread's rebalance listener:
 * the consumer calls it from inside {@code poll()}, on the thread's own stack.
 *
 * <p>On revocation the thread commits its open transaction first (DESIGN step 6), then the
 * tasks of the revoked partitions are closed. On loss (the group moved on without us) nothing
 * may be committed: the thread aborts, and the tasks are closed as zombies.
 */
final class TaskAssignment implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(TaskAssignment.class);

    /** What the thread does at rebalance boundaries. */
    interface RebalanceHandler {
        void beforeRevocation(Collection<TopicPartition> revoked);

        void afterLoss(Collection<TopicPartition> lost);

        void afterAssignment();

        /** A task could not be created (a processor's init failed); the loop handles it after poll(). */
        void onTaskCreationFailure(RuntimeException error);

        /**
         * A new task exists for {@code partitions} (its input partitions): restore its stores and
         * stream time before it processes anything.
         */
        void prepare(Task task, Set<TopicPartition> partitions);
    }

    private final String threadName;
    private final Consumer<byte[], byte[]> consumer;
    private final Function<TaskId, Task> taskFactory;
    private final Function<String, Integer> subtopologyOfTopic;
    private final RebalanceHandler handler;
    private final Set<TopicPartition> owned = new HashSet<>();
    private final Map<TopicPartition, Long> startOffsets = new HashMap<>();
    private final Map<TaskId, Task> tasks = new HashMap<>();

    TaskAssignment(String threadName, Consumer<byte[], byte[]> consumer, Function<TaskId, Task> taskFactory,
                   Function<String, Integer> subtopologyOfTopic, RebalanceHandler handler) {
        this.threadName = threadName;
        this.consumer = consumer;
        this.taskFactory = taskFactory;
        this.subtopologyOfTopic = subtopologyOfTopic;
        this.handler = handler;
    }

    private TaskId taskIdOf(TopicPartition tp) {
        return new TaskId(subtopologyOfTopic.apply(tp.topic()), tp.partition());
    }

    /** The task that processes {@code partition}, or null if this thread does not own it. */
    Task task(TopicPartition partition) {
        return tasks.get(taskIdOf(partition));
    }

    Set<TopicPartition> ownedPartitions() {
        return Set.copyOf(owned);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        log.info("{}: partitions revoked {}", threadName, new TreeSet<>(partitions.stream().map(Object::toString).toList()));
        handler.beforeRevocation(partitions);
        release(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        log.warn("{}: partitions lost {}; their tasks are zombies and commit nothing more", threadName, partitions);
        handler.afterLoss(partitions);
        release(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            log.info("{}: partitions assigned {}", threadName, new TreeSet<>(partitions.stream().map(Object::toString).toList()));
        }
        Map<TaskId, Set<TopicPartition>> created = new HashMap<>();
        for (TopicPartition tp : partitions) {
            owned.add(tp);
            startOffsets.put(tp, consumer.position(tp));
            TaskId id = taskIdOf(tp);
            if (!tasks.containsKey(id)) {
                try {
                    tasks.put(id, taskFactory.apply(id));
                    created.put(id, new HashSet<>());
                } catch (RuntimeException e) {
                    handler.onTaskCreationFailure(new TaskCreationFailure(threadName + ": could not create task " + id
                            + " (for " + tp + "): " + e.getMessage(), e));
                }
            }
            Set<TopicPartition> ofNewTask = created.get(id);
            if (ofNewTask != null) {
                ofNewTask.add(tp);
            }
        }
        for (Map.Entry<TaskId, Set<TopicPartition>> e : created.entrySet()) {
            try {
                handler.prepare(tasks.get(e.getKey()), e.getValue());
            } catch (RuntimeException error) {
                tasks.remove(e.getKey()).close();
                handler.onTaskCreationFailure(new TaskCreationFailure(threadName + ": could not prepare task "
                        + e.getKey() + ": " + error.getMessage(), error));
            }
        }
        handler.afterAssignment();
    }

    /** The tasks of this thread, in no particular order. */
    Collection<Task> tasks() {
        return tasks.values();
    }

    /** Seeks every owned partition back to its last committed offset (or where it started, if none). */
    void rewindToCommitted() {
        if (owned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(owned));
        for (TopicPartition tp : owned) {
            OffsetAndMetadata c = committed.get(tp);
            long offset = c != null ? c.offset() : startOffsets.getOrDefault(tp, 0L);
            consumer.seek(tp, offset);
        }
    }

    /** Closes every task without committing anything; the partitions are forgotten. */
    void closeAllAsZombies() {
        release(new HashSet<>(owned));
    }

    private void release(Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        partitions.forEach(startOffsets::remove);
        Set<TaskId> stillOwned = new HashSet<>();
        owned.forEach(tp -> stillOwned.add(taskIdOf(tp)));
        tasks.entrySet().removeIf(e -> {
            if (stillOwned.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }
}
