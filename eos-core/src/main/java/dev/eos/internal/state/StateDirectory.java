package dev.eos.internal.state;

import dev.eos.errors.ConfigException;
import dev.eos.errors.EosException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local state of one running app instance: {@code <state.dir>/<application.id>/}, holding one
 * directory per task ({@code <subtopology>_<partition>}, one sub-directory per store). The
 * instance holds an exclusive file lock on it while it runs, so two instances on one host can
 * never share (and corrupt) the same stores; the second gets a start-up error telling it to use
 * its own {@code state.dir}.
 */
public final class StateDirectory implements AutoCloseable {
    private static final String LOCK_FILE = ".lock";

    private final Path appDir;
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectory(Path appDir, FileChannel channel, FileLock lock) {
        this.appDir = appDir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates and locks the directory of {@code applicationId} under {@code stateDir}.
     *
     * @throws ConfigException if another instance (in this or another process) holds it
     */
    public static StateDirectory lock(Path stateDir, String applicationId, String stateDirKey) {
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
            return new StateDirectory(appDir, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ConfigException(stateDirKey, stateDir, "cannot be created or locked (" + e + ")",
                    "point " + stateDirKey + " to a writable directory");
        }
    }

    /** The directory of task {@code subtopology_partition}, created if missing. */
    public Path taskDir(int subtopology, int partition) {
        Path dir = appDir.resolve(subtopology + "_" + partition);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EosException("Cannot create the task state directory " + dir + ": " + e, e);
        }
        return dir;
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
