package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.RestoreProgress;
import dev.eos.internal.metrics.ThreadMetrics;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.spi.KafkaClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processing thread: the consume-process-produce loop of the exactly-once commit protocol
 * (docs/concepts/exactly-once.md). It owns one read_committed consumer, one transactional
 * producer and the tasks of the partitions assigned to it ({@link ThreadComponents}); nothing
 * else touches them.
 *
 * <p>One turn of the loop ({@link #step()}):
 * <ol>
 *   <li>Poll (rebalance callbacks run inside: {@link TaskAssignment}); every partition of the
 *       batch gets its place in {@link PartitionProgress}.</li>
 *   <li>Advance the preparation of new tasks ({@link TaskStartup}: stream time, a batch of store
 *       restore, sink claims); their partitions stay paused until they are ready. If some became
 *       ready and the poll brought nothing, poll once more without waiting.</li>
 *   <li>Process the batch through the running tasks ({@link BatchProcessor}); outputs go to the
 *       producer inside the transaction, begun lazily at the first send; commit when
 *       {@link CommitPolicy} says so; a stop request ends the batch before its next record.</li>
 *   <li>Fire wall-clock punctuations, purge repartition topics, commit if due.</li>
 * </ol>
 * On a failure of user code the transaction is aborted and the consumer rewound
 * ({@link Commits}); on fencing the tasks are zombies: closed without committing, the producer
 * replaced, the group rejoined. On revocation the thread commits first; on loss it aborts.
 * Errors are mapped to consequences by {@link ErrorClassifier} alone.
 */
public final class ProcessingThread implements Runnable, ThreadComponents.Host {
    private static final Logger log = LoggerFactory.getLogger(ProcessingThread.class);
    /** How long a turn waits for a batch of store restore while other work may be waiting. */
    private static final Duration RESTORE_WAIT = Duration.ofMillis(10);

    private final String name;
    private final EosConfig config;
    private final LogicalPlan plan;
    private final TaskFactory taskFactory;
    private final KafkaClientFactory clients;
    private final Clock clock;
    private final ThreadReporting reporting;
    private final int index;
    private final String transactionalId;
    private final RetryBudget retries;
    private final CommitPolicy commitPolicy;
    /** Created once: the per-record commit check must not allocate. */
    private final LongSupplier pendingStoreBytes = () -> this.parts.lifecycle.pendingStoreBytes();
    private final BooleanSupplier caughtUp = () -> this.parts.caughtUp();
    private final BooleanSupplier stopRequestedCheck = () -> this.stopRequested;

    private ThreadComponents parts;
    private FailureRecovery recovery;
    private RuntimeException failureDuringRebalance;
    private boolean rewindAfterRebalance;
    private long lastCommitMs;
    private volatile boolean stopRequested;
    private volatile boolean leaveGroupOnStop = true;

    public ProcessingThread(String name, int index, EosConfig config, TaskFactory taskFactory,
                            KafkaClientFactory clients, Clock clock, RuntimeCounters counters, ThreadObserver observer) {
        this.name = name;
        this.config = config;
        this.taskFactory = taskFactory;
        this.plan = taskFactory.plan();
        this.clients = clients;
        this.clock = clock;
        this.reporting = new ThreadReporting(this, config.applicationId(), counters, observer);
        this.index = index;
        this.transactionalId = transactionalId(config, index);
        this.retries = new RetryBudget(name, () -> reporting.fencedByAnotherProducer(clock.millis()));
        this.commitPolicy = new CommitPolicy(config, taskFactory.stateful());
    }

    /**
     * The transactional id of thread {@code index} of an instance: stable across restarts of the
     * same {@code instance.id}, so a restarted instance fences its predecessor's producer.
     */
    public static String transactionalId(EosConfig config, int index) {
        return config.applicationId() + "-" + config.instanceId() + "-" + index;
    }

    public String name() {
        return name;
    }

    /** What this thread reports to the app's health check. */
    public ThreadHealth health() {
        return reporting.health();
    }

    /**
     * The shards of store {@code name} in this thread's tasks (for a test driver on the same
     * thread; reads see pending writes).
     */
    public List<dev.eos.store.StateStore> stores(String name) {
        return parts == null ? new ArrayList<>() : parts.stores(name);
    }

    /**
     * Whether the thread is still creating or preparing tasks it was assigned (restoring their
     * stores, say): their partitions are not read yet (for a test driver deciding it is idle).
     */
    public boolean preparingTasks() {
        return parts != null && parts.startup.starting();
    }

    /** Asks the loop to finish: it commits what it processed and closes its clients, leaving the group. */
    public void requestStop() {
        requestStop(true);
    }

    /**
     * Asks the loop to finish: it commits what it processed and closes its clients; its consumer
     * leaves the group, or, if {@code leaveGroup} is false and it is a static member, stays in it
     * (for a restart with the same {@code instance.id}).
     */
    public void requestStop(boolean leaveGroup) {
        leaveGroupOnStop = leaveGroup;
        stopRequested = true;
        ThreadComponents p = parts;
        if (p != null) {
            p.consumer.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            open();
            while (!stopRequested) {
                step();
            }
            shutDown();
        } catch (Throwable fatal) {
            die(fatal);
        }
    }

    /*
     * The loop's parts are public so that a deterministic test driver can run them on its own
     * thread, one step at a time, instead of run(): open(), step() as often as it likes, then
     * shutDown(), or die(error) if a step threw. The production path is run() above, which does
     * exactly that.
     */

    /** Creates the clients, registers the transactional id and subscribes to the source topics. */
    public void open() {
        parts = new ThreadComponents(this, name, config, taskFactory, reporting.tracking(clients), clock, index);
        recovery = new FailureRecovery(name, config, transactionalId, parts, plan.consumedTopics(), retries,
                reporting::producerRecreated, stopRequestedCheck);
        reporting.rebalancing();
        parts.consumer.subscribe(new ArrayList<>(plan.consumedTopics()), parts.assignment);
        lastCommitMs = clock.millis();
        reporting.started(lastCommitMs);
    }

    /**
     * One turn of the loop: poll once, prepare new tasks a little, process what came, commit if
     * due. Recoverable errors are handled here; a fatal one is thrown.
     */
    public void step() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            handleUnlessStopping(e);
        }
    }

    /** Commits what was processed and closes the clients. */
    public void shutDown() {
        try {
            if (parts != null) {
                parts.closeAfterCommitting(leaveGroupOnStop);
            }
        } finally {
            reporting.closeMetrics();
        }
        reporting.exited();
    }

    /** After a fatal error: aborts what is open, closes the clients, reports the death. */
    public void die(Throwable fatal) {
        Throwable reported = ThreadReporting.explainAccess(fatal, plan, config);
        log.error("{}: stopping after a fatal error; nothing after the last commit is committed", name, reported);
        try {
            if (parts != null) {
                parts.closeAborting();
            }
        } finally {
            reporting.closeMetrics();
        }
        reporting.died(reported);
    }

    /** Handles a loop error; a wake-up or interrupt caused by {@link #requestStop()} just ends the loop. */
    private void handleUnlessStopping(RuntimeException error) {
        if (error instanceof WakeupException) {
            return;
        }
        if (stopRequested && error instanceof InterruptException) {
            return;
        }
        if (ErrorClassifier.classify(error) == ErrorConsequence.FENCED) {
            reporting.fenced();
        }
        try {
            recovery.handle(error);
        } catch (WakeupException | InterruptException e) {
            if (!stopRequested) {
                throw e;
            }
        }
    }

    private void runOnce() {
        long waitMs = parts.startup.restoring() ? 0
                : commitPolicy.pollWaitMs(parts.commits.hasWorkToCommit(), clock.millis() - lastCommitMs);
        // Step 1
        ConsumerRecords<byte[], byte[]> records = poll(waitMs);
        if (records == null) {
            return;
        }
        // Step 2
        if (parts.startup.starting() && advanceStartup() && records.isEmpty()) {
            records = poll(0);
            if (records == null) {
                return;
            }
        }
        // Step 3
        BatchProcessor.Outcome outcome = parts.batches.process(records, stopRequestedCheck);
        reporting.afterBatch(records, outcome, parts);
        if (outcome == BatchProcessor.Outcome.REWOUND) {
            return;
        }
        // Step 4
        parts.lifecycle.punctuateWallClock(clock.millis());
        parts.purger.maybePurge();
        if (parts.commits.hasWorkToCommit()
                && commitPolicy.dueAfterPoll(records.isEmpty(), clock.millis() - lastCommitMs, caughtUp)) {
            parts.commits.commit();
        } else {
            afterRecord();
        }
        reporting.afterTurn(parts, clock.millis());
    }

    /**
     * Polls once and tracks what came; handles what a rebalance callback left to the loop.
     *
     * @return the records, or null if the turn must end here (a failure was handled, or the
     *     consumer was rewound after lost partitions)
     */
    private ConsumerRecords<byte[], byte[]> poll(long waitMs) {
        ConsumerRecords<byte[], byte[]> records = parts.consumer.poll(Duration.ofMillis(waitMs));
        parts.batches.track(records);
        reporting.polled(records, clock.millis());
        if (failureDuringRebalance != null) {
            RuntimeException failure = failureDuringRebalance;
            failureDuringRebalance = null;
            rewindAfterRebalance = false;
            recovery.handle(failure);
            return null;
        }
        if (rewindAfterRebalance) {
            rewindAfterRebalance = false;
            parts.commits.rewind();
            return null;
        }
        return records;
    }

    /** @return whether some task became ready to run */
    private boolean advanceStartup() {
        reporting.beforeRestoreBatch(parts);
        Map<Task, Set<TopicPartition>> ready = parts.startup.advance(RESTORE_WAIT);
        ready.forEach(parts.assignment::started);
        reporting.afterRestoreBatch(parts);
        if (!parts.startup.starting()) {
            reporting.running();
        }
        return !ready.isEmpty();
    }

    @Override
    public void afterRecord() {
        if (parts.commits.hasWorkToCommit() && commitPolicy.dueAfterRecord(clock.millis() - lastCommitMs,
                parts.progress.recordsSinceCommit(), pendingStoreBytes)) {
            parts.commits.commit();
        }
    }

    @Override
    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets, int records, long storeBytes,
                          long commitNanos) {
        parts.purger.committed(offsets);
        lastCommitMs = clock.millis();
        reporting.commitSucceeded(lastCommitMs);
        retries.onProgress();
        reporting.committed(parts, records, storeBytes, commitNanos, lastCommitMs);
    }

    @Override
    public void aborted(boolean transactionAborted, ThreadMetrics.AbortCause cause) {
        reporting.aborted(parts, transactionAborted, cause);
        parts.badRecords.onAborted();
    }

    @Override
    public void abortAndRewind() {
        recovery.abortAndRewind(ThreadMetrics.AbortCause.PROCESSING_ERROR);
    }

    @Override
    public void beforeRevocation(Collection<TopicPartition> revoked) {
        reporting.rebalancing();
        if (parts.commits.hasWorkToCommit()) {
            try {
                parts.commits.commit();
            } catch (RuntimeException e) {
                // Handled after poll() returns, where the loop can abort, rewind or rejoin.
                failureDuringRebalance = e;
                parts.externalSinks.discard();
            }
        }
        parts.badRecords.forgetPending();
        parts.externalSinks.onRevoked(new HashSet<>(revoked));
    }

    @Override
    public void afterLoss(Collection<TopicPartition> lost) {
        reporting.rebalancing();
        reporting.forgetUncommittedSamples();
        parts.progress.clearUncommitted();
        parts.badRecords.forgetPending();
        parts.externalSinks.discard();
        parts.externalSinks.onRevoked(new HashSet<>(lost));
        try {
            if (parts.producer.current().abortIfInFlight()) {
                reporting.aborted(parts, true, ThreadMetrics.AbortCause.PARTITIONS_LOST);
            }
        } catch (RuntimeException e) {
            failureDuringRebalance = e;
        }
        parts.lifecycle.onAborted();
        rewindAfterRebalance = true;
    }

    @Override
    public void released(Collection<TopicPartition> partitions) {
        if (parts != null) {
            parts.progress.forget(partitions);
        }
    }

    @Override
    public void afterAssignment() {
        reporting.assigned(parts.startup.starting());
    }

    @Override
    public void onRestore(RestoreProgress progress) {
        reporting.restore(progress);
    }

    @Override
    public String toString() {
        return name;
    }
}
