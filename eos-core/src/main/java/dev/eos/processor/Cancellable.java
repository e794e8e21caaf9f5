package dev.eos.processor;

/**
 * Cancels a schedule made with {@link ProcessorContext#schedule}.
 *
 * <pre>{@code
 * Cancellable schedule = context.schedule(Duration.ofSeconds(10), PunctuationType.STREAM_TIME, this::flush);
 * schedule.cancel();
 * }</pre>
 */
@FunctionalInterface
public interface Cancellable {
    void cancel();
}
