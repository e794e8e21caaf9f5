package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.eos.EosConfig;
import dev.eos.testkit.verify.VerificationReport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Review H5: a restore that makes no progress for the stall timeout. docs/concepts/state.md
 * ("Restoration") and docs/troubleshooting.md ("Restore stalled") promise: the thread closes its
 * tasks, replaces its producer and rejoins the group; the task restores again when it is assigned
 * again, and only after 10 such failures in a row does the thread stop. The runtime instead
 * classifies the stall ({@code StoreRestorer} throws a bare {@code EosException}, which
 * {@code TaskStartup} wraps in a {@code TaskCreationFailure} without a retriable cause) as fatal:
 * the first stall kills the thread, and with the default uncaught-error policy the app.
 *
 * <p>The stall is produced the way a changelog partition whose leader is away for a while
 * produces it: the commit marker of the last transaction on changelog-0 does not land, so its last
 * stable offset stays below the high watermark the restore reads up to. The markers are then
 * delivered; a thread that rejoined restores and counts on exactly.
 */
class StalledRestoreRejoinsInsteadOfKillingTheThreadTest {

    @Test
    void restoreStalledPastItsTimeoutMakesTheThreadRejoinAndCountOnExactly() {
        // transaction.timeout.ms 10 s: the stall timeout is max(2 min, 2 x 10 s + 30 s) = 2 min.
        EosConfig config = CountingScenario.config("stalled")
                .set(EosConfig.COMMIT_INTERVAL_MS, 1_000)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, 10_000)
                .build();
        try (PipelineTestDriver driver = CountingScenario.driver(false, config).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String moves = CountingScenario.keyOn(0, 0);
            counts.send(moves, 3);
            driver.runUntilIdle();

            // The primary counts 4 and commits; the markers of that transaction are held.
            counts.send(moves);
            driver.transactionMarkers().hold(1_000);
            driver.stepOnce();
            driver.stepOnce();
            // The group's offsets land (the new owner's offset lookups resolve), changelog-0's marker
            // does not: its last stable offset stays below the high watermark.
            assertThat(driver.transactionMarkers().deliver(m -> m.contains("offsets of group"))).isNotEmpty();
            assertThat(driver.transactionMarkers().pending()).anyMatch(m -> m.contains("counts-changelog-0"));

            // Partition 0 moves to the second instance, which starts restoring task 0 and waits.
            driver.startSecondInstance();
            for (int i = 0; i < 4; i++) {
                driver.stepOnce();
            }
            assertThat(driver.secondInstanceAssignment()).as("premise: the second instance owns partition 0")
                    .anyMatch(tp -> tp.partition() == 0);
            assertThat(driver.transactionMarkers().pending()).as("premise: changelog-0's marker is still held")
                    .anyMatch(m -> m.contains("counts-changelog-0"));

            // Nothing moves for longer than the stall timeout.
            driver.advanceWallClock(Duration.ofMinutes(3));
            assertThatCode(() -> {
                driver.stepOnce();
                driver.stepOnce();
            }).as("a stalled restore must make the thread rejoin (docs: state.md, troubleshooting.md), not kill it")
                    .doesNotThrowAnyException();

            // The broker recovers: the marker lands; the restore, tried again, finishes.
            driver.transactionMarkers().deliverAll();
            counts.send(moves, 2);
            driver.runUntilIdle();

            VerificationReport report = counts.verify();
            assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        }
    }
}
