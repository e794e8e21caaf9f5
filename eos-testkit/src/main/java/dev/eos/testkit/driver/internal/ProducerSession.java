package dev.eos.testkit.driver.internal;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One epoch of a transactional producer, as {@code initTransactions} creates it: the handle a
 * producer passes on every transactional call, and the state of its transaction.
 *
 * <p>The producer id stays the same for a transactional id across epochs; each
 * {@code initTransactions} opens a new session with the next epoch and {@link State#FENCED
 * fences} the previous one for good, and so does the coordinator when it aborts the session's
 * transaction after {@code transaction.timeout.ms}. A transaction starts, for that timeout,
 * when it first adds a partition or offsets, as in Kafka; ending it makes the session
 * {@link State#READY} at once, while its markers are still pending.
 */
public final class ProducerSession {
    private static final Logger log = LoggerFactory.getLogger(ProducerSession.class);

    /** The session's state; changed only through {@link #transition}. */
    enum State {
        /** No transaction open. */
        READY,
        /** A transaction is open: records and offsets may be added to it. */
        IN_TRANSACTION,
        /** A newer epoch took over the transactional id, or its transaction timed out; nothing is allowed any more. */
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
    private final long timeoutMs;
    private State state = State.READY;
    private final Set<TopicPartition> written = new LinkedHashSet<>();
    private final Set<String> offsetGroups = new LinkedHashSet<>();
    /** When the open transaction first added a partition or offsets; -1 before that. */
    private long startedMs = -1;

    /** @param timeoutMs the producer's {@code transaction.timeout.ms} */
    ProducerSession(String transactionalId, long producerId, short epoch, long timeoutMs) {
        this.transactionalId = transactionalId;
        this.producerId = producerId;
        this.epoch = epoch;
        this.timeoutMs = timeoutMs;
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

    /** Groups the open transaction sent offsets to, in the order first sent. */
    Set<String> offsetGroups() {
        return offsetGroups;
    }

    /** The open transaction added a partition or offsets at {@code nowMs}: its timeout runs from the first. */
    void started(long nowMs) {
        if (startedMs < 0) {
            startedMs = nowMs;
        }
    }

    /**
     * When the coordinator aborts the open transaction: its start plus {@code transaction.timeout.ms};
     * {@link Long#MAX_VALUE} while no transaction has started.
     */
    long expiresAtMs() {
        return inTransaction() && startedMs >= 0 ? startedMs + timeoutMs : Long.MAX_VALUE;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    void clearTransaction() {
        written.clear();
        offsetGroups.clear();
        startedMs = -1;
    }

    @Override
    public String toString() {
        return "ProducerSession[transactional.id=" + transactionalId + ", producerId=" + producerId
                + ", epoch=" + epoch + ", " + state + "]";
    }
}
