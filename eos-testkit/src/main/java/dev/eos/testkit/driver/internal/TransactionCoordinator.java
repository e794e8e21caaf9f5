package dev.eos.testkit.driver.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;

/**
 * Transactions by transactional id: epochs and fencing, the partitions and offsets of each open
 * transaction, and their commit or abort.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A transactional id has one current session; every call from an older one fails with
 *       {@link ProducerFencedException} and changes nothing.</li>
 *   <li>{@code initTransactions} aborts the transaction the previous session left open before
 *       the new session can write, so a zombie's records are never committed.</li>
 *   <li>Ending a transaction is atomic: all its records in all partitions, and all its pending
 *       offsets in all groups, take the outcome in one call; nothing can fail half-way.</li>
 *   <li>Offsets reach a group's committed offsets only through a committed transaction.</li>
 * </ul>
 */
final class TransactionCoordinator {

    private final Function<TopicPartition, PartitionLog> logs;
    private final Function<String, ConsumerGroup> groups;
    private final Map<String, ProducerSession> current = new HashMap<>();
    private long nextProducerId = 1000;

    /**
     * @param logs   the log of a partition; throws if it does not exist
     * @param groups the group with an id, created if needed
     */
    TransactionCoordinator(Function<TopicPartition, PartitionLog> logs, Function<String, ConsumerGroup> groups) {
        this.logs = logs;
        this.groups = groups;
    }

    /**
     * Opens the next epoch for {@code transactionalId}.
     * <ol>
     *   <li>If a previous session has an open transaction, abort it.</li>
     *   <li>Fence the previous session.</li>
     *   <li>Open a session with the same producer id (a new one the first time) and epoch + 1.</li>
     * </ol>
     */
    ProducerSession initTransactions(String transactionalId) {
        ProducerSession previous = current.get(transactionalId);
        long producerId;
        short epoch;
        if (previous == null) {
            producerId = nextProducerId++;
            epoch = 0;
        } else {
            // Step 1
            if (previous.inTransaction()) {
                end(previous, TransactionState.ABORTED);
            }
            // Step 2
            previous.transition(ProducerSession.State.FENCED);
            producerId = previous.producerId();
            epoch = (short) (previous.epoch() + 1);
        }
        // Step 3
        ProducerSession session = new ProducerSession(transactionalId, producerId, epoch);
        current.put(transactionalId, session);
        return session;
    }

    void begin(ProducerSession session) {
        requireCurrent(session);
        if (session.inTransaction()) {
            throw new IllegalStateException(session + ": a transaction is already open");
        }
        session.transition(ProducerSession.State.IN_TRANSACTION);
    }

    long append(ProducerSession session, TopicPartition partition, byte[] key, byte[] value,
                List<Header> headers, long timestamp) {
        requireOpenTransaction(session, "send");
        long offset = logs.apply(partition).appendTransactional(session.producerId(), key, value, headers, timestamp);
        session.written().add(partition);
        return offset;
    }

    /**
     * Adds consumed offsets to the open transaction; they reach the group only at commit.
     *
     * @throws org.apache.kafka.clients.consumer.CommitFailedException if the group metadata is
     *         stale (see {@link ConsumerGroup#validate}); the transaction stays open
     */
    void sendOffsets(ProducerSession session, Map<TopicPartition, OffsetAndMetadata> offsets,
                     ConsumerGroupMetadata groupMetadata) {
        requireOpenTransaction(session, "sendOffsetsToTransaction");
        groups.apply(groupMetadata.groupId()).validate(groupMetadata, offsets.keySet());
        session.pendingOffsets().computeIfAbsent(groupMetadata.groupId(), g -> new HashMap<>()).putAll(offsets);
    }

    /** Makes the transaction's records visible and applies its offsets, together. */
    void commit(ProducerSession session) {
        requireOpenTransaction(session, "commitTransaction");
        end(session, TransactionState.COMMITTED);
    }

    /** Marks the transaction's records aborted and drops its offsets. */
    void abort(ProducerSession session) {
        requireOpenTransaction(session, "abortTransaction");
        end(session, TransactionState.ABORTED);
    }

    /** The current session of a transactional id, if any. */
    ProducerSession currentSession(String transactionalId) {
        return current.get(transactionalId);
    }

    private void end(ProducerSession session, TransactionState outcome) {
        for (TopicPartition partition : session.written()) {
            logs.apply(partition).endTransaction(session.producerId(), outcome);
        }
        if (outcome == TransactionState.COMMITTED) {
            session.pendingOffsets().forEach((groupId, offsets) -> groups.apply(groupId).commit(offsets));
        }
        session.clearTransaction();
        session.transition(ProducerSession.State.READY);
    }

    private void requireOpenTransaction(ProducerSession session, String operation) {
        requireCurrent(session);
        if (!session.inTransaction()) {
            throw new IllegalStateException(session + ": " + operation + " needs an open transaction; "
                    + "call beginTransaction first");
        }
    }

    private void requireCurrent(ProducerSession session) {
        ProducerSession newest = current.get(session.transactionalId());
        if (newest != session) {
            throw new ProducerFencedException("Producer transactional.id=" + session.transactionalId()
                    + " epoch " + session.epoch() + " was fenced by epoch " + (newest == null ? "?" : newest.epoch())
                    + ": another producer with the same transactional.id called initTransactions");
        }
    }
}
