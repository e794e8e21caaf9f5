package dev.eos.processor;

import dev.eos.store.StateStore;
import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link Processor} sees of the runtime: where to forward records and where the
 * current record came from.
 *
 * <pre>{@code
 * public void process(Record<String, Long> record) {
 *     if (record.value() > 100) {
 *         // only to the child node named "large-orders", e.g. a sink made with
 *         // Produced.with(...).withName("large-orders")
 *         context.forward(record, "large-orders");
 *     } else {
 *         context.forward(record);            // to every child
 *     }
 * }
 * }</pre>
 *
 * @param <KOut> key type forwarded
 * @param <VOut> value type forwarded
 */
public interface ProcessorContext<KOut, VOut> {

    /** Forwards a record to every child of this processor. */
    <K extends KOut, V extends VOut> void forward(Record<K, V> record);

    /** Forwards a record to the child with the given name only. */
    <K extends KOut, V extends VOut> void forward(Record<K, V> record, String childName);

    /**
     * The topic, partition and offset of the input record being processed, or empty when the
     * processor is called outside the processing of an input record.
     */
    Optional<RecordMetadata> recordMetadata();

    /** The {@code application.id} of the running app. */
    String applicationId();

    /** The partition number of the task this processor instance belongs to. */
    int taskPartition();

    /**
     * The store {@code name} of this task, connected to this processor by
     * {@code stream.process(supplier, "name")} or created by the DSL.
     *
     * <pre>{@code
     * KeyValueStore<String, Long> counts = context.getStateStore("counts");
     * }</pre>
     *
     * @throws IllegalArgumentException if no such store is connected to this processor
     */
    <S extends StateStore> S getStateStore(String name);

    /**
     * Calls {@code punctuator} every {@code interval} of stream time or wall-clock time, on this
     * task's thread, inside the open transaction. A stream-time schedule fires when a record
     * moves stream time past the next due time (once per record, however far it jumped).
     */
    Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator);

    /** The task's stream time: the largest timestamp of the records it processed, or -1 before the first. */
    long currentStreamTimeMs();
}
