package dev.eos.testkit.kafka;

import dev.eos.testkit.kafka.internal.Poll;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/** Test assertion for conditions that become true asynchronously. */
final class Eventually {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Eventually() {
    }

    /** Fails the test if {@code condition} is not true within 30 seconds. */
    static void assertEventually(String what, Callable<Boolean> condition) throws InterruptedException {
        try {
            Poll.until(what, TIMEOUT, condition);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage(), e.getCause());
        }
    }
}
