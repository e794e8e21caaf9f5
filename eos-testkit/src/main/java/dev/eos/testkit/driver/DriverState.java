package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.internal.plan.LogicalPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * Where a driver's instances keep their stores: one directory per instance ({@code primary},
 * {@code second}) under a root that survives crashes and restarts, and the "disk" of the
 * durable in-memory engine. Only a temporary root the driver created itself is deleted at close.
 */
final class DriverState {
    private final LogicalPlan plan;
    private final Path root;
    private final boolean temporary;
    private final InstanceState.StoreEngineChoice engine;
    private final Map<Path, DurableMemoryEngine.Snapshot> disk = DurableMemoryEngine.newDisk();

    private DriverState(LogicalPlan plan, Path root, boolean temporary, InstanceState.StoreEngineChoice engine) {
        this.plan = plan;
        this.root = root;
        this.temporary = temporary;
        this.engine = engine;
    }

    /** @param userDir the directory the test chose, or null for a temporary one (if the plan has stores) */
    static DriverState create(LogicalPlan plan, Path userDir, InstanceState.StoreEngineChoice engine) {
        if (plan.stores().isEmpty()) {
            return new DriverState(plan, null, false, engine);
        }
        if (userDir != null) {
            return new DriverState(plan, userDir, false, engine);
        }
        try {
            return new DriverState(plan, Files.createTempDirectory("eos-driver-"), true, engine);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory for the driver", e);
        }
    }

    /** Opens the state of instance {@code name} at its last committed state. */
    InstanceState open(EosConfig config, String name) {
        return InstanceState.open(plan, config, root == null ? null : root.resolve(name), engine, disk);
    }

    void deleteIfTemporary() {
        if (!temporary) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory; the OS cleans it up eventually
        }
    }
}
