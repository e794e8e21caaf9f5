package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.internal.runtime.RuntimeCounters;
import dev.eos.spi.KafkaClientFactory;
import dev.eos.store.StateStore;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import dev.eos.testkit.driver.internal.InjectedCrash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The app instances a {@link PipelineTestDriver} runs, and what happens to them: the primary
 * (always running, restarted after a crash or a stop) and an optional second instance in the
 * same group; each with its own state directory, client factory and counters.
 *
 * <p>Instance lifecycles, as they happen to a real app:
 * <ul>
 *   <li>Crash: no further call reaches its threads; the group drops their members at once (as
 *       after their session timed out). Their open transactions stay open until an instance
 *       with the same {@code instance.id} starts (its {@code initTransactions} aborts them) or
 *       the coordinator aborts them after {@code transaction.timeout.ms} on the driver clock.</li>
 *   <li>Clean stop ({@code EosApp.close()}): every thread's {@code requestStop()}, then its
 *       {@code shutDown()}, which commits in-flight work and leaves the group.</li>
 *   <li>Expulsion: one thread's member leaves the group behind its back; the thread goes on.</li>
 * </ul>
 * It is also what an in-step {@link Fault} acts on ({@link FaultTargets}).
 */
final class AppInstances implements FaultTargets {

    /** How to start one instance: its config, where its clients come from, what counts its work. */
    record Setup(EosConfig config, KafkaClientFactory clients, RuntimeCounters counters) {
    }

    private final InMemoryKafka kafka;
    private final ManualClock clock;
    private final DriverState state;
    private final String groupId;
    private final Setup primarySetup;
    private final Setup secondSetup;
    private SteppedInstance primary;
    private InstanceState primaryState;
    private int incarnation;
    /** The second instance, or null while it is not running. */
    private SteppedInstance second;
    private InstanceState secondState;
    /** How many second instances were started; the next one's incarnation. */
    private int secondStarts;

    AppInstances(InMemoryKafka kafka, ManualClock clock, DriverState state, Setup primarySetup, Setup secondSetup) {
        this.kafka = kafka;
        this.clock = clock;
        this.state = state;
        this.groupId = primarySetup.config().applicationId();
        this.primarySetup = primarySetup;
        this.secondSetup = secondSetup;
        startPrimary();
    }

    /**
     * One round: the primary's threads, then the second instance's. A crash ends the round (the
     * crashed instance is restarted, or for the second, gone); a stop request restarts the
     * primary cleanly once its running step returned.
     *
     * @return false if a crash ended the round early
     */
    boolean stepRound() {
        try {
            primary.stepAll();
        } catch (InjectedCrash crash) {
            crashAndRestartPrimary();
            return false;
        }
        if (primary.stopRequested()) {
            restartPrimaryCleanly();
        }
        if (second != null) {
            try {
                second.stepAll();
            } catch (InjectedCrash crash) {
                crashSecond();
                return false;
            }
        }
        return true;
    }

    void crashAndRestartPrimary() {
        primary.crash(kafka, groupId);
        primaryState.crash();
        incarnation++;
        startPrimary();
    }

    /**
     * As {@code EosApp.close()} and a new {@code EosApp} with the same {@code instance.id}. A crash
     * injected into the shutdown (in its final commit, say) kills the closing process instead.
     */
    void restartPrimaryCleanly() {
        try {
            primary.shutDown();
            primaryState.close();
        } catch (InjectedCrash crash) {
            primary.crash(kafka, groupId);
            primaryState.crash();
        } catch (RuntimeException e) {
            primaryState.close();
            throw e;
        } finally {
            incarnation++;
            startPrimary();
        }
    }

    void startSecond() {
        if (second != null) {
            throw new IllegalStateException("A second instance of " + groupId + " is already running; stop or "
                    + "crash it first");
        }
        secondState = state.open(secondSetup.config(), "second");
        second = new SteppedInstance(secondSetup.config(), secondState.taskFactory(), secondSetup.clients(), clock,
                secondSetup.counters(), PipelineTestDriver.SECOND_INSTANCE_SUFFIX, secondStarts++);
    }

