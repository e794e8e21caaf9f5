package dev.eos.internal.runtime;

import dev.eos.internal.state.StoreRestorer;
import dev.eos.internal.state.TaskStores;
import dev.eos.state.StoreLockedException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and prepares new tasks (and partitions newly added to a running stateless task) in
 * the thread's loop, a step at a time between polls, while their partitions stay paused:
 * <ol>
 *   <li>Create the task: its processors and its store shards. A store another thread of this
 *       instance still holds open (a zombie that has not noticed yet that it lost the task) is
 *       locked; creation is tried again at the next turn.</li>
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
 * failing in one of those retriable ways past the deadline, and a restore that fails, are thrown
 * as a retriable {@link TaskCreationFailure}: the thread closes its tasks and rejoins the group.
 * Any other failure is a {@link TaskCreationFailure} classified by its cause: a processor whose
 * {@code init} throws stops the thread. A wake-up (the thread is asked to stop) passes through.
 */
final class TaskStartup {
    private static final Logger log = LoggerFactory.getLogger(TaskStartup.class);
    /** How long one attempt to read the committed offsets may block the loop. */
    private static final Duration COMMITTED_FETCH_TIMEOUT = Duration.ofSeconds(1);

    /**
     * @param threadName for messages
     * @param deadline   how long a task may keep failing to start in a retriable way before the
     *                   thread gives up and rejoins
     */
    record Settings(String threadName, Clock clock, Duration deadline) {
    }

    /** A task (or some partitions of a running stateless task) being prepared. */
    private static final class Pending {
        final TaskId id;
        final Set<TopicPartition> partitions;
        final boolean newTask;
        final long since;
        Task task;
        boolean restore;
        boolean streamTimeRead;
        boolean restoreStarted;
        boolean restored;

        Pending(TaskId id, Task task, Set<TopicPartition> partitions, long since) {
            this.id = id;
            this.task = task;
            this.newTask = task == null;
            this.partitions = new HashSet<>(partitions);
            this.since = since;
            // A running task keeps its stream time; only a new one starts from the committed one.
            this.streamTimeRead = !newTask;
        }
    }

    private final Settings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final Function<TaskId, Task> factory;
    private final StoreRestorer restorer;
    private final ExternalSinks externalSinks;
    private final PartitionProgress progress;
    private final List<Pending> pending = new ArrayList<>();

    /** @param restorer null for a stateless plan */
    TaskStartup(Settings settings, Consumer<byte[], byte[]> consumer, Function<TaskId, Task> factory,
                StoreRestorer restorer, ExternalSinks externalSinks, PartitionProgress progress) {
        this.settings = settings;
        this.consumer = consumer;
        this.factory = factory;
        this.restorer = restorer;
        this.externalSinks = externalSinks;
        this.progress = progress;
    }

    /** Starts creating and preparing task {@code id} for {@code partitions}. */
    void start(TaskId id, Set<TopicPartition> partitions) {
        pending.add(new Pending(id, null, partitions, settings.clock().millis()));
    }

    /** Starts preparing {@code partitions} newly added to the running (stateless) {@code task}. */
    void add(Task task, Set<TopicPartition> partitions) {
        pending.add(new Pending(task.id(), task, partitions, settings.clock().millis()));
    }

    /** Adds partitions to a task that is still starting (a stateless task gaining another source partition). */
    void addPartitions(TaskId id, Collection<TopicPartition> partitions) {
        for (Pending p : pending) {
            if (p.id.equals(id) && p.newTask) {
                p.partitions.addAll(partitions);
                return;
            }
        }
    }

    /** Whether anything is being prepared. */
    boolean starting() {
        return !pending.isEmpty();
    }

    /** Whether a store restore is in progress (the loop then polls without waiting). */
    boolean restoring() {
        return restorer != null && restorer.restoring();
    }

