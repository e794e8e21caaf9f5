package dev.eos.internal.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The observed stream time of each processor of one task that keeps one
 * ({@link dev.eos.internal.plan.ProcessorClock}), with the value of the last committed
 * transaction: an abort returns every clock to it, so a replayed batch observes exactly what it
 * observed the first time.
 */
final class ProcessorClocks {
    private static final class Clock {
        long observed = -1;
        long committed = -1;
    }

    private final Map<String, Clock> clocks = new LinkedHashMap<>();

    /** Raises {@code node}'s observed time to {@code timestamp} if later; returns it. */
    long observe(String node, long timestamp) {
        Clock clock = clocks.computeIfAbsent(node, n -> new Clock());
        if (timestamp > clock.observed) {
            clock.observed = timestamp;
        }
        return clock.observed;
    }

    /** Clocks as committed before (read from the offsets' metadata when the task starts). */
    void startFrom(Map<String, Long> committed) {
        committed.forEach((node, time) -> {
            Clock clock = clocks.computeIfAbsent(node, n -> new Clock());
            clock.observed = Math.max(clock.observed, time);
            clock.committed = clock.observed;
        });
    }

    void onCommitted() {
        for (Clock clock : clocks.values()) {
            clock.committed = clock.observed;
        }
    }

    void onAborted() {
        for (Clock clock : clocks.values()) {
            clock.observed = clock.committed;
        }
    }

    /** Every clock that has observed something, by node name. */
    Map<String, Long> observed() {
        if (clocks.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> times = new LinkedHashMap<>();
        clocks.forEach((node, clock) -> {
            if (clock.observed >= 0) {
                times.put(node, clock.observed);
            }
        });
        return Collections.unmodifiableMap(times);
    }
}
