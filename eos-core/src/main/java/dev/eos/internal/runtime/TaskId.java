package dev.eos.internal.runtime;

/**
 * A task: one partition number of one sub-topology. Its state directory is {@code <sub>_<partition>}
 * and its store shards write changelog partition {@code partition}.
 */
record TaskId(int subtopology, int partition) {
    @Override
    public String toString() {
        return subtopology + "_" + partition;
    }
}