    /** Task {@code id} will not run here (its partitions went): stop preparing it and close what was created. */
    void drop(TaskId id) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.id.equals(id)) {
                it.remove();
                if (p.newTask && p.task != null) {
                    if (p.restoreStarted && !p.restored) {
                        restorer.cancel(p.task.stores());
                    }
                    p.task.close();
                }
            }
        }
    }

    /** The partitions were revoked from a task that keeps running or starting: stop preparing them. */
    void forget(TaskId id, Collection<TopicPartition> partitions) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.id.equals(id)) {
                p.partitions.removeAll(partitions);
                if (p.partitions.isEmpty() && !p.newTask) {
                    it.remove();
                }
            }
        }
    }

    /** Every preparation stops and every task created for it closes (the thread closes its tasks). */
    void dropAll() {
        for (Pending p : List.copyOf(pending)) {
            drop(p.id);
        }
    }

    /**
     * Advances every preparation as far as it goes now; restores at most one batch, waiting at
     * most {@code restoreWait} for it.
     *
     * @return the preparations that finished: task and partitions, ready to run
     * @throws TaskCreationFailure if a preparation failed, or kept failing in a retriable way past the deadline
     */
    Map<Task, Set<TopicPartition>> advance(Duration restoreWait) {
        long now = settings.clock().millis();
        List<Pending> toRestore = new ArrayList<>();
        for (Pending p : List.copyOf(pending)) {
            try {
                if (p.task == null) {
                    p.task = factory.apply(p.id);
                    p.restore = restorer != null && !p.task.stores().isEmpty();
                }
                if (!p.streamTimeRead) {
                    readStreamTime(p);
                }
                if (p.restore && !p.restoreStarted) {
                    toRestore.add(p);
                }
            } catch (TimeoutException | StoreLockedException e) {
                giveUpIfLate(p, now, e);
            } catch (WakeupException | InterruptException e) {
                throw e;
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
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (RuntimeException e) {
                // A stalled restore, an offset out of range: the next assignment starts over.
                throw TaskCreationFailure.transientFailure(settings.threadName() + ": restoring stores failed: "
                        + e.getMessage(), e);
            }
            for (Pending p : pending) {
                if (p.restore && p.task != null && restored.contains(p.task.stores())) {
                    p.restored = true;
                }
            }
        }
        Map<Task, Set<TopicPartition>> ready = new LinkedHashMap<>();
        for (Pending p : List.copyOf(pending)) {
            if (p.task != null && p.streamTimeRead && (!p.restore || p.restored)) {
                try {
                    claimExternalSinks(p);
                } catch (WakeupException | InterruptException e) {
                    throw e;
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
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(toRestore.get(0), e.getMessage(), e);
        }
        for (Pending p : toRestore) {
            p.restoreStarted = true;
            p.restored = upToDate.contains(p.task.stores());
        }
    }

    private void giveUpIfLate(Pending p, long now, RuntimeException e) {
        if (now - p.since > settings.deadline().toMillis()) {
            throw TaskCreationFailure.transientFailure(settings.threadName() + ": could not create or prepare task "
                    + p.id + " (partitions " + p.partitions + "): kept failing for " + (now - p.since) + " ms: "
                    + e.getMessage(), e);
        }
        log.debug("{}: preparing task {} failed for now ({}); trying again", settings.threadName(), p.id,
                e.toString());
    }

    private void readStreamTime(Pending p) {
        CommittedTimes times = CommittedTimes.NONE;
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(p.partitions, COMMITTED_FETCH_TIMEOUT);
        for (OffsetAndMetadata offset : committed.values()) {
            times = times.max(CommittedTimes.decode(offset == null ? null : offset.metadata()));
        }
        p.task.startTimesAt(times);
        p.streamTimeRead = true;
    }

    /** An offset-owning external sink, not Kafka, knows where its partitions continue. */
    private void claimExternalSinks(Pending p) {
        externalSinks.onAssigned(p.partitions).forEach((tp, offset) -> {
            log.info("{}: {} continues at offset {} stored by its external sink", settings.threadName(), tp, offset);
            consumer.seek(tp, offset);
            progress.continueAt(tp, offset);
        });
    }

    private TaskCreationFailure failure(Pending p, String what, Throwable cause) {
        return new TaskCreationFailure(settings.threadName() + ": could not create or prepare task " + p.id
                + " (partitions " + p.partitions + "): " + what, cause);
    }

}
