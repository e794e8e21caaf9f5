package dev.eos.query;

import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Collections;

/**
 * One instance of the app as the consumer group sees it: where it serves queries and, for every
 * store, the partitions whose shards it hosts.
 *
 * <pre>{@code
 * for (InstanceMetadata instance : app.allMetadata()) {
 *     System.out.println(instance.host() + " hosts " + instance.partitionsByStore());
 * }
 * }</pre>
 */
public record InstanceMetadata(HostInfo host, SortedMap<String, Set<Integer>> partitionsByStore) {
    public InstanceMetadata {
        Objects.requireNonNull(host, "host");
        TreeMap<String, Set<Integer>> copy = new TreeMap<>();
        partitionsByStore.forEach((store, partitions) -> copy.put(store, Set.copyOf(partitions)));
        partitionsByStore = Collections.unmodifiableSortedMap(copy);
    }

    /** The store names this instance hosts at least one shard of. */
    public Set<String> stores() {
        return partitionsByStore.keySet();
    }
}
