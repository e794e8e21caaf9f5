package dev.eos.testkit.driver.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * One {@link InMemoryConsumer}'s side of the group protocol: its subscription, its member id,
 * its view of the group's generation, its assignment, and the rebalance listener it calls.
 *
 * <p>The view is the generation of the member's last rebalance, not the group's current one: a
 * member learns of a rebalance only when it polls, as a real consumer learns of it at its next
 * heartbeat or join. Until then it reports, and commits with, the old generation; the group
 * accepts that only for partitions the member still owns (the group is "preparing a
 * rebalance"), so a commit in {@code onPartitionsRevoked} succeeds and a zombie's fails. A
 * partition of its new assignment still owned by a member that has not revoked it yet is taken
 * at a later poll, once released.
 *
 * <p>A member removed from the group behind its back (the driver expelled it, or it
 * {@link #leaveAfterPollTimeout() left} after {@code max.poll.interval.ms}) keeps reporting the
 * generation and member id of its last join, as the classic {@code KafkaConsumer} does (its
 * {@code groupMetadata()} changes only when a join completes; checked in kafka-clients 4.3.1),
 * so its transactional offset commits reach the group and are refused. It learns at its next
 * poll: its partitions are lost, then it joins again.
 *
 * <p>Listener exceptions never leave a rebalance half done: each step finishes, and the first
 * exception is handed back for the caller to throw ({@code KafkaException} as is, anything
 * else wrapped), as Kafka's consumer does.
 */
final class ConsumerMembership {

    /** The listener of {@code subscribe(topics)}: a rebalance nobody needs to hear about. */
    static final ConsumerRebalanceListener NO_LISTENER = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    };

    private final InMemoryKafka kafka;
    private final String groupId;
    private final String clientId;
    private final ConsumerPositions positions;

    private Set<String> subscription = Set.of();
    private ConsumerRebalanceListener listener = NO_LISTENER;
    private boolean manual;
    private Set<TopicPartition> assignment = Set.of();
    /** This member's id in the group, or null while it is not (or no longer) a member. */
    private String memberId;
    /** The generation of this member's last rebalance; -1 before the first one. */
    private int generationView = -1;
    /** What {@code groupMetadata()} reports: the last completed join, or -1 and ""; null without a group id. */
    private ConsumerGroupMetadata lastJoined;

    ConsumerMembership(InMemoryKafka kafka, String groupId, String clientId, ConsumerPositions positions) {
        this.kafka = kafka;
        this.groupId = groupId;
        this.clientId = clientId;
        this.positions = positions;
        this.lastJoined = groupId == null ? null : new ConsumerGroupMetadata(groupId, -1, "", Optional.empty());
    }

    Set<String> subscription() {
        return subscription;
    }

    Set<TopicPartition> assignment() {
        return assignment;
    }

    boolean isSubscribed() {
        return !subscription.isEmpty();
    }

    boolean isManuallyAssigned() {
        return manual;
    }

    /** Joins the group now, or changes this member's subscription; the rebalance runs at the next {@link #sync}. */
    void subscribe(Set<String> topics, ConsumerRebalanceListener callback) {
        listener = callback;
        subscription = Set.copyOf(topics);
        if (isMember()) {
            kafka.resubscribe(groupId, memberId, subscription);
        } else {
            memberId = kafka.joinGroup(groupId, clientId, subscription);
        }
    }

    /** Takes partitions without the group; positions of partitions dropped are forgotten. */
    void assignManually(Collection<TopicPartition> partitions) {
        Set<TopicPartition> removed = new HashSet<>(assignment);
        removed.removeAll(partitions);
        positions.forget(removed);
        assignment = sorted(partitions);
        manual = !assignment.isEmpty();
    }

    /**
     * The group id, member id and generation of the last completed join, even if the member has
     * left or been removed since; -1 and "" before the first join.
     */
    ConsumerGroupMetadata metadata() {
        return lastJoined;
    }

    /**
     * The heartbeat thread found {@code max.poll.interval.ms} exceeded: the member leaves the
     * group at once. The consumer keeps its assignment and its stale metadata until its next
     * poll, which reports the partitions lost and joins again.
     */
    void leaveAfterPollTimeout() {
        if (isMember()) {
            kafka.leaveGroup(groupId, memberId);
        }
    }

    /** Commits offsets outside a transaction with {@code metadata} (a {@code commitSync}). */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata metadata) {
        kafka.commitOffsets(offsets, metadata);
    }

    /** Whether this consumer is, as far as the group knows, one of its members. */
    boolean inGroup() {
        return isMember();
    }

    /**
     * Brings this member up to the group's current generation (steps 1 and 2 of
     * {@link InMemoryConsumer}'s comment).
     *
     * @return the first listener exception, or null
     */
    KafkaException sync() {
        Callbacks calls = new Callbacks();
        if (memberId != null && !isMember()) {
            Set<TopicPartition> lost = assignment;
            if (!lost.isEmpty()) {
                calls.run(() -> listener.onPartitionsLost(lost));
            }
            dropAssignment();
            memberId = null;
        }
        if (memberId == null) {
            memberId = kafka.joinGroup(groupId, clientId, subscription);
        }
        int current = kafka.generation(groupId);
        Set<TopicPartition> target = kafka.assignment(groupId).getOrDefault(memberId, Set.of());
        if (current != generationView) {
            Set<TopicPartition> revoked = assignment;
            if (!revoked.isEmpty()) {
                calls.run(() -> listener.onPartitionsRevoked(revoked));
            }
            dropAssignment();
            generationView = current;
            lastJoined = new ConsumerGroupMetadata(groupId, current, memberId, Optional.empty());
            kafka.synced(groupId, memberId);
            assignment = sorted(kafka.takePartitions(groupId, memberId, target));
            Set<TopicPartition> assigned = assignment;
            calls.run(() -> listener.onPartitionsAssigned(assigned));
        } else if (!assignment.containsAll(target)) {
            // Partitions whose previous owner has revoked them since: take them now.
            Set<TopicPartition> missing = new HashSet<>(target);
            missing.removeAll(assignment);
            Set<TopicPartition> taken = kafka.takePartitions(groupId, memberId, missing);
            if (!taken.isEmpty()) {
                Set<TopicPartition> grown = new HashSet<>(assignment);
                grown.addAll(taken);
                assignment = sorted(grown);
                Set<TopicPartition> added = sorted(taken);
                calls.run(() -> listener.onPartitionsAssigned(added));
            }
        }
        return calls.firstError;
    }

    /**
     * Revokes the assignment through the listener (lost, if the driver expelled this member),
     * leaves the group and forgets the subscription and any manual assignment.
     *
     * @return the first listener exception, or null
     */
    KafkaException leave() {
        Callbacks calls = new Callbacks();
        Set<TopicPartition> owned = assignment;
        if (memberId != null) {
            boolean stillMember = isMember();
            if (!owned.isEmpty()) {
                calls.run(stillMember
                        ? () -> listener.onPartitionsRevoked(owned)
                        : () -> listener.onPartitionsLost(owned));
            }
            kafka.leaveGroup(groupId, memberId);
            memberId = null;
            generationView = -1;
        }
        dropAssignment();
        subscription = Set.of();
        manual = false;
        return calls.firstError;
    }

    /**
     * Partitions in topic and partition order, as Kafka's consumer hands them to the listener: so
     * the runtime sees the same order in every run (an immutable {@code Set.copyOf} iterates in an
     * order that changes from JVM to JVM).
     */
    private static Set<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        SortedSet<TopicPartition> sorted = new TreeSet<>(
                Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        sorted.addAll(partitions);
        return Collections.unmodifiableSortedSet(sorted);
    }

    private boolean isMember() {
        return memberId != null && kafka.members(groupId).contains(memberId);
    }

    private void dropAssignment() {
        positions.forget(assignment);
        assignment = Set.of();
    }

    /** Runs listener callbacks, keeping the first exception to throw once the rebalance is done. */
    private static final class Callbacks {
        private KafkaException firstError;

        void run(Runnable callback) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                if (firstError == null) {
                    firstError = e instanceof KafkaException k ? k
                            : new KafkaException("User rebalance callback throws an error", e);
                }
            }
        }
    }
}
