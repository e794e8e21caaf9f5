package dev.eos.internal.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions one thread owns and the tasks created for them. This class is the thread's
 * rebalance listener: the consumer calls it from inside {@code poll()}, on the thread's own stack.
 *
 * <p>Rules:
 * <ol>
 *   <li>A partition is read only through a <em>running</em> task. A newly assigned partition is
 *       paused at once, inside the callback, and its task is handed to {@link TaskStartup}, which
 *       creates and prepares it in the thread's loop, between polls (processors and stores
 *       opened, stream time, store restore, external sink claims). Only then is the partition
 *       resumed. Nothing slow and nothing that can fail runs inside the callback, so a long
 *       restore never makes the member miss {@code max.poll.interval.ms}, and an assignment is
 *       never left half done: a task that cannot be created or prepared makes the thread close
 *       every task and rejoin the group.</li>
 *   <li>A stateful task runs only while its thread owns all of its input partitions (one
 *       partition number of every source topic of its sub-topology): otherwise two threads
 *       could each hold part of it and both write its changelog. Whatever assignor or group
 *       protocol moves partitions, a stateful task is created only once all of them are owned,
 *       and closed (after the commit of the revocation) as soon as one of them goes; the rest
 *       stay paused. A stateless task runs with whichever of its partitions the thread owns.</li>
 *   <li>On revocation the thread commits its open transaction first (DESIGN step 6). On loss
 *       (the group moved on without us) nothing may be committed: the thread aborts, and the
 *       tasks are closed as zombies.</li>
 * </ol>
 */
