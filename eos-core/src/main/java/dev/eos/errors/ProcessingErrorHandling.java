package dev.eos.errors;

/**
 * What to do when user code throws while processing a record; config key
 * {@code processing.error.handler}. In every case the open transaction is aborted first, so no
 * partial output of the failed record is ever committed.
 *
 * <pre>{@code
 * EosConfig.builder()...set("processing.error.handler", "skip").build();
 * }</pre>
 */
public enum ProcessingErrorHandling {
    /** Stop the app; the record's offset stays uncommitted. The default. */
    FAIL,
    /** Log the record's coordinates and the error, count it, and go on without its output. */
    SKIP,
    /** Write the raw input record with context headers to {@code dead.letter.topic} and go on. */
    DEAD_LETTER
}
