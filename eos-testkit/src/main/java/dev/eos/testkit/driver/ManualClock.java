package dev.eos.testkit.driver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The wall clock the driven runtime reads: it moves only when the test moves it. */
final class ManualClock extends Clock {
    private long millis;

    ManualClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("The wall clock only moves forward; got " + by);
        }
        millis = Math.addExact(millis, by.toMillis());
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
