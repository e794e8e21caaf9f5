package dev.eos.sink;

import dev.eos.errors.EosException;

/**
 * Thrown by an {@link ExternalSink} whose write failed for a transient reason (the database is
 * restarting, a connection dropped, a serialization conflict) after retrying on its own: nothing
 * of the batch is committed in Kafka, and the input is processed again from the last commit
 * point.
 *
 * <pre>{@code
 * throw new RetriableSinkException("PostgreSQL unreachable for 30 s", sqlException);
 * }</pre>
 */
public class RetriableSinkException extends EosException {
    public RetriableSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
