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

    /**
     * The partition continues at {@code nextOffset} (an external sink holds everything before it):
     * the next commit records that in Kafka too, even if no record follows.
     */
    void continueAt(TopicPartition partition, long nextOffset) {
        next.merge(partition, nextOffset, Math::max);
    }

    boolean hasUncommitted() {
        return !next.isEmpty();
    }

    int recordsSinceCommit() {
        return recordsSinceCommit;
    }

    /** The offsets to commit, each with the metadata {@code metadata} gives for its partition. */
    Map<TopicPartition, OffsetAndMetadata> toCommit(java.util.function.Function<TopicPartition, String> metadata) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        next.forEach((tp, offset) -> out.put(tp, new OffsetAndMetadata(offset, metadata.apply(tp))));
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
