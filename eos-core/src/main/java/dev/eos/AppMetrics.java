package dev.eos;

/**
 * Counters of a running {@link EosApp}, summed over its threads since start. Records count as
 * processed when their transaction committed.
 *
 * <pre>{@code
 * AppMetrics m = app.metrics();
 * System.out.printf("%d records, %d transactions%n", m.recordsCommitted(), m.transactionsCommitted());
 * }</pre>
 *
 * @param recordsCommitted input records whose processing was committed
 * @param recordsSkipped input records skipped by an error handler
 * @param recordsDeadLettered input records written to the dead-letter topic
 * @param transactionsCommitted transactions committed
 * @param transactionsAborted transactions aborted (processing errors, retriable client errors)
 * @param producersRecreated producers closed and replaced after fencing or an unknown commit outcome
 */
public record AppMetrics(long recordsCommitted, long recordsSkipped, long recordsDeadLettered,
                         long transactionsCommitted, long transactionsAborted, long producersRecreated) {
}
