package dev.eos.avro.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The schema registry answered a request with an error that retrying will not fix: an unknown
 * subject or schema id, an invalid schema, missing rights, a refused schema. Carries the HTTP
 * status, the registry's {@code error_code} and message, and the URL asked (never with
 * credentials).
 *
 * <pre>{@code
 * try {
 *     client.schemaById(42);
 * } catch (SchemaRegistryException e) {
 *     if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) { ... }
 * }
 * }</pre>
 */
public class SchemaRegistryException extends KafkaException {
    /** {@code error_code} of the Confluent API: subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** {@code error_code} of the Confluent API: version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** {@code error_code} of the Confluent API: schema (id) not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** {@code error_code} of the Confluent API: no compatibility level set on this subject. */
    public static final int SUBJECT_LEVEL_NOT_CONFIGURED = 40408;
    /** {@code error_code} of the Confluent API: the schema is not valid. */
    public static final int INVALID_SCHEMA = 42201;

    private final int status;
    private final int errorCode;
    private final String registryMessage;
    private final String url;

    /**
     * @param status the HTTP status
     * @param errorCode the registry's {@code error_code}, or the status when the body had none
     * @param registryMessage the registry's {@code message}, or the body's start
     * @param url the URL asked, without user info
     */
    public SchemaRegistryException(String message, int status, int errorCode, String registryMessage, String url) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
        this.url = url;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public String registryMessage() {
        return registryMessage;
    }

    /** The URL asked, without user info. */
    public String url() {
        return url;
    }
}
