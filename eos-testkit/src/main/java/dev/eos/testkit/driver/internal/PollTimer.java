package dev.eos.testkit.driver.internal;

import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code max.poll.interval.ms} as a {@code KafkaConsumer}'s heartbeat thread enforces it: once
 * more than that has passed since the last {@code poll()} began, the member leaves the group.
 *
 * <p>The clock it reads is the driver's <em>busy</em> time: the time the driver clock moved
 * while a processing step ran (a slow restore, a processor advancing the clock). Clock moves
 * between steps stand for an idle app, whose threads would have kept polling.
 */
final class PollTimer {
    private static final Logger log = LoggerFactory.getLogger(PollTimer.class);

    private final long maxPollIntervalMs;
    private final LongSupplier busyClock;
    /** When the last poll began; -1 while the timer does not run (before the first poll, after leaving). */
    private long lastPollMs = -1;

    PollTimer(long maxPollIntervalMs, LongSupplier busyClock) {
        this.maxPollIntervalMs = maxPollIntervalMs;
        this.busyClock = busyClock;
    }

    /**
     * What the heartbeat thread does once more than {@code max.poll.interval.ms} has passed: the
     * member leaves the group; the timer stops until the next poll.
     */
    void leaveGroupIfExpired(ConsumerMembership membership, String clientId) {
        if (expired() && membership.inGroup()) {
            log.warn("{}: more than {}={} ms passed since the last poll began; leaving the group", clientId,
                    ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollIntervalMs);
            membership.leaveAfterPollTimeout();
            stop();
        }
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
}
