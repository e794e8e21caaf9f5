package dev.eos.testkit.driver;

import dev.eos.testkit.driver.internal.FaultHooks;
import dev.eos.testkit.driver.internal.FaultHooks.Point;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import dev.eos.testkit.driver.internal.InjectedCrash;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * A fault that strikes inside a processing step, at a point of the commit protocol that
 * {@link PipelineTestDriver#crashAndRestart()} (which acts between steps) cannot reach. Arm one
 * with {@link PipelineTestDriver#injectFault(Fault)}; it fires once, in whichever processing
 * thread first reaches its point, then is spent.
 *
 * <p>A crash kills the whole instance where it strikes: the step is cut short with no
 * clean-up (no abort, no close), and the driver starts a new instance with the same
 * {@code instance.id}, exactly as {@code crashAndRestart()} does. A client error is thrown to
 * the runtime by the in-memory client, which then handles it as it would a real one. Fencing is
 * real: another producer registers the same transactional id, which aborts the open
 * transaction.
 *
 * <pre>{@code
 * in.send("k", "hello");
 * driver.injectFault(Fault.crashDuringCommit());
 * driver.runUntilIdle();      // crashes with the offsets in the transaction, restarts, reprocesses
 * assertThat(out).containsExactlyOnce(KeyValue.of("k", "HELLO"));
 * }</pre>
 *
 * <p>Immutable; one {@code Fault} may be injected any number of times.
 */
public final class Fault {
    private final String description;
    private final Point point;
    private final int occurrence;
    private final Function<InMemoryKafka, FaultHooks.Action> action;

    private Fault(String description, Point point, int occurrence, Function<InMemoryKafka, FaultHooks.Action> action) {
        this.description = description;
        this.point = point;
        this.occurrence = occurrence;
        this.action = action;
    }

    /**
     * Crashes the instance right after the {@code records}-th output record sent since the fault
     * was injected reached the open transaction (counting every thread's sends). For a pipeline
     * that outputs one record per input record, that is after {@code records} records were
     * processed; the transaction holding them is left open.
     *
     * @throws IllegalArgumentException if {@code records} is below 1
     */
    public static Fault crashAfterRecordsSent(int records) {
        if (records < 1) {
            throw new IllegalArgumentException("crashAfterRecordsSent needs at least 1 record, got " + records);
        }
        String description = "crash after " + records + " records sent";
        return new Fault(description, Point.AFTER_SEND, records, kafka -> crash(description));
    }

    /**
     * Crashes the instance when a thread starts its next commit: after its output was sent,
     * before {@code sendOffsetsToTransaction}. The transaction holds output but no offsets.
     */
    public static Fault crashAfterSendBeforeCommit() {
        String description = "crash after send, before commit";
        return new Fault(description, Point.BEFORE_SEND_OFFSETS, 1, kafka -> crash(description));
    }

    /**
     * Crashes the instance in the middle of its next commit: after {@code sendOffsetsToTransaction},
     * before {@code commitTransaction} completes. The transaction, holding output and offsets,
     * stays open until the restarted instance fences it.
     */
    public static Fault crashDuringCommit() {
        String description = "crash during commit";
        return new Fault(description, Point.BEFORE_COMMIT, 1, kafka -> crash(description));
    }

    /**
     * Crashes the instance right after its next {@code commitTransaction} succeeded at the
     * coordinator, before the thread makes its stores' pending writes durable locally (DESIGN
     * step 3). The transaction's output, offsets and changelog records are committed; the local
     * stores are not. The restarted instance must restore exactly that changelog tail: a store
     * that kept only its local state would lose those writes, one that replayed the input would
     * count them twice.
     */
    public static Fault crashAfterCommitBeforeStoreWrite() {
        String description = "crash after commit, before the local store write";
        return new Fault(description, Point.AFTER_COMMIT, 1, kafka -> crash(description));
    }

    /**
     * Makes the next {@code commitTransaction} throw {@code error} without committing; the
     * transaction stays open, so the runtime may retry it. A retriable error such as
     * {@code new TimeoutException("injected")} should be retried; a fatal one such as
     * {@code new TransactionalIdAuthorizationException("injected")} should stop the thread.
     */
    public static Fault failNextCommitWith(KafkaException error) {
        Objects.requireNonNull(error, "error");
        return new Fault("fail next commit with " + error, Point.BEFORE_COMMIT, 1, kafka -> transactionalId -> {
            throw error;
        });
    }

    /**
     * Makes the next {@code commitTransaction} commit at the coordinator (output visible, offsets
     * applied) and then throw {@code TimeoutException("injected")}, as when the response is lost:
     * the client does not know the outcome. As with a {@code KafkaProducer}, a retried
     * {@code commitTransaction} then returns at once, and an abort, a send or a new transaction
     * before that retry throws {@link IllegalStateException}. A runtime that retries is unaffected;
     * one that takes the timeout for a failure and replays the input commits it twice.
     */
    public static Fault commitTimesOutAfterCommitting() {
        return new Fault("commit, then time out the commit call", Point.AFTER_COMMIT, 1, kafka -> transactionalId -> {
            throw new TimeoutException("injected: the commit completed, its response was lost");
        });
    }

    /**
     * Fences the producer of the next thread that commits: just before its
     * {@code commitTransaction}, another producer calls {@code initTransactions} with the same
     * transactional id, which aborts the open transaction; the commit then throws
     * {@code ProducerFencedException}, and the runtime must recover as a fenced zombie.
     */
    public static Fault fenceProducer() {
        return new Fault("fence the producer before its commit", Point.BEFORE_COMMIT, 1,
                kafka -> kafka::initTransactions);
    }

    /** Arms this fault in the driver's clients; replaces a fault armed before. */
    void armOn(FaultHooks hooks, InMemoryKafka kafka) {
        hooks.arm(point, occurrence, action.apply(kafka));
    }

    private static FaultHooks.Action crash(String description) {
        return transactionalId -> {
            throw new InjectedCrash("(" + description + ") in transactional.id=" + transactionalId);
        };
    }

    /** What the fault does and where, e.g. {@code Fault[crash during commit]}. */
    @Override
    public String toString() {
        return "Fault[" + description + "]";
    }
}
