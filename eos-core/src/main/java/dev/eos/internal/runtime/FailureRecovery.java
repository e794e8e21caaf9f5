package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.internal.metrics.ThreadMetrics;
import java.util.ArrayList;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a processing thread does about an error, by the one classifier's answer
 * ({@link ErrorClassifier}):
 * <ul>
 *   <li>retriable: abort the open transaction and rewind to the committed offsets (after a
 *       serde or user code found a dependency unavailable, also wait a growing backoff); a task that
 *       could not be prepared (or a partition found without a running task) instead closes every
 *       task and rejoins the group, which assigns the partitions again;</li>
 *   <li>fenced: the thread's tasks are zombies; close them without committing, replace the
 *       producer and rejoin;</li>
 *   <li>user code and fatal: thrown, the thread dies.</li>
 * </ul>
 * An abort that fails itself (fenced, or retriable such as a timeout) also ends in a rejoin: a
 * new producer with the same transactional id aborts whatever the old one left open. Repeated
 * failures without a commit in between are bounded by {@link RetryBudget}.
 */
final class FailureRecovery {
    private static final Logger log = LoggerFactory.getLogger(FailureRecovery.class);

    private final String name;
    private final String instanceId;
    private final String transactionalId;
    private final ThreadComponents parts;
    private final Set<String> topics;
    private final RetryBudget retries;
    private final Runnable onRejoin;
    private final BooleanSupplier stopRequested;

    /**
     * @param onRejoin told when the thread rejoins (it is rebalancing)
     * @param stopRequested whether the thread was asked to stop (ends a backoff early)
     */
    FailureRecovery(String name, EosConfig config, String transactionalId, ThreadComponents parts, Set<String> topics,
                    RetryBudget retries, Runnable onRejoin, BooleanSupplier stopRequested) {
        this.name = name;
        this.instanceId = config.instanceId();
        this.transactionalId = transactionalId;
        this.parts = parts;
        this.topics = topics;
        this.retries = retries;
        this.onRejoin = onRejoin;
        this.stopRequested = stopRequested;
    }

    /** Recovers from {@code error}, or throws it if the thread must stop. */
    void handle(RuntimeException error) {
        ErrorConsequence consequence = ErrorClassifier.classify(error);
        switch (consequence) {
            case RETRIABLE:
                if (error instanceof DependencyUnavailable) {
                    long waitMs = retries.onDependencyUnavailable();
                    log.warn("{}: {}; aborting the transaction, rewinding to the committed offsets and reading "
                            + "the same records again in {} ms", name, error.getMessage(), waitMs);
                    abortAndRewind(ThreadMetrics.AbortCause.RETRIABLE_ERROR);
                    pauseUnlessStopping(waitMs);
                    break;
                }
                retries.onRetriable(error);
                if (error instanceof TaskCreationFailure) {
                    log.warn("{}: a task could not be prepared; rejoining the group to be assigned its partitions "
                            + "again", name, error);
                    rejoin(error);
                    break;
                }
                log.warn("{}: retriable error; aborting the transaction and rewinding to the committed offsets",
                        name, error);
                abortAndRewind(ThreadMetrics.AbortCause.RETRIABLE_ERROR);
                break;
            case FENCED:
                retries.onFenced(error, instanceId);
                rejoin(error);
                break;
            case USER_CODE:
            case FATAL:
            default:
                throw error;
        }
    }

    /** Waits up to {@code millis}, less if asked to stop; the consumer keeps its membership (heartbeats run apart). */
    private void pauseUnlessStopping(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        try {
            while (!stopRequested.getAsBoolean() && System.nanoTime() < end) {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000L)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Aborts and rewinds; if the abort itself fails and the thread can go on, rejoins instead. */
    void abortAndRewind(ThreadMetrics.AbortCause cause) {
        try {
            parts.commits.abortAndRewind(cause);
        } catch (RuntimeException abortError) {
            ErrorConsequence consequence = ErrorClassifier.classify(abortError);
            if (consequence == ErrorConsequence.FENCED || consequence == ErrorConsequence.RETRIABLE) {
                rejoin(abortError);
                return;
            }
            throw abortError;
        }
    }

    /**
     * The thread's tasks are zombies (another producer or a newer group generation owns their
     * partitions), or its producer or tasks cannot go on: nothing more is committed from them.
     */
    private void rejoin(RuntimeException cause) {
        log.warn("{}: fenced or unable to go on ({}); closing tasks without committing, replacing the producer "
                + "transactional.id={} and rejoining the group", name, cause.toString(), transactionalId);
        parts.producer.closeNow();
        parts.progress.clearUncommitted();
        parts.badRecords.forgetPending();
        parts.externalSinks.discard();
        parts.assignment.closeAllAsZombies();
        parts.startup.dropAll();
        parts.producer.open(parts.consumer);
        onRejoin.run();
        parts.consumer.unsubscribe();
        parts.consumer.subscribe(new ArrayList<>(topics), parts.assignment);
    }
}
