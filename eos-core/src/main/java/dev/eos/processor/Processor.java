package dev.eos.processor;

/**
 * The unit of the processor API: receives records one at a time and forwards results
 * through its {@link ProcessorContext}. Every DSL operator is a processor.
 *
 * <p>Each task (one partition of the input) gets its own processor instance, created by a
 * {@link ProcessorSupplier}; a processor is only ever called from one thread. Anything it
 * forwards is written inside the open Kafka transaction, so it becomes visible exactly once,
 * together with the consumed offsets. An exception thrown from {@link #process} aborts that
 * transaction and is handled by the configured processing-error handler.
 *
 * <pre>{@code
 * class Upper implements Processor<String, String, String, String> {
 *     private ProcessorContext<String, String> context;
 *     public void init(ProcessorContext<String, String> context) { this.context = context; }
 *     public void process(Record<String, String> record) {
 *         context.forward(record.withValue(record.value().toUpperCase()));
 *     }
 * }
 * builder.stream("in", Consumed.with(strings, strings)).process(Upper::new).to("out", Produced.with(strings, strings));
 * }</pre>
 *
 * @param <KIn> input key type
 * @param <VIn> input value type
 * @param <KOut> output key type
 * @param <VOut> output value type
 */
public interface Processor<KIn, VIn, KOut, VOut> {

    /** Called once before the first record, with the context to forward through. */
    default void init(ProcessorContext<KOut, VOut> context) {
    }

    /** Processes one record; may forward zero or more records. */
    void process(Record<KIn, VIn> record);

    /** Called once when the task that owns this instance is closed. */
    default void close() {
    }
}
