package dev.eos.internal.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The observed stream time of each processor of one task that keeps one
 * ({@link dev.eos.internal.plan.ProcessorClock}), with the value of the last committed
 * transaction: an abort returns every clock to it, so a replayed batch observes exactly what it
 * observed the first time. A clock is named by its processor's window store when it has one
 * (store names are stable and chosen by the user), else by the processor's node name.
 */
final class ProcessorClocks {
    /** One processor's clock. */
    static final class Clock {
        private long observed = -1;
        private long committed = -1;

        /** Raises the observed time to {@code timestamp} if later; returns it. */
        long observe(long timestamp) {
            if (timestamp > observed) {
                observed = timestamp;
            }
            return observed;
        }

        long observed() {
            return observed;
        }
    }

    private final Map<String, Clock> clocks = new LinkedHashMap<>();

    /** The clock named {@code name}, created on first use. */
    Clock clock(String name) {
        return clocks.computeIfAbsent(name, n -> new Clock());
    }

    /**
     * Clocks as committed before (read from the offsets' metadata when the task starts). Times of
     * clocks this task does not have (a processor removed or renamed since) are dropped, so they
     * are not committed again.
     */
    void startFrom(Map<String, Long> committed) {
        committed.forEach((name, time) -> {
            Clock clock = clocks.get(name);
            if (clock != null) {
                clock.observed = Math.max(clock.observed, time);
                clock.committed = clock.observed;
            }
        });
    }

    /** True if a clock moved since the last commit (so the task's offsets must carry the new times). */
    boolean changedSinceCommit() {
        for (Clock clock : clocks.values()) {
            if (clock.observed != clock.committed) {
                return true;
            }
        }
        return false;
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

    /** Every clock that has observed something, by name, in a fixed order. */
    Map<String, Long> observed() {
        if (clocks.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> times = new LinkedHashMap<>();
        clocks.forEach((name, clock) -> {
            if (clock.observed >= 0) {
                times.put(name, clock.observed);
            }
        });
        return Collections.unmodifiableMap(times);
    }
}
