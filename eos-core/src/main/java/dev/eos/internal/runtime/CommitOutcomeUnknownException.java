package dev.eos.internal.runtime;

/**
 * {@code commitTransaction()} kept timing out: the transaction may or may not have committed.
 * Aborting now could land on a later transaction (KAFKA-17754), so the producer is closed instead
 * and a new one, with the same transactional id, resolves the outcome on {@code initTransactions()}.
 */
final class CommitOutcomeUnknownException extends RuntimeException {
    CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
