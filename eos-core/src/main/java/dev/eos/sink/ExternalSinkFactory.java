package dev.eos.sink;

/**
 * Creates one {@link ExternalSink} per processing thread; given to {@code stream.sinkTo(...)}.
 *
 * <pre>{@code
 * stream.sinkTo(PrintingSink::new);                        // idempotent sink, one per thread
 * stream.sinkTo(JdbcSink.exactlyOnce(settings));           // a factory that owns offsets
 * }</pre>
 */
@FunctionalInterface
public interface ExternalSinkFactory<K, V> {

    ExternalSink<K, V> create();

    /**
     * Whether the sinks store the next offset of every source partition themselves, atomically
     * with the records, and tell the runtime where to start ({@link ExternalSink#onAssigned}).
     * The external system then holds every input's effect exactly once. Such a sink must be the
     * only output of its part of the pipeline (no Kafka sinks, no state stores there), checked when
     * the pipeline is built; the app may use no {@code dead_letter} error handler, checked by
     * {@code EosApp.create}; and no processor of its part may call
     * {@code ProcessorContext.schedule(...)}, which fails at that call. Dead letters and punctuator
     * output are not in the sink's transaction: after the sink's commit and a failed Kafka commit
     * the first would be lost and the second written twice.
     */
    default boolean ownsOffsets() {
        return false;
    }
}
