package dev.eos.testkit.driver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;

/**
 * A random but reproducible interleaving of input, processing steps, wall-clock moves,
 * crashes and in-step faults, for property-style exactly-once tests: the same seed always gives the same actions,
 * so a failing schedule is replayed by its seed alone.
 *
 * <p>Each action is one of {@link Kind}: send a batch of 1..{@value #MAX_BATCH} records, step
 * every thread once, advance the wall clock by 0..{@value #MAX_CLOCK_ADVANCE_MS} ms, crash
 * and restart the app between steps, start, stop or crash a second instance (so partitions and
 * their state move), or arm a {@link Fault} that strikes inside a later step
 * (one of {@link FaultKind}; only faults the runtime must recover from, never fatal ones).
 *
 * <p>Unless {@linkplain #withEdgeCases(boolean) turned off}, a schedule also reaches the edges
 * of the protocol: clean restarts, transaction markers held back for some rounds (the last stable
 * offset lagging behind commits while partitions move or the instance restarts) and delivered in
 * a seeded order, live members expelled between steps or mid-batch, stop requests mid-batch,
 * offset lookups that time out (inside rebalance callbacks too) and restores slower than
 * {@code max.poll.interval.ms}; crashed second instances leave their transactions to time out.
 * These edge actions are drawn from a second stream of the seed, in about
 * {@value ScheduleGenerator#EDGE_PERCENT}% of the slots; the other slots take the actions the
 * seed gave before edge actions existed, in the same order.
 *
 * <p>The schedule only drives; the caller sends the records (so it knows what
 * the pipeline should produce), runs {@link PipelineTestDriver#runUntilIdle()} afterwards and
 * verifies.
 *
 * <pre>{@code
 * FaultSchedule schedule = FaultSchedule.random(seed).withSteps(60);
 * List<String> sent = new ArrayList<>();
 * schedule.runOn(driver, count -> {
 *     for (int i = 0; i < count; i++) {
 *         String value = "event-" + sent.size();
 *         in.send("user-" + sent.size() % 7, value);
 *         sent.add(value);
 *     }
 * });
 * driver.runUntilIdle();
 * VerificationReport report = ExactlyOnceVerifier.verify(sent.size(), expected(sent), out.readKeyValues());
 * assertTrue(report.isExactlyOnce(), () -> schedule + ": " + report.describe());
 * }</pre>
 *
 * <p>Immutable and thread safe; {@link #toString()} names the seed and the step count, which
 * is all it takes to rebuild the schedule.
 */
public final class FaultSchedule {
    /** Actions in a schedule from {@link #random(long)} unless {@link #withSteps(int)} says otherwise. */
    public static final int DEFAULT_STEPS = 40;
    /** The largest batch a {@link Kind#SEND_BATCH} action sends. */
    public static final int MAX_BATCH = 8;
    /** The largest wall-clock move of an {@link Kind#ADVANCE_CLOCK} action, in milliseconds. */
    public static final int MAX_CLOCK_ADVANCE_MS = 200;
    /**
     * The largest record count of a {@link FaultKind#CRASH_AFTER_RECORDS_SENT} fault, and of the
     * other faults that strike after records sent.
     */
    public static final int MAX_CRASH_AFTER_RECORDS = 5;
    /** The most rounds a {@link Kind#HOLD_MARKERS} action holds the markers for. */
    public static final int MAX_HOLD_ROUNDS = 6;
    /** The most restore polls a {@link FaultKind#SLOW_RESTORE} fault makes slow. */
    public static final int MAX_SLOW_RESTORE_POLLS = 8;
    /**
     * How long each slow restore poll takes, in ms (each returns one record): four or more within
     * one poll of the group consumer pass {@code max.poll.interval.ms} (5 minutes by default), so
     * a runtime that restored inside the rebalance callback would get its member expelled.
     */
    public static final int SLOW_RESTORE_POLL_MS = 100_000;

