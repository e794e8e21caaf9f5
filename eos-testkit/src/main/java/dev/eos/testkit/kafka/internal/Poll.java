package dev.eos.testkit.kafka.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a condition by checking it repeatedly until a deadline: the replacement for
 * "sleep and hope". A check that throws counts as "not yet" (a broker may be restarting); the
 * last such exception becomes the cause of the timeout.
 */
public final class Poll {
    private static final long INTERVAL_MILLIS = 20;

    private Poll() {
    }

    /**
     * Returns as soon as {@code condition} returns {@code true}.
     *
     * @param what the condition in words, for the timeout message ("broker 2 is back")
     * @throws TimeoutException if {@code timeout} passes first; its cause is the last exception
     *     the condition threw, if any
     * @throws InterruptedException if interrupted while waiting
     */
    public static void until(String what, Duration timeout, Callable<Boolean> condition)
            throws TimeoutException, InterruptedException {
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
                TimeoutException timedOut = new TimeoutException("Timed out after " + timeout
                        + " waiting until " + what
                        + (lastFailure == null ? "" : "; last check failed with " + lastFailure));
                timedOut.initCause(lastFailure);
                throw timedOut;
            }
            TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
        }
    }
}
