package dev.eos.internal.runtime;

import dev.eos.internal.state.StoreRestorer;
import dev.eos.internal.state.TaskStores;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares new tasks (and partitions newly added to a stateless task) in the thread's loop, a
 * step at a time between polls, while their partitions stay paused:
 * <ol>
 *   <li>Stream time from the committed offsets' metadata. A read_committed consumer fetches
 *       committed offsets only when they are stable; while another producer's transaction holding
 *       offsets for these partitions is open (a zombie, or a crashed instance before its
 *       transaction timed out) the fetch times out, and the step is tried again at the next turn.</li>
 *   <li>For a new stateful task, its stores restored from their changelogs ({@link StoreRestorer}),
 *       a batch per turn.</li>
 *   <li>Offset-owning external sinks claim the partitions and say where they continue; the
 *       consumer is sought there.</li>
 * </ol>
 * Then the task is handed back to the thread, which resumes the partitions. A step that keeps
 * timing out past the deadline, or any other failure, is thrown as a {@link TaskCreationFailure}:
 * the thread rejoins the group.
 */
final class TaskStartup {
    private static final Logger log = LoggerFactory.getLogger(TaskStartup.class);
    private static final String STREAM_TIME_METADATA = "st=";
    /** How long one attempt to read the committed offsets may block the loop. */
    private static final Duration COMMITTED_FETCH_TIMEOUT = Duration.ofSeconds(1);

    /** A task (or some partitions of a running stateless task) being prepared. */
    private static final class Pending {
        final Task task;
        final Set<TopicPartition> partitions;
        final boolean restore;
        final long since;
        boolean streamTimeRead;
        boolean restoreStarted;
        boolean restored;

        Pending(Task task, Set<TopicPartition> partitions, boolean newTask, boolean restore, long since) {
            this.task = task;
            this.partitions = new HashSet<>(partitions);
            this.restore = restore;
            this.since = since;
            // A running task keeps its stream time; only a new one starts from the committed one.
            this.streamTimeRead = !newTask;
        }
    }

    private final String threadName;
    private final Consumer<byte[], byte[]> consumer;
    private final StoreRestorer restorer;
    private final ExternalSinks externalSinks;
    private final PartitionProgress progress;
    private final Clock clock;
    private final long deadlineMs;
    private final List<Pending> pending = new ArrayList<>();

    /**
     * @param restorer null for a stateless plan
     * @param deadline how long a task may keep failing to start (timeouts) before the thread gives up and rejoins
     */
    TaskStartup(String threadName, Consumer<byte[], byte[]> consumer, StoreRestorer restorer,
                ExternalSinks externalSinks, PartitionProgress progress, Clock clock, Duration deadline) {
        this.threadName = threadName;
        this.consumer = consumer;
        this.restorer = restorer;
        this.externalSinks = externalSinks;
        this.progress = progress;
        this.clock = clock;
        this.deadlineMs = deadline.toMillis();
    }

    /**
     * Starts preparing {@code partitions} of {@code task}: for a new task also its stream time
     * and stores; for partitions added to a running stateless task only their sink claims.
     */
    void add(Task task, Set<TopicPartition> partitions, boolean newTask) {
        pending.add(new Pending(task, partitions, newTask, newTask && restorer != null && !task.stores().isEmpty(),
                clock.millis()));
    }

    /** Whether anything is being prepared. */
    boolean starting() {
        return !pending.isEmpty();
    }

    /** Whether a store restore is in progress (the loop then polls without waiting). */
    boolean restoring() {
        return restorer != null && restorer.restoring();
    }

