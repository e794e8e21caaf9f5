package dev.eos.dsl;

import java.time.Duration;
import java.util.Objects;

/**
 * Fixed-size time windows for {@link GroupedStream#windowedBy(TimeWindows)}: tumbling by default,
 * hopping with {@link #advanceBy(Duration)}. Immutable.
 *
 * <p>Semantics are those of Kafka Streams. A record with timestamp {@code t} belongs to every
 * window {@code [start, start + size)} whose start is a multiple of the advance, is not negative,
 * and has {@code start <= t < start + size}.
 *
 * <p>Each windowed aggregation keeps its own clock: the largest timestamp of the records that
 * reached it (records with a null key do not count; records with a null value do). A window is
 * <em>closed</em> once {@code start + size + grace <=} that time; a record arriving for a closed
 * window is dropped for that window (and still counted in the windows that are open). Only what
 * the aggregation itself saw moves its clock: a record an upstream filter dropped, a record of
 * another branch, or a table update does not close a window. This is not the task's stream time,
 * which every record of the task advances. The window store keeps each window for
 * {@code size + grace} after its start, on the same clock.
 *
 * <p>Unlike Kafka Streams, which starts the clock again from nothing after a restart, Eos commits
 * it with the input offsets and rolls it back with an aborted transaction, so a restarted or moved
 * task closes exactly the windows it had closed before and a late record stays dropped (see
 * docs/concepts/differences-from-kafka-streams.md).
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

    /**
     * Tumbling windows of {@code size} that close as soon as the aggregation's clock (the largest
     * timestamp it has seen) reaches their end.
     */
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
