package dev.eos.testkit.driver.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * Range assignment, topic by topic, as Kafka's {@code RangeAssignor} does it: the members
 * subscribed to a topic, sorted by member id, take consecutive ranges of its partitions; the
 * first {@code partitions % members} members take one more. Deterministic: the same members
 * and subscriptions always give the same assignment.
 */
final class RangeAssignment {

    private RangeAssignment() {
    }

    /**
     * @param subscriptions  member id to the topics it subscribes to
     * @param partitionCount the number of partitions of a topic; 0 for a topic that does not exist
     * @return member id to its partitions; every member has an entry, possibly empty
     */
    static SortedMap<String, Set<TopicPartition>> assign(Map<String, Set<String>> subscriptions,
                                                         ToIntFunction<String> partitionCount) {
        SortedMap<String, Set<TopicPartition>> assignment = new TreeMap<>();
        Set<String> topics = new TreeSet<>();
        subscriptions.forEach((member, subscribed) -> {
            assignment.put(member, new HashSet<>());
            topics.addAll(subscribed);
        });
        for (String topic : topics) {
            List<String> members = new ArrayList<>(new TreeSet<>(subscriptions.keySet()));
            members.removeIf(m -> !subscriptions.get(m).contains(topic));
            int partitions = partitionCount.applyAsInt(topic);
            int each = partitions / members.size();
            int extra = partitions % members.size();
            int next = 0;
            for (int i = 0; i < members.size(); i++) {
                int count = each + (i < extra ? 1 : 0);
                for (int p = next; p < next + count; p++) {
                    assignment.get(members.get(i)).add(new TopicPartition(topic, p));
                }
                next += count;
            }
        }
        assignment.replaceAll((member, partitions) -> Set.copyOf(partitions));
        return assignment;
    }
}
