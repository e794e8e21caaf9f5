package dev.eos.testkit.driver.internal;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One epoch of a transactional producer, as {@code initTransactions} creates it: the handle a
 * producer passes on every transactional call, and the state of its transaction.
 *
 * <p>The producer id stays the same for a transactional id across epochs; each
 * {@code initTransactions} opens a new session with the next epoch and {@link State#FENCED
 * fences} the previous one for good.
 */
public final class ProducerSession {
    private static final Logger log = LoggerFactory.getLogger(ProducerSession.class);

    /** The session's state; changed only through {@link #transition}. */
    enum State {
        /** No transaction open. */
        READY,
        /** A transaction is open: records and offsets may be added to it. */
        IN_TRANSACTION,
        /** A newer epoch took over the transactional id; nothing is allowed any more. */
        FENCED;

        private Set<State> next() {
            return switch (this) {
                case READY -> EnumSet.of(IN_TRANSACTION, FENCED);
                case IN_TRANSACTION -> EnumSet.of(READY, FENCED);
                case FENCED -> EnumSet.noneOf(State.class);
            };
        }
    }

    private final String transactionalId;
    private final long producerId;
    private final short epoch;
    private State state = State.READY;
    private final Set<TopicPartition> written = new LinkedHashSet<>();
    private final Map<String, Map<TopicPartition, OffsetAndMetadata>> pendingOffsets = new HashMap<>();

    ProducerSession(String transactionalId, long producerId, short epoch) {
        this.transactionalId = transactionalId;
        this.producerId = producerId;
        this.epoch = epoch;
    }

    public String transactionalId() {
        return transactionalId;
    }

    public long producerId() {
        return producerId;
    }

    public short epoch() {
        return epoch;
    }

    public boolean inTransaction() {
        return state == State.IN_TRANSACTION;
    }

    public boolean fenced() {
        return state == State.FENCED;
    }

    State state() {
        return state;
    }

    void transition(State to) {
        if (!state.next().contains(to)) {
            throw new IllegalStateException("Producer transactional.id=" + transactionalId + " epoch " + epoch
                    + " cannot go from " + state + " to " + to);
        }
        log.debug("Producer transactional.id={} epoch {}: {} -> {}", transactionalId, epoch, state, to);
        state = to;
    }

    /** Partitions written in the open transaction, in the order first written. */
    Set<TopicPartition> written() {
        return written;
    }

    /** Offsets added to the open transaction: group id to offsets, applied at commit. */
    Map<String, Map<TopicPartition, OffsetAndMetadata>> pendingOffsets() {
        return pendingOffsets;
    }

    void clearTransaction() {
        written.clear();
        pendingOffsets.clear();
    }

    @Override
    public String toString() {
        return "ProducerSession[transactional.id=" + transactionalId + ", producerId=" + producerId
                + ", epoch=" + epoch + ", " + state + "]";
    }
}
