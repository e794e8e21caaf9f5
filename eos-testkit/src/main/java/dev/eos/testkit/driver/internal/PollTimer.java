package dev.eos.testkit.driver.internal;

import java.util.function.LongSupplier;

/**
 * {@code max.poll.interval.ms} as a {@code KafkaConsumer}'s heartbeat thread enforces it: once
 * more than that has passed since the last {@code poll()} began, the member leaves the group.
 *
 * <p>The clock it reads is the driver's <em>busy</em> time: the time the driver clock moved
 * while a processing step ran (a slow restore, a processor advancing the clock). Clock moves
 * between steps stand for an idle app, whose threads would have kept polling.
 */
final class PollTimer {
    private final long maxPollIntervalMs;
    private final LongSupplier busyClock;
    /** When the last poll began; -1 while the timer does not run (before the first poll, after leaving). */
    private long lastPollMs = -1;

    PollTimer(long maxPollIntervalMs, LongSupplier busyClock) {
        this.maxPollIntervalMs = maxPollIntervalMs;
        this.busyClock = busyClock;
    }

    /** Whether more than {@code max.poll.interval.ms} passed since the last poll began. */
    boolean expired() {
        return lastPollMs >= 0 && busyClock.getAsLong() - lastPollMs > maxPollIntervalMs;
    }

    /** A poll begins: the interval starts again. */
    void polled() {
        lastPollMs = busyClock.getAsLong();
    }

    /** The member left: nothing to enforce until the next poll. */
    void stop() {
        lastPollMs = -1;
    }

    long maxPollIntervalMs() {
        return maxPollIntervalMs;
    }
}
