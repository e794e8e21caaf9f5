package dev.eos.internal.runtime;

import dev.eos.AppState;
import dev.eos.EosConfig;
import dev.eos.Health;
import dev.eos.Health.Status;
import dev.eos.RestoreProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides an app's {@link Health} from its state and what each thread reports
 * ({@link ThreadHealth}). Worst first:
 * <ol>
 *   <li>DOWN: the app was not started, is closing, is closed or stopped after a fatal error; a thread died
 *       and was not replaced; a thread was fenced by another producer with its transactional id
 *       {@value #FENCINGS_FOR_DOWN} times within {@link #FENCING_WINDOW} (two live instances
 *       share an {@code instance.id}); a thread is stuck: records it fetched have waited
 *       {@code health.stuck.after.ms} without a commit.</li>
 *   <li>REBALANCING: the app is starting, or a thread waits for its partitions.</li>
 *   <li>RESTORING: a thread restores the stores of new tasks (its reason gives the progress).</li>
 *   <li>UP otherwise.</li>
 * </ol>
 * The status is the worst of all reasons; every reason is listed, worst first. The check holds
 * no state and reads the clock it is given, so it can be tested without threads.
 */
public final class HealthCheck {
    static final int FENCINGS_FOR_DOWN = 3;
    static final Duration FENCING_WINDOW = Duration.ofMinutes(10);

    /** One thread as the app sees it. */
    public record ThreadView(String name, boolean alive, boolean running, Throwable death,
                             ThreadHealth.Snapshot health) {
    }

    private record Reason(Status status, String text) {
    }

    private final long stuckAfterMs;
    private final String instanceId;

    public HealthCheck(EosConfig config) {
        this(config.healthStuckAfter().toMillis(), config.instanceId());
    }

    HealthCheck(long stuckAfterMs, String instanceId) {
        this.stuckAfterMs = stuckAfterMs;
        this.instanceId = instanceId;
    }

    /** @param closing whether {@code close()} was called (the state becomes CLOSED once the threads stopped) */
    public Health evaluate(AppState state, boolean closing, Throwable fatalError, List<ThreadView> threads,
                           long nowMs) {
        if (closing && state != AppState.CLOSED && state != AppState.ERROR) {
            return down("The app is closing.");
        }
        switch (state) {
            case CREATED:
                return down("The app has not been started (EosApp.start()).");
            case STARTING:
                return new Health(Status.REBALANCING, List.of("The app is starting: checking its topics and "
                        + "joining the group."));
            case ERROR:
                return down("The app stopped after a fatal error: " + fatalError);
            case CLOSED:
                return down("The app is closed.");
            default:
                break;
        }
        List<Reason> reasons = new ArrayList<>();
        for (ThreadView t : threads) {
            reasons.addAll(reasonsOf(t, nowMs));
        }
        if (reasons.isEmpty() && state == AppState.REBALANCING) {
            reasons.add(new Reason(Status.REBALANCING, "The group is rebalancing."));
        }
        if (reasons.isEmpty()) {
            return new Health(Status.UP, List.of());
        }
        reasons.sort(Comparator.comparing(Reason::status));
        return new Health(reasons.get(0).status(), reasons.stream().map(Reason::text).toList());
    }

    private List<Reason> reasonsOf(ThreadView t, long nowMs) {
        List<Reason> out = new ArrayList<>();
        if (!t.alive()) {
            out.add(new Reason(Status.DOWN, t.death() == null ? "Thread " + t.name() + " has stopped."
                    : "Thread " + t.name() + " died and was not replaced: " + t.death()));
            return out;
        }
        ThreadHealth.Snapshot h = t.health();
        long windowStart = nowMs - FENCING_WINDOW.toMillis();
        long fenced = h.fencingsMs().stream().filter(ms -> ms > windowStart).count();
        if (fenced >= FENCINGS_FOR_DOWN) {
            out.add(new Reason(Status.DOWN, "Thread " + t.name() + " was fenced " + fenced + " times in the last "
                    + FENCING_WINDOW.toMinutes() + " min by another producer with its transactional id: another "
                    + "running instance probably uses " + EosConfig.INSTANCE_ID + "=" + instanceId
                    + ". Fix: give every instance its own " + EosConfig.INSTANCE_ID + "."));
        }
        if (h.waitingSinceMs() >= 0 && nowMs - h.waitingSinceMs() >= stuckAfterMs) {
            out.add(new Reason(Status.DOWN, "Thread " + t.name() + " is stuck: no commit for "
                    + seconds(nowMs - h.lastCommitMs()) + " while fetched records wait for one ("
                    + EosConfig.HEALTH_STUCK_AFTER_MS + "=" + stuckAfterMs + "); a processor or sink may be "
                    + "blocked."));
        }
        if (!h.restores().isEmpty()) {
            out.add(new Reason(Status.RESTORING, "Thread " + t.name() + " is restoring " + h.restores().size()
                    + " store shard(s): " + describe(h.restores()) + "."));
        } else if (!t.running()) {
            out.add(new Reason(Status.REBALANCING, "Thread " + t.name() + " is rebalancing: waiting for its "
                    + "partitions or preparing its new tasks."));
        }
        return out;
    }

    private static String describe(List<RestoreProgress> restores) {
        return restores.stream()
                .sorted(Comparator.comparing(RestoreProgress::store).thenComparing(RestoreProgress::partition))
                .map(p -> p.store() + " partition " + p.partition() + " at " + p.restored() + " of " + p.total()
                        + " records (" + p.percent() + "%)")
                .collect(Collectors.joining(", "));
    }

    private static String seconds(long ms) {
        return (ms / 1000) + " s";
    }

    private static Health down(String reason) {
        return new Health(Status.DOWN, List.of(reason));
    }
}
