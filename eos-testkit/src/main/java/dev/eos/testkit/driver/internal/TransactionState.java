package dev.eos.testkit.driver.internal;

/**
 * Where a record stands in its producer's transaction. A record written outside any
 * transaction is {@link #COMMITTED} from the start. {@link #OPEN} changes exactly once, to
 * {@link #COMMITTED} or {@link #ABORTED}, when the transaction ends; nothing changes afterwards.
 */
public enum TransactionState {
    /** Written inside a transaction that has not ended: holds the last stable offset back. */
    OPEN,
    /** Visible to read_committed readers (once below the last stable offset). */
    COMMITTED,
    /** Never visible to read_committed readers; read_uncommitted readers still see it, as in Kafka. */
    ABORTED
}
