package dev.eos.testkit.driver;

import dev.eos.testkit.driver.internal.InMemoryKafka;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * How a {@link PipelineTestDriver} moves: rounds of steps, each followed by what the cluster does
 * between steps (timed-out transactions aborted, markers landing), and runs of rounds until
 * nothing is left to do.
 */
final class DriverLoop {
    private final InMemoryKafka kafka;
    private final ManualClock clock;
    private final AppInstances instances;
    private final MarkerDelivery markers;
    private final String groupId;
    private final Set<String> sourceTopics;

    DriverLoop(InMemoryKafka kafka, ManualClock clock, AppInstances instances, MarkerDelivery markers,
               String groupId, Set<String> sourceTopics) {
        this.kafka = kafka;
        this.clock = clock;
        this.instances = instances;
        this.markers = markers;
        this.groupId = groupId;
        this.sourceTopics = sourceTopics;
    }

    /**
     * Steps every live thread once (the primary's, then the second instance's); then the
     * coordinator aborts transactions past their timeout and the markers land, unless held.
     * Clock moves during the steps count as busy time ({@link ManualClock}).
     *
     * @return false if a crash cut the round short
     */
    boolean round() {
        clock.stepping(true);
        try {
            return instances.stepRound();
        } finally {
            clock.stepping(false);
            markers.endOfRound();
        }
    }

    /**
     * Rounds until one changes nothing, no work is pending and no thread is still preparing a
     * task it was assigned (restoring its stores, say). When a round changes nothing
     * but work is pending: held markers are released; failing that, if an open transaction can
     * time out (a crashed instance's), the clock is advanced to its expiry, as the time a real
     * app would wait.
     *
     * @param maxSteps the steps after which it gives up
     * @throws IllegalStateException if no primary thread is alive, or after {@code maxSteps} steps
     */
    void runUntilIdle(int maxSteps) {
        int steps = 0;
        while (true) {
            if (instances.primaryLiveThreads() == 0) {
                throw new IllegalStateException("No processing thread of " + groupId + " is alive; a step failed "
                        + "earlier. Call crashAndRestart() to start a new instance.");
            }
            ClusterProgress before = ClusterProgress.of(kafka, groupId);
            steps += instances.liveThreads();
            if (!round()) {
                continue;
            }
            boolean moved = !before.equals(ClusterProgress.of(kafka, groupId));
            List<String> pending = ClusterProgress.pendingWork(kafka, groupId, sourceTopics);
            boolean preparing = instances.preparingTasks();
            if (!moved && pending.isEmpty() && !preparing) {
                return;
            }
            if (!moved) {
                freeWaitingWork();
            }
            if (steps >= maxSteps) {
                throw new IllegalStateException("runUntilIdle(): the pipeline of " + groupId + " was not idle after "
                        + steps + " steps; still pending: " + pending + ". A pipeline that writes to its own "
                        + "input never goes idle: drive it with stepOnce().");
            }
        }
    }

    /**
     * Work no step can move: held markers are released; failing that, the clock moves to the
     * next transaction timeout. Otherwise the steps have to move it, or the step budget runs out.
     */
    private void freeWaitingWork() {
        if (markers.holding() || !kafka.pendingMarkers().isEmpty()) {
            markers.release();
            return;
        }
        OptionalLong expiry = kafka.earliestTransactionExpiry();
        if (expiry.isPresent() && expiry.getAsLong() >= clock.millis()) {
            clock.advance(Duration.ofMillis(expiry.getAsLong() + 1 - clock.millis()));
        }
    }
}
