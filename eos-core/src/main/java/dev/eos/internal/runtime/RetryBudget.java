package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.errors.EosException;

/**
 * Bounds how often a thread may fail in a row without committing. Retriable errors and fencing
 * are normally transient; when they repeat without any progress, retrying hides a problem that
 * needs a person (a topic that does not exist, two instances sharing an {@code instance.id}),
 * so the thread stops with an error that says so.
 */
final class RetryBudget {
    static final int MAX_RETRIABLE_IN_A_ROW = 10;
    static final int MAX_FENCED_IN_A_ROW = 5;
    static final long FIRST_DEPENDENCY_BACKOFF_MS = 100;
    static final long MAX_DEPENDENCY_BACKOFF_MS = 5_000;

    private final String threadName;
    private final Runnable onFencedByAnotherProducer;
    private int retriableInARow;
    private int fencedInARow;
    private long dependencyBackoffMs;

    /** @param onFencedByAnotherProducer told of every fencing by another producer (for the health check) */
    RetryBudget(String threadName, Runnable onFencedByAnotherProducer) {
        this.threadName = threadName;
        this.onFencedByAnotherProducer = onFencedByAnotherProducer;
    }

    /** A transaction committed: the thread makes progress. */
    void onProgress() {
        retriableInARow = 0;
        fencedInARow = 0;
        dependencyBackoffMs = 0;
    }

    /**
     * A serde or user code waits for a service it depends on (a schema registry that is down):
     * never a reason to give up, since nothing is lost by waiting, but a reason to slow down.
     *
     * @return how long to wait before reading the records again: 100 ms, doubling up to 5 s,
     *     until a transaction commits
     */
    long onDependencyUnavailable() {
        dependencyBackoffMs = dependencyBackoffMs == 0 ? FIRST_DEPENDENCY_BACKOFF_MS
                : Math.min(MAX_DEPENDENCY_BACKOFF_MS, dependencyBackoffMs * 2);
        return dependencyBackoffMs;
    }

    void onRetriable(RuntimeException error) {
        if (++retriableInARow > MAX_RETRIABLE_IN_A_ROW) {
            throw new EosException(threadName + " gave up after " + MAX_RETRIABLE_IN_A_ROW
                    + " retriable errors in a row without a successful commit; the last one: " + error
                    + ". Fix: check that every topic the pipeline writes exists (including topics chosen per record)"
                    + " and that the brokers are healthy.", error);
        }
    }

    /**
     * Counts fencing by another producer with this thread's transactional id: repeated, it means
     * two live instances share an {@code instance.id}. A commit refused for a stale group
     * generation is an ordinary rebalance and resets nothing, however often the group changes.
     */
    void onFenced(RuntimeException error, String instanceId) {
        if (!byAnotherProducer(error)) {
            return;
        }
        onFencedByAnotherProducer.run();
        if (++fencedInARow > MAX_FENCED_IN_A_ROW) {
            throw new EosException(threadName + " was fenced " + MAX_FENCED_IN_A_ROW
                    + " times in a row without a successful commit; the last time: " + error
                    + ". Another running instance probably uses " + EosConfig.INSTANCE_ID + "=" + instanceId
                    + ". Fix: give every instance its own " + EosConfig.INSTANCE_ID + ".", error);
        }
    }

    private static boolean byAnotherProducer(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.ProducerFencedException
                    || t instanceof org.apache.kafka.common.errors.InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}
