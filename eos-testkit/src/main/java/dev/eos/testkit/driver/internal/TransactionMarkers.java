package dev.eos.testkit.driver.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The markers of ended transactions that have not landed yet, in the order the transactions
 * ended, and whether the coordinator is holding them back.
 *
 * <p>Real Kafka answers {@code EndTxn} once PREPARE_COMMIT (or PREPARE_ABORT) is logged and
 * writes the markers afterwards, each partition on its own; this queue is that "afterwards".
 * Markers land in three ways:
 * <ul>
 *   <li>the driver delivers them between steps ({@link #deliver}, {@link #deliverAll}), in any
 *       order;</li>
 *   <li>the producer that ended the transaction goes on with its next one: Kafka answers its
 *       {@code AddPartitionsToTxn}/{@code AddOffsetsToTxn} (and a new epoch's
 *       {@code InitProducerId}) with CONCURRENT_TRANSACTIONS until the markers are written, and
 *       the client retries, so {@link #deliverOf} writes them first, held or not;</li>
 *   <li>a consumer's stable offset fetch would retry until a group's marker lands, which takes
 *       milliseconds unless the coordinator is held up: {@link #deliverGroupMarkers} writes
 *       them unless {@link #held()}.</li>
 * </ul>
 */
final class TransactionMarkers {

    private final List<PendingMarker> pending = new ArrayList<>();
    private final Consumer<PendingMarker> writer;
    private boolean held;

    /** @param writer lands one marker: ends the records of a partition, or settles a group's offsets */
    TransactionMarkers(Consumer<PendingMarker> writer) {
        this.writer = writer;
    }

    void add(PendingMarker marker) {
        pending.add(marker);
    }

    List<PendingMarker> pending() {
        return List.copyOf(pending);
    }

    /** Whether the coordinator is held up: lookups cannot make a group's marker land. */
    boolean held() {
        return held;
    }

    void hold(boolean hold) {
        this.held = hold;
    }

    /** @throws IllegalArgumentException if {@code marker} is not pending (landed already, or never existed) */
    void deliver(PendingMarker marker) {
        if (!pending.remove(marker)) {
            throw new IllegalArgumentException(marker + " is not pending; pending are " + pending);
        }
        writer.accept(marker);
    }

    void deliverAll() {
        for (PendingMarker marker : List.copyOf(pending)) {
            deliver(marker);
        }
    }

    /** Lands every marker of {@code producerId}'s ended transaction (CONCURRENT_TRANSACTIONS, retried). */
    void deliverOf(long producerId) {
        for (PendingMarker marker : List.copyOf(pending)) {
            if (marker.producerId() == producerId) {
                deliver(marker);
            }
        }
    }

    /** Lands the markers of {@code groupId} for the given producers' ended transactions, unless held. */
    void deliverGroupMarkers(String groupId, Set<Long> producerIds) {
        if (held) {
            return;
        }
        for (PendingMarker marker : List.copyOf(pending)) {
            if (groupId.equals(marker.groupId()) && producerIds.contains(marker.producerId())) {
                deliver(marker);
            }
        }
    }

    /** A topic was deleted: its markers can never land. */
    void dropTopic(String topic) {
        pending.removeIf(m -> m.partition() != null && m.partition().topic().equals(topic));
    }
}
