package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.RestoreProgress;
import dev.eos.internal.access.AccessErrors;
import dev.eos.internal.metrics.ThreadMetrics;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.spi.KafkaClientFactory;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * What one {@link ProcessingThread} reports about its loop: its health ({@link ThreadHealth}),
 * its metrics ({@link LoopMetrics}, {@link ThreadMetrics}), the app's counters
 * ({@link RuntimeCounters}) and the app's {@link ThreadObserver}. The loop calls one
 * method per event; none of them is on the per-record path.
 *
 * <pre>{@code
 * reporting.polled(records, clock.millis());
 * reporting.committed(parts, records, storeBytes, commitNanos, nowMs);
 * }</pre>
 */
final class ThreadReporting {
    private final ProcessingThread thread;
    private final RuntimeCounters counters;
    private final LoopMetrics loopMetrics;
    private final ThreadMetrics metrics;
    private final ThreadObserver observer;
    private final ThreadHealth health = new ThreadHealth();
    private long restoredBefore;
    private boolean restoringBefore;
    private long restoreStartNanos;

    ThreadReporting(ProcessingThread thread, String applicationId, RuntimeCounters counters,
                    ThreadObserver observer) {
        this.thread = thread;
        this.counters = counters;
        this.loopMetrics = new LoopMetrics(counters, applicationId, thread.name());
        this.metrics = loopMetrics.thread();
        this.observer = new StateReportingObserver(observer, metrics);
    }

    /**
     * A denied access of this app's own clients, explained as the ACL to grant; anything else,
     * user code among it (a processor talking to another cluster), as it came.
     */
    static Throwable explainAccess(Throwable fatal, LogicalPlan plan, EosConfig config) {
        try {
            return ErrorClassifier.classify(fatal) == ErrorConsequence.USER_CODE ? fatal
                    : AccessErrors.explain(fatal, plan, config);
        } catch (RuntimeException e) {
            fatal.addSuppressed(e);
            return fatal;
        }
    }

    ThreadHealth health() {
        return health;
    }

    /** The client factory whose clients' metrics the app's metrics include. */
    KafkaClientFactory tracking(KafkaClientFactory clients) {
        return loopMetrics.tracking(clients);
    }

    void started(long nowMs) {
        health.started(nowMs);
    }

    void polled(ConsumerRecords<byte[], byte[]> records, long nowMs) {
        loopMetrics.polled(records);
        if (!records.isEmpty()) {
            health.fetched(nowMs);
        }
    }

    void afterBatch(ConsumerRecords<byte[], byte[]> records, BatchProcessor.Outcome outcome, ThreadComponents parts) {
        loopMetrics.afterBatch(records, outcome, parts);
    }

    void afterTurn(ThreadComponents parts, long nowMs) {
        loopMetrics.afterTurn(parts, nowMs);
    }

    /** Before the loop advances the preparation of new tasks: notes where store restore stands. */
    void beforeRestoreBatch(ThreadComponents parts) {
        restoredBefore = parts.restorer == null ? 0 : parts.restorer.restoredRecords();
        restoringBefore = parts.startup.restoring();
        restoreStartNanos = System.nanoTime();
    }

    /** After it: counts the records restored and the time spent (0 if nothing was restoring). */
    void afterRestoreBatch(ThreadComponents parts) {
        if (parts.restorer != null) {
            long restored = parts.restorer.restoredRecords() - restoredBefore;
            counters.changelogRecordsRestored.add(restored);
            metrics.restored(restored, restoringBefore || restored > 0 ? System.nanoTime() - restoreStartNanos : 0);
        }
    }

    void restore(RestoreProgress progress) {
        metrics.restoreRemaining(progress.store(), progress.partition(),
                progress.done() ? 0 : Math.max(0, progress.total() - progress.restored()));
        health.restore(progress);
        observer.onRestore(progress);
    }

    /** Health learns of a commit first; the rest with {@link #committed}. */
    void commitSucceeded(long nowMs) {
        health.committed(nowMs);
    }

    void committed(ThreadComponents parts, int records, long storeBytes, long commitNanos, long nowMs) {
        parts.badRecords.onCommitted(counters, metrics);
        counters.transactionsCommitted.increment();
        counters.recordsCommitted.add(records);
        loopMetrics.committed(parts, records, storeBytes, commitNanos, nowMs);
    }

    void aborted(ThreadComponents parts, boolean transactionAborted, ThreadMetrics.AbortCause cause) {
        if (transactionAborted) {
            counters.transactionsAborted.increment();
        }
        loopMetrics.aborted(parts, cause, transactionAborted);
    }

    /** Samples of work that will never commit (lost, fenced or aborted) are dropped. */
    void forgetUncommittedSamples() {
        metrics.forgetUncommittedSamples();
    }

    void producerRecreated() {
        counters.producersRecreated.increment();
        metrics.forgetUncommittedSamples();
        rebalancing();
    }

    void fenced() {
        metrics.fenced();
    }

    void fencedByAnotherProducer(long nowMs) {
        health.fenced(nowMs);
    }

    /** After an assignment: running, unless some new task is still being prepared. */
    void assigned(boolean preparingTasks) {
        metrics.rebalanced();
        if (preparingTasks) {
            rebalancing();
        } else {
            running();
        }
    }

    void rebalancing() {
        health.rebalancing();
        metrics.rebalancing();
        observer.onRebalancing(thread);
    }

    void running() {
        health.running();
        observer.onRunning(thread);
    }

    void closeMetrics() {
        loopMetrics.close();
    }

    void exited() {
        observer.onExit(thread);
    }

    void died(Throwable reported) {
        observer.onDeath(thread, reported);
    }
}
