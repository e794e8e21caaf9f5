package dev.eos.testkit.driver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The wall clock the driven runtime and the in-memory cluster read: it moves only when the test
 * (or a fault) moves it.
 *
 * <p>It also keeps the <em>busy</em> time: how far it moved while a processing step ran (a slow
 * restore, a processor that advances it). {@code max.poll.interval.ms} is measured on that:
 * between steps the app is taken to be idle in {@code poll()}, which keeps its members alive.
 */
final class ManualClock extends Clock {
    private long millis;
    private long busyMillis;
    private boolean stepping;

    ManualClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("The wall clock only moves forward; got " + by);
        }
        millis = Math.addExact(millis, by.toMillis());
        if (stepping) {
            busyMillis = Math.addExact(busyMillis, by.toMillis());
        }
    }

    /** Whether a processing step is running: clock moves count as busy time meanwhile. */
    void stepping(boolean running) {
        this.stepping = running;
    }

    /** How far the clock moved while steps ran, in ms. */
    long busyMillis() {
        return busyMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
