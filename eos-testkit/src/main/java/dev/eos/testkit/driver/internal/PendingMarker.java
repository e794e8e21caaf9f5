package dev.eos.testkit.driver.internal;

import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * The second phase of an ended transaction, not written yet: the control marker of one data
 * partition the transaction wrote to, or the marker that settles the offsets it sent to one
 * consumer group (in Kafka, a marker in that group's {@code __consumer_offsets} partition).
 *
 * <p>Until a partition's marker lands, the transaction's records there stay undecided and hold
 * that partition's last stable offset back; until a group's marker lands, the offsets stay
 * pending in the group (its committed offsets are unchanged and a stable offset fetch of those
 * partitions is refused).
 *
 * @param transactionalId the producer's transactional id
 * @param producerId      the producer id the records and offsets were written with
 * @param outcome         {@link TransactionState#COMMITTED} or {@link TransactionState#ABORTED}
 * @param partition       the data partition, or null for a group's marker
 * @param groupId         the consumer group, or null for a data partition's marker
 */
public record PendingMarker(String transactionalId, long producerId, TransactionState outcome,
                            TopicPartition partition, String groupId) {

    public PendingMarker {
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == TransactionState.OPEN) {
            throw new IllegalArgumentException("A marker ends a transaction committed or aborted, not OPEN");
        }
        if ((partition == null) == (groupId == null)) {
            throw new IllegalArgumentException("A marker is for one data partition or one group; got partition "
                    + partition + " and group " + groupId);
        }
    }

    static PendingMarker ofPartition(ProducerSession session, TransactionState outcome, TopicPartition partition) {
        return new PendingMarker(session.transactionalId(), session.producerId(), outcome, partition, null);
    }

    static PendingMarker ofGroup(ProducerSession session, TransactionState outcome, String groupId) {
        return new PendingMarker(session.transactionalId(), session.producerId(), outcome, null, groupId);
    }

    /** Whether this marker settles offsets of a group rather than records of a partition. */
    public boolean forGroup() {
        return groupId != null;
    }

    /** E.g. {@code COMMITTED marker of transactional.id=app-pod-0-0 in out-1}. */
    @Override
    public String toString() {
        return outcome + " marker of transactional.id=" + transactionalId + " in "
                + (forGroup() ? "the offsets of group " + groupId : partition.toString());
    }
}
