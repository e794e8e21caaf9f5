package dev.eos.it;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Condition polling for integration tests: waits until something is true, never sleeps and hopes. */
final class Await {
    private static final long INTERVAL_MILLIS = 25;

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} is true; fails the test if it is not within
     * {@code timeout}. A check that throws counts as "not yet"; the last such exception becomes
     * the cause of the failure.
     */
    static void until(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("Timed out after " + timeout + " waiting until " + what
                        + (lastFailure == null ? "" : "; the last check failed with " + lastFailure), lastFailure);
            }
            TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
        }
    }
}
