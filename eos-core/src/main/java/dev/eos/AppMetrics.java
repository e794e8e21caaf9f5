package dev.eos;

/**
 * Counters of a running {@link EosApp}, summed over its threads since start. Every count is
 * taken when the transaction it belongs to committed, so aborted work is never counted.
 *
 * <pre>{@code
 * AppMetrics m = app.metrics();
 * System.out.printf("%d records, %d transactions%n", m.recordsCommitted(), m.transactionsCommitted());
 * }</pre>
 *
 * @param recordsCommitted input records whose offsets were committed (processed, skipped or dead-lettered)
 * @param recordsSkipped input records skipped by an error handler
 * @param recordsDeadLettered input records written to the dead-letter topic
 * @param transactionsCommitted transactions committed
 * @param transactionsAborted transactions aborted (processing errors, retriable client errors)
 * @param producersRecreated producers closed and replaced after fencing or an unknown commit outcome
 * @param changelogRecordsRestored changelog records replayed into stores (after a crash: only the tail
 *        written after the last local commit)
 */
public record AppMetrics(long recordsCommitted, long recordsSkipped, long recordsDeadLettered,
                         long transactionsCommitted, long transactionsAborted, long producersRecreated,
                         long changelogRecordsRestored) {
}
