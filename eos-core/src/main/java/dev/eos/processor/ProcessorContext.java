package dev.eos.processor;

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
}
