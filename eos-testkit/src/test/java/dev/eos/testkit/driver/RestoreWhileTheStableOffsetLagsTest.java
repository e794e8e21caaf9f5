package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.testkit.verify.VerificationReport;
import org.junit.jupiter.api.Test;

/**
 * Hole 3 of issue 10: a store restored while its changelog's last stable offset (LSO) lags
 * behind committed data. {@code commitTransaction()} returns before the markers land, so for a
 * while the read_committed end of a changelog is below the checkpoint a store just wrote; and a
 * transaction left open (a crashed instance's, until {@code transaction.timeout.ms}) holds the
 * LSO below everything committed after it. A restore that stops at the LSO, or decides "the
 * changelog was recreated" because the checkpoint lies above it, loses committed store writes
 * while their input offsets stay committed: a count repeats.
 *
 * <p>Every test drives a count in which each key's outputs must be exactly 1, 2, ..., n. The
 * second instance takes input partition 0 and the primary partition 1 (range assignment over
 * member ids in order).
 */
class RestoreWhileTheStableOffsetLagsTest {

    @Test
    void storeReopenedRightAfterTheRevocationCommitKeepsEveryCount() {
        try (PipelineTestDriver driver = CountingScenario.driver(false,
                CountingScenario.config("reopen").build()).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String stays = CountingScenario.keyOn(1, 0);
            counts.send(stays, 3);
            driver.runUntilIdle();
            counts.send(stays);
            driver.stepOnce(); // counted 4, not committed yet

            // Eager rebalance: the primary revokes everything, committing count 4 (its markers
            // land at the end of the round), and gets partition 1 back in the same poll.
            driver.startSecondInstance();
            driver.runUntilIdle();
            counts.send(stays, 2);
            driver.runUntilIdle();

            assertExactlyOnce(counts);
            assertThat(driver.<String, Long>keyValueStore("counts")).isEqualTo(counts.finalCounts());
        }
    }

    @Test
    void storeRestoredAfterATaskMoveWhileMarkersAreHeldKeepsEveryCount() {
        try (PipelineTestDriver driver = CountingScenario.driver(false,
                CountingScenario.config("moved").build()).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String moves = CountingScenario.keyOn(0, 0);
            counts.send(moves, 3);
            driver.runUntilIdle();
            counts.send(moves);
            driver.transactionMarkers().hold(4);
            driver.stepOnce();
            driver.stepOnce(); // the primary commits count 4; its markers are held

            // The group's offsets land (so the new owner's position resolves) but the changelog's
            // marker does not: its LSO stays below count 4 while partition 0 moves.
            assertThat(driver.transactionMarkers().deliver(m -> m.contains("offsets of group"))).isNotEmpty();
            assertThat(driver.transactionMarkers().pending()).anyMatch(m -> m.contains("counts-changelog-0"));
            driver.startSecondInstance();
            driver.stepOnce();
            driver.stepOnce();
            driver.runUntilIdle();
            counts.send(moves, 2);
            driver.runUntilIdle();

            assertExactlyOnce(counts);
        }
    }

    @Test
    void storeRestoredOnACleanRestartAfterTheRevocationCommitKeepsEveryCount() {
        try (PipelineTestDriver driver = CountingScenario.driver(false,
                CountingScenario.config("restarted").build()).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String key = CountingScenario.keyOn(1, 0);
            counts.send(key, 3);
            driver.runUntilIdle();
            counts.send(key);
            driver.stepOnce(); // counted 4, not committed yet
            driver.transactionMarkers().hold(3);

            // close() commits count 4 with its markers held; the new instance's producers, new
            // epochs of the same transactional ids, wait for them first (CONCURRENT_TRANSACTIONS).
            driver.restartCleanly();
            driver.runUntilIdle();
            counts.send(key, 2);
            driver.runUntilIdle();

            assertExactlyOnce(counts);
        }
    }

    @Test
    void taskMovedAgainWhileACrashedInstancesTransactionIsOpenKeepsEveryCount() {
        try (PipelineTestDriver driver = CountingScenario.driver(false,
                CountingScenario.config("crashed").build()).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String moves = CountingScenario.keyOn(0, 0);
            driver.startSecondInstance();
            counts.send(moves, 2);
            driver.runUntilIdle();
            counts.send(moves);
            driver.stepOnce(); // the second instance counted 3 in a transaction it never ends

            // It crashes (kill -9): its transaction holds the LSO of changelog-0 until
            // transaction.timeout.ms, an hour here. The primary takes partition 0 over and counts
            // on, committing above the open transaction.
            driver.crashSecondInstance();
            counts.send(moves, 2);
            for (int i = 0; i < 4; i++) {
                driver.stepOnce();
            }
            // Moved again inside that window: the primary restarts and restores task 0.
            driver.restartCleanly();
            counts.send(moves, 2);
            driver.runUntilIdle();

            assertExactlyOnce(counts);
        }
    }

    private static void assertExactlyOnce(CountingScenario counts) {
        VerificationReport report = counts.verify();
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
    }
}
