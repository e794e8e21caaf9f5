package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosConfig;
import dev.eos.Health;
import dev.eos.Health.Status;
import dev.eos.RestoreProgress;
import dev.eos.errors.ConfigException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    private static final long NOW = 1_000_000_000L;
    private static final long STUCK_AFTER = 60_000;
    private final HealthCheck check = new HealthCheck(STUCK_AFTER, "pod-1");

    private static ThreadHealth.Snapshot idle() {
        return new ThreadHealth.Snapshot(NOW - 5_000, -1, List.of(), List.of());
    }

    private static HealthCheck.ThreadView running(String name, ThreadHealth.Snapshot health) {
        return new HealthCheck.ThreadView(name, true, true, null, health);
    }

    private Health evaluate(AppState state, HealthCheck.ThreadView... threads) {
        return check.evaluate(state, false, null, List.of(threads), NOW);
    }

    @Test
    void shouldBeUpWithoutReasonsWhenEveryThreadRuns() {
        Health h = evaluate(AppState.RUNNING, running("t-0", idle()), running("t-1", idle()));

        assertThat(h.status()).isEqualTo(Status.UP);
        assertThat(h.reasons()).isEmpty();
        assertThat(h.isReady()).isTrue();
    }

    @Test
    void shouldBeUpWhenAnIdleThreadHasNotCommittedForLongBecauseNothingWaits() {
        ThreadHealth.Snapshot longIdle = new ThreadHealth.Snapshot(NOW - 3_600_000, -1, List.of(), List.of());

        assertThat(evaluate(AppState.RUNNING, running("t-0", longIdle)).status()).isEqualTo(Status.UP);
    }

    @Test
    void shouldNotCallAThreadStuckBeforeFetchedRecordsWaitedTheWholeLimit() {
        ThreadHealth.Snapshot slowBatch = new ThreadHealth.Snapshot(NOW - 120_000, NOW - STUCK_AFTER + 1,
                List.of(), List.of());

        assertThat(evaluate(AppState.RUNNING, running("t-0", slowBatch)).status()).isEqualTo(Status.UP);
    }

    @Test
    void shouldBeDownWhenFetchedRecordsWaitedTheLimitWithoutACommit() {
        ThreadHealth.Snapshot stuck = new ThreadHealth.Snapshot(NOW - 75_000, NOW - STUCK_AFTER, List.of(), List.of());

        Health h = evaluate(AppState.RUNNING, running("t-0", idle()), running("t-1", stuck));

        assertThat(h.status()).isEqualTo(Status.DOWN);
        assertThat(h.isLive()).isFalse();
        assertThat(h.reasons()).singleElement().asString()
                .contains("t-1 is stuck", "no commit for 75 s", "health.stuck.after.ms=60000");
    }

    @Test
    void shouldBeDownWhenAThreadDiedAndWasNotReplaced() {
        HealthCheck.ThreadView dead = new HealthCheck.ThreadView("t-1", false, false,
                new IllegalStateException("boom"), idle());

        Health h = evaluate(AppState.RUNNING, running("t-0", idle()), dead);

        assertThat(h.status()).isEqualTo(Status.DOWN);
        assertThat(h.reasons()).singleElement().asString().contains("t-1 died and was not replaced", "boom");
    }

    @Test
    void shouldBeDownWhenFencedByAnotherProducerThreeTimesWithinTheWindow() {
        long window = HealthCheck.FENCING_WINDOW.toMillis();
        ThreadHealth.Snapshot fenced = new ThreadHealth.Snapshot(NOW, -1,
                List.of(NOW - window - 1, NOW - window + 1_000, NOW - 60_000, NOW - 1_000), List.of());

        Health h = evaluate(AppState.RUNNING, running("t-0", fenced));

        assertThat(h.status()).isEqualTo(Status.DOWN);
        assertThat(h.reasons()).singleElement().asString()
                .contains("fenced 3 times in the last 10 min", "instance.id=pod-1");
    }

    @Test
    void shouldStayUpWhenFencingsAreSpreadBeyondTheWindow() {
        long window = HealthCheck.FENCING_WINDOW.toMillis();
        ThreadHealth.Snapshot fenced = new ThreadHealth.Snapshot(NOW, -1,
                List.of(NOW - 3 * window, NOW - 2 * window, NOW - 1_000), List.of());

        assertThat(evaluate(AppState.RUNNING, running("t-0", fenced)).status()).isEqualTo(Status.UP);
    }

    @Test
    void shouldBeRestoringWithProgressWhileStoresOfNewTasksRestore() {
        ThreadHealth.Snapshot restoring = new ThreadHealth.Snapshot(NOW, -1, List.of(),
                List.of(new RestoreProgress("counts", 3, 1_200, 5_000, 900, false)));
        HealthCheck.ThreadView t = new HealthCheck.ThreadView("t-0", true, false, null, restoring);

        Health h = evaluate(AppState.REBALANCING, t, running("t-1", idle()));

        assertThat(h.status()).isEqualTo(Status.RESTORING);
        assertThat(h.isLive()).isTrue();
        assertThat(h.isReady()).isFalse();
        assertThat(h.reasons()).singleElement().asString()
                .contains("t-0 is restoring 1 store shard(s)", "counts partition 3 at 1200 of 5000 records (24%)");
    }

    @Test
    void shouldBeRebalancingWhenAThreadWaitsForPartitionsEvenIfAnotherRestores() {
        ThreadHealth.Snapshot restoring = new ThreadHealth.Snapshot(NOW, -1, List.of(),
                List.of(new RestoreProgress("counts", 0, 1, 2, 1, false)));

        Health h = evaluate(AppState.REBALANCING, new HealthCheck.ThreadView("t-0", true, false, null, restoring),
                new HealthCheck.ThreadView("t-1", true, false, null, idle()));

        assertThat(h.status()).isEqualTo(Status.REBALANCING);
        assertThat(h.reasons()).hasSize(2);
        assertThat(h.reasons().get(0)).contains("t-1 is rebalancing");
    }

    @Test
    void shouldNameTheAppStateWhenNotRunning() {
        assertThat(evaluate(AppState.CREATED).status()).isEqualTo(Status.DOWN);
        assertThat(evaluate(AppState.STARTING).status()).isEqualTo(Status.REBALANCING);
        assertThat(evaluate(AppState.CLOSED).reasons()).containsExactly("The app is closed.");
        assertThat(check.evaluate(AppState.RUNNING, true, null, List.of(running("t-0", idle())), NOW).reasons())
                .containsExactly("The app is closing.");
        Health error = check.evaluate(AppState.ERROR, false, new IllegalStateException("boom"), List.of(), NOW);
        assertThat(error.status()).isEqualTo(Status.DOWN);
        assertThat(error.reasons()).singleElement().asString().contains("fatal error", "boom");
    }

    @Test
    void shouldDefaultTheStuckLimitToTenCommitIntervalsButAtLeastAMinute() {
        EosConfig defaults = EosConfig.builder().applicationId("a").bootstrapServers("b:9092").build();
        EosConfig slowCommits = EosConfig.builder().applicationId("a").bootstrapServers("b:9092")
                .set("commit.interval.ms", 30_000).set("transaction.timeout.ms", 60_000).build();

        assertThat(defaults.healthStuckAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(slowCommits.healthStuckAfter()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldRefuseAStuckLimitShorterThanTwoCommitIntervals() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EosConfig.builder().applicationId("a")
                        .bootstrapServers("b:9092").set("commit.interval.ms", 1_000)
                        .set("health.stuck.after.ms", "1500").build())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("health.stuck.after.ms"))
                .hasMessageContaining("at least 2000");
    }
}
