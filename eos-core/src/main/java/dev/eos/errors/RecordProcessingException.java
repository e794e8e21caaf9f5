package dev.eos.errors;

/**
 * A record could not be processed and the configured handler says to fail. The app stops and the
 * offset of this record and of everything after it in its partition stays uncommitted, so a
 * restarted app reads it again.
 *
 * <pre>{@code
 * app.setUncaughtErrorHandler(error -> {
 *     if (error instanceof RecordProcessingException e) {
 *         log.error("poison record at {}-{}@{}", e.topic(), e.partition(), e.offset());
 *     }
 *     return UncaughtErrorPolicy.SHUTDOWN_APP;
 * });
 * }</pre>
 */
public class RecordProcessingException extends EosException {
    private final String topic;
    private final int partition;
    private final long offset;

    public RecordProcessingException(String what, String topic, int partition, long offset, String fix,
                                     Throwable cause) {
        super(what + " at topic=" + topic + " partition=" + partition + " offset=" + offset + ": "
                + cause.getClass().getName() + ": " + cause.getMessage() + ". " + fix, cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