    /** The task is closing: stop preparing it. */
    void drop(Task task) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.task == task) {
                if (p.restoreStarted && !p.restored) {
                    restorer.cancel(task.stores());
                }
                it.remove();
            }
        }
    }

    /** The partitions were revoked from a task that keeps running: stop preparing them. */
    void forget(Task task, java.util.Collection<TopicPartition> partitions) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.task == task) {
                p.partitions.removeAll(partitions);
                if (p.partitions.isEmpty() && !p.restore) {
                    it.remove();
                }
            }
        }
    }

    /** Every preparation stops (the thread closes its tasks). */
    void dropAll() {
        if (restorer != null) {
            restorer.cancelAll();
        }
        pending.clear();
    }

    /**
     * Advances every preparation as far as it goes now; restores at most one batch, waiting at
     * most {@code restoreWait} for it.
     *
     * @return the preparations that finished: task and partitions, ready to run
     * @throws TaskCreationFailure if a preparation failed or kept timing out past the deadline
     */
    Map<Task, Set<TopicPartition>> advance(Duration restoreWait) {
        Map<Task, Set<TopicPartition>> ready = new LinkedHashMap<>();
        long now = clock.millis();
        List<Pending> toRestore = new ArrayList<>();
        for (Pending p : List.copyOf(pending)) {
            try {
                if (!p.streamTimeRead) {
                    readStreamTime(p);
                }
                if (p.restore && !p.restoreStarted) {
                    toRestore.add(p);
                }
            } catch (TimeoutException e) {
                giveUpIfLate(p, now, e);
            } catch (RuntimeException e) {
                throw failure(p, e.getMessage(), e);
            }
        }
        if (!toRestore.isEmpty()) {
            startRestoring(toRestore, now);
        }
        if (restorer != null && restorer.restoring()) {
            List<TaskStores> restored;
            try {
                restored = restorer.restoreSome(restoreWait);
            } catch (RuntimeException e) {
                throw new TaskCreationFailure(threadName + ": restoring stores failed: " + e.getMessage(), e);
            }
            for (Pending p : pending) {
                if (p.restore && restored.contains(p.task.stores())) {
                    p.restored = true;
                }
            }
        }
        for (Pending p : List.copyOf(pending)) {
            if (p.streamTimeRead && (!p.restore || p.restored)) {
                try {
                    claimExternalSinks(p);
                } catch (RuntimeException e) {
                    throw failure(p, e.getMessage(), e);
                }
                pending.remove(p);
                ready.merge(p.task, p.partitions, (a, b) -> {
                    Set<TopicPartition> all = new HashSet<>(a);
                    all.addAll(b);
                    return all;
                });
            }
        }
        return ready;
    }

    /** Starts the restores of {@code toRestore} together: one round of metadata requests for all. */
    private void startRestoring(List<Pending> toRestore, long now) {
        List<TaskStores> stores = new ArrayList<>();
        toRestore.forEach(p -> stores.add(p.task.stores()));
        List<TaskStores> upToDate;
        try {
            upToDate = restorer.start(stores);
        } catch (TimeoutException e) {
            for (Pending p : toRestore) {
                giveUpIfLate(p, now, e);
            }
            return;
        } catch (RuntimeException e) {
            throw failure(toRestore.get(0), e.getMessage(), e);
        }
        for (Pending p : toRestore) {
            p.restoreStarted = true;
            p.restored = upToDate.contains(p.task.stores());
        }
    }

    private void giveUpIfLate(Pending p, long now, TimeoutException e) {
        if (now - p.since > deadlineMs) {
            throw failure(p, "kept timing out for " + (now - p.since) + " ms", e);
        }
        log.debug("{}: preparing task {} timed out ({}); trying again", threadName, p.task.id(), e.toString());
    }

    private void readStreamTime(Pending p) {
        long streamTime = -1;
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(p.partitions, COMMITTED_FETCH_TIMEOUT);
        for (OffsetAndMetadata offset : committed.values()) {
            String metadata = offset == null ? null : offset.metadata();
            if (metadata != null && metadata.startsWith(STREAM_TIME_METADATA)) {
                streamTime = Math.max(streamTime, Long.parseLong(metadata.substring(STREAM_TIME_METADATA.length())));
            }
        }
        p.task.startStreamTimeAt(streamTime);
        p.streamTimeRead = true;
    }

    /** An offset-owning external sink, not Kafka, knows where its partitions continue. */
    private void claimExternalSinks(Pending p) {
        externalSinks.onAssigned(p.partitions).forEach((tp, offset) -> {
            log.info("{}: {} continues at offset {} stored by its external sink", threadName, tp, offset);
            consumer.seek(tp, offset);
            progress.continueAt(tp, offset);
        });
    }

    private TaskCreationFailure failure(Pending p, String what, Throwable cause) {
        return new TaskCreationFailure(threadName + ": could not prepare task " + p.task.id() + " (partitions "
                + p.partitions + "): " + what, cause);
    }

    /** The metadata carrying a task's stream time in its committed offsets. */
    static String streamTimeMetadata(long streamTime) {
        return streamTime < 0 ? "" : STREAM_TIME_METADATA + streamTime;
    }
}
