package dev.eos.processor;

/**
 * Creates one {@link Processor} instance per task. Return a new instance on every call.
 *
 * <pre>{@code
 * stream.process(() -> new MyProcessor(settings));
 * }</pre>
 */
@FunctionalInterface
public interface ProcessorSupplier<KIn, VIn, KOut, VOut> {
    Processor<KIn, VIn, KOut, VOut> get();
}
