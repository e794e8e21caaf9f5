package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.errors.EosException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void shouldStopRetryingWhenRetriableErrorsRepeatWithoutProgress() {
        RetryBudget budget = new RetryBudget("t-0", () -> { });
        for (int i = 0; i < RetryBudget.MAX_RETRIABLE_IN_A_ROW; i++) {
            budget.onRetriable(new TimeoutException("x"));
        }
        assertThatThrownBy(() -> budget.onRetriable(new TimeoutException("x")))
                .isInstanceOf(EosException.class)
                .hasMessageContaining("retriable errors in a row");
    }

    @Test
    void shouldSuspectADuplicateInstanceIdWhenFencedRepeatedlyWithoutProgress() {
        RetryBudget budget = new RetryBudget("t-0", () -> { });
        for (int i = 0; i < RetryBudget.MAX_FENCED_IN_A_ROW; i++) {
            budget.onFenced(new ProducerFencedException("x"), "pod-1");
        }
        assertThatThrownBy(() -> budget.onFenced(new ProducerFencedException("x"), "pod-1"))
                .hasMessageContaining("instance.id=pod-1");
    }

    @Test
    void shouldNotCountCommitsRefusedForAStaleGenerationAsFencingByAnotherInstance() {
        RetryBudget budget = new RetryBudget("t-0", () -> { });
        for (int i = 0; i < 10 * RetryBudget.MAX_FENCED_IN_A_ROW; i++) {
            budget.onFenced(new org.apache.kafka.clients.consumer.CommitFailedException("generation 3, group at 4"),
                    "pod-1");
        }
        assertThatCode(() -> budget.onFenced(new ProducerFencedException("x"), "pod-1")).doesNotThrowAnyException();
    }

    @Test
    void shouldResetAfterACommit() {
        RetryBudget budget = new RetryBudget("t-0", () -> { });
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < RetryBudget.MAX_RETRIABLE_IN_A_ROW; i++) {
                budget.onRetriable(new TimeoutException("x"));
            }
            budget.onProgress();
        }
        assertThatCode(() -> budget.onRetriable(new TimeoutException("x"))).doesNotThrowAnyException();
    }

    @Test
    void waitingForADependencyBacksOffUpToFiveSecondsNeverGivesUpAndStartsAgainAfterACommit() {
        RetryBudget budget = new RetryBudget("t-0", () -> { });
        assertThat(budget.onDependencyUnavailable()).isEqualTo(100);
        assertThat(budget.onDependencyUnavailable()).isEqualTo(200);
        long last = 0;
        for (int i = 0; i < 100; i++) {
            last = budget.onDependencyUnavailable();
        }
        assertThat(last).isEqualTo(5_000);
        budget.onProgress();
        assertThat(budget.onDependencyUnavailable()).isEqualTo(100);
    }
}
