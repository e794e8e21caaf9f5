package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.internal.runtime.TaskFactory;
import dev.eos.internal.runtime.ProcessingThread;
import dev.eos.internal.runtime.RuntimeCounters;
import dev.eos.internal.runtime.ThreadObserver;
import dev.eos.spi.KafkaClientFactory;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import dev.eos.testkit.driver.internal.InjectedCrash;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * One instance of the app, as {@code EosApp} would run it, but with its {@code num.threads}
 * processing threads stepped on the caller's thread instead of running on their own.
 *
 * <p>Each thread goes through the same calls {@code ProcessingThread.run()} makes: {@code open()},
 * {@code step()} as often as the driver likes, then {@code shutDown()}, or {@code die(error)} if a
 * step threw. A crash is the absence of any further call: the thread's open transaction stays
 * open until the next instance's {@code open()} fences its transactional id, or the coordinator
 * aborts it after {@code transaction.timeout.ms}. A stop request ({@code requestStop()}, as
 * {@code EosApp.close()} makes) ends a thread's loop: it is not stepped again, only shut down.
 */
final class SteppedInstance {

    /** The driver learns of deaths from the exception a step throws, so it ignores callbacks. */
    private static final ThreadObserver QUIET = new ThreadObserver() {
        @Override
        public void onRebalancing(ProcessingThread thread) {
        }

        @Override
        public void onRunning(ProcessingThread thread) {
        }

        @Override
        public void onDeath(ProcessingThread thread, Throwable error) {
        }

        @Override
        public void onExit(ProcessingThread thread) {
        }
    };

    private final List<ProcessingThread> live = new ArrayList<>();
    /**
     * Per thread index, the start of its consumer's group member ids: the group hands out
     * {@code clientId-N}, and each thread's consumer has client id {@code <thread name>-consumer}.
     */
    private final List<String> memberIdPrefixes = new ArrayList<>();
    /** Per thread index, its producer's transactional id. */
    private final List<String> transactionalIds = new ArrayList<>();
    private boolean stopRequested;

    /**
     * Creates and opens the threads with indexes 0..num.threads-1: each registers its
     * transactional id (fencing any predecessor with the same index) and joins the group.
     *
     * @param label       distinguishes the thread names of instances running side by side
     *                    ("" for the driver's primary instance)
     * @param incarnation 0 for the first instance, then 1, 2, ... after each restart
     */
    SteppedInstance(EosConfig config, TaskFactory tasks, KafkaClientFactory clients, Clock clock,
                    RuntimeCounters counters, String label, int incarnation) {
        for (int i = 0; i < config.numThreads(); i++) {
            String name = config.applicationId() + label + "-thread-" + i
                    + (incarnation == 0 ? "" : "-r" + incarnation);
            memberIdPrefixes.add(name + "-consumer-");
            transactionalIds.add(ProcessingThread.transactionalId(config, i));
            ProcessingThread thread = new ProcessingThread(name, i, config, tasks, clients, clock, counters, QUIET);
            live.add(thread);
            thread.open();
        }
    }

    /**
     * Steps every live thread once, in index order. A thread whose step throws is put down with
     * {@code die(error)}, as the real loop does, and the error is rethrown. An injected crash is
     * rethrown untouched: a dying process cleans nothing up.
     */
    void stepAll() {
        for (ProcessingThread thread : List.copyOf(live)) {
            if (stopRequested) {
                return; // a stopping thread leaves its loop; the driver shuts the instance down
            }
            try {
                thread.step();
            } catch (InjectedCrash crash) {
                throw crash;
            } catch (RuntimeException | Error e) {
                live.remove(thread);
                thread.die(e);
                throw e;
            }
        }
    }

    /** {@code requestStop()} on every live thread, as {@code EosApp.close()} does; no thread is stepped again. */
    void requestStop() {
        stopRequested = true;
        live.forEach(ProcessingThread::requestStop);
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** The index of the thread whose producer has {@code transactionalId}, or -1 if none of this instance's. */
    int threadOf(String transactionalId) {
        return transactionalIds.indexOf(transactionalId);
    }

    /**
     * Removes thread {@code index}'s member from the group, as when its session timed out, while
     * the thread keeps running; it learns at its next poll.
     *
     * @return whether the thread had a member in the group
     */
    boolean expel(InMemoryKafka kafka, String groupId, int index) {
        boolean expelled = false;
        for (String member : kafka.members(groupId)) {
            if (isMemberOf(member, memberIdPrefixes.get(index))) {
                kafka.leaveGroup(groupId, member);
                expelled = true;
            }
        }
        return expelled;
    }

    /** The shards of store {@code name} held by this instance's live threads. */
    List<dev.eos.store.StateStore> stores(String name) {
        List<dev.eos.store.StateStore> out = new ArrayList<>();
        for (ProcessingThread thread : live) {
            out.addAll(thread.stores(name));
        }
        return out;
    }

    /** Whether a live thread still creates or prepares tasks (restores stores, say). */
    boolean preparingTasks() {
        return live.stream().anyMatch(ProcessingThread::preparingTasks);
    }

    int liveThreads() {
        return live.size();
    }

    /**
     * Crashes the instance: its threads are never called again and the group forgets their
     * members at once, as after their session timed out. Members of other instances stay.
     */
    void crash(InMemoryKafka kafka, String groupId) {
        live.clear();
        for (String member : kafka.members(groupId)) {
            if (isOwnMember(member)) {
                kafka.leaveGroup(groupId, member);
            }
        }
    }

    /**
     * The partitions the group's current generation assigns to this instance's members (which
     * they take over at their next poll).
     */
    Set<TopicPartition> assignment(InMemoryKafka kafka, String groupId) {
        Set<TopicPartition> owned = new HashSet<>();
        for (Map.Entry<String, Set<TopicPartition>> e : kafka.assignment(groupId).entrySet()) {
            if (isOwnMember(e.getKey())) {
                owned.addAll(e.getValue());
            }
        }
        return Set.copyOf(owned);
    }

    private boolean isOwnMember(String memberId) {
        return memberIdPrefixes.stream().anyMatch(prefix -> isMemberOf(memberId, prefix));
    }

    private static boolean isMemberOf(String memberId, String prefix) {
        return memberId.startsWith(prefix) && memberId.length() > prefix.length()
                && memberId.substring(prefix.length()).chars().allMatch(Character::isDigit);
    }

    /**
     * Shuts every live thread down cleanly, as {@code EosApp.close()} does once its threads left
     * their loops: in-flight work is committed, clients closed.
     */
    void shutDown() {
        if (!stopRequested) {
            requestStop();
        }
        RuntimeException first = null;
        for (ProcessingThread thread : live) {
            try {
                thread.shutDown();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        live.clear();
        if (first != null) {
            throw first;
        }
    }
}
