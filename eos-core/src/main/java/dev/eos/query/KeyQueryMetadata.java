package dev.eos.query;

import java.util.Objects;
import java.util.Set;

/**
 * Which instance holds a key: the instance whose processing consumer owns the key's partition
 * ({@link #activeHost()}), the instances that keep a standby copy ({@link #standbyHosts()}, empty
 * while Eos has no standby replicas), and the partition itself.
 *
 * <pre>{@code
 * KeyQueryMetadata where = app.metadataForKey("balances", id, new StringSerializer());
 * if (!where.activeHost().equals(app.localHost().orElseThrow())) {
 *     return forward(where.activeHost(), request);
 * }
 * }</pre>
 */
public record KeyQueryMetadata(HostInfo activeHost, Set<HostInfo> standbyHosts, int partition) {
    public KeyQueryMetadata {
        Objects.requireNonNull(activeHost, "activeHost");
        standbyHosts = Set.copyOf(standbyHosts);
    }
}
