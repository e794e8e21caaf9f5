package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.ProcessingGuarantee;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * When a processing thread commits, given that it has work waiting to be committed:
 * <ul>
 *   <li>after a record: {@code commit.interval.ms} has passed since the last commit,
 *       {@code transaction.max.records} records were processed, or a stateful thread holds
 *       {@code state.max.pending.bytes} of pending store writes;</li>
 *   <li>after a poll: the poll returned nothing (the input is drained), or, under exactly-once,
 *       the thread has caught up with its input and {@code commit.min.interval.ms} has passed.
 *       Output is visible only after a commit, so once nothing is left to read, waiting out the
 *       interval would only delay it. A thread with a backlog is never caught up and keeps its
 *       transactions interval-sized. For a record crossing a repartition topic this matters
 *       twice: the records a commit makes readable are read back, processed and committed again
 *       without waiting a whole interval.</li>
 * </ul>
 * At-least-once commits only on the first three: its output is visible at once, a commit only
 * stores offsets. Times are milliseconds since the last commit; the policy holds no state.
 */
final class CommitPolicy {
    /** The longest a poll waits when nothing waits to be committed. */
    static final long IDLE_POLL_WAIT_MS = 100;
    /**
     * With work waiting to be committed, a poll that returns nothing within this long means the
     * input is drained.
     */
    static final long DRAINED_POLL_WAIT_MS = 10;

    private final long intervalMs;
    private final long minIntervalMs;
    private final int maxRecords;
    private final long maxPendingBytes;
    private final boolean stateful;
    private final boolean commitsWhenCaughtUp;

    CommitPolicy(EosConfig config, boolean stateful) {
        this.intervalMs = config.commitInterval().toMillis();
        this.minIntervalMs = config.commitMinInterval().toMillis();
        this.maxRecords = config.transactionMaxRecords();
        this.maxPendingBytes = config.state().maxPendingBytes();
        this.stateful = stateful;
        this.commitsWhenCaughtUp = config.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE
                && minIntervalMs < intervalMs;
    }

    /**
     * Checked after each processed record.
     *
     * @param pendingStoreBytes asked only for a stateful thread, and only when nothing else is due
     */
    boolean dueAfterRecord(long sinceCommitMs, int recordsSinceCommit, LongSupplier pendingStoreBytes) {
        return sinceCommitMs >= intervalMs
                || recordsSinceCommit >= maxRecords
                || (stateful && pendingStoreBytes.getAsLong() >= maxPendingBytes);
    }

    /**
     * Checked after a poll's records were processed.
     *
     * @param caughtUp asked only when it could decide: whether no assigned partition has records
     *     the consumer could still read
     */
    boolean dueAfterPoll(boolean pollWasEmpty, long sinceCommitMs, BooleanSupplier caughtUp) {
        if (pollWasEmpty) {
            return true;
        }
        return commitsWhenCaughtUp && sinceCommitMs >= minIntervalMs && caughtUp.getAsBoolean();
    }

    /** How long the next poll may wait for records. */
    long pollWaitMs(boolean workToCommit, long sinceCommitMs) {
        if (!workToCommit) {
            return IDLE_POLL_WAIT_MS;
        }
        long wait = Math.min(DRAINED_POLL_WAIT_MS, intervalMs - sinceCommitMs);
        if (commitsWhenCaughtUp) {
            wait = Math.min(wait, Math.max(1, minIntervalMs - sinceCommitMs));
        }
        return Math.max(0, wait);
    }
}