    void stopSecond() {
        SteppedInstance stopping = requireSecond("stop");
        second = null;
        try {
            stopping.shutDown();
        } finally {
            secondState.close();
            secondState = null;
        }
    }

    void crashSecond() {
        requireSecond("crash").crash(kafka, groupId);
        second = null;
        secondState.crash();
        secondState = null;
    }

    boolean secondRunning() {
        return second != null;
    }

    /**
     * Expels the member of the primary's thread {@code thread} from the group.
     *
     * @throws IllegalArgumentException if there is no such thread
     * @throws IllegalStateException    if that thread has no member in the group (it is not subscribed)
     */
    void expelPrimaryThread(int thread) {
        int threads = primarySetup.config().numThreads();
        if (thread < 0 || thread >= threads) {
            throw new IllegalArgumentException("The primary instance has threads 0.." + (threads - 1) + " ("
                    + EosConfig.NUM_THREADS + "=" + threads + "); got thread " + thread);
        }
        if (!primary.expel(kafka, groupId, thread)) {
            throw new IllegalStateException("Thread " + thread + " of " + groupId + " has no member in the group "
                    + "to expel (it died, or was expelled and has not polled since)");
        }
    }

    /** Expels the primary's thread {@code thread} modulo its threads if it has a member in the group now. */
    void expelIfMember(int thread) {
        primary.expel(kafka, groupId, Math.floorMod(thread, primarySetup.config().numThreads()));
    }

    /** What the primary's threads did, over all its incarnations. */
    RuntimeCounters primaryCounters() {
        return primarySetup.counters();
    }

    /** What second instances' threads did, over all of them. */
    RuntimeCounters secondCounters() {
        return secondSetup.counters();
    }

    int primaryLiveThreads() {
        return primary.liveThreads();
    }

    /** Whether a live thread of either instance still creates or prepares tasks. */
    boolean preparingTasks() {
        return primary.preparingTasks() || (second != null && second.preparingTasks());
    }

    int liveThreads() {
        return primary.liveThreads() + (second == null ? 0 : second.liveThreads());
    }

    Set<TopicPartition> primaryAssignment() {
        return primary.assignment(kafka, groupId);
    }

    Set<TopicPartition> secondAssignment() {
        return second == null ? Set.of() : second.assignment(kafka, groupId);
    }

    /** The shards of store {@code name} in the running instances' tasks. */
    List<StateStore> stores(String name) {
        List<StateStore> shards = new ArrayList<>(primary.stores(name));
        if (second != null) {
            shards.addAll(second.stores(name));
        }
        return shards;
    }

    /** Shuts the running instances down cleanly, the second first, and releases their state. */
    void close() {
        SteppedInstance stopping = second;
        second = null;
        try {
            if (stopping != null) {
                stopping.shutDown();
                secondState.close();
                secondState = null;
            }
        } finally {
            try {
                primary.shutDown();
            } finally {
                primaryState.close();
                state.deleteIfTemporary();
            }
        }
    }

    // ---- FaultTargets

    @Override
    public InMemoryKafka kafka() {
        return kafka;
    }

    @Override
    public void requestStopOfPrimary() {
        primary.requestStop();
    }

    @Override
    public void expelMemberOf(String transactionalId) {
        int thread = primary.threadOf(transactionalId);
        if (thread >= 0) {
            primary.expel(kafka, groupId, thread);
        }
    }

    @Override
    public void advanceClock(Duration by) {
        clock.advance(by);
    }

    private void startPrimary() {
        primaryState = state.open(primarySetup.config(), "primary");
        primary = new SteppedInstance(primarySetup.config(), primaryState.taskFactory(), primarySetup.clients(),
                clock, primarySetup.counters(), "", incarnation);
    }

    private SteppedInstance requireSecond(String action) {
        if (second == null) {
            throw new IllegalStateException("Cannot " + action + " the second instance of " + groupId
                    + ": none is running; call startSecondInstance() first");
        }
        return second;
    }
}
