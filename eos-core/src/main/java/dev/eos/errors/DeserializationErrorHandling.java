package dev.eos.errors;

/**
 * What to do with a record whose key or value cannot be deserialized; config key
 * {@code deserialization.error.handler}.
 *
 * <pre>{@code
 * EosConfig.builder()...set("deserialization.error.handler", "dead_letter").build();
 * }</pre>
 */
public enum DeserializationErrorHandling {
    /** Stop the app; the record's offset stays uncommitted. The default. */
    FAIL,
    /** Log the record's coordinates and the error, count it, and go on. */
    LOG_AND_CONTINUE,
    /** Write the raw record with context headers to {@code dead.letter.topic}, inside the transaction. */
    DEAD_LETTER
}
