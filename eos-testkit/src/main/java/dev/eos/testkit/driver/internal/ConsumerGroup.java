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
 *       leave, a changed subscription), and the target assignment is recomputed from the
 *       members at once.</li>
 *   <li>A partition has at most one owner. A member takes a partition of its target assignment
 *       only once no other member owns it, and releases its partitions when it syncs to a new
 *       generation (after its revocation callback) or leaves. This is the eager protocol's
 *       guarantee that a partition moves only after its previous owner revoked it.</li>
 *   <li>Member ids are handed out by the group, {@code clientId-N}, N counting joins: the same
 *       sequence of joins always gives the same ids.</li>
 *   <li>Offsets are committed only by a request that {@link #validate validates}: a member of
 *       the current generation; or a member that has not synced since its generation, for
 *       partitions it still owns (in Kafka the group is then preparing a rebalance and still at
 *       that generation, which is what makes a commit in {@code onPartitionsRevoked} succeed);
 *       or the anonymous generation -1 with an empty member id, which Kafka's classic group
 *       coordinator accepts from a transaction whatever the group's state, and from a plain
 *       commit only while the group has no members. A member removed from the group
 *       (UNKNOWN_MEMBER_ID) or one reporting another generation (ILLEGAL_GENERATION) commits
 *       nothing.</li>
 *   <li>Offsets sent to a transaction are pending, per producer id, until the transaction's
 *       marker for this group lands: then they are committed (or dropped, if it aborted). While
 *       any are pending for a partition, a stable offset fetch of it is refused
 *       (UNSTABLE_OFFSET_COMMIT).</li>
 * </ul>
 */
final class ConsumerGroup {

    private final String groupId;
    private final SortedMap<String, Set<String>> subscriptions = new TreeMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    /** Producer id to the offsets its transaction sent here, until its marker lands. */
    private final Map<Long, Map<TopicPartition, OffsetAndMetadata>> pendingByProducer = new java.util.LinkedHashMap<>();
    private final Map<TopicPartition, String> owners = new HashMap<>();
    /** Per member, the generation it last synced to. */
    private final Map<String, Integer> syncedGenerations = new HashMap<>();
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

    /** Removes a member and releases its partitions; a new generation begins. Leaving twice is a no-op. */
    void leave(String memberId) {
        owners.values().removeIf(memberId::equals);
        syncedGenerations.remove(memberId);
        if (subscriptions.remove(memberId) != null) {
            generation++;
        }
    }

    /** The member synced to the current generation: it owns nothing until it {@link #take}s. */
    void synced(String memberId) {
        requireMember(memberId);
        owners.values().removeIf(memberId::equals);
        syncedGenerations.put(memberId, generation);
    }

    /** For each member, the partitions of its target assignment it does not own yet, described. */
    java.util.List<String> awaitingHandover(ToIntFunction<String> partitionCount) {
        java.util.List<String> out = new java.util.ArrayList<>();
        assignment(partitionCount).forEach((member, target) -> {
            for (TopicPartition tp : target) {
                if (!member.equals(owners.get(tp))) {
                    out.add(tp + " is assigned to " + member + " but " + (owners.containsKey(tp)
                            ? "still owned by " + owners.get(tp) : "not taken yet"));
                }
            }
        });
        return out;
    }

    /** The partitions of {@code wanted} that no other member owns, now owned by {@code memberId}. */
    Set<TopicPartition> take(String memberId, Set<TopicPartition> wanted) {
        requireMember(memberId);
        Set<TopicPartition> taken = new java.util.HashSet<>();
        for (TopicPartition tp : wanted) {
            String owner = owners.get(tp);
            if (owner == null || owner.equals(memberId)) {
                owners.put(tp, memberId);
                taken.add(tp);
            }
        }
        return taken;
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
     * Checks that an offset commit comes from the current generation (KIP-447's zombie check), as
     * the classic group coordinator's {@code validateOffsetCommit} does.
     *
     * @param transactional whether the offsets come through a transaction ({@code TxnOffsetCommit})
     * @throws CommitFailedException if the member is unknown (UNKNOWN_MEMBER_ID), its generation is
     *                               stale (ILLEGAL_GENERATION: it synced since, or does not own all
     *                               of {@code partitions}), or a plain (not transactional) anonymous
     *                               commit (-1, "") is made while the group has members
     */
    void validate(ConsumerGroupMetadata metadata, Set<TopicPartition> partitions, boolean transactional) {
        String memberId = metadata.memberId();
        int claimed = metadata.generationId();
        if (memberId.isEmpty() && claimed < 0) {
            if (!transactional && !subscriptions.isEmpty()) {
                throw new CommitFailedException("UNKNOWN_MEMBER_ID: group " + groupId + " has members "
                        + subscriptions.keySet() + " in generation " + generation + "; an offset commit without a "
                        + "member id and generation is rejected unless it is transactional or the group is empty");
            }
            return;
        }
        if (!isMember(memberId)) {
            throw new CommitFailedException("UNKNOWN_MEMBER_ID: member " + memberId + " is not in group " + groupId
                    + " (generation " + generation + "); it was removed or never joined");
        }
        boolean preparingRebalance = claimed < generation
                && syncedGenerations.getOrDefault(memberId, -1) == claimed
                && partitions.stream().allMatch(tp -> memberId.equals(owners.get(tp)));
        if (claimed != generation && !preparingRebalance) {
            throw new CommitFailedException("ILLEGAL_GENERATION: member " + memberId + " of group " + groupId
                    + " committed with generation " + claimed + " but the group is at generation " + generation
                    + "; a rebalance happened and the commit is rejected");
        }
    }

    /** Offsets a transaction of {@code producerId} sent: pending until {@link #completeTransaction}. */
    void addPending(long producerId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        pendingByProducer.computeIfAbsent(producerId, p -> new HashMap<>()).putAll(offsets);
    }

    /** The marker of {@code producerId}'s transaction landed: its pending offsets are committed or dropped. */
    void completeTransaction(long producerId, TransactionState outcome) {
        Map<TopicPartition, OffsetAndMetadata> offsets = pendingByProducer.remove(producerId);
        if (offsets != null && outcome == TransactionState.COMMITTED) {
            committed.putAll(offsets);
        }
    }

    /** The producers whose transactions hold pending offsets for {@code partition}. */
    Set<Long> pendingProducers(TopicPartition partition) {
        Set<Long> producers = new java.util.LinkedHashSet<>();
        pendingByProducer.forEach((producerId, offsets) -> {
            if (offsets.containsKey(partition)) {
                producers.add(producerId);
            }
        });
        return producers;
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
