package dev.eos.internal.runtime;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumption progress of one thread since its last commit: per partition, the offset of
 * the next record to read. These are the offsets the next transaction commits.
 */
final class ConsumedOffsets {
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private int recordsSinceCommit;

    void processed(TopicPartition partition, long offset) {
        next.put(partition, offset + 1);
        recordsSinceCommit++;
    }

    boolean hasUncommitted() {
        return !next.isEmpty();
    }

    int recordsSinceCommit() {
        return recordsSinceCommit;
    }

    Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        next.forEach((tp, offset) -> out.put(tp, new OffsetAndMetadata(offset)));
        return out;
    }

    /** Called after the transaction with these offsets committed, or after it was aborted. */
    void clear() {
        next.clear();
        recordsSinceCommit = 0;
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(next::remove);
    }
}
