package dev.eos.internal.state;

import dev.eos.StateSettings;
import dev.eos.errors.ConfigException;
import dev.eos.errors.EosException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local state of one running app instance: {@code <state.dir>/<application.id>/}, holding one
 * directory per task ({@code <subtopology>_<partition>}, one sub-directory per store). The
 * instance holds an exclusive file lock on it while it runs, so two instances on one host can
 * never share (and corrupt) the same stores; the second gets a start-up error telling it to use
 * its own {@code state.dir}.
 *
 * <p>Task directories this instance no longer uses are deleted after
 * {@code state.cleanup.delay.ms} ({@link #cleanUnowned()}). Otherwise a task that moves away and
 * comes back after more than its changelog's {@code delete.retention.ms} would restore from a
 * checkpoint older than the tombstones compaction has since removed, and bring deleted keys back.
 * The rules:
 * <ol>
 *   <li>A task directory is in use from {@link #acquireTask} until the matching
 *       {@link #releaseTask} (counted, so an overlapping hand-over between two threads keeps it in
 *       use). Both write its last-use time into it ({@link TaskDirectoryUse}).</li>
 *   <li>Each clean-up refreshes the last-use time of the directories in use, so after a crash the
 *       time of the last run counts, not the time the task was acquired.</li>
 *   <li>A directory not in use whose last use is older than the delay is first renamed (atomically)
 *       out of the task namespace and only then deleted: a crash half-way never leaves a
 *       half-deleted store for a task to open; the next clean-up finishes the deletion.</li>
 *   <li>A directory in use, and the lock file, are never touched.</li>
 * </ol>
 * Every time read or written comes from the injected {@link Clock}. Acquire, release and the
 * clean-up's decisions are serialised on this object, so processing threads and a cleaner thread
 * may call them concurrently.
 */
public final class StateDirectory implements AutoCloseable {
    private static final String LOCK_FILE = ".lock";

    private final Path appDir;
    private final FileChannel channel;
    private final FileLock lock;
    private final TaskDirectoryUse use;
    private final Map<String, Integer> holders = new HashMap<>();

    private StateDirectory(Path appDir, FileChannel channel, FileLock lock, TaskDirectoryUse use) {
        this.appDir = appDir;
        this.channel = channel;
        this.lock = lock;
        this.use = use;
    }

    /**
     * {@link #lock(Path, String, String, Clock, Duration)} with the system clock and the default
     * {@code state.cleanup.delay.ms}.
     */
    public static StateDirectory lock(Path stateDir, String applicationId, String stateDirKey) {
        return lock(stateDir, applicationId, stateDirKey, Clock.systemUTC(), StateSettings.DEFAULT_CLEANUP_DELAY);
    }

    /**
     * Creates and locks the directory of {@code applicationId} under {@code stateDir}.
     *
     * @param clock        the source of every last-use time read or written
     * @param cleanupDelay how long a task directory may stay unused before {@link #cleanUnowned()} deletes it
     * @throws ConfigException if another instance (in this or another process) holds it
     */
    public static StateDirectory lock(Path stateDir, String applicationId, String stateDirKey, Clock clock,
                                      Duration cleanupDelay) {
        Path appDir = stateDir.resolve(applicationId);
        FileChannel channel = null;
        try {
            Files.createDirectories(appDir);
            channel = FileChannel.open(appDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new ConfigException(stateDirKey, stateDir,
                        "is in use: another instance of application '" + applicationId + "' holds the lock on " + appDir,
                        "give every instance on one host its own " + stateDirKey);
            }
            return new StateDirectory(appDir, channel, lock,
                    new TaskDirectoryUse(appDir, applicationId, clock, cleanupDelay));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ConfigException(stateDirKey, stateDir, "cannot be created or locked (" + e + ")",
                    "point " + stateDirKey + " to a writable directory");
        }
    }

    /**
     * The directory of task {@code subtopology_partition}, created if missing, and in use until
     * {@link #releaseTask} is called as often as this was.
     */
    public synchronized Path acquireTask(int subtopology, int partition) {
        String name = TaskDirectoryUse.name(subtopology, partition);
        Path dir = appDir.resolve(name);
        try {
            Files.createDirectories(dir);
            use.stamp(dir);
        } catch (IOException e) {
            throw new EosException("Cannot create the task state directory " + dir + ": " + e, e);
        }
        holders.merge(name, 1, Integer::sum);
        return dir;
    }

    /**
     * The task closed its stores: its directory is no longer in use (once every acquire is
     * matched) and its last-use time is now. A release without an acquire does nothing.
     */
    public synchronized void releaseTask(int subtopology, int partition) {
        String name = TaskDirectoryUse.name(subtopology, partition);
        Integer count = holders.get(name);
        if (count == null) {
            return;
        }
        if (count > 1) {
            holders.put(name, count - 1);
        } else {
            holders.remove(name);
        }
        use.stampQuietly(appDir.resolve(name));
    }

    /** Whether a task holds the directory of {@code subtopology_partition}. */
    public synchronized boolean inUse(int subtopology, int partition) {
        return holders.containsKey(TaskDirectoryUse.name(subtopology, partition));
    }

    /**
     * Deletes the task directories not in use whose last use is older than
     * {@code state.cleanup.delay.ms}, and refreshes the last-use time of those in use. Each
     * deletion is logged with its reason.
     *
     * @return the task directories deleted (as they were named before)
     */
    public List<Path> cleanUnowned() {
        List<Path> deleted;
        synchronized (this) {
            deleted = use.retireUnused(holders.keySet());
        }
        use.deleteRetired();
        return deleted;
    }

    public Path appDir() {
        return appDir;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
