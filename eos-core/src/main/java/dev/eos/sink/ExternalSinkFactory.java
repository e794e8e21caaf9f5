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
     * only output of its part of the pipeline (no Kafka sinks, no state stores there): the app
     * checks that when it starts.
     */
    default boolean ownsOffsets() {
        return false;
    }
}