    /** What an action does to the driver. */
    public enum Kind {
        /** The caller sends {@link Action#amount()} records. */
        SEND_BATCH,
        /** {@link PipelineTestDriver#stepOnce()}. */
        STEP,
        /** {@link PipelineTestDriver#advanceWallClock(Duration)} by {@link Action#amount()} ms. */
        ADVANCE_CLOCK,
        /** {@link PipelineTestDriver#crashAndRestart()}. */
        CRASH_AND_RESTART,
        /** {@link PipelineTestDriver#injectFault(Fault)} with {@link Action#toFault()}. */
        INJECT_FAULT,
        /**
         * Scale out or in: {@link PipelineTestDriver#startSecondInstance()} if no second instance
         * runs; otherwise {@link PipelineTestDriver#stopSecondInstance()} ({@link Action#amount()}
         * 0) or {@link PipelineTestDriver#crashSecondInstance()} (amount 1). Partitions, and the
         * tasks' state with them, move between the instances.
         */
        SECOND_INSTANCE,
        /** {@link PipelineTestDriver#restartCleanly()}: {@code EosApp.close()} and a new app. */
        RESTART_CLEANLY,
        /** {@link MarkerDelivery#hold(int)} for {@link Action#amount()} rounds (1..{@value #MAX_HOLD_ROUNDS}). */
        HOLD_MARKERS,
        /** {@link MarkerDelivery#deliverSome(long)} with {@link Action#amount()} as the seed. */
        DELIVER_SOME_MARKERS,
        /**
         * {@link PipelineTestDriver#expelFromGroup(int)} of the primary's thread
         * {@link Action#amount()} modulo its threads; nothing if that thread has no member now.
         */
        EXPEL_MEMBER
    }

    /**
     * Which {@link Fault} an {@link Kind#INJECT_FAULT} action arms. All are faults the runtime
     * must recover from with exactly-once intact; fatal ones (an authorization error) are never
     * drawn, since they stop the app by design.
     */
    public enum FaultKind {
        /** {@link Fault#crashAfterRecordsSent(int)} with {@link Action#amount()} records (1..{@value #MAX_CRASH_AFTER_RECORDS}). */
        CRASH_AFTER_RECORDS_SENT("crash-after-%d-sent"),
        /** {@link Fault#crashAfterSendBeforeCommit()}. */
        CRASH_AFTER_SEND_BEFORE_COMMIT("crash-before-commit"),
        /** {@link Fault#crashDuringCommit()}. */
        CRASH_DURING_COMMIT("crash-during-commit"),
        /** {@link Fault#failNextCommitWith} a {@code TimeoutException("injected")}: retriable. */
        COMMIT_TIMEOUT("commit-timeout"),
        /** {@link Fault#crashAfterCommitBeforeStoreWrite()}. */
        CRASH_AFTER_COMMIT_BEFORE_STORE_WRITE("crash-after-commit"),
        /** {@link Fault#commitTimesOutAfterCommitting()}: committed, but the client saw a timeout. */
        COMMIT_TIMEOUT_AFTER_COMMITTING("commit-timeout-after-commit"),
        /** {@link Fault#failNextCommitWith} a {@code TransactionAbortableException("injected")}. */
        COMMIT_ABORTABLE("commit-abortable"),
        /** {@link Fault#fenceProducer()}. */
        FENCE_PRODUCER("fence-producer"),
        /** {@link Fault#requestStopAfterRecordsSent(int)} with {@link Action#amount()} records. */
        STOP_AFTER_RECORDS_SENT("stop-after-%d-sent"),
        /** {@link Fault#timeoutNextOffsetLookup()}. */
        OFFSET_LOOKUP_TIMEOUT("offset-lookup-timeout"),
        /** {@link Fault#expelAfterRecordsSent(int)} with {@link Action#amount()} records. */
        EXPEL_AFTER_RECORDS_SENT("expel-after-%d-sent"),
        /** {@link Fault#slowRestore} of {@link Action#amount()} polls, each {@value #SLOW_RESTORE_POLL_MS} ms. */
        SLOW_RESTORE("slow-restore-%d-polls");

        private final String label;

        FaultKind(String label) {
            this.label = label;
        }

        /** Whether {@link Action#amount()} counts something for this fault (records, polls); else it is 0. */
        boolean takesAmount() {
            return label.contains("%d");
        }

