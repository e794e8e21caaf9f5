package dev.eos.dsl;

import java.time.Duration;
import java.util.Objects;

/**
 * Fixed-size time windows for {@link GroupedStream#windowedBy(TimeWindows)}: tumbling by default,
 * hopping with {@link #advanceBy(Duration)}. Immutable.
 *
 * <p>Semantics are those of Kafka Streams. A record with timestamp {@code t} belongs to every
 * window {@code [start, start + size)} whose start is a multiple of the advance, is not negative,
 * and has {@code start <= t < start + size}. The task's stream time is the largest record
 * timestamp it has processed. A window is <em>closed</em> once
 * {@code start + size + grace <= stream time}; a record arriving for a closed window is dropped
 * for that window (and still counted in the windows that are open). The window store keeps
 * each window for {@code size + grace} after its start.
 *
 * <pre>{@code
 * // counts per user and minute; records up to 10 s late still count
 * Table<Windowed<String>, Long> perMinute = clicks
 *         .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
 *         .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10)))
 *         .count();
 * // five-minute windows starting every minute (hopping)
 * TimeWindows hopping = TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(5)).advanceBy(Duration.ofMinutes(1));
 * }</pre>
 */
public final class TimeWindows {
    private final long sizeMs;
    private final long advanceMs;
    private final long graceMs;

    private TimeWindows(long sizeMs, long advanceMs, long graceMs) {
        this.sizeMs = sizeMs;
        this.advanceMs = advanceMs;
        this.graceMs = graceMs;
    }

    /** Tumbling windows of {@code size} accepting records up to {@code grace} after the window ends. */
    public static TimeWindows ofSizeAndGrace(Duration size, Duration grace) {
        long sizeMs = positiveMillis(size, "size");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("Window grace must not be negative, got " + grace);
        }
        return new TimeWindows(sizeMs, sizeMs, grace.toMillis());
    }

    /** Tumbling windows of {@code size} that close as soon as stream time passes their end. */
    public static TimeWindows ofSizeWithNoGrace(Duration size) {
        return ofSizeAndGrace(size, Duration.ZERO);
    }

    /**
     * Hopping windows: a new window starts every {@code advance}, which must be positive and at
     * most the window size (equal to the size is tumbling).
     */
    public TimeWindows advanceBy(Duration advance) {
        long advanceMs = positiveMillis(advance, "advance");
        if (advanceMs > sizeMs) {
            throw new IllegalArgumentException("Window advance " + advance + " is larger than the window size "
                    + Duration.ofMillis(sizeMs) + ": records between windows would be lost. Fix: advance by at most the size.");
        }
        return new TimeWindows(sizeMs, advanceMs, graceMs);
    }

    public long sizeMs() {
        return sizeMs;
    }

    public long advanceMs() {
        return advanceMs;
    }

    public long graceMs() {
        return graceMs;
    }

    private static long positiveMillis(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.toMillis() <= 0) {
            throw new IllegalArgumentException("Window " + what + " must be at least 1 ms, got " + d);
        }
        return d.toMillis();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeWindows w && w.sizeMs == sizeMs && w.advanceMs == advanceMs && w.graceMs == graceMs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sizeMs, advanceMs, graceMs);
    }

    @Override
    public String toString() {
        return "TimeWindows{size=" + sizeMs + "ms, advance=" + advanceMs + "ms, grace=" + graceMs + "ms}";
    }
}
