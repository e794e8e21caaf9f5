package dev.eos.avro.registry;

import org.apache.kafka.common.errors.RetriableException;

/**
 * No schema registry URL answered after the client's own retries: connections refused, timeouts,
 * or 5xx/429 answers. Retriable: the registry is expected back, nothing about the data is wrong, so
 * an Eos app waits and tries the same record again instead of sending it to the dead-letter topic.
 *
 * <pre>{@code
 * try {
 *     client.register("orders-value", schema);
 * } catch (SchemaRegistryUnavailableException e) {
 *     // back off and retry later
 * }
 * }</pre>
 */
public class SchemaRegistryUnavailableException extends RetriableException {

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