final class TaskAssignment implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(TaskAssignment.class);

    /** What the thread does at rebalance boundaries. */
    interface RebalanceHandler {
        void beforeRevocation(Collection<TopicPartition> revoked);

        void afterLoss(Collection<TopicPartition> lost);

        void afterAssignment();

        /** Partitions are no longer owned: their progress is forgotten. */
        void released(Collection<TopicPartition> partitions);

    }

    private final String threadName;
    private final Consumer<byte[], byte[]> consumer;
    private final TaskTopology topology;
    private final TaskStartup startup;
    private final RebalanceHandler handler;
    private final Set<TopicPartition> owned = new HashSet<>();
    /** Tasks created and handed over by {@link TaskStartup}: running, or gaining partitions. */
    private final Map<TaskId, Task> tasks = new LinkedHashMap<>();
    /** Tasks {@link TaskStartup} is creating or preparing. */
    private final Set<TaskId> starting = new HashSet<>();
    /** The running task of every partition that is being read. */
    private final Map<TopicPartition, Task> running = new HashMap<>();
    private final Set<Task> runningTasks = new java.util.LinkedHashSet<>();

    TaskAssignment(String threadName, Consumer<byte[], byte[]> consumer, TaskTopology topology, TaskStartup startup,
                   RebalanceHandler handler) {
        this.threadName = threadName;
        this.consumer = consumer;
        this.topology = topology;
        this.startup = startup;
        this.handler = handler;
    }

    /** The running task that processes {@code partition}, or null if it has none. */
    Task runningTask(TopicPartition partition) {
        return running.get(partition);
    }

    /** The tasks that read at least one partition. */
    Set<Task> runningTasks() {
        return runningTasks;
    }

    /** The partitions being read (those of running tasks). */
    Set<TopicPartition> runningPartitions() {
        return running.keySet();
    }

    Set<TopicPartition> ownedPartitions() {
        return Set.copyOf(owned);
    }

    /** The tasks of this thread that {@link TaskStartup} handed over, in no particular order. */
    Collection<Task> tasks() {
        return tasks.values();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        // DEBUG: the Kafka consumer logs every assignment and revocation at INFO already, and the
        // test driver, whose in-memory consumer does not, rebalances thousands of times per suite.
        log.debug("{}: partitions revoked {}", threadName, sorted(partitions));
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
            log.debug("{}: partitions assigned {}", threadName, sorted(partitions));
            owned.addAll(partitions);
            consumer.pause(partitions);
            byTask(partitions).forEach(this::assign);
        }
        handler.afterAssignment();
    }

    private void assign(TaskId id, Set<TopicPartition> added) {
        Task task = tasks.get(id);
        if (task != null) {
            // A running stateless task gains a partition: it only needs that partition's start.
            startup.add(task, added);
            return;
        }
        if (starting.contains(id)) {
            startup.addPartitions(id, added);
            return;
        }
        Set<TopicPartition> ownedOfTask = ownedOf(id);
        if (!topology.canRun(id, ownedOfTask)) {
            log.info("{}: task {} waits for the rest of its input partitions {} (owns {}); they stay paused",
                    threadName, id, sorted(topology.inputPartitions(id)), sorted(ownedOfTask));
            return;
        }
        starting.add(id);
        startup.start(id, ownedOfTask);
    }

    /** Called by the thread when {@link TaskStartup} finished preparing {@code partitions} of {@code task}. */
    void started(Task task, Set<TopicPartition> partitions) {
        starting.remove(task.id());
        tasks.put(task.id(), task);
        List<TopicPartition> resumed = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (owned.contains(tp)) {
                running.put(tp, task);
                resumed.add(tp);
            }
        }
        if (!resumed.isEmpty()) {
            runningTasks.add(task);
            consumer.resume(resumed);
        }
    }

    /** Closes every task without committing anything; the partitions are forgotten. */
    void closeAllAsZombies() {
        release(new HashSet<>(owned));
    }

    private void release(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        owned.removeAll(partitions);
        partitions.forEach(running::remove);
        // A stateless task left with no partition being read (others still starting) stops punctuating.
        runningTasks.removeIf(task -> !running.containsValue(task));
        handler.released(partitions);
        Set<TaskId> touched = new HashSet<>();
        partitions.forEach(tp -> touched.add(topology.taskOf(tp)));
        for (TaskId id : touched) {
            Set<TopicPartition> left = ownedOf(id);
            boolean goes = left.isEmpty() || !topology.canRun(id, left);
            if (starting.contains(id)) {
                if (goes) {
                    starting.remove(id);
                    startup.drop(id);
                    pauseRest(id, left);
                } else {
                    startup.forget(id, partitions);
                }
            }
            Task task = tasks.get(id);
            if (task != null) {
                if (goes) {
                    close(task, left);
                } else {
                    startup.forget(id, partitions);
                }
            }
        }
    }

    private void close(Task task, Set<TopicPartition> stillOwned) {
        tasks.remove(task.id());
        running.values().removeIf(t -> t == task);
        runningTasks.remove(task);
        startup.drop(task.id());
        pauseRest(task.id(), stillOwned);
        task.close();
    }

    private void pauseRest(TaskId id, Set<TopicPartition> stillOwned) {
        if (!stillOwned.isEmpty()) {
            log.info("{}: task {} lost part of its input partitions; closed, {} stay paused", threadName, id,
                    sorted(stillOwned));
            consumer.pause(stillOwned);
        }
    }

    private Set<TopicPartition> ownedOf(TaskId id) {
        Set<TopicPartition> out = new HashSet<>();
        for (TopicPartition tp : owned) {
            if (topology.taskOf(tp).equals(id)) {
                out.add(tp);
            }
        }
        return out;
    }

    private Map<TaskId, Set<TopicPartition>> byTask(Collection<TopicPartition> partitions) {
        Map<TaskId, Set<TopicPartition>> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            out.computeIfAbsent(topology.taskOf(tp), id -> new HashSet<>()).add(tp);
        }
        return out;
    }

    private static Set<String> sorted(Collection<TopicPartition> partitions) {
        return new TreeSet<>(partitions.stream().map(Object::toString).toList());
    }
}
