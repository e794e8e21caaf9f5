package dev.eos.testkit.driver;

import dev.eos.testkit.driver.internal.FaultHooks;
import dev.eos.testkit.driver.internal.FaultHooks.Point;
import dev.eos.testkit.driver.internal.InjectedCrash;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
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
 * transaction. A stop request is {@code EosApp.close()} landing mid-batch: the driver then shuts
 * the instance down cleanly and starts it again. An expulsion removes the thread's member from
 * the group while the thread goes on, a zombie until its next poll.
 *
 * <p>{@link #slowRestore(Duration, int)} is a condition rather than a single strike: it is armed
 * alongside the one-shot fault and lasts for its number of polls.
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
    private final BiConsumer<FaultHooks, FaultTargets> arming;

    private Fault(String description, BiConsumer<FaultHooks, FaultTargets> arming) {
        this.description = description;
        this.arming = arming;
    }

    /** A fault that fires once, the {@code occurrence}-th time a client reaches {@code point}. */
    private Fault(String description, Point point, int occurrence, Function<FaultTargets, FaultHooks.Action> action) {
        this(description, (hooks, targets) -> hooks.arm(point, occurrence, action.apply(targets)));
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
        return new Fault(description, Point.AFTER_SEND, records, targets -> crash(description));
    }

    /**
     * Crashes the instance when a thread starts its next commit: after its output was sent,
     * before {@code sendOffsetsToTransaction}. The transaction holds output but no offsets.
     */
    public static Fault crashAfterSendBeforeCommit() {
        String description = "crash after send, before commit";
        return new Fault(description, Point.BEFORE_SEND_OFFSETS, 1, targets -> crash(description));
    }

    /**
     * Crashes the instance in the middle of its next commit: after {@code sendOffsetsToTransaction},
     * before {@code commitTransaction} completes. The transaction, holding output and offsets,
     * stays open until the restarted instance fences it.
     */
    public static Fault crashDuringCommit() {
        String description = "crash during commit";
        return new Fault(description, Point.BEFORE_COMMIT, 1, targets -> crash(description));
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
        return new Fault(description, Point.AFTER_COMMIT, 1, targets -> crash(description));
    }

    /**
     * Makes the next {@code commitTransaction} throw {@code error} without committing; the
     * transaction stays open, so the runtime may retry it. A retriable error such as
     * {@code new TimeoutException("injected")} should be retried; a fatal one such as
     * {@code new TransactionalIdAuthorizationException("injected")} should stop the thread.
     */
    public static Fault failNextCommitWith(KafkaException error) {
        Objects.requireNonNull(error, "error");
        return new Fault("fail next commit with " + error, Point.BEFORE_COMMIT, 1, targets -> transactionalId -> {
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
        return new Fault("commit, then time out the commit call", Point.AFTER_COMMIT, 1, targets -> transactionalId -> {
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
                targets -> transactionalId -> targets.kafka().initTransactions(transactionalId));
    }

    /**
     * Asks the primary instance to stop, as {@code EosApp.close()} does from another thread,
     * right after the {@code records}-th output record sent since the fault was injected: every
     * thread's {@code requestStop()} is called in the middle of the step, so the running thread
     * breaks out of its poll batch with records polled but not processed. When that step
     * returns, the driver shuts the instance down cleanly ({@code shutDown()} on each thread,
     * which commits in-flight work) and starts a new one with the same {@code instance.id}.
     * Exactly-once requires that the records left unprocessed are not committed as consumed.
     *
     * @throws IllegalArgumentException if {@code records} is below 1
     */
    public static Fault requestStopAfterRecordsSent(int records) {
        if (records < 1) {
            throw new IllegalArgumentException("requestStopAfterRecordsSent needs at least 1 record, got " + records);
        }
        return new Fault("request stop after " + records + " records sent", Point.AFTER_SEND, records,
                targets -> transactionalId -> targets.requestStopOfPrimary());
    }

    /**
     * Makes the next {@code committed()} or {@code position()} call of a processing thread's
     * consumer throw {@code TimeoutException}, as a lookup does that keeps getting
     * UNSTABLE_OFFSET_COMMIT (or finds no coordinator) until {@code default.api.timeout.ms}. The
     * runtime makes such lookups while it prepares new tasks (their stream time) and for the
     * offsets of a commit that carries only punctuator output; the fault makes a failure there
     * reachable.
     */
    public static Fault timeoutNextOffsetLookup() {
        return timeoutOffsetLookup(1);
    }

    /**
     * As {@link #timeoutNextOffsetLookup()}, for the {@code lookup}-th {@code committed()} or
     * {@code position()} call from now (counting every processing thread's), so that a failure can
     * strike after some partitions of an assignment were handled.
     *
     * @throws IllegalArgumentException if {@code lookup} is below 1
     */
    public static Fault timeoutOffsetLookup(int lookup) {
        if (lookup < 1) {
            throw new IllegalArgumentException("timeoutOffsetLookup counts lookups from 1, got " + lookup);
        }
        return new Fault("time out committed()/position() call " + lookup, Point.OFFSET_LOOKUP, lookup,
                targets -> client -> {
                    throw new TimeoutException("injected: the committed offset could not be determined within "
                            + "default.api.timeout.ms (" + client + ")");
                });
    }

    /**
     * Expels the sending thread's consumer from its group right after the {@code records}-th
     * output record sent since the fault was injected, as when it exceeded
     * {@code max.poll.interval.ms} or its session timed out, while the thread goes on with its
     * batch: a zombie. It still reports its old generation and member id, so its transactional
     * offset commit is refused (UNKNOWN_MEMBER_ID, a {@code CommitFailedException}); at its next
     * poll it learns that its partitions were lost and joins again. Other members take its
     * partitions at their next poll.
     *
     * @throws IllegalArgumentException if {@code records} is below 1
     */
    public static Fault expelAfterRecordsSent(int records) {
        if (records < 1) {
            throw new IllegalArgumentException("expelAfterRecordsSent needs at least 1 record, got " + records);
        }
        return new Fault("expel from the group after " + records + " records sent", Point.AFTER_SEND, records,
                targets -> targets::expelMemberOf);
    }

    /**
     * Makes restores slow: each of the next {@code polls} polls of a restore consumer (a consumer
     * of the primary instance with manually assigned partitions) first moves the driver clock
     * forward by {@code perPoll}, inside the step, and returns at most one record, as a slow fetch
     * would. A runtime that restores inside {@code onPartitionsAssigned} then exceeds
     * {@code max.poll.interval.ms} (5 minutes unless the consumer is configured otherwise) once
     * the restore takes longer, and its member is expelled on every assignment; with a store that
     * does not keep its restore progress, forever. Armed alongside any one-shot fault; a later
     * slow restore replaces this one.
     *
     * @throws IllegalArgumentException if {@code perPoll} is negative or {@code polls} is below 1
     */
    public static Fault slowRestore(Duration perPoll, int polls) {
        Objects.requireNonNull(perPoll, "perPoll");
        if (perPoll.isNegative() || polls < 1) {
            throw new IllegalArgumentException("slowRestore needs a duration of 0 or more and at least 1 poll, got "
                    + perPoll + " and " + polls);
        }
        return new Fault("slow restore: " + polls + " polls of " + perPoll.toMillis() + " ms",
                (hooks, targets) -> hooks.slowRestores(polls, () -> targets.advanceClock(perPoll)));
    }

    /** Arms this fault in the driver's clients; a one-shot fault replaces one armed before. */
    void armOn(FaultHooks hooks, FaultTargets targets) {
        arming.accept(hooks, targets);
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
