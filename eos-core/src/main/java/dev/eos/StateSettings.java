package dev.eos;

import dev.eos.state.RocksDbOptionsHook;
import dev.eos.state.RocksDbSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how an app keeps local state; part of {@link EosConfig}, read with
 * {@link EosConfig#state()}.
 *
 * <pre>{@code
 * EosConfig config = EosConfig.builder()
 *         .applicationId("click-counter")
 *         .bootstrapServers("localhost:9092")
 *         .set(EosConfig.STATE_DIR, "/var/lib/click-counter")
 *         .set(EosConfig.STATE_CHANGELOG_REPLICATION_FACTOR, 3)
 *         .build();
 * Path dir = config.state().stateDir();
 * }</pre>
 *
 * @param stateDir                    the directory holding one locked sub-directory per application
 * @param changelogReplicationFactor  replication factor of created changelog topics, -1 for the broker default
 * @param changelogMinInsyncReplicas  {@code min.insync.replicas} of created changelog topics, -1 for the broker default
 * @param maxPendingBytes             a thread commits early once its stores hold this many uncommitted bytes
 * @param rocksDb                     memory bounds and tuning of the RocksDB stores
 * @param cleanupDelay                how long a task directory this instance no longer uses is kept before it
 *                                    is deleted ({@code state.cleanup.delay.ms}); keep it well below the
 *                                    changelogs' {@code delete.retention.ms}
 */
public record StateSettings(Path stateDir, int changelogReplicationFactor, int changelogMinInsyncReplicas,
                            long maxPendingBytes, RocksDbSettings rocksDb, Duration cleanupDelay) {

    static final long DEFAULT_MAX_PENDING_BYTES = 64L << 20;
    /** The default {@code state.cleanup.delay.ms}: 10 minutes, as in Kafka Streams. */
    public static final Duration DEFAULT_CLEANUP_DELAY = Duration.ofMinutes(10);

    static Path defaultStateDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "eos-state");
    }

    static RocksDbOptionsHook hook(Object raw) {
        if (raw == null) {
            return RocksDbOptionsHook.NONE;
        }
        if (raw instanceof RocksDbOptionsHook hook) {
            return hook;
        }
        String className = raw instanceof Class<?> c ? c.getName() : raw.toString().trim();
        try {
            Object created = Class.forName(className).getDeclaredConstructor().newInstance();
            if (!(created instanceof RocksDbOptionsHook hook)) {
                throw new dev.eos.errors.ConfigException(EosConfig.ROCKSDB_OPTIONS_HOOK, raw,
                        "is not a " + RocksDbOptionsHook.class.getName(), "implement that interface");
            }
            return hook;
        } catch (ReflectiveOperationException e) {
            throw new dev.eos.errors.ConfigException(EosConfig.ROCKSDB_OPTIONS_HOOK, raw,
                    "could not be instantiated (" + e + ")",
                    "give a public class with a public no-argument constructor, or a RocksDbOptionsHook instance");
        }
    }
}
