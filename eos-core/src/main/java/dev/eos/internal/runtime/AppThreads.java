package dev.eos.internal.runtime;

import dev.eos.AppState;
import dev.eos.EosConfig;
import dev.eos.RestoreProgress;
import dev.eos.spi.KafkaClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processing threads of one app: starts and replaces them, tracks which are alive and
 * running, moves the app between {@link AppState#RUNNING} and {@link AppState#REBALANCING}, and
 * stops them on close. What a thread's death means for the app is decided by its
 * {@link DeathListener}.
 *
 * <pre>{@code
 * AppThreads threads = new AppThreads(config, clients, clock, counters, state, app::onThreadDeath);
 * threads.startAll(taskFactory);
 * boolean stopped = threads.stop(true, Duration.ofSeconds(30));
 * }</pre>
 */
public final class AppThreads {
    /** Told after a thread died and was marked dead. */
    public interface DeathListener {
        void onDeath(ProcessingThread thread, Throwable error);
    }

    private final EosConfig config;
    private final KafkaClientFactory clients;
    private final Clock clock;
    private final RuntimeCounters counters;
    private final AppStateMachine state;
    private final DeathListener deaths;
    private final Map<Integer, Slot> threads = new LinkedHashMap<>();
    private final Observer observer = new Observer();
    private volatile boolean closing;
    private int threadGeneration;
    private TaskFactory taskFactory;

    private static final class Slot {
        final ProcessingThread loop;
        final Thread thread;
        volatile boolean running;
        volatile boolean alive = true;
        volatile Throwable death;

        Slot(ProcessingThread loop, Thread thread) {
            this.loop = loop;
            this.thread = thread;
        }
    }

    public AppThreads(EosConfig config, KafkaClientFactory clients, Clock clock, RuntimeCounters counters,
                      AppStateMachine state, DeathListener deaths) {
        this.config = config;
        this.clients = clients;
        this.clock = clock;
        this.counters = counters;
        this.state = state;
        this.deaths = deaths;
    }

    /** Starts {@code num.threads} threads running the tasks {@code taskFactory} creates. */
    public void startAll(TaskFactory taskFactory) {
        synchronized (threads) {
            this.taskFactory = taskFactory;
            for (int i = 0; i < config.numThreads(); i++) {
                startThread(i);
            }
        }
    }

    private void startThread(int index) {
        int generation = threadGeneration++;
        String name = config.applicationId() + "-thread-" + index + (generation < config.numThreads() ? "" : "-r" + generation);
        ProcessingThread loop = new ProcessingThread(name, index, config, taskFactory, clients, clock, counters,
                observer);
        Thread thread = new Thread(loop, name);
        thread.setDaemon(false);
        threads.put(index, new Slot(loop, thread));
        thread.start();
    }

    /** Whether {@code loop} is one of the app's current threads. */
    public boolean contains(ProcessingThread loop) {
        return slotOf(loop) != null;
    }

    /** Starts a new thread in the place of {@code dead}, with the same index. */
    public void replace(ProcessingThread dead) {
        synchronized (threads) {
            int index = threads.entrySet().stream().filter(e -> e.getValue().loop == dead)
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            startThread(index);
        }
    }

    /** Asks every thread but {@code except} to stop, leaving the group. */
    public void stopAllBut(ProcessingThread except) {
        List<Slot> others;
        synchronized (threads) {
            others = threads.values().stream().filter(o -> o.loop != except).toList();
        }
        others.forEach(o -> o.loop.requestStop());
    }

    /** Whether {@link #stop} was called. */
    public boolean closing() {
        return closing;
    }

    /**
     * Asks every thread to stop and waits for them (not for the calling thread, if it is one).
     *
     * @return whether every thread stopped within {@code timeout}
     */
    public boolean stop(boolean leaveGroup, Duration timeout) {
        closing = true;
        List<Slot> slots;
        synchronized (threads) {
            slots = List.copyOf(threads.values());
        }
        slots.forEach(s -> s.loop.requestStop(leaveGroup));
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean allStopped = true;
        for (Slot s : slots) {
            if (Thread.currentThread() == s.thread) {
                continue;
            }
            try {
                long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                s.thread.join(leftMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            allStopped &= !s.thread.isAlive();
        }
        return allStopped;
    }

    /** How many threads are alive (the {@code alive-stream-threads} metric). */
    public int alive() {
        synchronized (threads) {
            return (int) threads.values().stream().filter(s -> s.alive && s.thread.isAlive()).count();
        }
    }

    /** What the health check needs to know of each thread. */
    public List<HealthCheck.ThreadView> healthViews() {
        synchronized (threads) {
            return threads.values().stream()
                    .map(s -> new HealthCheck.ThreadView(s.loop.name(), s.alive, s.running, s.death,
                            s.loop.health().snapshot()))
                    .toList();
        }
    }

    private void updateRunningState() {
        if (closing) {
            return;
        }
        AppState current = state.state();
        if (current != AppState.STARTING && current != AppState.RUNNING && current != AppState.REBALANCING) {
            return;
        }
        boolean allRunning;
        synchronized (threads) {
            allRunning = threads.values().stream().filter(s -> s.alive).allMatch(s -> s.running);
        }
        state.moveTo(allRunning ? AppState.RUNNING : AppState.REBALANCING);
    }

    private Slot slotOf(ProcessingThread loop) {
        synchronized (threads) {
            return threads.values().stream().filter(s -> s.loop == loop).findFirst().orElse(null);
        }
    }

    private final class Observer implements ThreadObserver {
        @Override
        public void onRebalancing(ProcessingThread thread) {
            Slot s = slotOf(thread);
            if (s != null) {
                s.running = false;
            }
            updateRunningState();
        }

        @Override
        public void onRunning(ProcessingThread thread) {
            Slot s = slotOf(thread);
            if (s != null) {
                s.running = true;
            }
            updateRunningState();
        }

        @Override
        public void onRestore(RestoreProgress progress) {
            state.reportRestore(progress);
        }

        @Override
        public void onExit(ProcessingThread thread) {
            Slot s = slotOf(thread);
            if (s != null) {
                s.alive = false;
            }
        }

        @Override
        public void onDeath(ProcessingThread thread, Throwable error) {
            Slot s = slotOf(thread);
            if (s != null) {
                s.death = error;
                s.alive = false;
            }
            deaths.onDeath(thread, error);
        }
    }
}
