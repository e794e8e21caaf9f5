package dev.eos.processor;

/**
 * Called on a schedule registered with {@link ProcessorContext#schedule}. It runs on the task's
 * thread, inside the open transaction: what it forwards or writes to stores commits together
 * with the input processed so far.
 *
 * <pre>{@code
 * context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME,
 *         now -> context.forward(new Record<>("heartbeat", now, now)));
 * }</pre>
 */
@FunctionalInterface
public interface Punctuator {
    /** @param timestamp the stream time or wall-clock time that triggered this call, in ms */
    void punctuate(long timestamp);
}
