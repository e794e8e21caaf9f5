package dev.eos.testkit.driver;

import dev.eos.testkit.driver.internal.InMemoryKafka;
import dev.eos.testkit.driver.internal.PendingMarker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * When the markers of ended transactions land: the second phase of a transaction's end. Kafka
 * answers {@code commitTransaction()} once the outcome is logged and writes each partition's
 * marker, and the offsets' marker in the group, later. Until a partition's marker lands, the
 * transaction's records there stay invisible to read_committed readers and hold the partition's
 * last stable offset (LSO) back; until the group's lands, the committed offsets do not change
 * and a stable offset lookup of those partitions fails (UNSTABLE_OFFSET_COMMIT).
 *
 * <p>By default the driver lands them all at the end of every step round, after the coordinator
 * aborted the transactions that timed out, and after a clean stop or restart between rounds, so
 * a test that reads output after a step sees what the step committed. {@link #hold(int)} keeps
 * them pending for some rounds; meanwhile a test may land any of them, in any order. As in
 * Kafka, a producer's next transaction still waits for its previous one's markers
 * (CONCURRENT_TRANSACTIONS), so those land then.
 *
 * <pre>{@code
 * driver.transactionMarkers().hold(3);          // commits in the next 3 rounds stay pending
 * driver.stepOnce();                            // the thread commits: decided, not visible
 * driver.transactionMarkers().deliver(m -> m.contains("offsets of group"));  // offsets first
 * driver.startSecondInstance();                 // a task moves while the LSO lags
 * driver.runUntilIdle();                        // everything lands eventually
 * }</pre>
 */
public final class MarkerDelivery {
    private final InMemoryKafka kafka;
    /** Round ends still to pass without delivering. */
    private int heldRounds;

    MarkerDelivery(InMemoryKafka kafka) {
        this.kafka = kafka;
    }

    /**
     * Holds the pending markers, and those of transactions ending meanwhile, for the next
     * {@code rounds} step rounds: they land at the end of the last of them (or when delivered
     * here, or by their producer's next transaction). Offset lookups cannot make them land
     * meanwhile. Replaces a hold still running.
     *
     * @throws IllegalArgumentException if {@code rounds} is below 1
     */
    public void hold(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("Markers are held for at least 1 round, got " + rounds);
        }
        heldRounds = rounds;
        kafka.holdMarkers(true);
    }

    boolean holding() {
        return heldRounds > 0;
    }

    /** The end of a step round: transactions past their timeout are aborted, then the markers land unless held. */
    void endOfRound() {
        kafka.abortExpiredTransactions();
        if (heldRounds > 0) {
            heldRounds--;
            if (heldRounds > 0) {
                return;
            }
        }
        release();
    }

    /**
     * After a driver action between rounds that made the runtime commit (a clean stop or
     * restart): its markers land at once, as at a round end, unless held. A hold is not counted down.
     */
    void afterAction() {
        if (heldRounds == 0) {
            kafka.deliverAllMarkers();
        }
    }

    /** Ends any hold and lands every pending marker. */
    void release() {
        heldRounds = 0;
        kafka.holdMarkers(false);
        kafka.deliverAllMarkers();
    }

    /**
     * The markers not landed yet, described, in the order their transactions ended, e.g.
     * {@code COMMITTED marker of transactional.id=app-pod-0-0 in out-1} or
     * {@code ABORTED marker of transactional.id=app-pod-0-0 in the offsets of group app}.
     */
    public List<String> pending() {
        return kafka.pendingMarkers().stream().map(PendingMarker::toString).toList();
    }

    /** Lands every pending marker now; a hold goes on for its remaining rounds. */
    public List<String> deliverAll() {
        return deliver(description -> true);
    }

    /**
     * Lands the pending markers whose description (as in {@link #pending()}) {@code which}
     * accepts, in the order their transactions ended; a hold goes on for its remaining rounds.
     *
     * @return the descriptions of the markers landed, in the order they landed
     */
    public List<String> deliver(Predicate<String> which) {
        Objects.requireNonNull(which, "which");
        List<String> delivered = new ArrayList<>();
        for (PendingMarker marker : kafka.pendingMarkers()) {
            if (which.test(marker.toString())) {
                kafka.deliverMarker(marker);
                delivered.add(marker.toString());
            }
        }
        return delivered;
    }

    /**
     * Lands a subset of the pending markers, in an order, both drawn from {@code seed}: what a
     * coordinator writing markers partition by partition may have done by now.
     *
     * @return the descriptions of the markers landed, in the order they landed
     */
    public List<String> deliverSome(long seed) {
        Random random = new Random(seed);
        List<PendingMarker> pending = new ArrayList<>(kafka.pendingMarkers());
        Collections.shuffle(pending, random);
        int count = pending.isEmpty() ? 0 : random.nextInt(pending.size() + 1);
        List<String> delivered = new ArrayList<>();
        for (PendingMarker marker : pending.subList(0, count)) {
            kafka.deliverMarker(marker);
            delivered.add(marker.toString());
        }
        return delivered;
    }
}
