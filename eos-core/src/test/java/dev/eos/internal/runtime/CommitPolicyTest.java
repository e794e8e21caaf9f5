package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommitPolicyTest {
    private static CommitPolicy policy(Map<String, Object> settings) {
        return new CommitPolicy(EosConfig.builder().applicationId("orders").bootstrapServers("localhost:9092")
                .setAll(settings).build(), false);
    }

    private static final CommitPolicy EXACTLY_ONCE = policy(Map.of());
    private static final CommitPolicy AT_LEAST_ONCE = policy(Map.of("processing.guarantee", "at_least_once"));

    @Test
    void afterARecord_shouldCommitOnTheIntervalOrTheRecordCap() {
        assertThat(EXACTLY_ONCE.dueAfterRecord(99, 10, () -> 0)).isFalse();
        assertThat(EXACTLY_ONCE.dueAfterRecord(100, 10, () -> 0)).isTrue();
        assertThat(EXACTLY_ONCE.dueAfterRecord(5, 100_000, () -> 0)).isTrue();
    }

    @Test
    void afterARecord_shouldIgnorePendingStoreBytesOfAStatelessThread() {
        assertThat(EXACTLY_ONCE.dueAfterRecord(5, 10, () -> Long.MAX_VALUE)).isFalse();
    }

    @Test
    void afterAnEmptyPoll_shouldCommitUnderBothGuarantees() {
        assertThat(EXACTLY_ONCE.dueAfterPoll(true, 0, () -> false)).isTrue();
        assertThat(AT_LEAST_ONCE.dueAfterPoll(true, 0, () -> false)).isTrue();
    }

    @Test
    void afterAPoll_shouldCommitWhenCaughtUpPastTheMinimumInterval() {
        assertThat(EXACTLY_ONCE.dueAfterPoll(false, 20, () -> true)).isTrue();
        assertThat(EXACTLY_ONCE.dueAfterPoll(false, 19, () -> true)).as("within the minimum interval").isFalse();
        assertThat(EXACTLY_ONCE.dueAfterPoll(false, 99, () -> false)).as("with lag").isFalse();
    }

    @Test
    void afterAPoll_shouldNotAskForTheLagWithinTheMinimumInterval() {
        AtomicInteger asked = new AtomicInteger();
        EXACTLY_ONCE.dueAfterPoll(false, 5, () -> asked.incrementAndGet() > 0);
        assertThat(asked).hasValue(0);
    }

    @Test
    void atLeastOnce_shouldNotCommitWhenCaughtUp() {
        assertThat(AT_LEAST_ONCE.dueAfterPoll(false, 50, () -> true)).isFalse();
    }

    @Test
    void minimumIntervalEqualToTheInterval_shouldTurnCaughtUpCommitsOff() {
        CommitPolicy intervalOnly = policy(Map.of(EosConfig.COMMIT_MIN_INTERVAL_MS, 100));
        assertThat(intervalOnly.dueAfterPoll(false, 99, () -> true)).isFalse();
    }

    @Test
    void pollWait_shouldBeShortWhileWorkWaitsAndEndAtTheNextCommitDeadline() {
        assertThat(EXACTLY_ONCE.pollWaitMs(false, 0)).isEqualTo(CommitPolicy.IDLE_POLL_WAIT_MS);
        assertThat(EXACTLY_ONCE.pollWaitMs(true, 0)).isEqualTo(CommitPolicy.DRAINED_POLL_WAIT_MS);
        assertThat(EXACTLY_ONCE.pollWaitMs(true, 15)).as("until the minimum interval").isEqualTo(5);
        assertThat(EXACTLY_ONCE.pollWaitMs(true, 150)).as("past the interval").isZero();
        assertThat(AT_LEAST_ONCE.pollWaitMs(true, 95)).isEqualTo(5);
    }
}