        private Fault toFault(int amount) {
            return switch (this) {
                case CRASH_AFTER_RECORDS_SENT -> Fault.crashAfterRecordsSent(amount);
                case CRASH_AFTER_SEND_BEFORE_COMMIT -> Fault.crashAfterSendBeforeCommit();
                case CRASH_DURING_COMMIT -> Fault.crashDuringCommit();
                case CRASH_AFTER_COMMIT_BEFORE_STORE_WRITE -> Fault.crashAfterCommitBeforeStoreWrite();
                case COMMIT_TIMEOUT -> Fault.failNextCommitWith(new TimeoutException("injected"));
                case COMMIT_TIMEOUT_AFTER_COMMITTING -> Fault.commitTimesOutAfterCommitting();
                case COMMIT_ABORTABLE -> Fault.failNextCommitWith(new TransactionAbortableException("injected"));
                case FENCE_PRODUCER -> Fault.fenceProducer();
                case STOP_AFTER_RECORDS_SENT -> Fault.requestStopAfterRecordsSent(amount);
                case OFFSET_LOOKUP_TIMEOUT -> Fault.timeoutNextOffsetLookup();
                case EXPEL_AFTER_RECORDS_SENT -> Fault.expelAfterRecordsSent(amount);
                case SLOW_RESTORE -> Fault.slowRestore(Duration.ofMillis(SLOW_RESTORE_POLL_MS), amount);
            };
        }
    }

    /**
     * One action of a schedule.
     *
     * @param kind   what it does
     * @param amount records to send for {@link Kind#SEND_BATCH}, milliseconds for
     *               {@link Kind#ADVANCE_CLOCK}, rounds for {@link Kind#HOLD_MARKERS}, a seed for
     *               {@link Kind#DELIVER_SOME_MARKERS}, a thread for {@link Kind#EXPEL_MEMBER},
     *               records or polls for a fault that {@linkplain FaultKind#takesAmount takes
     *               one}, 0 otherwise
     * @param fault  the fault an {@link Kind#INJECT_FAULT} action arms; null for every other kind
     */
    public record Action(Kind kind, int amount, FaultKind fault) {
        public Action {
            Objects.requireNonNull(kind, "kind");
            if (amount < 0) {
                throw new IllegalArgumentException("An action's amount must not be negative, got " + amount);
            }
            if ((kind == Kind.INJECT_FAULT) != (fault != null)) {
                throw new IllegalArgumentException("An action names a fault if and only if it injects one; got "
                        + kind + " with fault " + fault);
            }
            if (fault != null && fault.takesAmount() && amount < 1) {
                throw new IllegalArgumentException("Fault " + fault + " needs an amount of at least 1, got " + amount);
            }
            if (fault != null && !fault.takesAmount() && amount != 0) {
                throw new IllegalArgumentException("Fault " + fault + " takes no amount, got " + amount);
            }
            if (kind == Kind.HOLD_MARKERS && amount < 1) {
                throw new IllegalArgumentException("Markers are held for at least 1 round, got " + amount);
            }
        }

        /** An action of any kind but {@link Kind#INJECT_FAULT}. */
        public Action(Kind kind, int amount) {
            this(kind, amount, null);
        }

        /** An {@link Kind#INJECT_FAULT} action arming {@code fault} ({@code amount} as for {@link FaultKind}). */
        public static Action inject(FaultKind fault, int amount) {
            return new Action(Kind.INJECT_FAULT, amount, Objects.requireNonNull(fault, "fault"));
        }

        /**
         * The fault this action arms, a fresh one each call.
         *
         * @throws IllegalStateException if the action is not an {@link Kind#INJECT_FAULT}
         */
        public Fault toFault() {
            if (fault == null) {
                throw new IllegalStateException("A " + kind + " action injects no fault");
            }
            return fault.toFault(amount);
        }

        /** Compact: {@code send 3}, {@code step}, {@code advance 120ms}, {@code crash}, {@code fault crash-during-commit}. */
        @Override
        public String toString() {
            return switch (kind) {
                case SEND_BATCH -> "send " + amount;
                case ADVANCE_CLOCK -> "advance " + amount + "ms";
                case STEP -> "step";
                case CRASH_AND_RESTART -> "crash";
                case SECOND_INSTANCE -> amount == 0 ? "second-instance" : "second-instance-or-crash-it";
                case INJECT_FAULT -> "fault " + fault.label.replace("%d", String.valueOf(amount));
                case RESTART_CLEANLY -> "restart-cleanly";
                case HOLD_MARKERS -> "hold-markers " + amount;
                case DELIVER_SOME_MARKERS -> "deliver-some-markers #" + amount;
                case EXPEL_MEMBER -> "expel " + amount;
            };
        }
    }

