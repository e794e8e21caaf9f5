package dev.eos.sink;

import dev.eos.errors.EosException;

/**
 * Thrown by an offset-owning {@link ExternalSink} when a write is refused because another owner
 * claimed the partition since (this instance is a zombie). The thread then closes its tasks
 * without committing and rejoins the group, as after Kafka fencing.
 *
 * <pre>{@code
 * if (updatedRows == 0) {
 *     throw new SinkFencedException("partition " + tp + " is owned by a newer epoch than " + epoch);
 * }
 * }</pre>
 */
public class SinkFencedException extends EosException {
    public SinkFencedException(String message) {
        super(message);
    }
}
