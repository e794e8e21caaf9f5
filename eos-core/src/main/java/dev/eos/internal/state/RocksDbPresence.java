package dev.eos.internal.state;

import dev.eos.errors.MissingDependencyException;
import dev.eos.internal.plan.LogicalPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Checks, when an app is created, that RocksDB is on the classpath if the pipeline has a
 * persistent store. A build may exclude {@code org.rocksdb:rocksdbjni} to keep a stateless app
 * small; a stateful pipeline would otherwise fail on its first task with a
 * {@link NoClassDefFoundError} deep in a processing thread.
 */
public final class RocksDbPresence {
    static final String ROCKSDB_CLASS = "org.rocksdb.RocksDB";
    private static final String VERSIONS = "versions.properties";

    private RocksDbPresence() {
    }

    /**
     * @throws MissingDependencyException naming the stores that need RocksDB and the artifact to add
     */
    public static void requireForPersistentStores(LogicalPlan plan) {
        require(plan, RocksDbPresence.class.getClassLoader());
    }

    static void require(LogicalPlan plan, ClassLoader loader) {
        List<String> persistent = plan.stores().values().stream()
                .filter(spec -> !spec.isInMemory())
                .map(spec -> spec.name())
                .sorted()
                .toList();
        if (persistent.isEmpty() || present(loader)) {
            return;
        }
        throw new MissingDependencyException(artifact(),
                "The pipeline has persistent stores " + persistent + ", which need RocksDB, but "
                        + ROCKSDB_CLASS + " is not on the classpath",
                "or keep these stores in memory (Materialized.as(name).inMemory(), StoreSpec.inMemory()), which "
                        + "restores each from its whole changelog on every start");
    }

    private static boolean present(ClassLoader loader) {
        try {
            Class.forName(ROCKSDB_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The rocksdbjni coordinates Eos is built with, from a resource the build fills in. */
    static String artifact() {
        Properties versions = new Properties();
        try (InputStream in = RocksDbPresence.class.getResourceAsStream(VERSIONS)) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "org.rocksdb:rocksdbjni:" + versions.getProperty("rocksdb.version", "<the version of eos-state's pom>");
    }
}
