package dev.eos.internal.runtime;

/**
 * A serde threw a Kafka {@code RetriableException}: something it depends on (a schema registry)
 * is unavailable for now. The record is not bad, so no
 * error handler sees it: the transaction is aborted, the thread waits with a growing backoff and
 * reads the same records again ({@link RetryBudget#onDependencyUnavailable()}). Nothing is skipped
 * or dead-lettered, however long the outage. (User code in a processor that throws one is still a
 * failure of user code, handled by the processing error handler: a lookup that keeps timing out
 * must not stall the app for ever without a decision.)
 */
final class DependencyUnavailable extends RuntimeException {
    DependencyUnavailable(String where, RuntimeException cause) {
        super(where + " is waiting for a dependency: " + cause.getMessage(), cause);
    }
}
