package dev.eos.testkit.driver.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions by transactional id: epochs and fencing, the partitions and offsets of each open
 * transaction, the two-phase end of each, and the abort of those that outlive their timeout.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A transactional id has one current session; every call from an older one, or from one
 *       whose transaction the coordinator aborted on timeout, fails with
 *       {@link ProducerFencedException} and changes nothing.</li>
 *   <li>Ending a transaction (commit, abort, or the coordinator's abort) decides its outcome at
 *       once and returns; one marker per partition written and one per group it sent offsets to
 *       become {@link TransactionMarkers pending}. The decision is atomic; the markers land
 *       later, each on its own.</li>
 *   <li>A session with markers pending may begin its next transaction, but its first partition
 *       or offsets added wait until they landed (CONCURRENT_TRANSACTIONS, retried by the
 *       client): so at most one ended transaction per producer id is still completing, and
 *       never while the next one writes.</li>
 *   <li>{@code initTransactions} lands the pending markers of the previous session, then aborts
 *       its open transaction and lands those markers too, before the new session can write, so
 *       a zombie's records are never committed and a restart sees its predecessor's outcome.</li>
 *   <li>A transaction whose start (its first partition or offsets) plus the producer's
 *       {@code transaction.timeout.ms} lies before the clock is aborted by the coordinator: the
 *       producer's epoch is bumped (the session is fenced) and the markers become pending. This
 *       is checked before every call here and whenever the driver asks.</li>
 *   <li>Offsets reach a group's committed offsets only through a committed transaction's marker.</li>
 * </ul>
 */
final class TransactionCoordinator {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);

    private final Function<TopicPartition, PartitionLog> logs;
    private final Function<String, ConsumerGroup> groups;
    private final TransactionMarkers markers;
    private final LongSupplier clock;
    private final Map<String, ProducerSession> current = new HashMap<>();
    /** The newest epoch of each transactional id: a timeout abort bumps it with no new session. */
    private final Map<String, Short> epochs = new HashMap<>();
    private long nextProducerId = 1000;

    /**
     * @param logs    the log of a partition; throws if it does not exist
     * @param groups  the group with an id, created if needed
     * @param markers where ended transactions' markers wait to land
     * @param clock   the time transaction timeouts are measured on, in ms
     */
    TransactionCoordinator(Function<TopicPartition, PartitionLog> logs, Function<String, ConsumerGroup> groups,
                           TransactionMarkers markers, LongSupplier clock) {
        this.logs = logs;
        this.groups = groups;
        this.markers = markers;
        this.clock = clock;
    }

    /**
     * Opens the next epoch for {@code transactionalId}.
     * <ol>
     *   <li>Land the markers the previous session's last transaction left pending.</li>
     *   <li>If the previous session has an open transaction, abort it and land its markers.</li>
     *   <li>Fence the previous session.</li>
     *   <li>Open a session with the same producer id (a new one the first time) and the next epoch.</li>
     * </ol>
     *
     * @param timeoutMs the producer's {@code transaction.timeout.ms}
     */
    ProducerSession initTransactions(String transactionalId, long timeoutMs) {
        abortExpired();
        ProducerSession previous = current.get(transactionalId);
        long producerId;
        if (previous == null) {
            producerId = nextProducerId++;
        } else {
            producerId = previous.producerId();
            // Step 1
            markers.deliverOf(producerId);
            // Step 2
            if (previous.inTransaction()) {
                end(previous, TransactionState.ABORTED);
                markers.deliverOf(producerId);
            }
            // Step 3
            if (!previous.fenced()) {
                previous.transition(ProducerSession.State.FENCED);
            }
        }
        // Step 4
        short epoch = epochs.containsKey(transactionalId) ? (short) (epochs.get(transactionalId) + 1) : 0;
        epochs.put(transactionalId, epoch);
        ProducerSession session = new ProducerSession(transactionalId, producerId, epoch, timeoutMs);
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
        PartitionLog log = logs.apply(partition);
        markers.deliverOf(session.producerId());
        long offset = log.appendTransactional(session.producerId(), key, value, headers, timestamp);
        session.written().add(partition);
        session.started(clock.getAsLong());
        return offset;
    }

    /**
     * Adds consumed offsets to the open transaction: pending in the group until its marker lands.
     *
     * @throws org.apache.kafka.clients.consumer.CommitFailedException if the group metadata is
     *         stale (see {@link ConsumerGroup#validate}); the transaction stays open
     */
    void sendOffsets(ProducerSession session, Map<TopicPartition, OffsetAndMetadata> offsets,
                     ConsumerGroupMetadata groupMetadata) {
        requireOpenTransaction(session, "sendOffsetsToTransaction");
        markers.deliverOf(session.producerId());
        session.started(clock.getAsLong());
        ConsumerGroup group = groups.apply(groupMetadata.groupId());
        group.validate(groupMetadata, offsets.keySet(), true);
        group.addPending(session.producerId(), offsets);
        session.offsetGroups().add(groupMetadata.groupId());
    }

    /** Decides the commit: the markers that make records visible and offsets committed are now pending. */
    void commit(ProducerSession session) {
        requireOpenTransaction(session, "commitTransaction");
        end(session, TransactionState.COMMITTED);
    }

    /** Decides the abort: the markers that drop records and offsets are now pending. */
    void abort(ProducerSession session) {
        requireOpenTransaction(session, "abortTransaction");
        end(session, TransactionState.ABORTED);
    }

    /** The current session of a transactional id, if any. */
    ProducerSession currentSession(String transactionalId) {
        return current.get(transactionalId);
    }

    /**
     * Aborts, as the coordinator's periodic check does, every open transaction that outlived
     * its {@code transaction.timeout.ms}: its producer's epoch is bumped (the session fenced) and
     * its markers become pending.
     */
    void abortExpired() {
        long now = clock.getAsLong();
        for (ProducerSession session : List.copyOf(current.values())) {
            if (!session.fenced() && session.expiresAtMs() < now) {
                log.debug("Transaction of {} started {} ms ago, past transaction.timeout.ms={}: aborting it and "
                        + "bumping the epoch", session, now - session.expiresAtMs() + session.timeoutMs(),
                        session.timeoutMs());
                end(session, TransactionState.ABORTED);
                session.transition(ProducerSession.State.FENCED);
                epochs.merge(session.transactionalId(), (short) 1, (a, b) -> (short) (a + b));
            }
        }
    }

    /** When the next open transaction times out (start + {@code transaction.timeout.ms}), if any. */
    OptionalLong earliestExpiry() {
        return current.values().stream().filter(s -> !s.fenced()).mapToLong(ProducerSession::expiresAtMs)
                .filter(t -> t != Long.MAX_VALUE).min();
    }

    private void end(ProducerSession session, TransactionState outcome) {
        for (TopicPartition partition : session.written()) {
            markers.add(PendingMarker.ofPartition(session, outcome, partition));
        }
        for (String groupId : session.offsetGroups()) {
            markers.add(PendingMarker.ofGroup(session, outcome, groupId));
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
        abortExpired();
        ProducerSession newest = current.get(session.transactionalId());
        if (newest != session) {
            throw new ProducerFencedException("Producer transactional.id=" + session.transactionalId()
                    + " epoch " + session.epoch() + " was fenced by epoch " + (newest == null ? "?" : newest.epoch())
                    + ": another producer with the same transactional.id called initTransactions");
        }
        if (session.fenced()) {
            throw new ProducerFencedException("Producer transactional.id=" + session.transactionalId()
                    + " epoch " + session.epoch() + " was fenced: the coordinator aborted its transaction after "
                    + "transaction.timeout.ms=" + session.timeoutMs() + " and bumped the epoch; "
                    + "commit more often than transaction.timeout.ms or raise it");
        }
    }
}
