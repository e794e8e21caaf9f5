package dev.eos.testkit.driver.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * The fetch of one {@link InMemoryConsumer} poll: up to {@code max.poll.records} records from the
 * unpaused assigned partitions at the consumer's isolation level, the partition read first
 * rotating from poll to poll so that a small {@code max.poll.records} starves none. A partition
 * whose position cannot be resolved (its committed offset is unstable) is skipped, as a
 * {@code KafkaConsumer} leaves it unfetched until the position is known.
 */
final class ConsumerFetcher {
    private final InMemoryKafka kafka;
    private final ConsumerPositions positions;
    private final IsolationLevel isolation;
    private final int maxPollRecords;
    private int firstPartition;

    ConsumerFetcher(InMemoryKafka kafka, ConsumerPositions positions, IsolationLevel isolation, int maxPollRecords) {
        this.kafka = kafka;
        this.positions = positions;
        this.isolation = isolation;
        this.maxPollRecords = maxPollRecords;
    }

    /** @param limit the most records to return, below {@code max.poll.records} for a slow poll */
    ConsumerRecords<byte[], byte[]> fetch(Collection<TopicPartition> assigned, int limit) {
        List<TopicPartition> readable = new ArrayList<>(assigned);
        readable.removeIf(positions::isPaused);
        readable.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
        int budget = Math.min(maxPollRecords, limit);
        for (int i = 0; i < readable.size() && budget > 0; i++) {
            TopicPartition tp = readable.get((firstPartition + i) % readable.size());
            OptionalLong position = positions.resolve(tp);
            if (position.isEmpty()) {
                continue;
            }
            Fetch fetch = kafka.read(tp, position.getAsLong(), budget, isolation);
            positions.seek(tp, fetch.nextOffset());
            nextOffsets.put(tp, new OffsetAndMetadata(fetch.nextOffset()));
            if (!fetch.records().isEmpty()) {
                records.put(tp, fetch.records().stream().map(r -> toConsumerRecord(tp, r)).toList());
                budget -= fetch.records().size();
            }
        }
        firstPartition = readable.isEmpty() ? 0 : (firstPartition + 1) % readable.size();
        return records.isEmpty() ? ConsumerRecords.empty() : new ConsumerRecords<>(records, nextOffsets);
    }

    /** The assignment changed wholesale: the rotation starts over. */
    void reset() {
        firstPartition = 0;
    }

    private static ConsumerRecord<byte[], byte[]> toConsumerRecord(TopicPartition tp, LoggedRecord r) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), r.offset(), r.timestamp(), TimestampType.CREATE_TIME,
                r.key() == null ? -1 : r.key().length, r.value() == null ? -1 : r.value().length,
                r.key(), r.value(), new RecordHeaders(r.headers()), Optional.empty());
    }
}
