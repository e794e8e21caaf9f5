package dev.eos.testkit.driver.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The fetch positions and paused partitions of one {@link InMemoryConsumer}: where its next
 * poll reads each assigned partition from.
 *
 * <p>A position is resolved on first use, as Kafka's consumer does: the group's committed offset
 * if there is one, else by {@code auto.offset.reset}. "earliest" is the log start offset (which
 * {@code deleteRecords} moves forward); "latest" is the end a reader with this isolation level
 * may see: the last stable offset for read_committed, the high watermark otherwise. A position
 * past the log end (after a seek too far) is reset the same way on the next read.
 *
 * <p>The committed offset is fetched as a {@code KafkaConsumer} of a group does, requiring
 * stable offsets (the classic consumer sets {@code require_stable} on every OffsetFetch, whatever
 * its isolation level): while a transaction holding offsets for the partition is pending, the
 * position cannot be resolved ({@link #resolve} is empty).
 */
final class ConsumerPositions {

    /** The values {@code auto.offset.reset} may take. */
    enum Reset { EARLIEST, LATEST, NONE }

    private final InMemoryKafka kafka;
    private final String groupId;
    private final IsolationLevel isolation;
    private final Reset reset;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();

    ConsumerPositions(InMemoryKafka kafka, String groupId, IsolationLevel isolation, Reset reset) {
        this.kafka = kafka;
        this.groupId = groupId;
        this.isolation = isolation;
        this.reset = reset;
    }

    /**
     * The position of {@code partition}, resolving it from the committed offset or the reset
     * policy; empty if it must come from the committed offset and that is unstable
     * (UNSTABLE_OFFSET_COMMIT).
     */
    OptionalLong resolve(TopicPartition partition) {
        Long known = positions.get(partition);
        if (known != null && known <= kafka.highWatermark(partition)) {
            return OptionalLong.of(known);
        }
        if (known == null && groupId != null && kafka.offsetsUnstable(groupId, partition)) {
            return OptionalLong.empty();
        }
        long resolved = known == null ? committedOrReset(partition) : resetOffset(partition);
        positions.put(partition, resolved);
        return OptionalLong.of(resolved);
    }

    /** The position of {@code partition} if it is known, without resolving it. */
    OptionalLong known(TopicPartition partition) {
        Long known = positions.get(partition);
        return known == null ? OptionalLong.empty() : OptionalLong.of(known);
    }

    void seek(TopicPartition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("Seek offset must not be negative, got " + offset + " for " + partition);
        }
        positions.put(partition, offset);
    }

    /**
     * How far the position is behind the visible end, or -1 while the position is unknown (Kafka's
     * consumer knows the lag only after a fetch of the partition).
     */
    long lag(TopicPartition partition) {
        Long known = positions.get(partition);
        return known == null ? -1 : Math.max(0, end(partition) - known);
    }

    /** The first offset of the partition not deleted. */
    long start(TopicPartition partition) {
        return kafka.logStartOffset(partition);
    }

    /** Where the visible end of the partition lies for this reader (used by seekToEnd and "latest"). */
    long end(TopicPartition partition) {
        return isolation == IsolationLevel.READ_COMMITTED
                ? kafka.lastStableOffset(partition)
                : kafka.highWatermark(partition);
    }

    /** Forgets the positions and pause state of partitions no longer assigned. */
    void forget(Set<TopicPartition> partitions) {
        partitions.forEach(positions::remove);
        paused.removeAll(partitions);
    }

    void pause(Set<TopicPartition> partitions) {
        paused.addAll(partitions);
    }

    void resume(Set<TopicPartition> partitions) {
        paused.removeAll(partitions);
    }

    boolean isPaused(TopicPartition partition) {
        return paused.contains(partition);
    }

    Set<TopicPartition> paused() {
        return Set.copyOf(paused);
    }

    private long committedOrReset(TopicPartition partition) {
        OffsetAndMetadata committed = groupId == null ? null : kafka.committedOffsets(groupId).get(partition);
        return committed != null ? committed.offset() : resetOffset(partition);
    }

    private long resetOffset(TopicPartition partition) {
        return switch (reset) {
            case EARLIEST -> kafka.logStartOffset(partition);
            case LATEST -> end(partition);
            case NONE -> throw new NoOffsetForPartitionException(partition);
        };
    }
}
