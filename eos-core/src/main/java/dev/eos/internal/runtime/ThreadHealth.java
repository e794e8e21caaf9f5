package dev.eos.internal.runtime;

import dev.eos.RestoreProgress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one processing thread tells the app's health check: when it last committed, since when
 * records it fetched wait for a commit, when another producer fenced it, and how far the stores
 * of its new tasks are restored. The thread writes at a few points of its loop (a poll that
 * brought records, a commit, a rebalance, a fencing, a restore report), never per record; the
 * health check reads from another thread, so the fields are volatile or concurrent.
 */
public final class ThreadHealth {
    /** How many fencing times are kept; the health check counts those in its window. */
    static final int FENCINGS_KEPT = 10;

    private volatile long lastCommitMs;
    private volatile long waitingSinceMs = -1;
    private final Deque<Long> fencings = new ArrayDeque<>();
    private final Map<String, RestoreProgress> restores = new ConcurrentHashMap<>();

    /**
     * What the health check sees of a thread at one moment.
     *
     * @param lastCommitMs   when it last committed (or started, before its first commit)
     * @param waitingSinceMs since when records it fetched wait for a commit; -1 if none wait
     * @param fencingsMs     when another producer with its transactional id fenced it, oldest first
     * @param restores       the store shards being restored, with their progress
     */
    public record Snapshot(long lastCommitMs, long waitingSinceMs, List<Long> fencingsMs,
                           List<RestoreProgress> restores) {
        public Snapshot {
            fencingsMs = List.copyOf(fencingsMs);
            restores = List.copyOf(restores);
        }
    }

    void started(long nowMs) {
        lastCommitMs = nowMs;
        waitingSinceMs = -1;
    }

    /** A poll brought records: from now on they wait for a commit, unless some already did. */
    void fetched(long nowMs) {
        if (waitingSinceMs < 0) {
            waitingSinceMs = nowMs;
        }
    }

    void committed(long nowMs) {
        lastCommitMs = nowMs;
        waitingSinceMs = -1;
    }

    /** The thread is rebalancing: what it fetched and was restoring may no longer be its own. */
    void rebalancing() {
        waitingSinceMs = -1;
        restores.clear();
    }

    /** Every new task is ready: nothing is being restored. */
    void running() {
        restores.clear();
    }

    void fenced(long nowMs) {
        synchronized (fencings) {
            fencings.addLast(nowMs);
            while (fencings.size() > FENCINGS_KEPT) {
                fencings.removeFirst();
            }
        }
    }

    void restore(RestoreProgress progress) {
        String key = progress.store() + "#" + progress.partition();
        if (progress.done()) {
            restores.remove(key);
        } else {
            restores.put(key, progress);
        }
    }

    public Snapshot snapshot() {
        List<Long> fenced;
        synchronized (fencings) {
            fenced = new ArrayList<>(fencings);
        }
        return new Snapshot(lastCommitMs, waitingSinceMs, fenced, new ArrayList<>(restores.values()));
    }
}
