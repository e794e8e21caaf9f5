package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.RestoreProgress;
import org.junit.jupiter.api.Test;

class ThreadHealthTest {
    private final ThreadHealth health = new ThreadHealth();

    @Test
    void shouldKeepTheTimeTheFirstUncommittedRecordsWereFetchedUntilACommit() {
        health.started(100);
        health.fetched(200);
        health.fetched(300);

        assertThat(health.snapshot().waitingSinceMs()).isEqualTo(200);

        health.committed(400);

        assertThat(health.snapshot().waitingSinceMs()).isEqualTo(-1);
        assertThat(health.snapshot().lastCommitMs()).isEqualTo(400);
    }

    @Test
    void shouldForgetWaitingRecordsAndRestoresOnARebalance() {
        health.fetched(200);
        health.restore(new RestoreProgress("counts", 0, 1, 10, 5, false));

        health.rebalancing();

        assertThat(health.snapshot().waitingSinceMs()).isEqualTo(-1);
        assertThat(health.snapshot().restores()).isEmpty();
    }

    @Test
    void shouldKeepTheLatestProgressOfEachShardUntilItIsDone() {
        health.restore(new RestoreProgress("counts", 0, 1, 10, 5, false));
        health.restore(new RestoreProgress("counts", 0, 4, 10, 9, false));
        health.restore(new RestoreProgress("counts", 1, 2, 10, 9, false));

        assertThat(health.snapshot().restores()).extracting(RestoreProgress::restored).containsExactlyInAnyOrder(4L, 2L);

        health.restore(new RestoreProgress("counts", 0, 10, 10, 12, true));

        assertThat(health.snapshot().restores()).extracting(RestoreProgress::partition).containsExactly(1);
    }

    @Test
    void shouldKeepOnlyTheLatestFencings() {
        for (int i = 0; i < ThreadHealth.FENCINGS_KEPT + 5; i++) {
            health.fenced(i);
        }

        assertThat(health.snapshot().fencingsMs()).hasSize(ThreadHealth.FENCINGS_KEPT).startsWith(5L);
    }
}
