package dev.eos.internal.state;

import dev.eos.EosConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk side of {@link StateDirectory}'s clean-up: the last-use time kept in each task
 * directory (a file {@value #LAST_USED_FILE} holding epoch milliseconds of the injected clock),
 * the decision which unused directories are stale, their atomic retirement (a rename to
 * {@code .deleting-<task>-<millis>}) and the deletion of retired directories. Not thread-safe:
 * {@link StateDirectory} serialises the calls that decide; {@link #deleteRetired()} only touches
 * directories already renamed out of every task's way.
 *
 * <p>A task directory without a readable last-use time (made by an older Eos, or a write cut off
 * by a crash) is stamped "now" when first seen: it is deleted one delay later if still unused,
 * never at once on a guess.
 */
final class TaskDirectoryUse {
    static final String LAST_USED_FILE = ".last-used";
    private static final String RETIRED_PREFIX = ".deleting-";
    private static final Pattern TASK_DIR = Pattern.compile("\\d+_\\d+");
    private static final Logger log = LoggerFactory.getLogger(TaskDirectoryUse.class);

    private final Path appDir;
    private final String applicationId;
    private final Clock clock;
    private final Duration delay;

    TaskDirectoryUse(Path appDir, String applicationId, Clock clock, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException(EosConfig.STATE_CLEANUP_DELAY_MS + " must be positive, got " + delay);
        }
        this.appDir = appDir;
        this.applicationId = applicationId;
        this.clock = clock;
        this.delay = delay;
    }

    static String name(int subtopology, int partition) {
        return subtopology + "_" + partition;
    }

    /** Records now as the last use of task directory {@code dir}. */
    void stamp(Path dir) throws IOException {
        Path tmp = dir.resolve(LAST_USED_FILE + ".tmp");
        Files.writeString(tmp, Long.toString(clock.millis()), StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve(LAST_USED_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@link #stamp}, logging instead of failing: a missed stamp only delays or hastens a clean-up. */
    void stampQuietly(Path dir) {
        try {
            stamp(dir);
        } catch (IOException e) {
            log.warn("Eos app {}: could not record the last use of {} ({}); its clean-up may come early or late",
                    applicationId, dir, e.toString());
        }
    }

    /**
     * Refreshes the last use of every task directory in {@code inUse}; renames every other task
     * directory unused for longer than the delay to a retired name.
     *
     * @return the retired task directories, by their task names
     */
    List<Path> retireUnused(Set<String> inUse) {
        List<Path> retired = new ArrayList<>();
        long now = clock.millis();
        for (Path dir : entries(TASK_DIR)) {
            String task = dir.getFileName().toString();
            if (inUse.contains(task)) {
                stampQuietly(dir);
                continue;
            }
            Long lastUsed = lastUsed(dir);
            if (lastUsed == null) {
                stampQuietly(dir);
                continue;
            }
            long unusedMs = now - lastUsed;
            if (unusedMs > delay.toMillis()) {
                Path target = appDir.resolve(RETIRED_PREFIX + task + "-" + now);
                try {
                    Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    log.warn("Eos app {}: could not move the stale task directory {} aside for deletion ({}); "
                            + "will try again at the next clean-up", applicationId, dir, e.toString());
                    continue;
                }
                log.info("Eos app {}: deleting task directory {}: unused since {} ({} ago), longer than {}={}; a "
                        + "task coming back restores its stores from the changelog", applicationId, dir,
                        Instant.ofEpochMilli(lastUsed), Duration.ofMillis(unusedMs), EosConfig.STATE_CLEANUP_DELAY_MS,
                        delay.toMillis());
                retired.add(dir);
            }
        }
        return retired;
    }

    /** Deletes every retired directory, including those a crash left half-deleted. */
    void deleteRetired() {
        for (Path dir : entries(Pattern.compile(Pattern.quote(RETIRED_PREFIX) + ".*"))) {
            try {
                deleteRecursively(dir);
            } catch (IOException | UncheckedIOException e) {
                log.warn("Eos app {}: could not delete {} ({}); will try again at the next clean-up",
                        applicationId, dir, e.toString());
            }
        }
    }

    private Long lastUsed(Path dir) {
        try {
            return Long.parseLong(Files.readString(dir.resolve(LAST_USED_FILE), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private List<Path> entries(Pattern names) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(appDir)) {
            for (Path p : stream) {
                if (names.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            log.warn("Eos app {}: could not list {} for clean-up ({})", applicationId, appDir, e.toString());
        }
        out.sort(null);
        return out;
    }

    private static void deleteRecursively(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
