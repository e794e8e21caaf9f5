package dev.eos.testkit.driver;

import dev.eos.testkit.driver.internal.InMemoryKafka;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What the runtime has done to the cluster, as far as the driver can see it: the end of every
 * partition's log and the group's committed offsets. Two equal snapshots taken around a round
 * of steps mean the round made no visible progress (every send, landed partition marker and
 * offset commit changes one of them).
 */
record ClusterProgress(Map<TopicPartition, Long> logEnds, Map<TopicPartition, OffsetAndMetadata> committed) {

    static ClusterProgress of(InMemoryKafka kafka, String groupId) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (String topic : kafka.topics()) {
            for (int p = 0; p < kafka.partitionCount(topic); p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                ends.put(tp, kafka.highWatermark(tp));
            }
        }
        return new ClusterProgress(Map.copyOf(ends), kafka.committedOffsets(groupId));
    }

    /**
     * Work still outstanding, described for an error message; empty when every source record
     * visible to read_committed lies below the group's committed offset, no transaction is
     * open anywhere, no marker is pending, and every member of the group owns all partitions
     * assigned to it.
     */
    static List<String> pendingWork(InMemoryKafka kafka, String groupId, Set<String> sourceTopics) {
        List<String> pending = new ArrayList<>();
        kafka.pendingMarkers().forEach(marker -> pending.add(marker + " has not landed"));
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.committedOffsets(groupId);
        for (String topic : kafka.topics()) {
            for (int p = 0; p < kafka.partitionCount(topic); p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                if (kafka.lastStableOffset(tp) < kafka.highWatermark(tp)) {
                    pending.add(tp + " has an open transaction from offset " + kafka.lastStableOffset(tp));
                }
                if (sourceTopics.contains(topic)) {
                    OffsetAndMetadata c = committed.get(tp);
                    long from = c == null ? 0 : c.offset();
                    if (!kafka.read(tp, from, 1, IsolationLevel.READ_COMMITTED).records().isEmpty()) {
                        pending.add(tp + " has records not yet committed as consumed from offset " + from);
                    }
                }
            }
        }
        pending.addAll(kafka.partitionsAwaitingHandover(groupId));
        return pending;
    }
}
