package dev.eos.testkit.driver.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumer group: its members and their subscriptions, its generation and its committed
 * offsets.
 *
 * <p>Invariants:
 * <ul>
 *   <li>The generation starts at 0 and goes up by one on every membership change (a join, a
 *       leave, a changed subscription); there is no rebalance in progress, ever: a change takes
 *       effect at once and the assignment is recomputed from the members.</li>
 *   <li>Member ids are handed out by the group, {@code clientId-N}, N counting joins: the same
 *       sequence of joins always gives the same ids.</li>
 *   <li>Offsets are committed only by a request that {@link #validate validates}: a member of
 *       the current generation, or, while the group has no members, the anonymous generation -1
 *       with an empty member id (a commit by group id alone).</li>
 * </ul>
 */
final class ConsumerGroup {

    private final String groupId;
    private final SortedMap<String, Set<String>> subscriptions = new TreeMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private int generation;
    private int joins;

    ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    String groupId() {
        return groupId;
    }

    int generation() {
        return generation;
    }

    Set<String> members() {
        return Set.copyOf(subscriptions.keySet());
    }

    boolean isMember(String memberId) {
        return subscriptions.containsKey(memberId);
    }

    /** Adds a member subscribed to {@code topics}; returns its member id. */
    String join(String clientId, Set<String> topics) {
        joins++;
        String memberId = clientId + "-" + joins;
        subscriptions.put(memberId, Set.copyOf(topics));
        generation++;
        return memberId;
    }

    /** Changes a member's subscription; a new generation begins only if it differs. */
    void resubscribe(String memberId, Set<String> topics) {
        requireMember(memberId);
        if (!subscriptions.get(memberId).equals(topics)) {
            subscriptions.put(memberId, Set.copyOf(topics));
            generation++;
        }
    }

    /** Removes a member; a new generation begins. Leaving twice is a no-op. */
    void leave(String memberId) {
        if (subscriptions.remove(memberId) != null) {
            generation++;
        }
    }

    /** The metadata a member's consumer would report: group id, current generation, member id. */
    ConsumerGroupMetadata metadataOf(String memberId) {
        requireMember(memberId);
        return new ConsumerGroupMetadata(groupId, generation, memberId, Optional.empty());
    }

    SortedMap<String, Set<TopicPartition>> assignment(ToIntFunction<String> partitionCount) {
        return RangeAssignment.assign(subscriptions, partitionCount);
    }

    /**
     * Checks that an offset commit comes from the current generation (KIP-447's zombie check).
     *
     * @throws CommitFailedException if the member is unknown, its generation is stale, or an
     *                               anonymous commit (-1, "") is made while the group has members
     */
    void validate(ConsumerGroupMetadata metadata) {
        String memberId = metadata.memberId();
        int claimed = metadata.generationId();
        if (memberId.isEmpty() && claimed < 0) {
            if (!subscriptions.isEmpty()) {
                throw new CommitFailedException("Group " + groupId + " has members " + subscriptions.keySet()
                        + " in generation " + generation + "; an offset commit without a member id and "
                        + "generation is rejected");
            }
            return;
        }
        if (!isMember(memberId)) {
            throw new CommitFailedException("Member " + memberId + " is not in group " + groupId
                    + " (generation " + generation + "); it was removed or never joined");
        }
        if (claimed != generation) {
            throw new CommitFailedException("Member " + memberId + " of group " + groupId + " committed with "
                    + "generation " + claimed + " but the group is at generation " + generation
                    + "; a rebalance happened and the commit is rejected");
        }
    }

    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        committed.putAll(offsets);
    }

    Map<TopicPartition, OffsetAndMetadata> committed() {
        return Map.copyOf(committed);
    }

    private void requireMember(String memberId) {
        if (!isMember(memberId)) {
            throw new IllegalArgumentException("Member " + memberId + " is not in group " + groupId);
        }
    }
}
