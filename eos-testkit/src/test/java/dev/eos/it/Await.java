package dev.eos.it;

import dev.eos.testkit.kafka.internal.Poll;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/** Condition polling for integration tests: waits until something is true, never sleeps and hopes. */
final class Await {
    private Await() {
    }

    /**
     * Returns as soon as {@code condition} is true; fails the test if it is not within
     * {@code timeout}. A check that throws an exception counts as "not yet"; the last such
     * exception becomes the cause of the failure. A check that throws an {@link AssertionError}
     * fails the test at once.
     */
    static void until(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        try {
            Poll.until(what, timeout, condition);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage(), e.getCause());
        }
    }
}