    private final long seed;
    private final int steps;
    private final boolean edgeCases;
    private final List<Action> actions;

    private FaultSchedule(long seed, int steps, boolean edgeCases) {
        this.seed = seed;
        this.steps = steps;
        this.edgeCases = edgeCases;
        this.actions = ScheduleGenerator.generate(seed, steps, edgeCases);
    }

    /** A schedule of {@value #DEFAULT_STEPS} actions drawn from {@code seed}, edge cases included. */
    public static FaultSchedule random(long seed) {
        return new FaultSchedule(seed, DEFAULT_STEPS, true);
    }

    /**
     * The schedule of the same seed with {@code steps} actions.
     *
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public FaultSchedule withSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("A schedule's steps must not be negative, got " + steps);
        }
        return new FaultSchedule(seed, steps, edgeCases);
    }

    /**
     * The schedule of the same seed with the edge actions ({@link Kind#RESTART_CLEANLY} and the
     * kinds after it, the faults from {@link FaultKind#STOP_AFTER_RECORDS_SENT} on) drawn or not;
     * without them a seed gives the actions it gave before they existed.
     */
    public FaultSchedule withEdgeCases(boolean drawn) {
        return new FaultSchedule(seed, steps, drawn);
    }

    /** The seed the actions were drawn from. */
    public long seed() {
        return seed;
    }

    /** The actions, in the order {@link #runOn} applies them. */
    public List<Action> actions() {
        return actions;
    }

    /** The records all {@link Kind#SEND_BATCH} actions together ask for. */
    public int recordsToSend() {
        return actions.stream().filter(a -> a.kind() == Kind.SEND_BATCH).mapToInt(Action::amount).sum();
    }

    /**
     * Applies the actions to {@code driver} in order; for a {@link Kind#SEND_BATCH} it calls
     * {@code sendRecords} with the batch size and leaves the sending to the caller. It neither
     * runs the driver until idle at the end nor closes it.
     *
     * <p>An {@link Kind#INJECT_FAULT} replaces a fault armed before that has not fired yet (as
     * {@link PipelineTestDriver#injectFault(Fault)} does; a {@link FaultKind#SLOW_RESTORE} is armed
     * alongside instead), so not every injected fault fires; the
     * last one may still be pending when this returns and fire in the caller's
     * {@link PipelineTestDriver#runUntilIdle()} (see {@link PipelineTestDriver#faultPending()}).
     *
     * @return how many injected faults fired while the actions were applied
     * @throws RuntimeException what a step threw, as {@link PipelineTestDriver#stepOnce()} does;
     *                          the remaining actions are then not applied
     */
    public int runOn(PipelineTestDriver driver, IntConsumer sendRecords) {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(sendRecords, "sendRecords");
        int fired = 0;
        for (Action action : actions) {
            boolean pendingBefore = driver.faultPending();
            switch (action.kind()) {
                case SEND_BATCH -> sendRecords.accept(action.amount());
                case STEP -> driver.stepOnce();
                case ADVANCE_CLOCK -> driver.advanceWallClock(Duration.ofMillis(action.amount()));
                case CRASH_AND_RESTART -> driver.crashAndRestart();
                case INJECT_FAULT -> driver.injectFault(action.toFault());
                case SECOND_INSTANCE -> {
                    if (!driver.secondInstanceRunning()) {
                        driver.startSecondInstance();
                    } else if (action.amount() == 0) {
                        driver.stopSecondInstance();
                    } else {
                        driver.crashSecondInstance();
                    }
                }
                case RESTART_CLEANLY -> driver.restartCleanly();
                case HOLD_MARKERS -> driver.transactionMarkers().hold(action.amount());
                case DELIVER_SOME_MARKERS -> driver.transactionMarkers().deliverSome(action.amount());
                case EXPEL_MEMBER -> driver.expelIfMember(action.amount());
            }
            if (pendingBefore && action.kind() != Kind.INJECT_FAULT && !driver.faultPending()) {
                fired++;
            }
        }
        return fired;
    }

    /** {@code FaultSchedule[seed=42, steps=40]}: enough to rebuild it. */
    @Override
    public String toString() {
        return "FaultSchedule[seed=" + seed + ", steps=" + steps + (edgeCases ? "" : ", without edge cases") + "]";
    }
}
