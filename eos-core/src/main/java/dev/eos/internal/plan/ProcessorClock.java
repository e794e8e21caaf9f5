package dev.eos.internal.plan;

import dev.eos.processor.ProcessorContext;

/**
 * The stream time one processor of one task has observed: the largest timestamp of the records
 * it chose to observe. Windowed aggregations close windows on it, as Kafka Streams does, so a
 * record that an upstream filter dropped, or that went to another branch, never closes a window.
 *
 * <p>The runtime's processor context implements it: the time is part of the transaction (rolled
 * back on abort), committed with the task's offsets, read back when the task starts again on
 * any instance, and drives the retention of the window stores of nodes marked
 * {@link ProcessorNode#storeTimeFromProcessor()}. Other contexts (unit tests) fall back to
 * {@link #fromTaskStreamTime}.
 */
public interface ProcessorClock {

    /** Raises this processor's observed stream time to {@code timestamp} if later; returns it. */
    long observe(long timestamp);

    /** The clock of {@code context}: its own if it has one, else {@link #fromTaskStreamTime}. */
    static ProcessorClock of(ProcessorContext<?, ?> context) {
        return context instanceof ProcessorClock clock ? clock : fromTaskStreamTime(context);
    }

    /** A clock that reads the task's stream time (every record of the task counts). */
    static ProcessorClock fromTaskStreamTime(ProcessorContext<?, ?> context) {
        return timestamp -> Math.max(context.currentStreamTimeMs(), timestamp);
    }
}
