package dev.eos.avro;

import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that the Avro deserializers cannot turn into a record. It is a
 * {@link SerializationException}, so it goes to the deserialization error handler (skip or dead
 * letter), and it carries the topic, the schema id and the kind of problem for dead-letter headers.
 *
 * <pre>{@code
 * catch (AvroDeserializationException e) {
 *     headers.add("eos.avro.problem", e.problem().name().getBytes(UTF_8));
 *     e.schemaId().ifPresent(id -> headers.add("eos.avro.schema.id", Integer.toString(id).getBytes(UTF_8)));
 * }
 * }</pre>
 */
public class AvroDeserializationException extends SerializationException {

    /** What was wrong with the bytes. */
    public enum Problem {
        /** No magic byte 0 or fewer than 5 bytes: not the Confluent wire format. */
        NOT_WIRE_FORMAT,
        /** The registry does not know the schema id (error code 40403). */
        UNKNOWN_SCHEMA_ID,
        /** The bytes do not decode with the writer schema of their id. */
        UNDECODABLE,
        /** The reader (a generated class) cannot read data of the writer schema, or no such class exists. */
        READER_INCOMPATIBLE
    }

    private final String topic;
    private final int schemaId;
    private final Problem problem;

    /** @param schemaId the id from the bytes, or -1 when they carry none */
    public AvroDeserializationException(String message, String topic, int schemaId, Problem problem, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.schemaId = schemaId;
        this.problem = problem;
    }

    public String topic() {
        return topic;
    }

    /** The schema id the bytes carry; empty when they are not in the wire format. */
    public OptionalInt schemaId() {
        return schemaId < 0 ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }

    public Problem problem() {
        return problem;
    }
}
