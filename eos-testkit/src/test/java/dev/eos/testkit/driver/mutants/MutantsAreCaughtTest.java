package dev.eos.testkit.driver.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Evidence that the seeded fault schedules and the {@link dev.eos.testkit.verify.ExactlyOnceVerifier}
 * have teeth: each mutant breaks one rule of the commit protocol, by wrapping the clients the real
 * runtime gets, and must be reported as an exactly-once violation on some of the same seeds the
 * unmutated runtime passes. Each test is named after the behaviour the check protects; a mutant
 * that stops being caught means the faults no longer reach that behaviour.
 */
class MutantsAreCaughtTest {
    private static final int SEEDS = 200;

    @Test
    void unmutatedRuntime_shouldPassEverySeedThroughTheSameWrapping() {
        SeededRuns.Tally tally = report("no mutant", SeededRuns.run(Mutants.none(), SEEDS));
        assertThat(tally.violatingSeeds() + tally.throwingSeeds()).as(tally.firstFailure()).isZero();
    }

    @Test
    void shouldCommitOffsetsOnlyInsideTheTransaction() {
        SeededRuns.Tally tally = report("offsets committed outside the transaction",
                SeededRuns.run(Mutants.offsetsCommittedOutsideTheTransaction(), SEEDS));
        assertThat(tally.violatingSeeds()).isGreaterThanOrEqualTo(SEEDS / 10);
        assertThat(tally.missing()).as("lost output: offsets committed for output that was aborted").isPositive();
    }

    @Test
    void shouldSeekBackToTheCommittedOffsetsAfterAnAbort() {
        SeededRuns.Tally tally = report("no seek back after an abort",
                SeededRuns.run(Mutants.noSeekBackAfterAbort(), SEEDS));
        assertThat(tally.violatingSeeds()).isGreaterThanOrEqualTo(SEEDS / 20);
        assertThat(tally.missing()).as("the aborted input is skipped").isPositive();
    }

    @Test
    void shouldRetryACommitThatTimedOutInsteadOfAbortingIt() {
        SeededRuns.Tally tally = report("abort after a commit timeout",
                SeededRuns.run(Mutants.abortAfterCommitTimeout(), SEEDS));
        assertThat(tally.violatingSeeds()).isGreaterThanOrEqualTo(SEEDS / 20);
        assertThat(tally.duplicates()).as("the committed batch is processed and committed again").isPositive();
    }

    @Test
    void shouldWriteEachOutputOnce() {
        SeededRuns.Tally tally = report("every output sent twice",
                SeededRuns.run(Mutants.sendEveryOutputTwice(), SEEDS));
        assertThat(tally.violatingSeeds()).isGreaterThanOrEqualTo(SEEDS * 9 / 10);
    }

    @Test
    void atLeastOnce_shouldDuplicateButNeverLoseOutput() {
        SeededRuns.Tally tally = report("at-least-once (no transactions)",
                SeededRuns.run(Mutants.atLeastOnce(), SEEDS));
        assertThat(tally.throwingSeeds()).as(tally.firstFailure()).isZero();
        assertThat(tally.missing()).as("at-least-once loses nothing").isZero();
        assertThat(tally.duplicates()).isPositive();
        assertThat(tally.violatingSeeds()).isGreaterThanOrEqualTo(SEEDS / 4);
    }

    @Test
    void unmutatedRuntime_shouldCountEveryInputOnceOnEverySeed() {
        SeededRuns.Tally tally = report("no mutant, stateful count",
                SeededRuns.runStateful(Mutants.none(), SEEDS));
        assertThat(tally.violatingSeeds() + tally.throwingSeeds()).as(tally.firstFailure()).isZero();
    }

    @Test
    void shouldRestoreStoresFromCommittedChangelogRecordsOnly() {
        SeededRuns.Tally tally = report("restore read_uncommitted",
                SeededRuns.runStateful(Mutants.restoreReadUncommitted(), SEEDS));
        assertThat(tally.violatingSeeds()).isGreaterThanOrEqualTo(SEEDS / 20);
        assertThat(tally.duplicates() + tally.missing())
                .as("aborted store writes replayed into the store skew later counts").isPositive();
    }

    @Test
    void shouldCommitTheNextUnprocessedOffsetNeverThePosition() {
        SeededRuns.Tally tally = report("commits position() instead of the next unprocessed offset",
                SeededRuns.run(Mutants.commitsThePositionInsteadOfTheNextUnprocessedOffset(), SEEDS));
        assertThat(tally.violatingSeeds()).isGreaterThanOrEqualTo(SEEDS / 20);
        assertThat(tally.missing()).as("records after the commit point are skipped").isPositive();
    }

    @Test
    void shouldRestoreToTheHighWatermarkNotTheLastStableOffset() {
        SeededRuns.Tally tally = report("restore to the last stable offset",
                SeededRuns.runStateful(Mutants.restoresToTheLastStableOffset(), SEEDS));
        assertThat(tally.violatingSeeds()).isGreaterThanOrEqualTo(SEEDS / 20);
        assertThat(tally.duplicates() + tally.missing())
                .as("committed store writes missing from a restored store skew later counts").isPositive();
    }

    @Test
    void shouldRunATaskOnlyAfterItsStoresAreRestored() {
        SeededRuns.Tally tally = report("tasks run before their stores are restored",
                SeededRuns.runStateful(Mutants.tasksRunBeforeTheirStoresAreRestored(), SEEDS));
        assertThat(tally.violatingSeeds()).isGreaterThanOrEqualTo(SEEDS / 20);
        assertThat(tally.duplicates() + tally.missing())
                .as("a task counting on from stale state repeats counts").isPositive();
    }

    private static SeededRuns.Tally report(String name, SeededRuns.Tally tally) {
        System.out.println(tally.summary(name));
        return tally;
    }
}
