package dev.eos.errors;

/**
 * The headers Eos adds to a dead-letter record, next to the original record's own headers. The
 * dead-letter record keeps the original key and value bytes and timestamp.
 *
 * <pre>{@code
 * String source = new String(dlq.headers().lastHeader(DeadLetterHeaders.TOPIC).value(), UTF_8);
 * }</pre>
 */
public final class DeadLetterHeaders {
    public static final String TOPIC = "eos.dlq.topic";
    public static final String PARTITION = "eos.dlq.partition";
    public static final String OFFSET = "eos.dlq.offset";
    public static final String TIMESTAMP = "eos.dlq.timestamp";
    public static final String EXCEPTION_CLASS = "eos.dlq.exception.class";
    public static final String EXCEPTION_MESSAGE = "eos.dlq.exception.message";
    /** {@code deserialization} or {@code processing}. */
    public static final String STAGE = "eos.dlq.stage";

    private DeadLetterHeaders() {
    }
}
